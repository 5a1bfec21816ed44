// Root cause 2: legacy-slug records are found by enumeration (the index may be empty), re-keyed to
// the current slug with an alias, kept in step in Postgres, and migration is idempotent.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getSkillByName } from "@/lib/data";
import { resetDatabaseHealth } from "@/lib/db";
import { aliasKey, PUBLISHED_INDEX_KEY, skillKey } from "@/lib/kv/keys";
import { getPublishedSkillsList, migrateSkillSlugs } from "@/lib/submission-store";
import { runWithWorkerEnv } from "@/lib/worker-context";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { createTestKV, type TestKV } from "../helpers/kv";
import { legacyEntry, makeRecord, recordEntry } from "../helpers/skills";

let db: TestDatabase;
let store: TestKV;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  store = await createTestKV();
  await db.truncate();
  resetDatabaseHealth();
  await store.seed([
    legacyEntry("Frontend_Helper", { repoUrl: "https://github.com/alice/ui-skills", name: "Frontend_Helper" }),
    legacyEntry("bob-toolbox-db-tuner", { repoUrl: "https://github.com/bob/toolbox", name: "db tuner" }),
    recordEntry(makeRecord(1)),
  ]);
  await store.kv.put(PUBLISHED_INDEX_KEY, "[]"); // the index lost everything: migration must not care
});
afterEach(async () => {
  await store.dispose();
});

const inWorker = <T>(fn: () => Promise<T>) => runWithWorkerEnv({ SUBMISSIONS_KV: store.kv, DATABASE_URL: db.url }, fn);

describe("migrateSkillSlugs", () => {
  it("dryRun reports the moves and changes nothing", async () => {
    const report = await inWorker(() => migrateSkillSlugs(store.kv, { dryRun: true }));
    expect(report.moved).toEqual([
      { from: "Frontend_Helper", to: "frontend-helper", format: "legacy-bare" },
      { from: "bob-toolbox-db-tuner", to: "db-tuner", format: "legacy-owner-repo" },
    ]);
    expect(await store.kv.get(skillKey("Frontend_Helper"))).not.toBeNull();
    expect(await store.kv.get(skillKey("frontend-helper"))).toBeNull();
  });

  it("re-keys legacy records, writes aliases, upserts Postgres, and is idempotent", async () => {
    const first = await inWorker(() => migrateSkillSlugs(store.kv));
    expect(first.moved.map((m) => m.to)).toEqual(["frontend-helper", "db-tuner"]);
    expect(first.prismaUpdated).toBe(2);
    expect(await store.kv.get(skillKey("Frontend_Helper"))).toBeNull();
    expect(await store.kv.get(aliasKey("Frontend_Helper"))).toBe("frontend-helper");
    expect(await store.kv.get(aliasKey("bob-toolbox-db-tuner"))).toBe("db-tuner");
    const { metadata } = await store.kv.getWithMetadata(skillKey("db-tuner"));
    expect(metadata).toMatchObject({ slug: "db-tuner", skillName: "db tuner", author: "bob" });
    const rows = await db.query<{ name: string }>(`SELECT name FROM "Skill" ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(["db-tuner", "frontend-helper"]);

    const second = await inWorker(() => migrateSkillSlugs(store.kv));
    expect(second.moved).toEqual([]);
    const list = await getPublishedSkillsList(store.kv, { fresh: true });
    expect(list.skills.map((s) => s.name).sort()).toEqual(["community-skill-00001", "db-tuner", "frontend-helper"]);
  });

  it("old slugs keep resolving to the canonical skill", async () => {
    await inWorker(() => migrateSkillSlugs(store.kv));
    const viaAlias = await inWorker(() => getSkillByName("Frontend_Helper"));
    expect(viaAlias?.name).toBe("frontend-helper");
    const direct = await inWorker(() => getSkillByName("db-tuner"));
    expect(direct?.author).toBe("bob");
    expect(await inWorker(() => getSkillByName("never-existed"))).toBeNull();
  });
});
