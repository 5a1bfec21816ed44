// One skill model: every store's shape derives from skillSchema, so a field cannot be written in
// one place and silently dropped in another.
import { describe, expect, it } from "vitest";
import { SKILL_FIELDS, skillSchema } from "@/lib/catalog/skill";
import { parseSkillRecord, parseSummary, skillFromSummary, summarize } from "@/lib/catalog/kv/skill-record";
import { PRISMA_SKILL_COLUMNS, recordFromRow, rowData, SKILL_COLUMNS } from "@/lib/catalog/postgres/skill-rows";
import { makeRecord } from "../helpers/skills";

describe("the skill model", () => {
  it("Postgres columns (Prisma's generated list) are exactly the skill's fields", () => {
    expect([...PRISMA_SKILL_COLUMNS].sort()).toEqual([...SKILL_FIELDS].sort());
    expect([...SKILL_COLUMNS].sort()).toEqual([...SKILL_FIELDS].sort());
  });

  it("a record survives KV (value) unchanged, license included", () => {
    const record = makeRecord(7, { license: "MIT" });
    const parsed = parseSkillRecord(record.name, JSON.stringify(record));
    expect(parsed.ok && parsed.record).toEqual(record);
    expect(skillSchema.parse(record)).toEqual(record);
  });

  it("a record survives a Postgres row unchanged", () => {
    const record = makeRecord(8, { license: "Apache-2.0", certifiedAt: null });
    const row = { ...rowData(record), updatedAt: new Date(record.updatedAt) };
    expect(recordFromRow(row as never)).toEqual(record);
  });

  it("a summary is a valid pick of the record, and lists with the record's defaults elsewhere", () => {
    const record = makeRecord(9, { license: "MIT" });
    const summary = summarize(record);
    expect(parseSummary(summary)).toEqual(summary);
    const listed = skillFromSummary(summary);
    expect(listed).toMatchObject({ name: record.name, displayName: record.displayName, license: null, source: "kv" });
  });

  it("a legacy record without the newest fields reads with their defaults", () => {
    const parsed = parseSkillRecord("old", JSON.stringify({ name: "old", repoUrl: "https://github.com/a/b" }));
    expect(parsed.ok && parsed.record.license).toBeNull();
  });
});
