/**
 * One zod schema for the worker's vars, secrets and bindings. A bad environment fails loudly with
 * the name of the offending setting; optional settings degrade features (see README).
 */
import { z } from "zod";
import { currentInvocation, getWorkerEnv } from "./worker-context";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

const binding = <T>(name: string, method: string) =>
  z.custom<T>(
    (v) => typeof v === "object" && v !== null && typeof (v as Record<string, unknown>)[method] === "function",
    `${name} must be a binding with ${method}()`,
  );

/** A Hyperdrive binding: its `connectionString` points at Hyperdrive's pooler (or, under wrangler dev, a local proxy). */
const hyperdrive = z.custom<Hyperdrive>(
  (v) => typeof v === "object" && v !== null && typeof (v as Record<string, unknown>).connectionString === "string",
  "HYPERDRIVE must be a Hyperdrive binding with a connectionString",
);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL");

export const envSchema = z.object({
  SUBMISSIONS_KV: binding<KVNamespace>("SUBMISSIONS_KV", "list"),
  SUBMISSION_QUEUE: binding<Queue>("SUBMISSION_QUEUE", "send").optional(),
  /** The admin-jobs queue (batch size 1): long rebuilds continue through it (operations/jobs.ts). */
  ADMIN_JOB_QUEUE: binding<Queue>("ADMIN_JOB_QUEUE", "send").optional(),
  SUBMIT_LIMITER: binding<RateLimit>("SUBMIT_LIMITER", "limit").optional(),
  HYPERDRIVE: hyperdrive.optional(),
  DATABASE_URL: postgresUrl.optional(),
  INTERNAL_BROADCAST_KEY: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_API_URL: z.string().url("GITHUB_API_URL must be a URL").default(DEFAULT_GITHUB_API_URL),
  /** The public origin (https://host) whose cached pages a publish purges from outside a request. */
  PUBLIC_ORIGIN: z
    .string()
    .regex(/^https?:\/\/[^/?#]+$/, "PUBLIC_ORIGIN must be an origin such as https://skills.example.com (no path)")
    .optional(),
  /** Where the skill-loss alarm POSTs its JSON (operations/alert-webhook.ts); unset: log line only. */
  ALERT_WEBHOOK_URL: z.string().url("ALERT_WEBHOOK_URL must be a URL").regex(/^https?:\/\//, "ALERT_WEBHOOK_URL must be an http(s) URL").optional(),
});

export type WorkerEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Validates a raw env (bindings plus string vars); throws EnvError naming every bad setting. */
export function parseEnv(raw: unknown): WorkerEnv {
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new EnvError(`invalid worker environment: ${problems}`);
  }
  return result.data;
}

/** The settings a worker may also take from process.env (Node: `next dev`, scripts, tests). */
const PROCESS_VARS = ["DATABASE_URL", "INTERNAL_BROADCAST_KEY", "JWT_SECRET", "GITHUB_TOKEN", "GITHUB_API_URL", "PUBLIC_ORIGIN", "ALERT_WEBHOOK_URL"] as const;

/**
 * The last successful validation per raw env object, with every input it was made from. In workerd
 * the env object is the same for every request of an isolate, so the schema runs once per isolate,
 * not once per request (it was a measurable part of an uncached read); any change to a binding, a
 * var or a process.env setting validates again.
 */
const validated = new WeakMap<object, { inputs: unknown[]; env: WorkerEnv }>();

function inputsOf(worker: Record<string, unknown>): unknown[] {
  const inputs: unknown[] = PROCESS_VARS.map((name) => process.env[name]);
  for (const key in worker) inputs.push(key, worker[key]);
  return inputs;
}

const sameInputs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The current invocation's validated env (its vars first, then process.env's): entries call it
 * first, so a bad environment fails there, loudly, on every request until it is fixed.
 */
export function getEnv(): WorkerEnv {
  const invocation = currentInvocation();
  if (invocation?.env) return invocation.env;
  const worker = (getWorkerEnv() ?? {}) as Record<string, unknown>;
  const inputs = inputsOf(worker);
  const cached = validated.get(worker);
  let env: WorkerEnv;
  if (cached && sameInputs(cached.inputs, inputs)) {
    env = cached.env;
  } else {
    const fromProcess = Object.fromEntries(PROCESS_VARS.map((name, i) => [name, inputs[i]])); // read once, in inputsOf
    env = Object.freeze(parseEnv({ ...stripEmpty(fromProcess), ...stripEmpty(worker) }));
    validated.set(worker, { inputs, env });
  }
  if (invocation) invocation.env = env;
  return env;
}

/** The KV binding of the current invocation. */
export function getKV(): KVNamespace {
  const kv = getWorkerEnv()?.SUBMISSIONS_KV;
  if (!kv) throw new EnvError("SUBMISSIONS_KV binding is not available in this context");
  return kv;
}

/** The KV binding of the current invocation, or null where there is none (readers that can do without). */
export function tryGetKV(): KVNamespace | null {
  return getWorkerEnv()?.SUBMISSIONS_KV ?? null;
}

function stripEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ""));
}
