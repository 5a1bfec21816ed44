// Delist and relist on real Miniflare KV and real Postgres: a delisted skill is gone from every
// source (Postgres, KV enumeration, the index, the pending overlay, the seed-less fallback), its
// own API answers 410 with the reason, no store that missed the delist brings it back, publish
// and discovery cannot revive it, and a relist restores it everywhere from its kept record.
import { describe, expect, it } from "vitest";
import { POST as DELIST } from "@/app/api/v1/admin/skills/[name]/delist/route";
import { POST as RELIST } from "@/app/api/v1/admin/skills/[name]/relist/route";
import { GET as GET_SKILL } from "@/app/api/v1/skills/[name]/route";
import { getSkillCategories, getSkills, lookupSkill } from "@/lib/data";
import { signAdminToken } from "@/lib/http/auth";
import { aliasKey, skillKey } from "@/lib/catalog/kv/keys";
import { summarize } from "@/lib/catalog/kv/skill-record";
import { delistedKey } from "@/lib/catalog/kv/delisted";
import { markPending } from "@/lib/catalog/kv/pending";
import { addToPublishedIndex, readPublishedIndex } from "@/lib/catalog/kv/published-index";
import { enumeratePublishedSkills } from "@/lib/catalog/kv/enumerate";
import { SEED_SKILLS } from "@/lib/catalog/seed-data";
import { DelistedSkillError, publishSkill } from "@/lib/submission-store";
import { delistSkill, relistSkill } from "@/lib/operations/delist";
import { drainPendingSkills } from "@/lib/operations/drain-pending";
import { checkSkillHealth } from "@/lib/operations/skill-health";
import { rebuildPublishedIndex } from "@/lib/operations/rebuild-index";
import { instrumentKV } from "../helpers/kv";
import { refusedDatabaseUrl } from "../helpers/network";
import { useStores } from "../helpers/stores";
import { publishInput } from "../helpers/skills";

const stores = useStores();
const KEY = "test-only-internal-key-not-real";
const SECRET = "test-only-jwt-secret-not-real";
const admin = { INTERNAL_BROADCAST_KEY: KEY, JWT_SECRET: SECRET };

const input = publishInput;

async function publishThree(): Promise<void> {
  await stores.inWorker(async () => {
    for (const name of ["release-notes", "ledger-audit", "table-linter"]) await publishSkill(stores.store.kv, input(name));
  });
}

type Handler = (req: Request, ctx: { params: Promise<{ name: string }> }) => Promise<Response>;
function call(handler: Handler, name: string, opts: { body?: unknown; headers?: Record<string, string>; url?: string | null } = {}): Promise<Response> {
  const init: RequestInit = { method: "POST", headers: { "x-internal-key": KEY, "content-type": "application/json", ...opts.headers } };
  if (opts.body !== undefined) init.body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  return stores.inWorker(
    () => handler(new Request(`http://localhost/api/v1/admin/skills/${encodeURIComponent(name)}/x`, init), { params: Promise.resolve({ name }) }),
    opts.url,
    admin,
  );
}
const delist = (name: string, reason = "Malware: exfiltrates ~/.ssh", opts: Parameters<typeof call>[2] = {}) => call(DELIST as Handler, name, { body: { reason }, ...opts });
const relist = (name: string, opts: Parameters<typeof call>[2] = {}) => call(RELIST as Handler, name, opts);

async function listedNames(query = {}, url?: string | null): Promise<{ names: string[]; total: number; source: string }> {
  // The community skills of the test's repo owner (the 118 seed skills would fill the page).
  const res = await stores.inWorker(() => getSkills({ limit: 100, author: "acme", ...query }), url);
  return { names: res.skills.map((s) => s.name), total: res.total, source: res.source };
}

async function apiStatus(name: string, url?: string | null): Promise<{ status: number; body: { error?: { code: string; message: string }; name?: string } }> {
  const res = await stores.inWorker(() => (GET_SKILL as Handler)(new Request(`http://localhost/api/v1/skills/${name}`), { params: Promise.resolve({ name }) }), url);
  return { status: res.status, body: await res.json() };
}

