-- The search vocabulary: every word of the catalogue's search vectors with the number of skills
-- that hold it, kept exact by statement-level triggers on "Skill" (like "SkillCount"). A search
-- that matches nothing looks its misspelt words up here by trigram similarity ("did you mean"),
-- which stays fast at any catalogue size: the vocabulary is small and its words are short.

-- CreateTable
CREATE TABLE "SearchWord" (
    "word" TEXT COLLATE "C" NOT NULL,
    "skills" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SearchWord_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "SearchWord_word_trgm_idx" ON "SearchWord" USING GIN ("word" gin_trgm_ops);

-- Words whose count drops to 0 stay as rows with 0 (lookups ask for "skills" > 0): no deletes,
-- so concurrent publishes never race over a word's row. Rows are upserted in word order, so
-- concurrent writers (a bulk backfill beside single publishes) lock them in the same order and
-- cannot deadlock.
CREATE FUNCTION search_word_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- Only rows whose vector changed: score and star updates cost nothing here.
        WITH changed AS (
            SELECT o."searchVector" AS before, n."searchVector" AS after
            FROM old_rows o JOIN new_rows n USING ("id")
            WHERE o."searchVector" IS DISTINCT FROM n."searchVector"
        ), delta AS (
            SELECT w, -1 AS n FROM changed, unnest(tsvector_to_array(before)) w
            UNION ALL
            SELECT w, 1 FROM changed, unnest(tsvector_to_array(after)) w
        )
        INSERT INTO "SearchWord" ("word", "skills")
        SELECT w, sum(n)::int FROM delta GROUP BY w HAVING sum(n) <> 0 ORDER BY w
        ON CONFLICT ("word") DO UPDATE SET "skills" = "SearchWord"."skills" + EXCLUDED."skills";
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "SearchWord" ("word", "skills")
        SELECT w, -count(*)::int FROM old_rows, unnest(tsvector_to_array("searchVector")) w GROUP BY w ORDER BY w
        ON CONFLICT ("word") DO UPDATE SET "skills" = "SearchWord"."skills" + EXCLUDED."skills";
    ELSE
        INSERT INTO "SearchWord" ("word", "skills")
        SELECT w, count(*)::int FROM new_rows, unnest(tsvector_to_array("searchVector")) w GROUP BY w ORDER BY w
        ON CONFLICT ("word") DO UPDATE SET "skills" = "SearchWord"."skills" + EXCLUDED."skills";
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION search_word_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "SearchWord";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Skill_search_word_insert" AFTER INSERT ON "Skill"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_word_apply();

CREATE TRIGGER "Skill_search_word_update" AFTER UPDATE ON "Skill"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_word_apply();

CREATE TRIGGER "Skill_search_word_delete" AFTER DELETE ON "Skill"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_word_apply();

CREATE TRIGGER "Skill_search_word_truncate" AFTER TRUNCATE ON "Skill"
    FOR EACH STATEMENT EXECUTE FUNCTION search_word_truncate();

-- Backfill
INSERT INTO "SearchWord" ("word", "skills")
SELECT w, count(*)::int FROM "Skill", unnest(tsvector_to_array("searchVector")) w GROUP BY w;

-- The same ordering for the per-filter counts (migration 20261129020000_counts), for the same reason.
CREATE OR REPLACE FUNCTION skill_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO "SkillCount" ("category", "certTier", "extensible", "count")
        SELECT "category", "certTier", "extensible", -count(*)::int FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT ("category", "certTier", "extensible") DO UPDATE SET "count" = "SkillCount"."count" + EXCLUDED."count";
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO "SkillCount" ("category", "certTier", "extensible", "count")
        SELECT "category", "certTier", "extensible", count(*)::int FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT ("category", "certTier", "extensible") DO UPDATE SET "count" = "SkillCount"."count" + EXCLUDED."count";
    END IF;
    RETURN NULL;
END;
$$;
