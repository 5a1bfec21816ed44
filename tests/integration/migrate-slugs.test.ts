// Root cause 2: legacy-slug records are found by enumeration (the index may be empty), re-keyed to
// the current slug with an alias, kept in step in Postgres, and migration is idempotent.
import { beforeEach, describe, expect, it } from "vitest";
import { getSkillByName } from "@/lib/data";
import { aliasKey, PUBLISHED_INDEX_KEY, skillKey } from "@/lib/catalog/kv/keys";
import { getPublishedSkillsList } from "@/lib/catalog/kv/published-index";
import { migrateSkillSlugs } from "@/lib/operations/migrate-slugs";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { useStores } from "../helpers/stores";
import { legacyEntry, makeRecord, recordEntry } from "../helpers/skills";

const stores = useStores();
beforeEach(async () => {
  await stores.store.seed([
    legacyEntry("Frontend_Helper", { repoUrl: "https://github.com/alice/ui-skills", name: "Frontend_Helper" }),
    legacyEntry("bob-toolbox-db-tuner", { repoUrl: "https://github.com/bob/toolbox", name: "db tuner" }),
    recordEntry(makeRecord(1)),
  ]);
  await stores.store.kv.put(PUBLISHED_INDEX_KEY, "[]"); // the index lost everything: migration must not care
});

const inWorker = <T>(fn: () => Promise<T>) => runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url }, fn);

describe("migrateSkillSlugs", () => {
  it("dryRun reports the moves and changes nothing", async () => {
    const report = await inWorker(() => migrateSkillSlugs(stores.store.kv, { dryRun: true }));
    expect(report.moved).toEqual([
      { from: "Frontend_Helper", to: "frontend-helper", format: "legacy-bare" },
      { from: "bob-toolbox-db-tuner", to: "db-tuner", format: "legacy-owner-repo" },
    ]);
    expect(await stores.store.kv.get(skillKey("Frontend_Helper"))).not.toBeNull();
    expect(await stores.store.kv.get(skillKey("frontend-helper"))).toBeNull();
  });

  it("re-keys legacy records, writes aliases, upserts Postgres, and is idempotent", async () => {
    const first = await inWorker(() => migrateSkillSlugs(stores.store.kv));
    expect(first.moved.map((m) => m.to)).toEqual(["frontend-helper", "db-tuner"]);
    expect(first.prismaUpdated).toBe(2);
    expect(await stores.store.kv.get(skillKey("Frontend_Helper"))).toBeNull();
    expect(await stores.store.kv.get(aliasKey("Frontend_Helper"))).toBe("frontend-helper");
    expect(await stores.store.kv.get(aliasKey("bob-toolbox-db-tuner"))).toBe("db-tuner");
    const { metadata } = await stores.store.kv.getWithMetadata(skillKey("db-tuner"));
    expect(metadata).toMatchObject({ slug: "db-tuner", skillName: "db tuner", author: "bob" });
    const rows = await stores.db.query<{ name: string }>(`SELECT name FROM "Skill" ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(["db-tuner", "frontend-helper"]);

    const second = await inWorker(() => migrateSkillSlugs(stores.store.kv));
    expect(second.moved).toEqual([]);
    const list = await getPublishedSkillsList(stores.store.kv);
    expect(list.skills.map((s) => s.name).sort()).toEqual(["community-skill-00001", "db-tuner", "frontend-helper"]);
  });

  it("old slugs keep resolving to the canonical skill", async () => {
    await inWorker(() => migrateSkillSlugs(stores.store.kv));
    const viaAlias = await inWorker(() => getSkillByName("Frontend_Helper"));
    expect(viaAlias?.name).toBe("frontend-helper");
    const direct = await inWorker(() => getSkillByName("db-tuner"));
    expect(direct?.author).toBe("bob");
    expect(await inWorker(() => getSkillByName("never-existed"))).toBeNull();
  });
});
