-- Each published version of a skill keeps its SKILL.md: the text, its SHA-256, the path and
-- commit it came from, its scan (score, verdict, findings) and when it was published. A rejected
-- update is kept too (state 'rejected', no version number) with its findings, for the author and
-- admins; the public version routes never serve it. `checkedAt` moves when the same content is
-- fetched again (nothing else is written then).
CREATE TABLE "SkillVersion" (
    "id" TEXT NOT NULL,
    "skill" TEXT COLLATE "C" NOT NULL,
    "version" TEXT,
    "state" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "commitSha" TEXT,
    "content" TEXT NOT NULL,
    "scanScore" INTEGER NOT NULL,
    "scanVerdict" TEXT NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "rulesVersion" TEXT,
    "reason" TEXT,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SkillVersion_pkey" PRIMARY KEY ("id")
);

-- One row per published number (rejected rows have none: NULLs never collide).
CREATE UNIQUE INDEX "SkillVersion_skill_version_key" ON "SkillVersion"("skill", "version");
CREATE INDEX "SkillVersion_skill_publishedAt_idx" ON "SkillVersion"("skill", "publishedAt" DESC);
