// The audit log's pure parts: bounded values (a hostile body cannot bloat the log, and every store
// can hold what is kept), the pending key's newest-first order, the query schema and the actor.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { formatZodError } from "@/lib/http/errors";
import { auditActor } from "@/lib/operations/audit";
import {
  AUDIT_JSON_MAX_BYTES,
  AUDIT_PENDING_PREFIX,
  boundJson,
  boundParams,
  boundText,
  parseAuditQuery,
  pendingAuditKey,
  storedAuditEntrySchema,
} from "@/lib/operations/audit-entry";

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

describe("boundJson", () => {
  it.each<[string, unknown, unknown]>([
    ["a small object, unchanged", { dryRun: true, n: 3, list: ["a"] }, { dryRun: true, n: 3, list: ["a"] }],
    ["undefined as null", undefined, null],
    ["null", null, null],
    ["a Date as its JSON string", { at: new Date(0) }, { at: "1970-01-01T00:00:00.000Z" }],
    ["undefined members dropped", { a: undefined, b: 1 }, { b: 1 }],
    ["NUL and other controls dropped from keys and strings", { "k\u0000ey": "a\u0000b\u0007c\n" }, { key: "abc\n" }],
    ["a lone surrogate as U+FFFD", { s: "x\ud800" }, { s: "x\ufffd" }],
  ])("keeps %s", (_, input, expected) => {
    expect(boundJson(input)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ["a long string", { reason: "x".repeat(100_000) }],
    ["many quotes (escaped twice in the preview)", { reason: '"'.repeat(50_000) }],
    ["multi-byte text", { reason: "é".repeat(10_000) }],
    ["astral characters, split anywhere", { reason: "😀".repeat(10_000) }],
    ["a long array", Array.from({ length: 10_000 }, (_, i) => i)],
    ["deep nesting", JSON.parse(`${"[".repeat(500)}${"]".repeat(500)}`.replace("[]", `["${"y".repeat(9000)}"]`))],
  ])("truncates %s to a marker within the limit", (_, input) => {
    const out = boundJson(input) as { truncated: boolean; bytes: number; preview: string };
    expect(out).toMatchObject({ truncated: true, bytes: expect.any(Number), preview: expect.any(String) });
    expect(out.bytes).toBeGreaterThan(AUDIT_JSON_MAX_BYTES);
    expect(bytes(out)).toBeLessThanOrEqual(AUDIT_JSON_MAX_BYTES);
    expect(out.preview.isWellFormed()).toBe(true);
  });

  it("keeps a value of exactly the limit, truncates one byte more", () => {
    const at = (n: number) => ({ r: "x".repeat(n - bytes({ r: "" })) });
    expect(boundJson(at(AUDIT_JSON_MAX_BYTES))).toEqual(at(AUDIT_JSON_MAX_BYTES));
    expect(boundJson(at(AUDIT_JSON_MAX_BYTES + 1))).toMatchObject({ truncated: true });
  });

  it.each<[string, unknown]>([
    ["a cycle", cyclic],
    ["a BigInt", { n: 1n }],
  ])("replaces %s (not JSON) with a marker instead of throwing", (_, input) => {
    expect(boundJson(input)).toMatchObject({ truncated: true, error: expect.stringMatching(/^not JSON: /) });
  });
});

describe("boundParams and boundText", () => {
  it("keeps params an object", () => {
    expect(boundParams(undefined)).toEqual({});
    expect(boundParams({ a: 1 })).toEqual({ a: 1 });
    expect(boundParams({ a: "x".repeat(10_000) })).toMatchObject({ truncated: true });
  });

  it("cuts text to 256 characters, cleaned, a cut surrogate pair leaving no lone half", () => {
    expect(boundText("a".repeat(1000))).toHaveLength(256);
    expect(boundText("ok\u0000")).toBe("ok");
    const cut = boundText(`${"a".repeat(255)}😀`);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut).toHaveLength(256);
  });
});

describe("pendingAuditKey", () => {
  it("sorts newer entries first in KV's (byte-wise ascending) order", () => {
    const times = ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.001Z", "2030-06-01T12:00:00.000Z", "1999-12-31T23:59:59.999Z"];
    const keys = times.map((at, i) => pendingAuditKey({ id: `id-${i}`, at }));
    expect(keys.every((k) => k.startsWith(AUDIT_PENDING_PREFIX))).toBe(true);
    const byKey = [...keys].sort();
    expect(byKey.map((k) => times[keys.indexOf(k)])).toEqual([...times].sort().reverse());
    expect(keys[0]).toMatch(/^audit:pending:\d{13}:id-0$/);
  });
});

describe("storedAuditEntrySchema", () => {
  const entry = { id: "1", at: "2026-01-01T00:00:00.000Z", actor: "internal-key", action: "delist", target: null, params: {}, result: null };
  it("accepts an entry, also with an action a newer deployment added", () => {
    expect(storedAuditEntrySchema.safeParse(entry).success).toBe(true);
    expect(storedAuditEntrySchema.safeParse({ ...entry, action: "future-action" }).success).toBe(true);
  });
  it.each([["no id", { ...entry, id: "" }], ["a bad time", { ...entry, at: "yesterday" }], ["params not an object", { ...entry, params: [] }]])("refuses %s", (_, v) => {
    expect(storedAuditEntrySchema.safeParse(v).success).toBe(false);
  });
});

describe("parseAuditQuery", () => {
  const parse = (q: string) => parseAuditQuery(new URLSearchParams(q));
  const reason = (q: string) => {
    try {
      parse(q);
      return null;
    } catch (err) {
      return formatZodError(err as ZodError);
    }
  };
  it("defaults to page 1 of 50", () => {
    expect(parse("")).toEqual({ page: 1, limit: 50 });
    expect(parse("page=&limit=")).toEqual({ page: 1, limit: 50 });
    expect(parse("page=3&limit=100")).toEqual({ page: 3, limit: 100 });
  });
  it.each([
    ["limit=0", "limit: must be at least 1"],
    ["limit=101", "limit: must be at most 100"],
    ["limit=x", "limit: must be a number"],
    ["page=0", "page: must be at least 1"],
    ["page=2.5", "page: must be a whole number"],
    ["page=1000001", "page: must be at most 1000000"],
  ])("%s -> %s", (q, message) => {
    expect(reason(q)).toBe(message);
  });
});

describe("auditActor", () => {
  it.each<[Parameters<typeof auditActor>[0], string]>([
    [{ kind: "internal-key" }, "internal-key"],
    [{ kind: "jwt", subject: "ops@example.com", role: "SUPER_ADMIN" }, "token:ops@example.com"],
    [{ kind: "jwt", subject: undefined, role: "SUPER_ADMIN" }, "token:unknown"],
    [{ kind: "jwt", subject: "", role: "SUPER_ADMIN" }, "token:unknown"],
  ])("%j -> %s", (who, actor) => {
    expect(auditActor(who)).toBe(actor);
  });
});
