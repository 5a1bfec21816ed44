// The bench's entry (never deployed): the real worker (worker-with-queues.js), plus probes under
// /api/__bench/ (routed as the API is: straight to the worker) that each do one part of an
// uncached listing, so `npm run bench -- e2e-latency` can print where that listing's time goes.
// Every other request goes to the real worker unchanged; the only added cost is one substring
// test of the URL.
import worker from "../worker-with-queues.js";
import { openInvocation } from "../src/lib/platform/worker-context.ts";
import { getEnv } from "../src/lib/platform/env.ts";
import { withDb } from "../src/lib/platform/db.ts";
import { getSkills, SEED } from "../src/lib/data.ts";
import { parseSkillQuery } from "../src/lib/catalog/listing-query.ts";
import { overlayMatches, windowFor } from "../src/lib/catalog/overlay.ts";
import { getPublishedSkillsFromDb } from "../src/lib/catalog/postgres/listing-sql.ts";

const QUERY = parseSkillQuery(new URLSearchParams(""));

/** Runs `fn` as the worker entry runs a request: one invocation, its env validated, closed after. */
async function inInvocation(env, ctx, fn) {
  const invocation = openInvocation(env);
  try {
    return await invocation.run(() => {
      getEnv();
      return fn();
    });
  } finally {
    ctx.waitUntil(invocation.close());
  }
}

let listingBody; // the default listing's JSON, rendered once: the size a stored entry has

const PROBES = {
  // The app's database client: a connection of the invocation's own and `SELECT 1`.
  "/api/__bench/connect": (request, env, ctx) => inInvocation(env, ctx, () => withDb((db) => db.$queryRawUnsafe("SELECT 1 AS one"))).then(() => Response.json({ ok: true })),
  // The same, with the listing's own statement and its rows mapped to skills (no JSON body).
  "/api/__bench/query": (request, env, ctx) =>
    inInvocation(env, ctx, () => withDb((db) => getPublishedSkillsFromDb(db, QUERY, windowFor(QUERY, overlayMatches(SEED, QUERY).length), SEED.names))).then((w) =>
      Response.json({ rows: w.rows.length }),
    ),
  // A listing-sized body from memory, stored in the Cache API under a new key (as a miss does) or not.
  "/api/__bench/body": (request, env, ctx) => listingResponse(request, env, ctx, null),
  "/api/__bench/body-stored": (request, env, ctx) => listingResponse(request, env, ctx, "store"),
  // The same, after looking up a key the Cache API does not hold (as a miss does first).
  "/api/__bench/body-looked-up": (request, env, ctx) => listingResponse(request, env, ctx, "lookup"),
};

async function listingResponse(request, env, ctx, cacheOp) {
  listingBody ??= JSON.stringify(await inInvocation(env, ctx, () => getSkills(QUERY)));
  if (cacheOp === "lookup") await caches.default.match(`${new URL(request.url).origin}/api/__bench/absent/${crypto.randomUUID()}`);
  if (cacheOp === "store") {
    const key = `${new URL(request.url).origin}/api/__bench/stored/${crypto.randomUUID()}`;
    ctx.waitUntil(caches.default.put(key, new Response(listingBody, { headers: { "content-type": "application/json", "cache-control": "public, max-age=60" } })));
  }
  return new Response(listingBody, { headers: { "content-type": "application/json" } });
}

export default {
  ...worker,
  fetch(request, env, ctx) {
    if (request.url.includes("/__bench/")) {
      const probe = PROBES[new URL(request.url).pathname];
      if (probe) return probe(request, env, ctx);
    }
    return worker.fetch(request, env, ctx);
  },
};
