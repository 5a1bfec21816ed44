/**
 * Delist and relist: an operator takes a skill down (malicious, abandoned, a takedown request) and
 * may put it back. Nothing is deleted that a relist needs.
 * - Delist: the KV marker first (kv/delisted.ts; the truth, and what every KV reader skips), then
 *   the pending outbox entry and the index entry are dropped, then Postgres mirrors it in one
 *   transaction (a "DelistedSkill" row, the "Skill" row deleted). If Postgres is down the delist
 *   still holds: Postgres listings exclude marked slugs, and the cron's reconcile finishes it.
 * - Relist: the marker goes, then the skill is written back everywhere from its kept KV record by
 *   the writers publish uses (the Postgres row, the index entry); a Postgres failure leaves it
 *   pending for the drain, listed meanwhile from the overlay.
 * Seed skills live in code and cannot be delisted.
 */
import { attempt, withOptionalDb, type Db } from "../platform/db";
import { logEvent } from "../platform/log";
import { ApiError } from "../http/errors";
import { findSeedSkill } from "../catalog/seed-data";
import { resolveAlias } from "../catalog/kv/aliases";
import { skillKey } from "../catalog/kv/keys";
import { parseSkillRecord, summarize } from "../catalog/kv/skill-record";
import { clearPending, markPending } from "../catalog/kv/pending";
import { addToPublishedIndex, invalidatePublishedCache } from "../catalog/kv/published-index";
import { deleteDelistMarker, DELIST_REASON_MAX, listDelisted, readDelistMarker, writeDelistMarker, type DelistMarker } from "../catalog/kv/delisted";
import { invalidateConvergence } from "../catalog/convergence";
import { upsertSkillRow } from "../catalog/postgres/skill-rows";
import { purgePublicCache } from "../http/edge-cache";
import { requestBackfill } from "../submissions/queue-messages";

export interface DelistResult {
  name: string;
  delisted: boolean;
  reason?: string;
  /** Whether Postgres has the change yet ("pending": the cron's reconcile applies it). */
  postgres: "done" | "pending";
}

/** The canonical slug of a name an operator typed (an old slug resolves), or 404. */
async function canonicalName(kv: KVNamespace, db: Db | null, name: string): Promise<string> {
  if ((await kv.get(skillKey(name), "text")) !== null) return name;
  const canonical = await resolveAlias(kv, name).catch(() => null);
  if (canonical) return canonical;
  if ((await readDelistMarker(kv, name)) !== null) return name;
  const row = await attempt(db, (d) => d.skill.findUnique({ where: { name }, select: { name: true } }));
  if (row.ok && row.value) return name;
  throw new ApiError("not_found", `No published skill named "${name}"`);
}

function refuseSeed(name: string): void {
  if (findSeedSkill(name)) {
    throw new ApiError("conflict", `"${name}" is a seed skill: it ships with the marketplace's code and cannot be delisted`);
  }
}

/** Mirrors a delisting in Postgres: its row in "DelistedSkill" and no "Skill" row, atomically. */
async function mirrorDelist(db: Db, marker: DelistMarker): Promise<void> {
  await db.$transaction([
    db.delistedSkill.upsert({
      where: { name: marker.name },
      create: { name: marker.name, reason: marker.reason, actor: marker.actor, delistedAt: new Date(marker.at) },
      update: { reason: marker.reason, actor: marker.actor, delistedAt: new Date(marker.at) },
    }),
    db.skill.deleteMany({ where: { name: marker.name } }),
  ]);
}

async function afterChange(kv: KVNamespace): Promise<void> {
  invalidatePublishedCache(kv);
  invalidateConvergence(kv);
  await purgePublicCache();
}

