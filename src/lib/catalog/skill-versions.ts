/**
 * The stored versions of a skill's SKILL.md (numbering: versions.ts).
 * - Postgres: one "SkillVersion" row per published version (and per rejected update, without a
 *   number), the history the version routes serve.
 * - KV: the current version under `skillmd:{slug}` (text, hash, path, scan), so the skill page and
 *   the version routes work in fallback mode. It carries the row's id: when Postgres was down at
 *   publish, the drain writes the row from it, once (by id).
 * A SKILL.md is bounded before it gets here (SKILL_MD_MAX_BYTES, refused above it, never truncated).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { attempt, type Db } from "../platform/db";
import { chunk, KV_BULK_GET_MAX } from "./kv/keys";

export const skillMdKey = (slug: string) => `skillmd:${slug}`;

export const versionFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.string(),
  title: z.string(),
  line: z.number().int().nullable(),
  file: z.string().optional(),
  why: z.string().optional(),
});

export const storedVersionSchema = z.object({
  id: z.string(),
  skill: z.string(),
  version: z.string(),
  sha256: z.string(),
  path: z.string(),
  commitSha: z.string().nullable(),
  /** SHA-256 over every file the scan covered (filesDigest); null for versions stored before it. */
  filesSha256: z.string().nullable().default(null),
  content: z.string(),
  publishedAt: z.string(),
  scan: z.object({ verdict: z.string(), score: z.number(), findings: z.array(versionFindingSchema), rulesVersion: z.string().nullable() }),
});
export type StoredVersion = z.infer<typeof storedVersionSchema>;

export interface VersionSummary {
  version: string;
  sha256: string;
  publishedAt: string;
  scan: { verdict: string; score: number };
}

export const summaryOf = (v: StoredVersion): VersionSummary => ({ version: v.version, sha256: v.sha256, publishedAt: v.publishedAt, scan: { verdict: v.scan.verdict, score: v.scan.score } });

/** SHA-256 of the text's UTF-8 bytes, hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The current version from KV, or null (a skill published before versions were kept, or none). */
export async function readCurrentVersion(kv: KVNamespace, slug: string): Promise<StoredVersion | null> {
  const raw = await kv.get(skillMdKey(slug), "json").catch(() => null);
  const parsed = storedVersionSchema.safeParse(raw);
  return parsed.success && parsed.data.skill === slug ? parsed.data : null;
}

export function newVersion(fields: Omit<StoredVersion, "id" | "publishedAt" | "filesSha256"> & { publishedAt?: Date; filesSha256?: string | null }): StoredVersion {
  return { ...fields, filesSha256: fields.filesSha256 ?? null, id: randomUUID(), publishedAt: (fields.publishedAt ?? new Date()).toISOString() };
}

/** One SHA-256 over the files a scan covered (path and content of each, in path order). */
export async function filesDigest(files: readonly { path: string; content: string }[]): Promise<string> {
  const parts = await Promise.all(files.map(async (f) => `${f.path}\u0000${await sha256Hex(f.content)}`));
  return sha256Hex(parts.sort().join("\n"));
}

/** Records the files digest of a version stored before digests were kept (its content unchanged). */
export async function recordFilesDigest(kv: KVNamespace, db: Db | null, v: StoredVersion, digest: string): Promise<void> {
  await attempt(db, (d) => d.skillVersion.updateMany({ where: { id: v.id, filesSha256: null }, data: { filesSha256: digest } }));
  const current = await readCurrentVersion(kv, v.skill);
  if (current?.id === v.id && current.filesSha256 !== digest) await kv.put(skillMdKey(v.skill), JSON.stringify({ ...current, filesSha256: digest }));
}

function rowOf(v: StoredVersion, state: "published" | "rejected", reason: string | null = null) {
  return {
    id: v.id,
    skill: v.skill,
    version: state === "published" ? v.version : null,
    state,
    sha256: v.sha256,
    path: v.path,
    commitSha: v.commitSha,
    filesSha256: v.filesSha256 ?? null,
    content: v.content,
    scanScore: v.scan.score,
    scanVerdict: v.scan.verdict,
    findings: v.scan.findings as unknown as object,
    rulesVersion: v.scan.rulesVersion,
    reason,
    publishedAt: new Date(v.publishedAt),
    checkedAt: new Date(v.publishedAt),
  };
}

