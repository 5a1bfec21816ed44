-- Search words: the stored vector now splits on ASCII punctuation before the text-search parser
-- sees the text, so "next.js", "c++" and "ledger-canvas-1a" give the same words in Postgres as in
-- the app (runs of letters and digits). With that, every name or display-name prefix match of a
-- query is also a word-prefix match, and a search is served by the GIN index alone.
DROP INDEX IF EXISTS "Skill_searchVector_idx";
ALTER TABLE "Skill" DROP COLUMN "searchVector";

-- AlterTable
ALTER TABLE "Skill" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, regexp_replace(
        coalesce("name", '') || ' ' || coalesce("displayName", '') || ' ' ||
        coalesce("description", '') || ' ' || coalesce("author", ''),
        '[!-/:-@\[-`{-~]+', ' ', 'g'))
) STORED;

-- CreateIndex
CREATE INDEX "Skill_searchVector_idx" ON "Skill" USING GIN ("searchVector");
