// Health history and the skill-loss alarm on real KV (Miniflare), real Postgres and a real HTTP
// receiver: the hourly cron records a snapshot after reconcile; a drop that delistings do not
// explain, or drift over two runs, raises `skill_loss_suspected` once (one error line, one POST);
// a receiver that is down or hangs costs a bounded time and is retried; an outage keeps snapshots
// in KV until Postgres answers; 90 days are kept; GET /api/v1/admin/health/history shows it all.
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as HISTORY } from "@/app/api/v1/admin/health/history/route";
import { runScheduled, type ScheduledReport } from "@/lib/operations/scheduled";
import { checkSkillHealth } from "@/lib/operations/skill-health";
import {
  ALARM_STATE_KEY,
  movePendingHistory,
  PENDING_INCIDENT_PREFIX,
  PENDING_SNAPSHOT_PREFIX,
  recordHealthSnapshot,
  type HealthHistory,
  type HistoryReport,
} from "@/lib/operations/health-history";
import { ALERT_TIMEOUT_MS, type AlertPayload } from "@/lib/operations/alert-webhook";
import { resetDatabaseHealth, withDb } from "@/lib/platform/db";
import type { WorkerEnv } from "@/lib/platform/env";
import { signAdminToken } from "@/lib/http/auth";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { summarize, type SkillRecord } from "@/lib/catalog/kv/skill-record";
import { writePublishedIndex } from "@/lib/catalog/kv/published-index";
import { SEED_SKILL_COUNT } from "@/lib/catalog/seed-data";
import { insertSkillRows } from "../helpers/db-seed";
import { useStores } from "../helpers/stores";
import { recordEntry, records } from "../helpers/skills";
import { refusedDatabaseUrl } from "../helpers/network";
import { startAlertReceiver, type AlertReceiver } from "../helpers/alert-receiver";

const stores = useStores();
const KEY = "test-only-internal-key-not-real";
const SECRET = "test-only-jwt-secret-not-real";
const DAY_MS = 86_400_000;

const receivers: AlertReceiver[] = [];
async function receiver(mode: AlertReceiver["mode"] = "ok") {
  const r = await startAlertReceiver(mode);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  vi.restoreAllMocks();
});

/** One cron run against the test stores (no queue: requeue and discovery stand aside). */
async function cron(env: Partial<WorkerEnv> = {}): Promise<HistoryReport> {
  const report: ScheduledReport = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url, ...env });
  expect(report.history, JSON.stringify(report.history)).not.toHaveProperty("error");
  expect(report.history).not.toBeNull();
  return report.history as HistoryReport;
}

/** `n` published skills in every store (KV records, the index, Postgres). */
async function publishCatalogue(n: number): Promise<SkillRecord[]> {
  const recs = records(n);
  await stores.store.seed(recs.map(recordEntry));
  await writePublishedIndex(stores.store.kv, recs.map(summarize));
  await insertSkillRows(stores.db.url, recs);
  return recs;
}

/** Loses skills from KV and Postgres alike (no delisting): the incident the alarm exists for. */
async function loseSkills(lost: SkillRecord[], kept: SkillRecord[], opts: { postgres?: boolean } = {}) {
  await Promise.all(lost.map((r) => stores.store.kv.delete(`skill:${r.name}`)));
  await writePublishedIndex(stores.store.kv, kept.map(summarize));
  if (opts.postgres !== false) await stores.db.query(`DELETE FROM "Skill" WHERE name = ANY($1)`, [lost.map((r) => r.name)]);
}

async function getHistory(query = "", headers: Record<string, string> = { "x-internal-key": KEY }, url: string | null = stores.db.url) {
  const env: Partial<WorkerEnv> = { SUBMISSIONS_KV: stores.store.kv, INTERNAL_BROADCAST_KEY: KEY, JWT_SECRET: SECRET, ...(url ? { DATABASE_URL: url } : {}) };
  return runWithWorkerEnv(env, () => HISTORY(new Request(`http://localhost/api/v1/admin/health/history${query}`, { headers }), {}));
}
async function history(query = "?days=7", url: string | null = stores.db.url): Promise<HealthHistory> {
  const res = await getHistory(query, undefined, url);
  expect(res.status).toBe(200);
  return (await res.json()) as HealthHistory;
}