/** Writes a published version: the Postgres row (idempotent by id) and KV's current version. */
export async function storePublishedVersion(kv: KVNamespace, db: Db | null, v: StoredVersion): Promise<{ postgres: boolean }> {
  await kv.put(skillMdKey(v.skill), JSON.stringify(v));
  const row = await attempt(db, (d) => insertVersionRow(d, v, "published"));
  return { postgres: row.ok };
}

export async function insertVersionRow(db: Db, v: StoredVersion, state: "published" | "rejected", reason: string | null = null): Promise<void> {
  await db.skillVersion.upsert({ where: { id: v.id }, create: rowOf(v, state, reason), update: {} });
}

/** Records a rejected update (its findings, no number) for the author and admins; the same content rejected again is not recorded twice. */
export async function storeRejectedVersion(db: Db | null, v: StoredVersion, reason: string): Promise<boolean> {
  return (
    await attempt(db, async (d) => {
      const known = await d.skillVersion.findFirst({ where: { skill: v.skill, state: "rejected", sha256: v.sha256, filesSha256: v.filesSha256 ?? null }, select: { id: true } });
      if (!known) await insertVersionRow(d, v, "rejected", reason);
    })
  ).ok;
}

/** The same content fetched again: only "checked at" moves. */
export async function markChecked(db: Db | null, slug: string, version: string): Promise<void> {
  await attempt(db, (d) => d.skillVersion.updateMany({ where: { skill: slug, version, state: "published" }, data: { checkedAt: new Date() } }));
}

/** Published versions, newest first (number and hash), from Postgres. */
export async function listPublishedVersions(db: Db, slug: string): Promise<{ version: string; sha256: string; filesSha256: string | null; publishedAt: Date; scanVerdict: string; scanScore: number }[]> {
  const rows = await db.skillVersion.findMany({
    where: { skill: slug, state: "published" },
    orderBy: { publishedAt: "desc" },
    select: { version: true, sha256: true, filesSha256: true, publishedAt: true, scanVerdict: true, scanScore: true },
  });
  return rows.map((r) => ({ ...r, version: r.version! }));
}

export async function findPublishedVersion(db: Db, slug: string, version: string): Promise<StoredVersion | null> {
  const r = await db.skillVersion.findFirst({ where: { skill: slug, version, state: "published" } });
  if (!r) return null;
  return {
    id: r.id,
    skill: r.skill,
    version: r.version!,
    sha256: r.sha256,
    path: r.path,
    commitSha: r.commitSha,
    filesSha256: r.filesSha256,
    content: r.content,
    publishedAt: r.publishedAt.toISOString(),
    scan: { verdict: r.scanVerdict, score: r.scanScore, findings: r.findings as unknown as StoredVersion["scan"]["findings"], rulesVersion: r.rulesVersion },
  };
}

/**
 * Postgres catching up with KV's current versions: for each slug whose "Skill" row has no
 * published version row for its current number, the version KV keeps is written (by id: once). Returns the count and the
 * slugs KV has no content for ("content pending": records from before versions were kept).
 */
export async function writeKvVersionRows(kv: KVNamespace, db: Db, slugs: readonly string[]): Promise<{ written: number; contentPending: string[] }> {
  if (slugs.length === 0) return { written: 0, contentPending: [] };
  const lacking = await db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT s.name FROM "Skill" s WHERE s.name = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM "SkillVersion" v WHERE v.skill = s.name AND v.state = 'published' AND v.version = s."currentVersion")`,
    [...slugs],
  );
  let written = 0;
  const contentPending: string[] = [];
  for (const part of chunk(lacking.map((r) => r.name), KV_BULK_GET_MAX)) {
    const values = await kv.get(part.map(skillMdKey), "json");
    for (const slug of part) {
      const parsed = storedVersionSchema.safeParse(values.get(skillMdKey(slug)));
      if (!parsed.success || parsed.data.skill !== slug) {
        contentPending.push(slug);
        continue;
      }
      if ((await attempt(db, (d) => insertVersionRow(d, parsed.data, "published"))).ok) written++;
    }
  }
  return { written, contentPending };
}
