// Bulk-inserts skill rows into Postgres in one statement per 10,000 rows (unnest of arrays).
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { SkillRecord } from "@/lib/catalog/kv/skill-record";

export async function insertSkillRows(url: string, records: readonly SkillRecord[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < records.length; i += 10_000) {
      const part = records.slice(i, i + 10_000);
      const col = <T>(f: (r: SkillRecord) => T) => part.map(f);
      await client.query(
        `INSERT INTO "Skill" (id, name, "skillName", "displayName", description, author, "repoUrl", "skillPath", category,
           "certTier", "certMethod", "certScore", extensible, "trendingScore7d", "githubStars", "createdAt", "updatedAt", labels)
         SELECT u.*, ARRAY['community']::text[] FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::"CertTier"[], $11::"CertMethod"[], $12::int[], $13::bool[], $14::float8[], $15::int[],
           $16::timestamp[], $17::timestamp[]) AS u`,
        [
          col(() => randomUUID()),
          col((r) => r.name),
          col((r) => r.skillName),
          col((r) => r.displayName),
          col((r) => r.description),
          col((r) => r.author),
          col((r) => r.repoUrl),
          col((r) => r.skillPath),
          col((r) => r.category),
          col((r) => r.certTier),
          col((r) => r.certMethod),
          col((r) => r.certScore),
          col((r) => r.extensible),
          col((r) => r.trendingScore7d),
          col((r) => r.githubStars),
          col((r) => r.createdAt.replace("Z", "")),
          col((r) => r.updatedAt.replace("Z", "")),
        ],
      );
    }
    await client.query(`VACUUM ANALYZE "Skill", "SearchWord", "SearchPrefix", "SkillCount"`); // what autovacuum does after a bulk load
  } finally {
    await client.end();
  }
}