function alarmLines(spy: { mock: { calls: unknown[][] } }) {
  return spy.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"event":"skill_loss_suspected"'));
}

describe("the skill-loss alarm, driven by the hourly cron", () => {
  it("a drop between two snapshots raises skill_loss_suspected once: one error line, one POST, one incident in the history", async () => {
    const hook = await receiver();
    const errors = vi.spyOn(console, "error");
    const recs = await publishCatalogue(100);
    const env = { ALERT_WEBHOOK_URL: hook.url };

    const first = await cron(env);
    expect(first).toMatchObject({ stored: "postgres", alarm: "none", incident: null, snapshot: { listed: SEED_SKILL_COUNT + 100, listed_from: "prisma", drift_detected: false } });

    await loseSkills(recs.slice(70), recs.slice(0, 70));
    const second = await cron(env);
    expect(second).toMatchObject({ alarm: "raise", reasons: ["unexplained_drop"], alerts: { delivered: 1, failed: 0 }, snapshot: { listed: SEED_SKILL_COUNT + 70 } });
    const incidentId = second.incident!;
    expect(incidentId).toEqual(expect.any(String));

    // The loss stays, the condition (a drop between two snapshots) does not: cleared, never re-sent.
    expect(await cron(env)).toMatchObject({ alarm: "clear", incident: null, alerts: { delivered: 0, failed: 0 } });
    expect(await cron(env)).toMatchObject({ alarm: "none" });

    expect(alarmLines(errors)).toHaveLength(1);
    const line = JSON.parse(alarmLines(errors)[0]!);
    expect(line).toMatchObject({ level: "error", event: "skill_loss_suspected", incident: incidentId, listed: SEED_SKILL_COUNT + 70, previous_listed: SEED_SKILL_COUNT + 100 });

    expect(hook.requests).toHaveLength(1);
    const [post] = hook.requests;
    expect(post!.method).toBe("POST");
    expect(post!.headers["content-type"]).toBe("application/json");
    expect(post!.headers["idempotency-key"]).toBe(incidentId);
    const payload = post!.body as AlertPayload;
    expect(payload).toMatchObject({
      event: "skill_loss_suspected",
      text: expect.stringMatching(/^Skill loss suspected: Listed skills fell from 218 to 188/),
      incident: { id: incidentId, kind: "skill_loss_suspected", detail: { reasons: [{ kind: "unexplained_drop", dropped: 30, delisted_increase: 0, unexplained: 30 }] } },
    });

    const h = await history();
    expect(h.snapshots).toHaveLength(4);
    expect(h.snapshots.map((s) => s.listed)).toEqual([188, 188, 188, 218]); // newest first
    expect(h.incidents).toHaveLength(1);
    expect(h.incidents[0]).toMatchObject({ id: incidentId, kind: "skill_loss_suspected", at: second.snapshot.at, cleared_at: expect.any(String), delivered_at: expect.any(String), delivery_attempts: 1 });
    expect(h.incidents[0]!.detail.reasons[0]).toMatchObject({ kind: "unexplained_drop", unexplained: 30 });
  });

  it("no alarm on a steady catalogue over several runs", async () => {
    const hook = await receiver();
    await publishCatalogue(100);
    for (let run = 0; run < 4; run++) {
      expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ stored: "postgres", alarm: "none", reasons: [], incident: null, alerts: { delivered: 0, failed: 0 } });
    }
    expect(hook.requests).toEqual([]);
    const h = await history();
    expect(h.incidents).toEqual([]);
    expect(h.snapshots.map((s) => [s.listed, s.prisma_count, s.kv_enumerated_count, s.kv_index_count, s.drift_detected])).toEqual(Array(4).fill([218, 100, 100, 100, false]));
  });

  it("a drop that the growth of delisted_count explains raises nothing; the part it does not explain does", async () => {
    const hook = await receiver();
    const recs = await publishCatalogue(100);
    // Delisting (another change) adds delisted_count to the health report; supplied here as it will report it.
    const snapshotWith = (delisted: number) =>
      stores.inWorker(
        async () => recordHealthSnapshot(stores.store.kv, { health: Object.assign(await checkSkillHealth(stores.store.kv), { delisted_count: delisted }) }),
        undefined,
        { ALERT_WEBHOOK_URL: hook.url },
      );
    expect(await snapshotWith(0)).toMatchObject({ alarm: "none" });
    await loseSkills(recs.slice(70), recs.slice(0, 70)); // 30 taken down by an operator
    expect(await snapshotWith(30)).toMatchObject({ alarm: "none", reasons: [], snapshot: { listed: 188 } });
    expect(hook.requests).toEqual([]);

    await loseSkills(recs.slice(50, 70), recs.slice(0, 50)); // 20 fewer, 5 of them delisted
    expect(await snapshotWith(35)).toMatchObject({ alarm: "raise", reasons: ["unexplained_drop"], alerts: { delivered: 1 } });
    expect((hook.requests[0]!.body as AlertPayload).incident.detail.reasons[0]).toMatchObject({ dropped: 20, delisted_increase: 5, unexplained: 15 });
    const h = await history();
    expect(h.snapshots.map((s) => s.delisted_count)).toEqual([35, 30, 0]);
  });

  it("drift that persists over two runs alarms once", async () => {
    const hook = await receiver();
    await publishCatalogue(100);
    await insertSkillRows(stores.db.url, records(20, 500)); // in Postgres only: KV lost them, and reconcile cannot restore them
    const first = await cron({ ALERT_WEBHOOK_URL: hook.url });
    expect(first).toMatchObject({ alarm: "none", snapshot: { drift_detected: true, listed: 238 } });
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alarm: "raise", reasons: ["drift_persisting"], alerts: { delivered: 1 } });
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alarm: "persist", reasons: ["drift_persisting"], alerts: { delivered: 0, failed: 0 } });
    expect(hook.requests).toHaveLength(1);
    const reason = (hook.requests[0]!.body as AlertPayload).incident.detail.reasons[0]!;
    expect(reason).toMatchObject({ kind: "drift_persisting", since: first.snapshot.at });
    expect(reason.kind === "drift_persisting" && reason.drifts).toEqual(expect.arrayContaining([{ sources: ["prisma", "kv_enumerated"], short: "kv_enumerated", difference: 20, percent: 16.7 }]));
    const h = await history();
    expect(h.incidents).toHaveLength(1);
    expect(h.incidents[0]!.cleared_at).toBeNull(); // still open: the drift is still there
  });

  it("an alarm memory lost from KV is rebuilt from Postgres: the open incident is not raised again", async () => {
    const hook = await receiver();
    const recs = await publishCatalogue(100);
    await cron({ ALERT_WEBHOOK_URL: hook.url });
    await insertSkillRows(stores.db.url, records(20, 500)); // drift from here on
    await loseSkills(recs.slice(60), recs.slice(0, 60)); // 40 lost, 20 gained: 20 fewer listed
    const raised = await cron({ ALERT_WEBHOOK_URL: hook.url });
    expect(raised).toMatchObject({ alarm: "raise", reasons: ["unexplained_drop"] });
    await stores.store.kv.delete(ALARM_STATE_KEY);
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alarm: "persist", reasons: ["drift_persisting"], incident: raised.incident });
    await stores.store.kv.put(ALARM_STATE_KEY, "{not json");
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alarm: "persist", incident: raised.incident });
    expect(hook.requests).toHaveLength(1);
  });

  it("alerts without a webhook: the error line and the incident, no POST to make", async () => {
    const errors = vi.spyOn(console, "error");
    const recs = await publishCatalogue(100);
    await cron();
    await loseSkills(recs.slice(80), recs.slice(0, 80));
    expect(await cron()).toMatchObject({ alarm: "raise", alerts: null });
    expect(alarmLines(errors)).toHaveLength(1);
    expect(JSON.parse(alarmLines(errors)[0]!)).toMatchObject({ webhook: "not-configured" });
    expect((await history()).incidents).toHaveLength(1);
  });
});

