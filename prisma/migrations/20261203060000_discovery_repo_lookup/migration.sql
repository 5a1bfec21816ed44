-- Discovery looks finds up by repo case-insensitively (GitHub owner and repo names are), as
-- lower("repoFullName") with the skill's path: an index on that expression, so each lookup on a
-- discovery run or re-check is an index probe instead of a scan of every find.

-- Writers of the table wait while the index builds (seconds at 150,000 finds); waiting longer than
-- 10 s for the lock behind an open transaction fails the migration instead of stalling every
-- writer queued behind it (run it again).
SET LOCAL lock_timeout = '10s';

-- CreateIndex
CREATE INDEX "DiscoveryRecord_repo_lower_idx" ON "DiscoveryRecord" (lower("repoFullName"), "skillPath");
