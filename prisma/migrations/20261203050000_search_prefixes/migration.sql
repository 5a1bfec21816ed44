-- Broad searches without reading what they match.
--
-- 1. "SearchPrefix": for every prefix (1 to 24 characters) of every word of the catalogue's
--    search vectors, the number of skills holding a word that starts with it, kept exact by
--    statement-level triggers on "Skill" (like "SearchWord" and "SkillCount"). A search is a
--    prefix match on words ("pixel" finds "pixels"), so the total of a one-word search is one
--    row here, where counting its matches reads every one of them (60,000 rows of a 150,000-skill
--    catalogue for a common word: ~200 ms).
-- 2. Name and display-name prefix indexes (lowercased, collation "C") that carry the columns the
--    relevance order and the counted filters read: the skills a query's text starts (relevance 3
--    and 4) are found by index-only scans, and the rest of a relevance page walks the trending
--    index, so a page of a broad search reads a few dozen rows.

-- On a live catalogue the backfill below takes about 40 s at 150,000 skills, and writes to "Skill"
-- wait for it (publishes meanwhile keep their outbox entry and are drained later; reads go on).
-- Waiting longer than 10 s for the table's lock behind an open transaction fails the migration
-- instead of stalling every writer queued behind it (run it again).
SET LOCAL lock_timeout = '10s';

-- CreateTable
CREATE TABLE "SearchPrefix" (
    "prefix" TEXT COLLATE "C" NOT NULL,
    "skills" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SearchPrefix_pkey" PRIMARY KEY ("prefix")
);

-- The distinct prefixes of one vector's words.
CREATE FUNCTION search_prefixes(v tsvector) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT left(w, k) FROM unnest(tsvector_to_array(v)) w, generate_series(1, least(length(w), 24)) k
$$;

-- As for "SearchWord": rows whose count drops to 0 stay, and each statement upserts its rows in
-- prefix order, so two single statements lock them in the same order. Transactions of several
-- writes to "Skill" (and INSERT … ON CONFLICT, whose UPDATE triggers fire before its INSERT
-- triggers) lock in more than one pass and can deadlock with each other; the writers that batch
-- (drain, rebuild backfill) retry such a batch row by row. Every new skill touches the rows of
-- the commonest prefixes ("a", "t", …), so writers that add skills queue on them until commit,
-- as they already do on "SearchWord" rows such as "the".
CREATE FUNCTION search_prefix_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- Only rows whose vector changed: score and star updates cost nothing here.
        WITH changed AS (
            SELECT o."searchVector" AS before, n."searchVector" AS after
            FROM old_rows o JOIN new_rows n USING ("id")
            WHERE o."searchVector" IS DISTINCT FROM n."searchVector"
        ), delta AS (
            SELECT p, -1 AS n FROM changed, search_prefixes(before) p
            UNION ALL
            SELECT p, 1 FROM changed, search_prefixes(after) p
        )
        INSERT INTO "SearchPrefix" ("prefix", "skills")
        SELECT p, sum(n)::int FROM delta GROUP BY p HAVING sum(n) <> 0 ORDER BY p
        ON CONFLICT ("prefix") DO UPDATE SET "skills" = "SearchPrefix"."skills" + EXCLUDED."skills";
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "SearchPrefix" ("prefix", "skills")
        SELECT p, -count(*)::int FROM old_rows, search_prefixes("searchVector") p GROUP BY p ORDER BY p
        ON CONFLICT ("prefix") DO UPDATE SET "skills" = "SearchPrefix"."skills" + EXCLUDED."skills";
    ELSE
        INSERT INTO "SearchPrefix" ("prefix", "skills")
        SELECT p, count(*)::int FROM new_rows, search_prefixes("searchVector") p GROUP BY p ORDER BY p
        ON CONFLICT ("prefix") DO UPDATE SET "skills" = "SearchPrefix"."skills" + EXCLUDED."skills";
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION search_prefix_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "SearchPrefix";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Skill_search_prefix_insert" AFTER INSERT ON "Skill"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_prefix_apply();

CREATE TRIGGER "Skill_search_prefix_update" AFTER UPDATE ON "Skill"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_prefix_apply();

CREATE TRIGGER "Skill_search_prefix_delete" AFTER DELETE ON "Skill"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_prefix_apply();

CREATE TRIGGER "Skill_search_prefix_truncate" AFTER TRUNCATE ON "Skill"
    FOR EACH STATEMENT EXECUTE FUNCTION search_prefix_truncate();

-- Backfill
INSERT INTO "SearchPrefix" ("prefix", "skills")
SELECT p, count(*)::int FROM "Skill", search_prefixes("searchVector") p GROUP BY p;

-- CreateIndex
CREATE INDEX "Skill_name_lower_idx" ON "Skill" ((lower("name") COLLATE "C"))
    INCLUDE ("name", "trendingScore7d", "category", "certTier", "extensible");

-- CreateIndex
CREATE INDEX "Skill_displayName_lower_idx" ON "Skill" ((lower("displayName") COLLATE "C"))
    INCLUDE ("displayName", "name", "trendingScore7d", "category", "certTier", "extensible");