describe("the webhook never blocks the cron", () => {
  it("a receiver that is down, then one that hangs, costs at most the timeout; the POST is retried until one takes it", async () => {
    const recs = await publishCatalogue(100);
    const down = `http://127.0.0.1:${new URL(await refusedDatabaseUrl()).port}/alerts`; // nothing listens there
    await cron({ ALERT_WEBHOOK_URL: down });
    await loseSkills(recs.slice(60), recs.slice(0, 60));

    const refused = await cron({ ALERT_WEBHOOK_URL: down });
    expect(refused).toMatchObject({ alarm: "raise", alerts: { delivered: 0, failed: 1 } });
    const incidentId = refused.incident!;

    const hanging = await receiver("hang");
    const started = Date.now();
    const hung = await cron({ ALERT_WEBHOOK_URL: hanging.url });
    const took = Date.now() - started;
    expect(hung).toMatchObject({ alarm: "clear", alerts: { delivered: 0, failed: 1 } }); // retried, though the condition cleared
    expect(hanging.requests).toHaveLength(1);
    expect(took).toBeGreaterThanOrEqual(ALERT_TIMEOUT_MS - 100);
    expect(took).toBeLessThan(ALERT_TIMEOUT_MS + 5000);
    let h = await history();
    expect(h.incidents[0]).toMatchObject({ id: incidentId, delivered_at: null, delivery_attempts: 2, delivery_error: `no answer within ${ALERT_TIMEOUT_MS} ms` });

    const failing = await receiver("fail");
    expect(await cron({ ALERT_WEBHOOK_URL: failing.url })).toMatchObject({ alerts: { delivered: 0, failed: 1 } });

    const hook = await receiver();
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alarm: "none", alerts: { delivered: 1, failed: 0 } });
    expect(await cron({ ALERT_WEBHOOK_URL: hook.url })).toMatchObject({ alerts: { delivered: 0, failed: 0 } });
    expect(hook.accepted).toHaveLength(1);
    expect((hook.accepted[0]!.body as AlertPayload).incident.id).toBe(incidentId);
    h = await history();
    expect(h.incidents).toHaveLength(1);
    expect(h.incidents[0]).toMatchObject({ delivered_at: expect.any(String), delivery_attempts: 4, delivery_error: null });
  });
});

