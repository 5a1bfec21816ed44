-- Exact listing totals without scanning "Skill": per-(category, certTier, extensible) counts kept
-- in step by triggers, in the same transaction as every insert, update, delete and truncate.

-- CreateTable
CREATE TABLE "SkillCount" (
    "category" TEXT NOT NULL,
    "certTier" "CertTier" NOT NULL,
    "extensible" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SkillCount_pkey" PRIMARY KEY ("category","certTier","extensible")
);

-- CreateIndex
CREATE INDEX "Skill_author_trgm_idx" ON "Skill" USING GIN ("author" gin_trgm_ops);

-- Statement-level triggers with transition tables: one grouped upsert per statement, so bulk
-- loads (rebuild-index backfills) stay fast and counts stay exact.
CREATE FUNCTION skill_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO "SkillCount" ("category", "certTier", "extensible", "count")
        SELECT "category", "certTier", "extensible", -count(*)::int FROM old_rows GROUP BY 1, 2, 3
        ON CONFLICT ("category", "certTier", "extensible") DO UPDATE SET "count" = "SkillCount"."count" + EXCLUDED."count";
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO "SkillCount" ("category", "certTier", "extensible", "count")
        SELECT "category", "certTier", "extensible", count(*)::int FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT ("category", "certTier", "extensible") DO UPDATE SET "count" = "SkillCount"."count" + EXCLUDED."count";
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION skill_count_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "SkillCount";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Skill_count_insert" AFTER INSERT ON "Skill"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_count_apply();

CREATE TRIGGER "Skill_count_update" AFTER UPDATE ON "Skill"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_count_apply();

CREATE TRIGGER "Skill_count_delete" AFTER DELETE ON "Skill"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_count_apply();

CREATE TRIGGER "Skill_count_truncate" AFTER TRUNCATE ON "Skill"
    FOR EACH STATEMENT EXECUTE FUNCTION skill_count_truncate();

-- Backfill
INSERT INTO "SkillCount" ("category", "certTier", "extensible", "count")
SELECT "category", "certTier", "extensible", count(*)::int FROM "Skill" GROUP BY 1, 2, 3;