describe("delist: gone from every source at once", () => {
  it("leaves the listing, search, categories and counts; the API answers 410 with the reason; the record is kept", async () => {
    await publishThree();
    const before = await listedNames();
    const categoriesBefore = await stores.inWorker(() => getSkillCategories());
    expect(before.names).toContain("ledger-audit");

    const res = await delist("ledger-audit");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: "ledger-audit", delisted: true, reason: "Malware: exfiltrates ~/.ssh", postgres: "done" });

    const after = await listedNames();
    expect(after.source).toBe("prisma");
    expect(after.names).not.toContain("ledger-audit");
    expect(after.total).toBe(before.total - 1);
    expect((await listedNames({ author: undefined, limit: 1 })).total).toBe(SEED_SKILLS.length + 2);
    expect((await listedNames({ search: "ledger" })).names).not.toContain("ledger-audit");
    const categoriesAfter = await stores.inWorker(() => getSkillCategories());
    const sum = (c: { count: number }[]) => c.reduce((n, x) => n + x.count, 0);
    expect(sum(categoriesAfter)).toBe(sum(categoriesBefore) - 1);

    const api = await apiStatus("ledger-audit");
    expect(api.status).toBe(410);
    expect(api.body.error).toEqual({ code: "gone", message: expect.stringContaining("Malware: exfiltrates ~/.ssh") });

    // Postgres mirrors it; KV keeps the record; the index entry is gone.
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'ledger-audit'`)).toEqual([]);
    expect(await stores.db.query(`SELECT name, reason, actor FROM "DelistedSkill"`)).toEqual([{ name: "ledger-audit", reason: "Malware: exfiltrates ~/.ssh", actor: "internal-key" }]);
    expect(await stores.store.kv.get(skillKey("ledger-audit"))).not.toBeNull();
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.map((e) => e.slug)).not.toContain("ledger-audit");
  });

  it("is gone in the KV fallback too: enumeration, the index alone, and the seed-less fallback", async () => {
    await publishThree();
    await delist("table-linter");
    const down = await refusedDatabaseUrl();
    const viaKv = await listedNames({}, down);
    expect(viaKv.source).toBe("kv-enumeration");
    expect(viaKv.names).not.toContain("table-linter");
    expect(viaKv.names).toContain("release-notes");
    expect((await enumeratePublishedSkills(stores.store.kv)).skills.map((s) => s.skill.name).sort()).toEqual(["ledger-audit", "release-notes"]);

    // Enumeration failing: the index alone serves, and the delist took the entry out of its shard.
    const broken = instrumentKV(stores.store.kv, { failList: true });
    const viaIndex = await stores.inWorker(() => getSkills({ limit: 100, author: "acme" }), down, { SUBMISSIONS_KV: broken.kv });
    expect(viaIndex.source).toBe("kv-index");
    expect(viaIndex.skills.map((s) => s.name)).toContain("release-notes");
    expect(viaIndex.skills.map((s) => s.name)).not.toContain("table-linter");

    // A shard rewritten by a publish that raced the delist still holds the entry: readers skip it
    // and the next read's repair drops it.
    const record = JSON.parse((await stores.store.kv.get(skillKey("table-linter")))!);
    await addToPublishedIndex(stores.store.kv, summarize(record));
    expect((await listedNames({ sortBy: "name" }, down)).names).not.toContain("table-linter"); // a query not cached yet: a fresh fold
    const shards = await stores.store.kv.list({ prefix: "skills:published-index:shard:" });
    const raw = await Promise.all(shards.keys.map((k) => stores.store.kv.get(k.name)));
    expect(raw.join("\n")).toContain("release-notes");
    expect(raw.join("\n")).not.toContain("table-linter");
    expect((await apiStatus("table-linter", down)).status).toBe(410);
  });

  it("a pending (not yet in Postgres) delisted skill is not overlaid", async () => {
    await publishThree();
    await delist("release-notes");
    const record = JSON.parse((await stores.store.kv.get(skillKey("release-notes")))!);
    await markPending(stores.store.kv, summarize(record)); // e.g. a publish's outbox entry that raced the delist
    expect((await listedNames()).names).not.toContain("release-notes");
    // The drain does not write it back either.
    const drained = await stores.inWorker(() => drainPendingSkills(stores.store.kv));
    expect(drained.written).toBe(0);
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'release-notes'`)).toEqual([]);
  });

  it("holds when Postgres missed the delist: Postgres lists exclude the marker, health says so, the reconcile finishes it", async () => {
    await publishThree();
    const down = await refusedDatabaseUrl();
    const res = await delist("ledger-audit", "Abandoned and broken", { url: down });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { postgres: string }).postgres).toBe("pending");
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'ledger-audit'`)).toHaveLength(1);

    const listed = await listedNames();
    expect(listed.source).toBe("prisma");
    expect(listed.names).not.toContain("ledger-audit");
    expect((await apiStatus("ledger-audit")).status).toBe(410);

    const health = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(health).toMatchObject({ delisted_count: 1, delisted_pending_postgres: 1, prisma_count: 2, kv_enumerated_count: 2, drift_detected: false });

    const drained = await stores.inWorker(() => drainPendingSkills(stores.store.kv));
    expect(drained.delisted).toMatchObject({ mirrored: 1, rowsDeleted: 1 });
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'ledger-audit'`)).toEqual([]);
    expect(await stores.db.query(`SELECT name, reason FROM "DelistedSkill"`)).toEqual([{ name: "ledger-audit", reason: "Abandoned and broken" }]);
    const again = await stores.inWorker(() => drainPendingSkills(stores.store.kv));
    expect(again.delisted).toMatchObject({ mirrored: 0, rowsDeleted: 0, staleMirrorsRemoved: 0 });
  });

  it("counts delisted skills apart in health instead of reporting drift", async () => {
    await publishThree();
    await delist("ledger-audit");
    const health = await stores.inWorker(() => checkSkillHealth(stores.store.kv));
    expect(health).toMatchObject({ delisted_count: 1, delisted_pending_postgres: 0, prisma_count: 2, kv_enumerated_count: 2, kv_index_count: 2, drift_detected: false, gaps: [] });
  });
});

