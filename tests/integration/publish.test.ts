// US-002 and US-005 on real Miniflare KV and real Postgres: the dual write, Postgres outages,
// upsert dedup, slug collisions, 200 concurrent publishes, and concurrent index writers.
import { describe, expect, it } from "vitest";
import { PUBLISHED_INDEX_KEY, skillKey } from "@/lib/catalog/kv/keys";
import { summarize } from "@/lib/catalog/kv/skill-record";
import { addToPublishedIndex, createIndexWriter, getPublishedSkillsList, readPublishedIndex } from "@/lib/catalog/kv/published-index";
import { enumeratePublishedSkills, publishSkill, type PublishInput } from "@/lib/submission-store";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { instrumentKV } from "../helpers/kv";
import { useStores } from "../helpers/stores";
import { makeRecord } from "../helpers/skills";
import { refusedDatabaseUrl } from "../helpers/network";

const stores = useStores();

const inWorker = <T>(fn: () => Promise<T>, url = stores.db.url) => runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: url }, fn);

function input(over: Partial<PublishInput> = {}): PublishInput {
  return {
    repoUrl: "https://github.com/acme/agent-skills",
    skillName: "changelog-writer",
    skillPath: "skills/changelog-writer",
    description: "Writes release notes and changelog entries from merged pull requests.",
    certScore: 92,
    ...over,
  };
}

describe("AC-US2-05: publishSkill writes KV and Postgres", () => {
  it("successful dual write with the fields of AC-US2-02", async () => {
    const result = await inWorker(() =>
      publishSkill(stores.store.kv, input({ extensible: true, extensionPoints: [{ name: "templates", description: "Changelog templates" }], currentVersion: "2.1.0" })),
    );
    expect(result).toMatchObject({ slug: "changelog-writer", created: true, prismaWritten: true });

    const { value, metadata } = await stores.store.kv.getWithMetadata(skillKey("changelog-writer"), "json");
    expect(value).toMatchObject({ name: "changelog-writer", repoUrl: "https://github.com/acme/agent-skills", certTier: "SCANNED" });
    expect(metadata).toMatchObject({ slug: "changelog-writer", author: "acme", certScore: 92 });
    expect(JSON.stringify(metadata).length).toBeLessThanOrEqual(1024);

    const [row] = await stores.db.query<Record<string, unknown>>(`SELECT * FROM "Skill"`);
    expect(row).toMatchObject({
      name: "changelog-writer",
      skillName: "changelog-writer",
      displayName: "changelog-writer",
      author: "acme",
      repoUrl: "https://github.com/acme/agent-skills",
      category: "writing",
      currentVersion: "2.1.0",
      certTier: "SCANNED",
      certMethod: "AUTOMATED_SCAN",
      certScore: 92,
      labels: ["community", "verified"],
      extensible: true,
      extensionPoints: [{ name: "templates", description: "Changelog templates" }],
    });
    expect(row!.certifiedAt).toBeInstanceOf(Date);
  });

  it("defaults the category to development when nothing matches", async () => {
    await inWorker(() => publishSkill(stores.store.kv, input({ skillName: "zq-helper", description: "Helps with zq." })));
    const [row] = await stores.db.query<{ category: string }>(`SELECT category FROM "Skill"`);
    expect(row!.category).toBe("development");
  });

  it("Postgres failure: the KV publish still succeeds and the gap is reported (AC-US2-03)", async () => {
    const dead = await refusedDatabaseUrl();
    const started = Date.now();
    const result = await inWorker(() => publishSkill(stores.store.kv, input()), dead);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.prismaWritten).toBe(false);
    expect(result.prismaError).toBeTruthy();
    expect(await stores.store.kv.get(skillKey(result.slug))).not.toBeNull();
    const list = await inWorker(() => getPublishedSkillsList(stores.store.kv));
    expect(list.skills.map((s) => s.name)).toContain("changelog-writer");
    const rows = await stores.db.query(`SELECT 1 FROM "Skill"`);
    expect(rows).toHaveLength(0); // the gap the health check reports and rebuild backfills
  });

  it("no database configured: publishes to KV only", async () => {
    const result = await runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv }, () => publishSkill(stores.store.kv, input()));
    expect(result.prismaWritten).toBe(false);
    expect(await stores.store.kv.get(skillKey("changelog-writer"))).not.toBeNull();
  });

  it("a duplicate publish updates the row instead of failing, and keeps the slug", async () => {
    await inWorker(() => publishSkill(stores.store.kv, input()));
    const again = await inWorker(() => publishSkill(stores.store.kv, input({ description: "Now also writes upgrade guides.", certScore: 97 })));
    expect(again).toMatchObject({ slug: "changelog-writer", created: false, prismaWritten: true });
    const rows = await stores.db.query<{ description: string; certScore: number }>(`SELECT description, "certScore" FROM "Skill"`);
    expect(rows).toEqual([{ description: "Now also writes upgrade guides.", certScore: 97 }]);
    expect((await enumeratePublishedSkills(stores.store.kv)).skills).toHaveLength(1);
  });
});

