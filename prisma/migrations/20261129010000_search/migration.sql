-- Search: a stored full-text vector with a GIN index, and a trigram index (pg_trgm) for prefix and
-- typo-tolerant matching on displayName. Name prefixes use the btree on name (collation "C" makes
-- LIKE 'prefix%' indexable). No trigram index on name: pg_trgm 1.6 also serves `=` from it and the
-- planner then prefers it, badly, for `name = ANY(…)`. Sort indexes for every listing order.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Slugs are ASCII; collation "C" makes ORDER BY name agree with JavaScript's string order, so
-- database rows and seed skills merge into one consistent order.
ALTER TABLE "Skill" ALTER COLUMN "name" TYPE TEXT COLLATE "C";

-- AlterTable
ALTER TABLE "Skill" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig,
        coalesce("name", '') || ' ' || coalesce("displayName", '') || ' ' ||
        coalesce("description", '') || ' ' || coalesce("author", ''))
) STORED;

-- CreateIndex
CREATE INDEX "Skill_createdAt_name_idx" ON "Skill"("createdAt" DESC, "name");

-- CreateIndex
CREATE INDEX "Skill_certScore_name_idx" ON "Skill"("certScore" DESC, "name");

-- CreateIndex
CREATE INDEX "Skill_githubStars_name_idx" ON "Skill"("githubStars" DESC, "name");

-- CreateIndex
CREATE INDEX "Skill_searchVector_idx" ON "Skill" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Skill_displayName_trgm_idx" ON "Skill" USING GIN ("displayName" gin_trgm_ops);