describe("Postgres down: the snapshot waits in KV and is moved exactly once", () => {
  it("keeps the outage's snapshot and incident in KV (listed from the KV enumeration), shows them, and moves them once Postgres answers", async () => {
    const recs = await publishCatalogue(50);
    const before = await cron();
    const outage = await refusedDatabaseUrl();

    // During the outage KV loses 30 skills: the listing (from KV) really shows fewer.
    await loseSkills(recs.slice(20), recs.slice(0, 20), { postgres: false });
    const during = await cron({ DATABASE_URL: outage });
    expect(during).toMatchObject({ stored: "kv", alarm: "raise", pruned: null, snapshot: { listed: SEED_SKILL_COUNT + 20, listed_from: "kv_enumerated" } });
    expect(await stores.db.query(`SELECT id FROM "HealthSnapshot"`)).toEqual([{ id: before.snapshot.id }]);
    const pending = await stores.store.kv.list({ prefix: PENDING_SNAPSHOT_PREFIX });
    expect(pending.keys.map((k) => k.name)).toEqual([`${PENDING_SNAPSHOT_PREFIX}${during.snapshot.at}:${during.snapshot.id}`]);
    // KV forgets it after the retention period even if Postgres never comes back.
    expect(pending.keys[0]!.expiration! * 1000 - Date.now()).toBeGreaterThan(89 * DAY_MS);
    expect((await stores.store.kv.list({ prefix: PENDING_INCIDENT_PREFIX })).keys).toHaveLength(1);

    // The history route during the outage: what KV holds, and that Postgres did not answer.
    resetDatabaseHealth();
    const meanwhile = await history("?days=7", outage);
    expect(meanwhile.database.reachable).toBe(false);
    expect(meanwhile.snapshots).toMatchObject([{ id: during.snapshot.id, stored: "kv", prisma_count: null }]);
    expect(meanwhile.incidents).toMatchObject([{ id: during.incident, cleared_at: null }]);

    resetDatabaseHealth();
    const after = await cron();
    expect(after).toMatchObject({ stored: "postgres", moved: { snapshots: 1, incidents: 1 } });
    expect((await stores.store.kv.list({ prefix: "health-history:pending-" })).keys).toEqual([]);
    const ids = async () => (await stores.db.query<{ id: string }>(`SELECT id FROM "HealthSnapshot" ORDER BY at`)).map((r) => r.id);
    expect(await ids()).toEqual([before.snapshot.id, during.snapshot.id, after.snapshot.id]);
    const [incident] = await stores.db.query<{ id: string; clearedAt: Date | null }>(`SELECT id, "clearedAt" FROM "HealthIncident"`);
    expect(incident!.id).toBe(during.incident);

    // A move repeated (its delete lost, or two runs at once) stores nothing twice.
    const value = JSON.stringify(await snapshotValue(during.snapshot.id));
    await stores.store.kv.put(`${PENDING_SNAPSHOT_PREFIX}${during.snapshot.at}:${during.snapshot.id}`, value);
    const again = await stores.inWorker(() => withDb((db) => movePendingHistory(stores.store.kv, db)));
    expect(again).toEqual({ snapshots: 1, incidents: 0 });
    expect(await ids()).toEqual([before.snapshot.id, during.snapshot.id, after.snapshot.id]);
    // An unreadable leftover is dropped (and logged), never a reason for the step to fail every hour.
    await stores.store.kv.put(`${PENDING_SNAPSHOT_PREFIX}2026-01-01T00:00:00.000Z:garbage`, "{not json");
    expect((await cron()).moved).toEqual({ snapshots: 0, incidents: 0 });
    expect(await ids()).toHaveLength(4);
    expect((await stores.store.kv.list({ prefix: PENDING_SNAPSHOT_PREFIX })).keys).toEqual([]);
    expect((await history()).snapshots.every((s) => s.stored === "postgres")).toBe(true);
  });

  it("with no database configured at all, snapshots are kept in KV and the alarm still works", async () => {
    const recs = records(40);
    await stores.store.seed(recs.map(recordEntry));
    await writePublishedIndex(stores.store.kv, recs.map(summarize));
    const run = async () => (await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv })).history as HistoryReport;
    expect(await run()).toMatchObject({ stored: "kv", alarm: "none", snapshot: { listed_from: "kv_enumerated", listed: 158 } });
    await loseSkills(recs.slice(20), recs.slice(0, 20), { postgres: false });
    expect(await run()).toMatchObject({ stored: "kv", alarm: "raise" });
    expect(await stores.store.kv.get(ALARM_STATE_KEY, "json")).toMatchObject({ incidents: [{ kind: "skill_loss_suspected", cleared_at: null }] });
    expect((await history("?days=1", null)).snapshots).toHaveLength(2);
  });
});