describe("slugs at publish time", () => {
  it("a name taken by another repo gets the owner prefix, then owner-repo", async () => {
    const a = await inWorker(() => publishSkill(stores.store.kv, input()));
    const b = await inWorker(() => publishSkill(stores.store.kv, input({ repoUrl: "https://github.com/other/skills" })));
    const c = await inWorker(() => publishSkill(stores.store.kv, input({ repoUrl: "https://github.com/other/more-skills" })));
    expect([a.slug, b.slug, c.slug]).toEqual(["changelog-writer", "other-changelog-writer", "other-more-skills-changelog-writer"]);
  });

  it("seed slugs are taken; a seed skill's own repo keeps the seed slug (never duplicated)", async () => {
    const foreign = await inWorker(() => publishSkill(stores.store.kv, input({ skillName: "pdf", repoUrl: "https://github.com/someone/pdf-things" })));
    expect(foreign.slug).toBe("someone-pdf");
    const own = await inWorker(() => publishSkill(stores.store.kv, input({ skillName: "pdf", repoUrl: "https://github.com/anthropics/skills" })));
    expect(own.slug).toBe("pdf");
  });

  it("the same skill submitted in other letter case updates the same row and slug", async () => {
    await inWorker(() => publishSkill(stores.store.kv, input()));
    const again = await inWorker(() =>
      publishSkill(stores.store.kv, input({ repoUrl: "https://github.com/ACME/Agent-Skills", skillName: "Changelog-Writer", description: "Updated." })),
    );
    expect(again).toMatchObject({ slug: "changelog-writer", prismaWritten: true, created: false });
    const rows = await stores.db.query<{ description: string; repoUrl: string }>(`SELECT description, "repoUrl" FROM "Skill"`);
    expect(rows).toEqual([{ description: "Updated.", repoUrl: "https://github.com/acme/agent-skills" }]);
  });

  it("route names are never slugs", async () => {
    const r = await inWorker(() => publishSkill(stores.store.kv, input({ skillName: "categories" })));
    expect(r.slug).toBe("acme-categories");
  });
});

describe("200 concurrent publishes", () => {
  // As the queue delivers them: 20 consumers at once (separate invocations), each working through
  // a batch of 10 messages in turn; all share one KV namespace and one database.
  it("enumeration, Postgres and (after repair) the index each hold exactly 200", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, consumer) =>
        inWorker(async () => {
          const out = [];
          for (let m = 0; m < 10; m++) {
            const i = consumer * 10 + m;
            out.push(await publishSkill(stores.store.kv, input({ repoUrl: `https://github.com/org${i % 20}/repo${i}`, skillName: `concurrent-skill-${i}` })));
          }
          return out;
        }),
      ),
    );
    expect(results.flat().filter((r) => r.prismaWritten)).toHaveLength(200);
    expect((await enumeratePublishedSkills(stores.store.kv)).skills).toHaveLength(200);
    expect((await stores.db.query(`SELECT 1 FROM "Skill"`)).length).toBe(200);
    const list = await getPublishedSkillsList(stores.store.kv);
    expect(list.skills).toHaveLength(200);
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && new Set(index.entries.map((e) => e.slug)).size).toBe(200);
    expect(index.ok && index.entries.length).toBe(200);
  });
});

describe("AC-US5-04: concurrent addToPublishedIndex with delayed reads", () => {
  const summaries = Array.from({ length: 30 }, (_, i) => summarize(makeRecord(i)));

  it("within one isolate, concurrent calls with different slugs lose no entries", async () => {
    const { kv } = instrumentKV(stores.store.kv, { getDelayMs: 25, delayKeys: (k) => k === PUBLISHED_INDEX_KEY });
    const results = await Promise.all(summaries.map((s) => addToPublishedIndex(kv, s)));
    expect(results.every(Boolean)).toBe(true);
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.map((e) => e.slug).sort()).toEqual(summaries.map((s) => s.slug).sort());
  });

  it("across isolates, readers see every skill and the next repair makes the index exact", async () => {
    // Three writers = three isolates racing on one key with delayed (stale) reads.
    const writers = [createIndexWriter(), createIndexWriter(), createIndexWriter()];
    const { kv } = instrumentKV(stores.store.kv, { getDelayMs: 30, delayKeys: (k) => k === PUBLISHED_INDEX_KEY });
    const recs = Array.from({ length: 30 }, (_, i) => makeRecord(i));
    await stores.store.seed(recs.map((r) => ({ key: skillKey(r.name), value: JSON.stringify(r), metadata: summarize(r) })));
    await Promise.all(recs.map((r, i) => writers[i % 3]!(kv, summarize(r))));

    const list = await getPublishedSkillsList(stores.store.kv);
    expect(list.skills.map((s) => s.name).sort()).toEqual(recs.map((r) => r.name).sort());
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.map((e) => e.slug).sort()).toEqual(recs.map((r) => r.name).sort());
  });

  it("a failing index write never fails the publish", async () => {
    const { kv } = instrumentKV(stores.store.kv, { failPut: (k) => k === PUBLISHED_INDEX_KEY });
    const result = await runWithWorkerEnv({ SUBMISSIONS_KV: kv, DATABASE_URL: stores.db.url }, () => publishSkill(kv, input()));
    expect(result.indexUpdated).toBe(false);
    expect(result.prismaWritten).toBe(true);
    expect((await getPublishedSkillsList(stores.store.kv)).skills).toHaveLength(1);
  });
});
