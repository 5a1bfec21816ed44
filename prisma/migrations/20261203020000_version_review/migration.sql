-- Re-scans when the rules change: the cron re-scans published current versions whose
-- "rulesVersion" is not the running one, in bounded batches. A version that passed before and
-- fails now is flagged for an operator's review ("flaggedAt", "flagReason"), on health and the
-- admin dashboard; it stays listed until an operator decides.
ALTER TABLE "SkillVersion" ADD COLUMN "flaggedAt" TIMESTAMPTZ(3), ADD COLUMN "flagReason" TEXT;
CREATE INDEX "SkillVersion_flaggedAt_idx" ON "SkillVersion"("flaggedAt");
