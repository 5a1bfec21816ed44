-- Discovery re-checks known finds. Each find keeps the git blob SHA of its SKILL.md as last seen
-- ("blobSha": from code search or a re-check) and the one last submitted ("submittedSha"); a
-- difference means the file changed and it is submitted again. Finds the search did not return
-- are re-checked in rotation, oldest "lastCheckedAt" first; finds recorded before this migration
-- were never checked, so they start at the epoch (first in line). A 404 on re-check counts in
-- "missCount" since "missingSince"; a found file clears both.
ALTER TABLE "DiscoveryRecord"
    ADD COLUMN "blobSha" TEXT,
    ADD COLUMN "submittedSha" TEXT,
    ADD COLUMN "lastCheckedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN "missCount" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "missingSince" TIMESTAMPTZ(3);

UPDATE "DiscoveryRecord" SET "lastCheckedAt" = '1970-01-01T00:00:00Z';

CREATE INDEX "DiscoveryRecord_lastCheckedAt_idx" ON "DiscoveryRecord"("lastCheckedAt");
CREATE INDEX "DiscoveryRecord_missingSince_idx" ON "DiscoveryRecord"("missingSince");