/** A snapshot as the KV outbox holds it (the route's item without `stored`). */
async function snapshotValue(id: string) {
  const item = (await history()).snapshots.find((s) => s.id === id)!;
  const { stored: _stored, ...snapshot } = item;
  return snapshot;
}

describe("retention: 90 days", () => {
  it("the cron deletes snapshots and cleared incidents older than 90 days; an open incident stays", async () => {
    await cron(); // the alarm's memory exists, so the old rows below are history only
    const at = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    const snapshot = (id: string, days: number) =>
      stores.db.query(
        `INSERT INTO "HealthSnapshot" (id, at, listed, "listedFrom", "kvIndexCount", "kvEnumeratedCount", "prismaCount", "seedCount", "driftDetected")
         VALUES ($1, $2, 118, 'prisma', 0, 0, 0, 118, false)`,
        [id, at(days)],
      );
    const incident = (id: string, days: number, cleared: boolean) =>
      stores.db.query(`INSERT INTO "HealthIncident" (id, at, kind, detail, "clearedAt") VALUES ($1, $2, 'skill_loss_suspected', '{}', $3)`, [id, at(days), cleared ? at(days - 1) : null]);
    await snapshot("old", 91);
    await snapshot("kept", 89);
    await incident("old-cleared", 95, true);
    await incident("old-open", 95, false);
    await incident("recent", 10, true);

    expect((await cron()).pruned).toEqual({ snapshots: 1, incidents: 1 });
    const left = await stores.db.query<{ id: string }>(`SELECT id FROM "HealthSnapshot" WHERE id IN ('old', 'kept')`);
    expect(left).toEqual([{ id: "kept" }]);
    expect((await stores.db.query<{ id: string }>(`SELECT id FROM "HealthIncident" ORDER BY id`)).map((r) => r.id)).toEqual(["old-open", "recent"]);
    expect((await cron()).pruned).toEqual({ snapshots: 0, incidents: 0 });

    const ninety = await history("?days=90");
    expect(ninety.snapshots.map((s) => s.id)).toContain("kept");
    expect(ninety.incidents.map((i) => i.id)).toEqual(["recent", "old-open"]); // an open incident overlaps every window
  });
});

