// Convergence on real Miniflare KV and real Postgres: no published skill is ever hidden or stuck,
// while Postgres catches up, during outages, with odd bytes, and after lost messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSkillCategories, getSkillCount, getSkills } from "@/lib/data";
import { GET as LIST } from "@/app/api/v1/skills/route";
import { publishSkill } from "@/lib/submission-store";
import { enumeratePublishedSkills } from "@/lib/catalog/kv/enumerate";
import { listPending } from "@/lib/catalog/kv/pending";
import { parseSkillRecord, summarize } from "@/lib/catalog/kv/skill-record";
import { writePublishedIndex } from "@/lib/catalog/kv/published-index";
import { skillKey } from "@/lib/catalog/kv/keys";
import { checkSkillHealth } from "@/lib/operations/skill-health";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { runScheduled } from "@/lib/operations/scheduled";
import { handleQueueBatch } from "@/lib/submissions/queue-consumer";
import { processSubmission } from "@/lib/submissions/process";
import { submitSkill } from "@/lib/submissions/submit";
import { getSubmission } from "@/lib/submissions/store";
import type { QueueMessage } from "@/lib/submissions/queue-messages";
import { resetDatabaseHealth } from "@/lib/platform/db";
import { SEED_SKILLS } from "@/lib/catalog/seed-data";
import { useStores } from "../helpers/stores";
import { insertSkillRows } from "../helpers/db-seed";
import { makeRecord, recordEntry, records } from "../helpers/skills";
import { refusedDatabaseUrl } from "../helpers/network";
import { startFakeGitHub, type FakeGitHub } from "../helpers/fake-github";

const stores = useStores();
const SEED = SEED_SKILLS.length;

/** A queue that records what is sent (the e2e tests run the real one under workerd). */
function recordingQueue() {
  const sent: { body: QueueMessage; delaySeconds?: number }[] = [];
  const queue = {
    send: async (body: QueueMessage, opts?: { delaySeconds?: number }) => void sent.push({ body, delaySeconds: opts?.delaySeconds }),
    sendBatch: async () => undefined,
  } as unknown as Queue;
  return { queue, sent };
}

