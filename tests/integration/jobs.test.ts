// Rebuild jobs on real Miniflare KV and real Postgres: one call starts a rebuild over thousands of
// legacy records; it answers 202 with the job, whose queued steps (delivered here one at a time,
// as the admin-jobs queue with batch size 1 does; the e2e suite runs the real queue) finish it;
// the job shows progress and the final report; a second start is 409 with the running job's id;
// duplicate and failed deliveries lose nothing; the cron's reconcile waits for the job.
import { describe, expect, it } from "vitest";
import { POST as REBUILD } from "@/app/api/v1/admin/rebuild-index/route";
import { GET as JOB } from "@/app/api/v1/admin/jobs/[id]/route";
import { POST as MIGRATE } from "@/app/api/v1/admin/migrate-slugs/route";
import { runJobStep, withRebuildLock, type JobMessage, type JobView } from "@/lib/operations/jobs";
import { runScheduled } from "@/lib/operations/scheduled";
import { handleQueueBatch } from "@/lib/submissions/queue-consumer";
import { readPublishedIndex } from "@/lib/catalog/kv/published-index";
import { instrumentKV } from "../helpers/kv";
import { refusedDatabaseUrl } from "../helpers/network";
import { useStores } from "../helpers/stores";
import { legacyEntry } from "../helpers/skills";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";

const stores = useStores();
const KEY = "test-only-internal-key-not-real";

/** A queue binding that keeps what is sent, so the test delivers each message itself. */
function recordingQueue() {
  const sent: JobMessage[] = [];
  return { sent, binding: { send: async (body: JobMessage) => void sent.push(body), sendBatch: async () => undefined } as unknown as Queue };
}

const legacy = (n: number) =>
  Array.from({ length: n }, (_, i) => legacyEntry(`old-tool-${String(i).padStart(5, "0")}`, { repoUrl: `https://github.com/legacy-org/tools-${i % 40}`, name: `old-tool-${String(i).padStart(5, "0")}`, description: `A tool published before metadata existed, number ${i}, that formats reports for the team.` }));

function env(queue?: Queue, url?: string) {
  return { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: url ?? stores.db.url, INTERNAL_BROADCAST_KEY: KEY, ...(queue ? { ADMIN_JOB_QUEUE: queue } : {}) };
}

async function start(queue?: Queue, query = "", url?: string): Promise<Response> {
  return runWithWorkerEnv(env(queue, url), () => REBUILD(new Request(`http://localhost/api/v1/admin/rebuild-index${query}`, { method: "POST", headers: { "x-internal-key": KEY } }), {}));
}

async function job(id: string): Promise<{ status: number; body: JobView }> {
  const res = await runWithWorkerEnv(env(), () => JOB(new Request(`http://localhost/api/v1/admin/jobs/${id}`, { headers: { "x-internal-key": KEY } }), { params: Promise.resolve({ id }) }));
  return { status: res.status, body: (await res.json()) as JobView };
}

async function deliver(queue: ReturnType<typeof recordingQueue>, message: JobMessage, attempts = 1, kv: KVNamespace = stores.store.kv): Promise<"done" | "retry"> {
  return runWithWorkerEnv({ ...env(queue.binding), SUBMISSIONS_KV: kv }, () => runJobStep(kv, message, attempts));
}