describe("delist: nothing brings it back until a relist", () => {
  it("publish (re-submission, discovery) is refused with the reason", async () => {
    await publishThree();
    await delist("release-notes", "Impersonates a vendor");
    await expect(stores.inWorker(() => publishSkill(stores.store.kv, input("release-notes", { description: "An update that tries to come back under the same name and repo." })))).rejects.toThrow(DelistedSkillError);
    await expect(stores.inWorker(() => publishSkill(stores.store.kv, input("release-notes")))).rejects.toThrow(/Impersonates a vendor/);
    expect((await listedNames()).names).not.toContain("release-notes");
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'release-notes'`)).toEqual([]);
  });

  it("rebuild-index neither backfills nor indexes it", async () => {
    await publishThree();
    await delist("ledger-audit");
    const report = await stores.inWorker(() => rebuildPublishedIndex(stores.store.kv));
    expect(report).toMatchObject({ complete: true, delisted: 1, indexSize: 2 });
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'ledger-audit'`)).toEqual([]);
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.map((e) => e.slug).sort()).toEqual(["release-notes", "table-linter"]);
  });

  it("relist restores it everywhere from the kept record", async () => {
    await publishThree();
    const [before] = await stores.db.query<Record<string, unknown>>(`SELECT * FROM "Skill" WHERE name = 'table-linter'`);
    await delist("table-linter");
    const res = await relist("table-linter");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "table-linter", delisted: false, postgres: "done" });
    expect((await listedNames()).names).toContain("table-linter");
    expect((await apiStatus("table-linter")).status).toBe(200);
    const [after] = await stores.db.query<Record<string, unknown>>(`SELECT * FROM "Skill" WHERE name = 'table-linter'`);
    const { id: _a, updatedAt: _b, searchVector: _c, ...same } = before!;
    expect(after).toMatchObject(same);
    expect(await stores.db.query(`SELECT * FROM "DelistedSkill"`)).toEqual([]);
    expect(await stores.store.kv.get(delistedKey("table-linter"))).toBeNull();
    const index = await readPublishedIndex(stores.store.kv);
    expect(index.ok && index.entries.map((e) => e.slug)).toContain("table-linter");
    // And it can be published again.
    await expect(stores.inWorker(() => publishSkill(stores.store.kv, input("table-linter")))).resolves.toMatchObject({ slug: "table-linter" });
  });

  it("relist while Postgres is down lists it from the pending overlay; the drain writes the row", async () => {
    await publishThree();
    await delist("table-linter");
    const down = await refusedDatabaseUrl();
    const res = await relist("table-linter", { url: down });
    expect(await res.json()).toMatchObject({ delisted: false, postgres: "pending" });
    expect((await listedNames()).names).toContain("table-linter");
    await stores.inWorker(() => drainPendingSkills(stores.store.kv));
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'table-linter'`)).toHaveLength(1);
    expect(await stores.db.query(`SELECT * FROM "DelistedSkill"`)).toEqual([]);
  });

  it("an old slug delists its canonical skill", async () => {
    await publishThree();
    await stores.store.kv.put(aliasKey("old-ledger"), "ledger-audit");
    const res = await delist("old-ledger");
    expect(await res.json()).toMatchObject({ name: "ledger-audit", delisted: true });
    expect((await stores.inWorker(() => lookupSkill("old-ledger")))).toMatchObject({ gone: { name: "ledger-audit" } });
  });
});

describe("delist and relist: bad input and refusals", () => {
  it("seed skills cannot be delisted (409 with the reason)", async () => {
    const seed = SEED_SKILLS[0]!.name;
    const res = await delist(seed);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/seed skill/);
    expect((await apiStatus(seed)).status).toBe(200);
  });

  it("answers 404 for an unknown skill, 409 to relist a listed one, 400 for a bad body or name", async () => {
    await publishThree();
    expect((await delist("no-such-skill")).status).toBe(404);
    expect((await relist("release-notes")).status).toBe(409);
    for (const body of [{}, { reason: "" }, { reason: "   " }, { reason: "x".repeat(501) }, { reason: 5 }, { reason: "ok", extra: 1 }, "not json", "[]"]) {
      const res = await call(DELIST as Handler, "release-notes", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    expect((await call(DELIST as Handler, "a".repeat(201), { body: { reason: "x" } })).status).toBe(400);
    expect((await call(DELIST as Handler, "%E0%A4%A", { body: { reason: "x" } })).status).toBe(400);
    expect((await listedNames()).names).toContain("release-notes");
  });

  it("needs SUPER_ADMIN: no credentials 401, wrong key 401, REVIEWER 403, expired token 401", async () => {
    await publishThree();
    const reviewer = await signAdminToken({ secret: SECRET, email: "reviewer@example.com", role: "REVIEWER" });
    const expired = await signAdminToken({ secret: SECRET, email: "ops@example.com", role: "SUPER_ADMIN", expiresIn: "-1m" });
    const cases: [Record<string, string>, number][] = [
      [{ "x-internal-key": "" }, 401],
      [{ "x-internal-key": "wrong-key" }, 401],
      [{ "x-internal-key": "", authorization: `Bearer ${reviewer}` }, 403],
      [{ "x-internal-key": "", authorization: `Bearer ${expired}` }, 401],
    ];
    for (const [headers, status] of cases) {
      expect((await call(DELIST as Handler, "release-notes", { body: { reason: "x" }, headers })).status).toBe(status);
      expect((await call(RELIST as Handler, "release-notes", { headers })).status).toBe(status);
    }
    expect((await listedNames()).names).toContain("release-notes");
  });

  it("KV refusing the marker leaves the skill listed and says so (503)", async () => {
    await publishThree();
    const faulty = instrumentKV(stores.store.kv, { failPut: (k) => k.startsWith("delisted:") });
    const res = await stores.inWorker(
      () => (DELIST as Handler)(new Request("http://localhost/x", { method: "POST", headers: { "x-internal-key": KEY }, body: JSON.stringify({ reason: "x" }) }), { params: Promise.resolve({ name: "release-notes" }) }),
      undefined,
      { ...admin, SUBMISSIONS_KV: faulty.kv },
    );
    expect(res.status).toBe(503);
    expect((await listedNames()).names).toContain("release-notes");
    expect(await stores.db.query(`SELECT name FROM "Skill" WHERE name = 'release-notes'`)).toHaveLength(1);
  });

  it("delisting twice keeps one marker with the newer reason", async () => {
    await publishThree();
    await stores.inWorker(() => delistSkill(stores.store.kv, "ledger-audit", { reason: "first", actor: "token:a@example.com" }));
    await stores.inWorker(() => delistSkill(stores.store.kv, "ledger-audit", { reason: "second", actor: "token:b@example.com" }));
    expect(await stores.db.query(`SELECT reason, actor FROM "DelistedSkill"`)).toEqual([{ reason: "second", actor: "token:b@example.com" }]);
    await stores.inWorker(() => relistSkill(stores.store.kv, "ledger-audit"));
    expect((await listedNames()).names).toContain("ledger-audit");
  });
});