/** Delivers messages to the real consumer, as the queue would (one batch, acks recorded). */
async function deliver(bodies: QueueMessage[], env: Record<string, unknown>) {
  const acked: boolean[] = [];
  const messages = bodies.map((body, i) => ({
    id: `m${i}`, timestamp: new Date(), body, attempts: 1,
    ack: () => void (acked[i] = true), retry: () => void (acked[i] = false),
  }));
  await handleQueueBatch({ queue: "submission-processing", messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>, env);
  return acked;
}

const skillRows = async () => (await stores.db.query<{ name: string; description: string }>(`SELECT name, description FROM "Skill" ORDER BY name`));

describe("1. Postgres reachable but behind KV (the migration window)", () => {
  it("5,000 KV-only skills + an empty Skill table: every one listed and counted, before any rebuild; the queue backfills", async () => {
    const recs = records(5000);
    await stores.store.seed(recs.map(recordEntry));
    const { queue, sent } = recordingQueue();
    const env = { SUBMISSION_QUEUE: queue };

    const listing = await stores.inWorker(() => getSkills({ limit: 24 }), undefined, env);
    expect(listing.source).toBe("kv-enumeration");
    expect(listing.total).toBe(5000 + SEED);
    expect(await stores.inWorker(() => getSkillCount(), undefined, env)).toBe(5000 + SEED);
    const categories = await stores.inWorker(() => getSkillCategories(), undefined, env);
    expect(categories.reduce((n, c) => n + c.count, 0)).toBe(5000 + SEED);
    const api = await stores.inWorker(() => LIST(new Request("http://localhost/api/v1/skills?limit=5"), {}), undefined, env);
    expect(api.headers.get("x-data-source")).toBe("kv-enumeration");
    expect(((await api.json()) as { total: number }).total).toBe(5000 + SEED);

    // The reader asked for a backfill; the queue runs it step by step with no operator call.
    expect(sent.map((m) => m.body)).toContainEqual({ kind: "reconcile" });
    let pending = sent.map((m) => m.body).filter((b) => "kind" in b && b.kind === "reconcile");
    for (let steps = 0; pending.length > 0 && steps < 20; steps++) {
      sent.length = 0;
      await deliver(pending, { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, SUBMISSION_QUEUE: queue });
      pending = sent.map((m) => m.body).filter((b) => "kind" in b && b.kind === "reconcile");
    }
    expect((await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Skill"`))[0]!.n).toBe(5000);
    const after = await stores.inWorker(() => getSkills({ limit: 24 }), undefined, env);
    expect(after.source).toBe("prisma");
    expect(after.total).toBe(5000 + SEED);
  });
});

describe("1b. A small gap in each direction", () => {
  it("3 skills only KV holds and 40 only Postgres holds: all 43 listed and counted from Postgres with an overlay", async () => {
    await stores.store.seed(records(3, 500).map(recordEntry));
    await insertSkillRows(stores.db.url, records(40));
    const listing = await stores.inWorker(() => getSkills({ limit: 100 }));
    expect(listing.source).toBe("prisma");
    expect(listing.total).toBe(43 + SEED);
    const second = await stores.inWorker(() => getSkills({ limit: 100, page: 2 }));
    const names = [...listing.skills, ...second.skills].map((s) => s.name);
    expect(new Set(names).size).toBe(43 + SEED);
    expect(names).toEqual(expect.arrayContaining([...records(3, 500), ...records(40)].map((r) => r.name)));
    expect(await stores.inWorker(() => getSkillCount())).toBe(43 + SEED);
  });
});

describe("2 and 4. Publishes and submissions during an outage", () => {
  it("100 publishes while Postgres is down: listed throughout, in Postgres after recovery through the queue, health tells the truth", async () => {
    const down = await refusedDatabaseUrl();
    const { queue, sent } = recordingQueue();
    const env = { SUBMISSION_QUEUE: queue };
    for (let i = 0; i < 100; i++) {
      const r = await stores.inWorker(
        () => publishSkill(stores.store.kv, { repoUrl: `https://github.com/outage/repo${i}`, skillName: `outage-${i}`, description: `Published during an outage, number ${i}.`, certScore: 90 }),
        down,
        env,
      );
      expect(r.prismaWritten).toBe(false);
    }
    expect(sent.some((m) => "kind" in m.body && m.body.kind === "drain-pending")).toBe(true);
    const during = await stores.inWorker(() => getSkills({ limit: 100, search: "outage" }), down, env);
    expect(during.total).toBe(100);

    // Postgres is back: listed from Postgres at once (pending overlay), before any drain.
    resetDatabaseHealth();
    const back = await stores.inWorker(() => getSkills({ limit: 100, search: "outage" }), undefined, env);
    expect(back.source).toBe("prisma");
    expect(back.total).toBe(100);
    expect(await stores.inWorker(() => getSkillCount(), undefined, env)).toBe(100 + SEED);
    const health = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(health.drift_detected).toBe(true);
    expect(health.gaps).toContainEqual(expect.objectContaining({ missing_from: "prisma", present_in: "kv_enumerated", count: 100, backfilling: 100 }));

    // The drain message the publish sent is delivered: every skill reaches Postgres.
    const acked = await deliver([{ kind: "drain-pending" }], { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url });
    expect(acked).toEqual([true]);
    expect(await skillRows()).toHaveLength(100);
    expect((await listPending(stores.store.kv)).entries).toHaveLength(0);
    const healed = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(healed.gaps).toEqual([]);
    expect((await stores.inWorker(() => getSkills({ search: "outage" }))).total).toBe(100);
  });

  it("submissions made during an outage reach Postgres after recovery", async () => {
    const down = await refusedDatabaseUrl();
    const { queue } = recordingQueue();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { submission } = await stores.inWorker(
        () => submitSkill({ kv: stores.store.kv, queue, clientId: "c", internal: true }, { repoUrl: `https://github.com/sub/r${i}`, skillName: `s${i}` }),
        down,
      );
      ids.push(submission.id);
    }
    expect(await stores.db.query(`SELECT id FROM "Submission"`)).toHaveLength(0);
    resetDatabaseHealth();
    await deliver([{ kind: "drain-pending" }], { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url });
    const rows = await stores.db.query<{ id: string }>(`SELECT id FROM "Submission"`);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });
});

describe("3. Health reports every gap, whatever its size", () => {
  it("3 KV-only skills under both drift thresholds: no drift, but the gap, its sample and a recommendation", async () => {
    const recs = records(203);
    await stores.store.seed(recs.map(recordEntry));
    await insertSkillRows(stores.db.url, recs.slice(0, 200));
    await writePublishedIndex(stores.store.kv, recs.map(summarize));
    const h = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(h.drift_detected).toBe(false);
    const gap = h.gaps.find((g) => g.missing_from === "prisma")!;
    expect(gap).toMatchObject({ count: 3, backfilling: 0 });
    expect(gap.sample.sort()).toEqual(recs.slice(200).map((r) => r.name).sort());
    expect(h.recommendations.join("\n")).toMatch(/backfill 3 skills into Postgres/);
  });
});

describe("5. Clean data before any store", () => {
  it("a NUL byte and a lone surrogate: one outcome in KV and Postgres", async () => {
    const r = await stores.inWorker(() =>
      publishSkill(stores.store.kv, { repoUrl: "https://github.com/odd/bytes", skillName: "odd-bytes", description: "before\u0000after \ud800 end", certScore: 90 }),
    );
    expect(r.prismaWritten).toBe(true);
    const kvValue = parseSkillRecord(r.slug, await stores.store.kv.get(skillKey(r.slug), "text"));
    const [row] = await skillRows();
    expect(kvValue.ok && kvValue.record.description).toBe("beforeafter \ufffd end");
    expect(row!.description).toBe("beforeafter \ufffd end");
  });

  it("a legacy record with a NUL byte is cleaned in both stores; a record Postgres refuses is quarantined; a second rebuild changes nothing", async () => {
    const poisoned = makeRecord(1, { name: "poisoned", description: "bad\u0000byte" });
    // Postgres holds this slug for another repo: the KV record can never be written there.
    const clash = makeRecord(2, { name: "clash", repoUrl: "https://github.com/kv/clash" });
    await insertSkillRows(stores.db.url, [makeRecord(3, { name: "clash", repoUrl: "https://github.com/db/clash" })]);
    await stores.store.seed([...records(70, 10).map(recordEntry), { key: skillKey("poisoned"), value: JSON.stringify(poisoned) }, recordEntry(clash)]);

    const first = await stores.inWorker(() => rebuildPublishedIndex(stores.store.kv));
    expect(first.cleaned).toBe(1);
    expect(first.prismaErrors.map((e) => e.slug)).toEqual(["clash"]);
    const poisonedKv = parseSkillRecord("poisoned", await stores.store.kv.get(skillKey("poisoned"), "text"));
    expect(poisonedKv.ok && poisonedKv.record.description).toBe("badbyte");
    expect((await stores.db.query<{ description: string }>(`SELECT description FROM "Skill" WHERE name = 'poisoned'`))[0]!.description).toBe("badbyte");

    const second = await stores.inWorker(() => rebuildPublishedIndex(stores.store.kv));
    expect(second).toMatchObject({ prismaBackfilled: 0, prismaErrors: [], cleaned: 0, quarantined: 1, metadataRepaired: 0 });
    expect(second.prismaRoundTrips).toBe(1); // the same single statement as a run with nothing to do
    const h = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(h.pending.quarantined).toEqual([expect.objectContaining({ slug: "clash" })]);
    // Quarantined, yet still listed (from its overlay).
    expect((await stores.inWorker(() => getSkills({ search: "clash" }))).skills.map((s) => s.repoUrl)).toContain("https://github.com/kv/clash");
  });
});

describe("6 and 7. One identity per skill; nothing stuck", () => {
  let github: FakeGitHub;
  beforeAll(async () => {
    github = await startFakeGitHub();
    github.putFile("acme", "plain", "SKILL.md", "---\nname: ok-plain\ndescription: A plain skill used to check that name variants update one skill.\n---\n# Plain\n");
  });
  afterAll(() => github.close());
  const env = () => ({ GITHUB_API_URL: github.url });

  it("six spellings of a name submitted for the same file update one skill, in both stores", async () => {
    const { queue } = recordingQueue();
    for (const skillName of ["ok-plain", "ok plain", "ok_plain", "Ok Plain", "ok--plain", "OK-PLAIN"]) {
      const { submission } = await stores.inWorker(() => submitSkill({ kv: stores.store.kv, queue, clientId: "c", internal: true }, { repoUrl: "https://github.com/acme/plain", skillName }), undefined, env());
      await stores.inWorker(() => processSubmission(submission.id), undefined, env());
      const done = await getSubmission(stores.store.kv, submission.id);
      expect(done).toMatchObject({ state: "PUBLISHED", publishedAs: "ok-plain", reason: null });
    }
    expect((await enumeratePublishedSkills(stores.store.kv)).skills.map((s) => s.summary.slug)).toEqual(["ok-plain"]);
    expect(await stores.db.query(`SELECT name, "skillName" FROM "Skill"`)).toEqual([{ name: "ok-plain", skillName: "ok-plain" }]);
    expect((await stores.inWorker(() => rebuildPublishedIndex(stores.store.kv))).prismaErrors).toEqual([]);
  });

  it("lost queue messages: the cron re-queues stuck submissions, and a re-submission re-queues its own", async () => {
    const lost = recordingQueue();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { submission } = await stores.inWorker(() => submitSkill({ kv: stores.store.kv, queue: lost.queue, clientId: "c", internal: true }, { repoUrl: `https://github.com/lost/r${i}`, skillName: `s${i}` }));
      ids.push(submission.id);
    }
    // The messages were lost at a restart, 20 minutes ago.
    for (const id of ids) {
      const s = (await getSubmission(stores.store.kv, id))!;
      await stores.store.kv.put(`submission:${id}`, JSON.stringify({ ...s, updatedAt: new Date(Date.now() - 20 * 60_000).toISOString() }));
    }
    const fresh = recordingQueue();
    const report = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, SUBMISSION_QUEUE: fresh.queue, ...env() });
    expect(report.stuck).toMatchObject({ requeued: 3 });
    const resent = fresh.sent.map((m) => m.body).filter((b) => "submissionId" in b).map((b) => (b as { submissionId: string }).submissionId);
    expect(resent).toEqual(expect.arrayContaining(ids));

    // Stuck again: re-submitting the same repo + name re-queues it at once.
    const s0 = (await getSubmission(stores.store.kv, ids[0]!))!;
    await stores.store.kv.put(`submission:${s0.id}`, JSON.stringify({ ...s0, updatedAt: new Date(Date.now() - 20 * 60_000).toISOString() }));
    const again = recordingQueue();
    const res = await stores.inWorker(() => submitSkill({ kv: stores.store.kv, queue: again.queue, clientId: "c", internal: true }, { repoUrl: "https://github.com/lost/r0", skillName: "s0" }));
    expect(res).toMatchObject({ duplicate: true, submission: { id: s0.id, state: "QUEUED" } });
    expect(again.sent.map((m) => m.body)).toEqual([{ submissionId: s0.id }]);
  });
});
