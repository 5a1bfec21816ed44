// The deployed worker: OpenNext's fetch handler, plus the submission queue consumer and the
// hourly cron, which run the project's own code in src/lib under each invocation's env.
import openNext from "./.open-next/worker.js";
import { handleQueueBatch } from "./src/lib/submissions/queue-consumer.ts";
import { runScheduled } from "./src/lib/operations/scheduled.ts";

export default {
  fetch: openNext.fetch,

  async queue(batch, env, ctx) {
    await handleQueueBatch(batch, env);
  },

  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env));
  },
};
