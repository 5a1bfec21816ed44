// The deployed worker: OpenNext's fetch handler, plus the submission queue consumer and the
// hourly cron, which run the project's own code in src/lib under each invocation's env.
// Every fetch is one invocation (src/lib/platform/worker-context.ts): its env is validated once
// here, and its database client is closed only after the response body has finished streaming.
import openNext from "./.open-next/worker.js";
import { handleQueueBatch } from "./src/lib/submissions/queue-consumer.ts";
import { runScheduled } from "./src/lib/operations/scheduled.ts";
import { openInvocation } from "./src/lib/platform/worker-context.ts";
import { getEnv } from "./src/lib/platform/env.ts";
import { logEvent } from "./src/lib/platform/log.ts";
import { rejectMalformedPath } from "./src/lib/http/path-guard.ts";

export default {
  async fetch(request, env, ctx) {
    const malformed = rejectMalformedPath(request.url);
    if (malformed) return malformed;
    const invocation = openInvocation(env);
    let response;
    try {
      response = await invocation.run(() => {
        getEnv();
        return openNext.fetch(request, env, ctx);
      });
    } catch (err) {
      ctx.waitUntil(invocation.close());
      logEvent("error", "request_failed", { url: request.url, error: String(err) });
      return Response.json({ error: { code: "internal_error", message: "The worker is misconfigured or failed; see its logs" } }, { status: 500 });
    }
    if (!response.body) {
      ctx.waitUntil(invocation.close());
      return response;
    }
    // Close the invocation when the body has been streamed (or the client went away).
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      ctx.waitUntil(invocation.close());
    };
    const reader = response.body.getReader();
    const stream = new ReadableStream({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          close();
          controller.close();
        } catch (err) {
          close();
          controller.error(err);
        }
      },
      cancel(reason) {
        close();
        return reader.cancel(reason);
      },
    });
    return new Response(stream, response);
  },

  async queue(batch, env, ctx) {
    await handleQueueBatch(batch, env);
  },

  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env));
  },
};
