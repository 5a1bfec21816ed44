// Builders for published-skill fixtures in KV (current records with metadata, and legacy ones).
import { summarize, type SkillRecord } from "@/lib/kv/skill-record";
import type { SeedEntry } from "./kv";

export function makeRecord(i: number, over: Partial<SkillRecord> = {}): SkillRecord {
  const name = over.name ?? `community-skill-${String(i).padStart(5, "0")}`;
  return {
    name,
    skillName: over.skillName ?? name,
    displayName: `Community Skill ${i}`,
    description: `A community skill number ${i} for testing enumeration.`,
    author: `owner${i % 50}`,
    repoUrl: `https://github.com/owner${i % 50}/repo${i}`,
    skillPath: `skills/${name}`,
    category: ["development", "testing", "data", "devops"][i % 4]!,
    currentVersion: "1.0.0",
    certTier: (["SCANNED", "VERIFIED", "CERTIFIED"] as const)[i % 3]!,
    certMethod: (["AUTOMATED_SCAN", "LLM_JUDGE", "MANUAL_REVIEW"] as const)[i % 3]!,
    certScore: 60 + (i % 40),
    certifiedAt: "2026-06-01T00:00:00.000Z",
    labels: ["community", "verified"],
    extensible: i % 10 === 0,
    extensionPoints: i % 10 === 0 ? [{ name: "templates", description: "Extra templates" }] : [],
    trendingScore7d: (i * 37) % 100,
    trendingScore30d: (i * 17) % 100,
    githubStars: i * 3,
    createdAt: "2026-05-01T00:00:00.000Z",
    updatedAt: "2026-06-01T00:00:00.000Z",
    ...over,
  };
}

/** A current record: value plus summary metadata. */
export function recordEntry(record: SkillRecord): SeedEntry {
  return { key: `skill:${record.name}`, value: JSON.stringify(record), metadata: summarize(record) };
}

/** A record written before metadata existed (value only, older field set). */
export function legacyEntry(slug: string, fields: { repoUrl: string; name: string; description?: string }): SeedEntry {
  return { key: `skill:${slug}`, value: JSON.stringify({ name: fields.name, repoUrl: fields.repoUrl, description: fields.description ?? "legacy", publishedAt: "2025-03-01T00:00:00.000Z" }) };
}

export function records(n: number, from = 0): SkillRecord[] {
  return Array.from({ length: n }, (_, i) => makeRecord(from + i));
}