describe("rebuild jobs: one call, finished through the queue", () => {
  it("2,500 legacy records: 202 with the job, queued steps finish it, progress and the final report in the job", async () => {
    await stores.store.seed(legacy(2500));
    const queue = recordingQueue();
    const res = await start(queue.binding);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { job: { id: string; state: string } };
    expect(body.job.state).toBe("running");
    expect(res.headers.get("location")).toBe(`/api/v1/admin/jobs/${body.job.id}`);

    const first = await job(body.job.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: "rebuild-index", state: "running", actor: "internal-key", dryRun: false });
    expect(first.body.progress.processed).toBeGreaterThan(0);
    expect(first.body.progress.processed).toBeLessThan(2500);
    expect(queue.sent).toEqual([{ kind: "admin-job", jobId: body.job.id, step: 2 }]);

    // A second start while it runs: 409 with the running job's id.
    const again = await start(queue.binding);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict" }, job: { id: body.job.id, state: "running" } });

    let delivered = 0;
    while (queue.sent.length > delivered) {
      const m = queue.sent[delivered++]!;
      expect(await deliver(queue, m)).toBe("done");
      expect(delivered).toBeLessThan(20);
    }
    const done = await job(body.job.id);
    expect(done.body.state).toBe("done");
    expect(done.body.progress).toEqual({ processed: 2500, total: 2500 });
    expect(done.body.steps.length).toBe(delivered + 1);
    expect(done.body.report).toMatchObject({ ok: true, complete: true, scanned: 2500, rebuilt: 2500, metadataRepaired: 2500, prismaBackfilled: 2500, indexSize: 2500 });
    const [{ n }] = await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Skill"`);
    expect(n).toBe(2500);
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.length).toBe(2500);

    // Finished: a new start runs (one step suffices now: nothing to repair).
    const third = await start(queue.binding);
    expect(third.status).toBe(200);
    expect(await third.json()).toMatchObject({ complete: true, job: { state: "done" } });
  });

  it("a duplicate delivery is dropped; a failed step is retried from the same cursor and loses nothing", async () => {
    await stores.store.seed(legacy(1800));
    const queue = recordingQueue();
    const { job: started } = (await (await start(queue.binding)).json()) as { job: { id: string } };
    const step2 = queue.sent[0]!;
    // The step fails (KV cannot list): retried, and the job stays where it was.
    const broken = instrumentKV(stores.store.kv, { failList: true });
    expect(await deliver(queue, step2, 1, broken.kv)).toBe("retry");
    expect((await job(started.id)).body).toMatchObject({ state: "running", steps: [expect.objectContaining({ step: 1 })] });
    expect(queue.sent).toHaveLength(1);
    // Redelivered: it runs; delivered once more (a duplicate): dropped.
    expect(await deliver(queue, step2, 2)).toBe("done");
    expect(await deliver(queue, step2, 1)).toBe("done");
    for (let i = 1; i < queue.sent.length; i++) await deliver(queue, queue.sent[i]!);
    const done = (await job(started.id)).body;
    expect(done.state).toBe("done");
    expect(done.steps.map((s) => s.step)).toEqual(Array.from({ length: done.steps.length }, (_, i) => i + 1));
    expect(done.report).toMatchObject({ scanned: 1800, prismaBackfilled: 1800 });
  });

  it("a step failing every time marks the job failed, which frees the lock", async () => {
    await stores.store.seed(legacy(1800));
    const queue = recordingQueue();
    const { job: started } = (await (await start(queue.binding)).json()) as { job: { id: string } };
    const broken = instrumentKV(stores.store.kv, { failList: true });
    expect(await deliver(queue, queue.sent[0]!, 8, broken.kv)).toBe("done");
    const failed = (await job(started.id)).body;
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/step 2 failed 8 times/);
    expect((await start(queue.binding)).status).toBe(202);
  });

  it("dry run: reports what it would do and writes nothing", async () => {
    await stores.store.seed(legacy(1800));
    const res = await start(recordingQueue().binding, "?dryRun=true");
    expect(res.status).toBe(200); // a dry run writes nothing, so 1,800 records fit one invocation
    expect(await res.json()).toMatchObject({ dryRun: true, complete: true, scanned: 1800, prismaBackfilled: 1800, job: { state: "done" } });
    expect(await stores.db.query(`SELECT name FROM "Skill"`)).toEqual([]);
    expect((await stores.store.kv.list({ prefix: "skill:" })).keys[0]!.metadata).toBeFalsy();
  });

  it("a small catalogue: 200 with the report at once; Postgres down: 503, and ?cursor= keeps the one-step mode", async () => {
    await stores.store.seed(legacy(20));
    const res = await start(recordingQueue().binding);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, complete: true, scanned: 20, job: { state: "done" } });

    // Postgres configured but down: no lock, so no job (503 saying what to do); ?cursor= runs one step.
    const down = await refusedDatabaseUrl();
    const refused = await start(undefined, "", down);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/\?cursor=/);
    const oneStep = await start(undefined, "?cursor=", down);
    expect(oneStep.status).toBe(200);
    expect(await oneStep.json()).toMatchObject({ ok: true, prismaBackfilled: null });
    // No database configured at all: one step.
    const kvOnly = await runWithWorkerEnv({ SUBMISSIONS_KV: stores.store.kv, INTERNAL_BROADCAST_KEY: KEY }, () =>
      REBUILD(new Request("http://localhost/api/v1/admin/rebuild-index", { method: "POST", headers: { "x-internal-key": KEY } }), {}),
    );
    expect(kvOnly.status).toBe(200);
  });

  it("unknown or malformed job ids: 404 and 400", async () => {
    expect((await job("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await job("not-a-job")).status).toBe(400);
  });

  it("the cron's reconcile waits while a job holds the lock, and runs once it is done", async () => {
    await stores.store.seed(legacy(1800));
    const queue = recordingQueue();
    await start(queue.binding);
    const cron = await runScheduled("0 * * * *", env());
    expect(cron.reconcile).toEqual({ skipped: "an admin job is running" });
    for (let i = 0; i < queue.sent.length; i++) await deliver(queue, queue.sent[i]!);
    const after = await runScheduled("0 * * * *", env());
    expect(after.reconcile).toMatchObject({ complete: true });
    // The lock is free again.
      expect(await runWithWorkerEnv(env(), () => withRebuildLock("test", async () => "ran"))).toBe("ran");
  });

  it("with the admin-jobs queue bound, the cron sends reconcile and the health snapshot to their own invocations", async () => {
    await stores.store.seed(legacy(50));
    const queue = recordingQueue();
    const cron = await runScheduled("0 * * * *", env(queue.binding));
    expect(cron).toMatchObject({ reconcile: { queued: true }, history: { queued: true } });
    expect(queue.sent).toEqual([{ kind: "cron-task", task: "reconcile" }, { kind: "cron-task", task: "history" }]);
    // Delivered as the queue would (one message per invocation): the backfill happens there.
    for (const body of queue.sent) {
      const acked: string[] = [];
      const message = { id: "m", timestamp: new Date(), attempts: 1, body, ack: () => acked.push("ack"), retry: () => acked.push("retry") };
      await handleQueueBatch({ queue: "admin-jobs", messages: [message], ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>, env(queue.binding));
      expect(acked).toEqual(["ack"]);
    }
    const [{ n }] = await stores.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Skill"`);
    expect(n).toBe(50);
    expect(await stores.db.query(`SELECT id FROM "HealthSnapshot"`)).toHaveLength(1);
  });

  it("migrate-slugs is a job too: 150 legacy slugs over several steps, 409 while another job runs", async () => {
    await stores.store.seed(Array.from({ length: 150 }, (_, i) => legacyEntry(`Old_Tool_${i}`, { repoUrl: `https://github.com/legacy-org/old-${i}`, name: `Old_Tool_${i}` })));
    const queue = recordingQueue();
    const migrate = () =>
      runWithWorkerEnv(env(queue.binding), () => MIGRATE(new Request("http://localhost/api/v1/admin/migrate-slugs", { method: "POST", headers: { "x-internal-key": KEY } }), {}));
    const res = await migrate();
    expect(res.status).toBe(202);
    const { job: started } = (await res.json()) as { job: { id: string } };
    // One admin job at a time: a rebuild meanwhile is refused with the running job.
    const rebuild = await start(queue.binding);
    expect(rebuild.status).toBe(409);
    expect(await rebuild.json()).toMatchObject({ job: { id: started.id } });
    for (let i = 0; i < queue.sent.length; i++) expect(await deliver(queue, queue.sent[i]!)).toBe("done");
    const done = (await job(started.id)).body;
    expect(done).toMatchObject({ kind: "migrate-slugs", state: "done", progress: { processed: 150 } });
    expect(done.steps.length).toBeGreaterThan(1);
    expect((done.report as { moved: unknown[] }).moved).toHaveLength(150);
    expect(await stores.store.kv.get("skill:alias:Old_Tool_7")).toBe("old-tool-7");
    expect((await migrate()).status).toBe(200); // nothing left to move: one step
  });
});
