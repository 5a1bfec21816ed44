-- A version is its SKILL.md and the files its scan covered (the scripts and references it ships):
-- "filesSha256" is one SHA-256 over all of them, so a push that changes only a script is seen as
-- a change (scanned, then a new version or a rejected update). Versions stored before it have
-- none; the next fetch of unchanged content records it, without a new version.
ALTER TABLE "SkillVersion" ADD COLUMN "filesSha256" TEXT;
