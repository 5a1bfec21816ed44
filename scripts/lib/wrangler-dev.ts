/**
 * Runs the built worker under `wrangler dev` (workerd + Miniflare: real local KV, queues and
 * cron). It is started in its own process group (detached) so `stop()` ends wrangler, workerd and
 * esbuild together, by PID, never by name.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./embedded-postgres";
import { ROOT } from "./worker-build";

export interface RunningWorker {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything wrangler printed so far (for diagnosing failures). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The string wrangler dev's local Hyperdrive connects to: `url` with a password (wrangler refuses
 * one without; a trust-auth server accepts any).
 */
export function hyperdriveLocalUrl(url: string): string {
  const u = new URL(url);
  if (!u.password) u.password = "local";
  return u.toString();
}

export async function startWranglerDev(opts: {
  persistTo: string;
  vars?: Record<string, string>;
  /** Postgres for the HYPERDRIVE binding (default: wrangler.jsonc's localConnectionString). */
  hyperdrive?: string;
  port?: number;
  inheritOutput?: boolean;
  readyPath?: string;
  readyTimeoutMs?: number;
  /** Another entry than wrangler.jsonc's `main` (the bench's probe worker). */
  script?: string;
  /** Serve /__scheduled (wrangler's --test-scheduled, a middleware in front of every request); default true. */
  testScheduled?: boolean;
}): Promise<RunningWorker> {
  const port = opts.port ?? (await freePort());
  const args = ["wrangler", "dev", ...(opts.script ? [opts.script] : []), "--port", String(port), "--ip", "127.0.0.1", "--persist-to", opts.persistTo, ...(opts.testScheduled === false ? [] : ["--test-scheduled"]), "--show-interactive-dev-session=false"];
  for (const [k, v] of Object.entries(opts.vars ?? {})) args.push("--var", `${k}:${v}`);
  const child = spawn("npx", args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CI: "true",
      ...(opts.hyperdrive ? { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveLocalUrl(opts.hyperdrive) } : {}),
    },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (opts.inheritOutput || process.env.WORKER_LOGS) process.stdout.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5000));
    if ((await Promise.race([exited, timeout])) === "timeout") {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode}):\n${output.slice(-4000)}`);
    try {
      const res = await fetch(url + (opts.readyPath ?? "/api/v1/skills/categories"), { signal: AbortSignal.timeout(10_000) });
      if (res.status < 500) return { url, port, process: child, output: () => output, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`wrangler dev did not become ready on ${url}:\n${output.slice(-4000)}`);
}
