/**
 * Mapping between published skills and the Prisma `Skill` table (the source of truth).
 * Upserts go through the unique (repoUrl, skillName) pair (AC-US2-01), which Prisma compiles to
 * INSERT … ON CONFLICT: safe when the same skill is published concurrently.
 */
import type { Db } from "../../platform/db";
import type { Skill as SkillRow } from "../../../generated/prisma/client";
import type { SkillRecord } from "../kv/skill-record";
import type { ExtensionPoint, Skill } from "../skill";

/** The Skill row of a record (everything but id and timestamps). */
export function rowData(r: SkillRecord) {
  return {
    name: r.name,
    skillName: r.skillName,
    displayName: r.displayName,
    description: r.description,
    author: r.author,
    repoUrl: r.repoUrl,
    skillPath: r.skillPath,
    category: r.category,
    currentVersion: r.currentVersion,
    certTier: r.certTier,
    certMethod: r.certMethod,
    certScore: r.certScore,
    certifiedAt: r.certifiedAt ? new Date(r.certifiedAt) : null,
    labels: r.labels,
    extensible: r.extensible,
    extensionPoints: r.extensionPoints as unknown as object,
    trendingScore7d: r.trendingScore7d,
    trendingScore30d: r.trendingScore30d,
    githubStars: r.githubStars,
  };
}

/** Inserts or updates the row for this skill; returns the row. */
export async function upsertSkillRow(db: Db, record: SkillRecord): Promise<SkillRow> {
  const data = rowData(record);
  return db.skill.upsert({
    where: { repoUrl_skillName: { repoUrl: record.repoUrl, skillName: record.skillName } },
    create: { ...data, createdAt: new Date(record.createdAt) },
    update: data,
  });
}

/** The repo holding `slug` in Postgres, or null. */
export async function findSlugHolder(db: Db, slug: string): Promise<string | null> {
  const row = await db.skill.findUnique({ where: { name: slug }, select: { repoUrl: true } });
  return row?.repoUrl ?? null;
}

/** The slug this repo's skill already has in Postgres, or null. */
export async function findSlugOf(db: Db, repoUrl: string, skillName: string): Promise<string | null> {
  const row = await db.skill.findUnique({ where: { repoUrl_skillName: { repoUrl, skillName } }, select: { name: true } });
  return row?.name ?? null;
}

/** The columns a listing reads (a Prisma row or a raw query row with the same names). */
export type SkillRowLike = Pick<
  SkillRow,
  | "name" | "displayName" | "description" | "author" | "repoUrl" | "skillPath" | "category" | "currentVersion"
  | "certScore" | "certifiedAt" | "labels" | "extensible" | "extensionPoints" | "trendingScore7d" | "trendingScore30d"
  | "githubStars" | "createdAt" | "updatedAt"
> & { certTier: Skill["certTier"]; certMethod: Skill["certMethod"] };

export function skillFromRow(row: SkillRowLike): Skill {
  return {
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    author: row.author,
    repoUrl: row.repoUrl,
    skillPath: row.skillPath,
    category: row.category,
    currentVersion: row.currentVersion,
    certTier: row.certTier,
    certMethod: row.certMethod,
    certScore: row.certScore,
    certifiedAt: row.certifiedAt?.toISOString() ?? null,
    labels: row.labels ?? [],
    extensible: row.extensible,
    extensionPoints: Array.isArray(row.extensionPoints) ? (row.extensionPoints as unknown as ExtensionPoint[]) : [],
    trendingScore7d: row.trendingScore7d,
    trendingScore30d: row.trendingScore30d,
    githubStars: row.githubStars,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    source: "prisma",
  };
}
