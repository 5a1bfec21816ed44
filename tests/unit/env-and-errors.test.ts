import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_GITHUB_API_URL, EnvError, getEnv, parseEnv } from "@/lib/platform/env";
import { runWithWorkerEnv } from "@/lib/platform/worker-context";
import { ApiError, handleApiError, withErrors } from "@/lib/http/errors";

const kv = { list() {}, get() {}, put() {}, delete() {} };

describe("parseEnv", () => {
  it("accepts bindings and vars and applies defaults", () => {
    const env = parseEnv({ SUBMISSIONS_KV: kv, DATABASE_URL: "postgresql://u@h/db" });
    expect(env.GITHUB_API_URL).toBe("https://api.github.com");
  });

  it.each([
    [{}, /SUBMISSIONS_KV: SUBMISSIONS_KV must be a binding with list\(\)/],
    [{ SUBMISSIONS_KV: kv, DATABASE_URL: "mysql://x" }, /DATABASE_URL: DATABASE_URL must be a postgres/],
    [{ SUBMISSIONS_KV: kv, GITHUB_API_URL: "not a url" }, /GITHUB_API_URL/],
    [{ SUBMISSIONS_KV: kv, SUBMISSION_QUEUE: {} }, /SUBMISSION_QUEUE must be a binding with send\(\)/],
  ])("names the bad setting (%#)", (raw, message) => {
    expect(() => parseEnv(raw)).toThrow(EnvError);
    expect(() => parseEnv(raw)).toThrow(message);
  });
});

describe("getEnv", () => {
  const envIn = (raw: object) => runWithWorkerEnv(raw, () => getEnv());

  it("validates an isolate's env once, not once per invocation", async () => {
    const raw = { SUBMISSIONS_KV: kv, DATABASE_URL: "postgresql://u@h/db" };
    const first = await envIn(raw);
    expect(await envIn(raw)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it("validates again when a binding, a var or a process.env setting changes", async () => {
    const raw: Record<string, unknown> = { SUBMISSIONS_KV: kv, DATABASE_URL: "postgresql://u@h/db" };
    const first = await envIn(raw);
    raw.DATABASE_URL = "postgresql://u@h/other";
    expect((await envIn(raw)).DATABASE_URL).toBe("postgresql://u@h/other");
    raw.DATABASE_URL = "mysql://x";
    await expect(envIn(raw)).rejects.toThrow(/DATABASE_URL must be a postgres/);
    // A bad environment fails on every request until it is fixed.
    await expect(envIn(raw)).rejects.toThrow(EnvError);
    raw.DATABASE_URL = "postgresql://u@h/db";
    const again = await envIn(raw);
    expect(again).toEqual(first);
    const penv = process.env as Record<string, string | undefined>;
    const before = penv.GITHUB_API_URL;
    penv.GITHUB_API_URL = "https://github.example.com/api/v3";
    try {
      expect((await envIn(raw)).GITHUB_API_URL).toBe("https://github.example.com/api/v3");
    } finally {
      penv.GITHUB_API_URL = before;
      if (before === undefined) delete penv.GITHUB_API_URL;
    }
    expect((await envIn(raw)).GITHUB_API_URL).toBe(before ?? DEFAULT_GITHUB_API_URL);
    raw.SUBMISSIONS_KV = {};
    await expect(envIn(raw)).rejects.toThrow(/SUBMISSIONS_KV must be a binding/);
  });
});

describe("handleApiError", () => {
  it("keeps the one error shape for known errors", async () => {
    const res = handleApiError(new ApiError("not_found", "No skill named x"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "No skill named x" } });
  });

  it("turns zod errors into 400 with the reason", async () => {
    const parsed = z.object({ page: z.number() }).safeParse({ page: "x" });
    const res = handleApiError(parsed.error);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/^page: /);
  });

  it("hides unexpected errors behind a 500 with a request id", async () => {
    const res = await withErrors(async () => {
      throw new Error("password=hunter2 at db.internal:5432");
    })(new Request("http://x/"), {});
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("db.internal");
    expect(JSON.parse(text).error.code).toBe("internal_error");
  });
});
