-- Discovery looks finds up by repo case-insensitively (GitHub owner and repo names are), as
-- lower("repoFullName") with the skill's path: an index on that expression, so each lookup on a
-- discovery run or re-check is an index probe instead of a scan of every find.

-- CreateIndex
CREATE INDEX "DiscoveryRecord_repo_lower_idx" ON "DiscoveryRecord" (lower("repoFullName"), "skillPath");
