import { describe, expect, it } from "vitest";
import { backoffSeconds, handleQueueBatch, type QueueHandlers } from "@/lib/submissions/queue-consumer";
import { resolveDatabaseUrl } from "@/lib/platform/db";

type Outcome = { acked: boolean; retried?: { delaySeconds?: number } };

function batch(queue: string, bodies: unknown[]) {
  const outcomes: Outcome[] = [];
  const messages = bodies.map((body, i) => {
    const o: Outcome = { acked: false };
    outcomes.push(o);
    return {
      id: `m${i}`,
      timestamp: new Date(),
      body,
      attempts: 2,
      ack: () => { o.acked = true; },
      retry: (opts?: { delaySeconds?: number }) => { o.retried = opts ?? {}; },
    };
  });
  return { batch: { queue, messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>, outcomes };
}

function handlers(process: QueueHandlers["process"]): QueueHandlers {
  return { process, deadLetter: async () => undefined };
}

// The consumer validates its env before touching a message: give it a KV-shaped binding.
const kvBinding = { list: async () => ({ keys: [], list_complete: true }) } as unknown as KVNamespace;
const env = { SUBMISSIONS_KV: kvBinding };

const id = "7f8a1f0e-4c7a-4c53-9d55-0c7a3b1b2a10";

describe("handleQueueBatch", () => {
  it("acks malformed messages, processes valid ones, and retries failures with backoff", async () => {
    const { batch: b, outcomes } = batch("submission-processing", [{ nope: 1 }, { submissionId: id }, { submissionId: id }]);
    let calls = 0;
    await handleQueueBatch(b, env, handlers(async () => (++calls === 1 ? "done" : "retry")));
    expect(outcomes[0]).toEqual({ acked: true });
    expect(outcomes[1]).toEqual({ acked: true });
    expect(outcomes[2]!.retried).toEqual({ delaySeconds: backoffSeconds(2) });
  });

  it("retries when the processor throws", async () => {
    const { batch: b, outcomes } = batch("submission-processing", [{ submissionId: id }]);
    await handleQueueBatch(b, env, handlers(async () => {
      throw new Error("github down");
    }));
    expect(outcomes[0]!.acked).toBe(false);
    expect(outcomes[0]!.retried).toBeDefined();
  });

  it("records dead letters instead of processing them, then acks", async () => {
    const { batch: b, outcomes } = batch("submission-dlq", [{ submissionId: id }]);
    const dead: string[] = [];
    await handleQueueBatch(b, env, {
      process: async () => {
        throw new Error("must not be called");
      },
      deadLetter: async (m) => {
        dead.push(m.submissionId);
      },
    });
    expect(dead).toEqual([id]);
    expect(outcomes[0]).toEqual({ acked: true });
  });

  it("runs the processor under the batch's own env", async () => {
    const { batch: b } = batch("submission-processing", [{ submissionId: id }]);
    let seen: string | undefined;
    await handleQueueBatch(b, { ...env, DATABASE_URL: "postgresql://queue@127.0.0.1/q" }, handlers(async () => {
      seen = resolveDatabaseUrl();
      return "done";
    }));
    expect(seen).toBe("postgresql://queue@127.0.0.1/q");
  });

  it("an invalid env fails loudly at the start: the whole batch is retried, nothing is processed", async () => {
    const { batch: b, outcomes } = batch("submission-processing", [{ submissionId: id }]);
    let retriedAll = false;
    (b as { retryAll: () => void }).retryAll = () => { retriedAll = true; };
    let calls = 0;
    await handleQueueBatch(b, { ...env, DATABASE_URL: "mysql://nope" } as never, handlers(async () => (++calls, "done")));
    expect(calls).toBe(0);
    expect(retriedAll).toBe(true);
    expect(outcomes[0]!.acked).toBe(false);
  });

  it("backs off exponentially up to ten minutes", () => {
    expect([1, 2, 3, 10, 50].map(backoffSeconds)).toEqual([10, 20, 40, 600, 600]);
  });
});
