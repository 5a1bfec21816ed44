// npm start — the whole marketplace locally on embedded defaults: the built worker under
// `wrangler dev` (local KV, queue and cron in .data/wrangler) and Postgres from DATABASE_URL, or an
// embedded Postgres in .data/postgres when none is configured. Ctrl-C stops everything cleanly.
import path from "node:path";
import { applyMigrations } from "./lib/migrations";
import { startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";
import { ensureWorkerBuilt, ROOT } from "./lib/worker-build";
import { startWranglerDev } from "./lib/wrangler-dev";

const port = Number(process.env.PORT ?? 8787);
let embedded: RunningPostgres | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.log("No DATABASE_URL: starting the embedded Postgres (data in .data/postgres)…");
  embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data/postgres"), database: "skills" });
  databaseUrl = embedded.url;
}
const migrated = await applyMigrations(databaseUrl);
console.log(`Database ready (${migrated.applied.length} migrations applied now, ${migrated.skipped.length} before).`);

ensureWorkerBuilt();

// The worker reaches Postgres through its HYPERDRIVE binding (wrangler dev's local Hyperdrive in
// front of this database: the production code path), so it needs no DATABASE_URL.
const vars: Record<string, string> = {};
for (const name of ["INTERNAL_BROADCAST_KEY", "JWT_SECRET", "GITHUB_TOKEN", "GITHUB_API_URL"]) {
  if (process.env[name]) vars[name] = process.env[name]!;
}
const worker = await startWranglerDev({ port, persistTo: path.join(ROOT, ".data/wrangler"), vars, hyperdrive: databaseUrl, inheritOutput: true });
console.log(`\nSkill Marketplace is running at ${worker.url}  (Ctrl-C to stop)`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping…");
  await worker.stop();
  await embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
worker.process.once("exit", (code) => {
  if (!stopping) {
    console.error(`wrangler dev exited (${code})`);
    void embedded?.stop().finally(() => process.exit(1));
  }
});