describe("GET /api/v1/admin/health/history", () => {
  it("needs admin credentials: 401 without, 403 for a REVIEWER, 200 for a SUPER_ADMIN", async () => {
    const none = await getHistory("?days=7", {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const reviewer = await signAdminToken({ secret: SECRET, email: "r@example.com", role: "REVIEWER" });
    const forbidden = await getHistory("?days=7", { authorization: `Bearer ${reviewer}` });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const admin = await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN" });
    expect((await getHistory("?days=7", { authorization: `Bearer ${admin}` })).status).toBe(200);
  });

  it.each([
    ["?days=0", "days: must be at least 1"],
    ["?days=91", "days: must be at most 90"],
    ["?days=-3", "days: must be at least 1"],
    ["?days=1.5", "days: must be a whole number of days"],
    ["?days=seven", "days: must be a number"],
  ])("%s -> 400 %s", async (query, message) => {
    const res = await getHistory(query);
    expect(res.status).toBe(400); // (errors are no-store at the worker's entry, http/cache-policy.ts)
    expect(await res.json()).toEqual({ error: { code: "bad_request", message } });
  });

  it("answers the contract's shape, newest first, no-store; days bounds the window (default 7)", async () => {
    await publishCatalogue(10);
    const run = await cron();
    await stores.db.query(
      `INSERT INTO "HealthSnapshot" (id, at, listed, "listedFrom", "kvIndexCount", "kvEnumeratedCount", "prismaCount", "seedCount", "driftDetected")
       VALUES ('three-days-ago', now() - interval '3 days', 128, 'prisma', 10, 10, 10, 118, false), ('eight-days-ago', now() - interval '8 days', 128, 'prisma', 10, 10, 10, 118, false)`,
    );
    const res = await getHistory("?days=7");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as HealthHistory;
    expect(body).toEqual({ days: 7, snapshots: expect.any(Array), incidents: [], database: { reachable: true } });
    expect(body.snapshots.map((s) => s.id)).toEqual([run.snapshot.id, "three-days-ago"]);
    expect(body.snapshots[0]).toEqual({
      id: run.snapshot.id,
      at: run.snapshot.at,
      listed: 128,
      listed_from: "prisma",
      kv_index_count: 10,
      kv_enumerated_count: 10,
      prisma_count: 10,
      seed_count: SEED_SKILL_COUNT,
      delisted_count: 0,
      drift_detected: false,
      drifts: [],
      stored: "postgres",
    });
    expect((await history("")).days).toBe(7);
    expect((await history("?days=1")).snapshots.map((s) => s.id)).toEqual([run.snapshot.id]);
    expect((await history("?days=90")).snapshots.map((s) => s.id)).toEqual([run.snapshot.id, "three-days-ago", "eight-days-ago"]);
  });
});
