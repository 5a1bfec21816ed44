-- The licence a SKILL.md declares (frontmatter `license`); null when it declares none.
ALTER TABLE "Skill" ADD COLUMN "license" TEXT;
