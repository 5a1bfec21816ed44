-- GitHub stars, refreshed: one row per repo the catalogue has skills from, claimed by the hourly
-- cron oldest "checkedAt" first in bounded batches, and one sample per reading. A community
-- skill's trendingScore7d / 30d is its repo's star growth over those windows, read off the
-- samples (kept 35 days).
CREATE TABLE "RepoStars" (
    "repoUrl" TEXT NOT NULL,
    "stars" INTEGER,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RepoStars_pkey" PRIMARY KEY ("repoUrl")
);
CREATE INDEX "RepoStars_checkedAt_idx" ON "RepoStars"("checkedAt");

CREATE TABLE "StarSample" (
    "repoUrl" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "stars" INTEGER NOT NULL,

    CONSTRAINT "StarSample_pkey" PRIMARY KEY ("repoUrl", "at")
);
CREATE INDEX "StarSample_at_idx" ON "StarSample"("at");
