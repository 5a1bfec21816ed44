// The deployed worker: OpenNext's fetch handler, plus the submission queue consumer and the
// hourly cron, which run the project's own code in src/lib under each invocation's env.
// Every fetch is one invocation (src/lib/platform/worker-context.ts): its env is validated once
// here, and its database client is closed only after the response body has finished streaming.
// Public GETs (listing, categories, one skill, their pages) are answered from the Workers Cache
// API when it holds them (src/lib/http/edge-cache.ts), before any of that; once rendered they are
// read in full to get their ETag and stored. Every other response of ours is `no-store`
// (src/lib/http/cache-policy.ts). A successful admin write purges the public entries.
import openNext from "./.open-next/worker.js";
import { handleQueueBatch } from "./src/lib/submissions/queue-consumer.ts";
import { runScheduled } from "./src/lib/operations/scheduled.ts";
import { openInvocation } from "./src/lib/platform/worker-context.ts";
import { getEnv } from "./src/lib/platform/env.ts";
import { logEvent } from "./src/lib/platform/log.ts";
import { rejectMalformedPath } from "./src/lib/http/path-guard.ts";
import { CATALOGUE_CHANGED_HEADER, changesCatalogue, finishPublicRead, matchPublicRead, planPublicRead, purgePublicCache } from "./src/lib/http/edge-cache.ts";
import { NO_STORE, routeKind } from "./src/lib/http/cache-policy.ts";
import { withGoneStatus } from "./src/lib/http/gone-page.ts";
import { GET as listSkills } from "./src/app/api/v1/skills/route.ts";
import { GET as listCategories } from "./src/app/api/v1/skills/categories/route.ts";
import { GET as getSkill } from "./src/app/api/v1/skills/[name]/route.ts";

// The public JSON reads skip Next's router: the same route handlers, called directly (their
// request, response and errors are plain Fetch objects). A hot path this short is what lets an
// uncached listing cost little more than the database round trip.
const DIRECT_ROUTES = [
  [/^\/api\/v1\/skills$/, (request) => listSkills(request, {})],
  [/^\/api\/v1\/skills\/categories$/, (request) => listCategories(request, {})],
  [/^\/api\/v1\/skills\/([^/]+)$/, (request, name) => getSkill(request, { params: Promise.resolve({ name }) })],
];

function directRoute(request, { pathname }) {
  if (request.method !== "GET") return null;
  for (const [pattern, handler] of DIRECT_ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return () => handler(request, match[1]);
  }
  return null;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url); // parsed once for the guard, the cache plan and the routing
    const malformed = rejectMalformedPath(url);
    if (malformed) return malformed;
    const publicRead = planPublicRead(request, env, url);
    if (publicRead) {
      const hit = await matchPublicRead(publicRead, request, ctx);
      if (hit) return hit;
    }
    const invocation = openInvocation(env);
    const direct = directRoute(request, url);
    let response;
    try {
      response = await invocation.run(() => {
        getEnv();
        return direct ? direct() : withGoneStatus(request, () => openNext.fetch(request, env, ctx));
      });
    } catch (err) {
      ctx.waitUntil(invocation.close());
      logEvent("error", "request_failed", { url: request.url, error: String(err) });
      return Response.json({ error: { code: "internal_error", message: "The worker is misconfigured or failed; see its logs" } }, { status: 500 });
    }
    if (changesCatalogue(request, response) && response.status < 400) {
      ctx.waitUntil(purgePublicCache([env.PUBLIC_ORIGIN || url.origin]));
    }
    if (publicRead) {
      // Read in full (the page has finished rendering, so the invocation can close), then tag it.
      let body;
      try {
        body = response.body ? await response.arrayBuffer() : new ArrayBuffer(0);
      } catch (err) {
        logEvent("error", "request_failed", { url: request.url, error: String(err) });
        return Response.json({ error: { code: "internal_error", message: "The response failed while rendering; see the logs" } }, { status: 500, headers: { "cache-control": NO_STORE } });
      } finally {
        ctx.waitUntil(invocation.close());
      }
      return finishPublicRead(publicRead, request, response, body, invocation.degraded(), ctx);
    }
    if (routeKind(request.method, url.pathname) === "private") {
      response = new Response(response.body, response);
      response.headers.set("cache-control", NO_STORE);
      response.headers.delete(CATALOGUE_CHANGED_HEADER);
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
