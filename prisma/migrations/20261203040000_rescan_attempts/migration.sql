-- Re-scans go oldest attempt first: a version whose files GitHub keeps refusing is tried again
-- after the others, not first in every run (which would stall the pass behind such versions).
ALTER TABLE "SkillVersion" ADD COLUMN "rescanTriedAt" TIMESTAMPTZ(3);