export function delistSkill(kv: KVNamespace, rawName: string, opts: { reason: string; actor: string; now?: Date }): Promise<DelistResult> {
  return withOptionalDb(async (db) => {
    refuseSeed(rawName);
    const name = await canonicalName(kv, db, rawName);
    refuseSeed(name);
    const reason = opts.reason.trim().slice(0, DELIST_REASON_MAX);
    if (!reason) throw new ApiError("bad_request", "reason: a delist needs a reason (it is shown on the skill's page)");
    const marker: DelistMarker = { name, reason, at: (opts.now ?? new Date()).toISOString(), actor: opts.actor.slice(0, 200) };
    try {
      await writeDelistMarker(kv, marker);
    } catch (err) {
      logEvent("error", "delist_failed", { name, error: String(err) });
      throw new ApiError("unavailable", "KV is unavailable: the skill was not delisted; retry");
    }
    // The marker already hides the skill everywhere; these only tidy what it hides.
    await clearPending(kv, name).catch(() => undefined);
    await addToPublishedIndex(kv, { remove: name });
    const mirrored = await attempt(db, (d) => mirrorDelist(d, marker));
    if (!mirrored.ok) logEvent("warn", "delist_postgres_pending", { name, error: mirrored.error, note: "Postgres listings exclude the marked slug; the cron's reconcile mirrors it" });
    await afterChange(kv);
    logEvent("info", "skill_delisted", { name, actor: marker.actor, postgres: mirrored.ok });
    return { name, delisted: true, reason, postgres: mirrored.ok ? "done" : "pending" };
  });
}

export function relistSkill(kv: KVNamespace, rawName: string): Promise<DelistResult> {
  return withOptionalDb(async (db) => {
    refuseSeed(rawName);
    const name = await canonicalName(kv, db, rawName);
    if ((await readDelistMarker(kv, name)) === null) throw new ApiError("conflict", `"${name}" is not delisted`);
    const parsed = parseSkillRecord(name, await kv.get(skillKey(name), "text"));
    if (!parsed.ok) {
      throw new ApiError("conflict", `"${name}" has no readable KV record to relist from (${parsed.error}); it stays delisted`);
    }
    const record = parsed.record;
    const summary = summarize(record);
    // The outbox entry first, as a publish does: if Postgres does not take the row now, the drain does.
    await markPending(kv, summary);
    await deleteDelistMarker(kv, name);
    const restored = await attempt(db, async (d) => {
      await d.delistedSkill.deleteMany({ where: { name } });
      await upsertSkillRow(d, record);
    });
    if (restored.ok) await clearPending(kv, name);
    else {
      logEvent("warn", "relist_postgres_pending", { name, error: restored.error, note: "listed from the pending overlay until the drain writes the row" });
      await requestBackfill();
    }
    await addToPublishedIndex(kv, summary);
    await afterChange(kv);
    logEvent("info", "skill_relisted", { name, postgres: restored.ok });
    return { name, delisted: false, postgres: restored.ok ? "done" : "pending" };
  });
}

export interface DelistReconcile {
  mirrored: number;
  rowsDeleted: number;
  staleMirrorsRemoved: number;
}

/**
 * The cron's step: makes Postgres agree with the KV markers (delists made while Postgres was
 * down, relists whose mirror row was left behind). Idempotent.
 */
export async function reconcileDelisted(kv: KVNamespace, db: Db): Promise<DelistReconcile> {
  const markers = [...(await listDelisted(kv)).values()];
  const names = markers.map((m) => m.name);
  const mirrored = await db.delistedSkill.findMany({ select: { name: true } });
  const have = new Set(mirrored.map((m) => m.name));
  let count = 0;
  for (const m of markers) {
    if (have.has(m.name)) continue;
    await db.delistedSkill.create({ data: { name: m.name, reason: m.reason, actor: m.actor, delistedAt: new Date(m.at || Date.now()) } });
    count++;
  }
  // A listed row under a marker: confirm the marker on its own key first (list() may still show a
  // marker a relist has just deleted), then drop the row.
  const rows = names.length ? await db.skill.findMany({ where: { name: { in: names } }, select: { name: true } }) : [];
  const confirmed: string[] = [];
  for (const r of rows) if ((await readDelistMarker(kv, r.name)) !== null) confirmed.push(r.name);
  const rowsDeleted = confirmed.length ? (await db.skill.deleteMany({ where: { name: { in: confirmed } } })).count : 0;
  const stale = (await db.delistedSkill.deleteMany({ where: { name: { notIn: names } } })).count;
  return { mirrored: count, rowsDeleted, staleMirrorsRemoved: stale };
}
