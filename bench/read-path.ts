// The Prisma-primary read path at 5,000 and 50,000 published skills (150,000 with
// BENCH_SIZES=150000) on the local Postgres, generated with real sizes (descriptions of
// 150-1,024 characters, labels; tests/helpers/skills.ts catalogueRecord):
// a filtered listing page, a deep page and searches, through the data layer (getSkillsFromDb:
// Prisma, seed merge) beside the same SQL statements sent with node-postgres, in the same run.
// Both use an open connection; the per-invocation cost of opening one (what a Worker pays on
// every request) is measured on its own line.
import pg from "pg";
import { getSkills, getSkillsFromDb, SEED } from "../src/lib/data";
import { withOverlayVocabulary } from "../src/lib/catalog/overlay";
import { getDb } from "../src/lib/platform/db";
import { SEED_SKILLS } from "../src/lib/catalog/seed-data";
import { buildSkillStatement, searchWordLookups } from "../src/lib/catalog/postgres/listing-sql";
import { correctSearch } from "../src/lib/catalog/search";
import { matchesFilters, withDefaults, type SkillQuery } from "../src/lib/catalog/listing-query";
import { runWithWorkerEnv } from "../src/lib/platform/worker-context";
import { insertSkillRows } from "../tests/helpers/db-seed";
import { catalogueRecord, realisticRecord, VOCABULARY } from "../tests/helpers/skills";
import { fmt, measure, measurePair, scratchDatabase, stopBenchServer } from "./lib";

const SIZES = (process.env.BENCH_SIZES ?? "5000,50000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
// What people type: an exact slug, the start of a name, words from the commonest (in about a
// third of all skills: the broadest word) to rare ones, two words of a description, and
// misspellings of a community word and of a seed skill's name. The catalogue's words follow a Zipf-like law (tests/helpers).
const swap = (w: string) => `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}`;
const searches = (n: number) => {
  const described = realisticRecord(Math.floor(n / 7)).description.split(" ");
  return [
    realisticRecord(Math.floor(n * 0.63)).name,
    realisticRecord(Math.floor(n * 0.08)).name.split("-").slice(0, 2).join(" "),
    VOCABULARY[0]!,
    VOCABULARY[100]!,
    VOCABULARY[3_000]!,
    `${described[2]} ${described[6]}`,
    swap(VOCABULARY[300]!),
    "frontend-desing",
  ];
};

/**
 * The statements getSkillsFromDb sends, sent with node-postgres: the page (which carries its
 * total and, for a search that matched nothing, the vocabulary lookups), then the corrected
 * search if there is one.
 */
async function rawStatements(raw: pg.Client, q: SkillQuery, seedNames: string[], retry = true): Promise<void> {
  const offset = (q.page - 1) * q.limit;
  const seedMatches = SEED_SKILLS.filter((s) => matchesFilters(s, q)).length;
  const start = Math.max(0, offset - seedMatches);
  const vocabulary = retry && seedMatches === 0;
  const { sql, params } = buildSkillStatement(q, { offset: start, limit: offset + q.limit - start }, seedNames, { vocabulary });
  const first = (await raw.query(sql, params)).rows[0];
  if (!vocabulary || first.total > 0 || !first.words) return;
  const corrected = correctSearch(q.search!, withOverlayVocabulary(SEED, searchWordLookups(first.words)));
  if (corrected) await rawStatements(raw, { ...q, search: corrected }, seedNames, false);
}

export async function benchReadPath(): Promise<void> {
  for (const n of SIZES) {
    const scratch = await scratchDatabase();
    try {
      await insertSkillRows(scratch.url, Array.from({ length: n }, (_, i) => catalogueRecord(i)));
      const vacuum = new pg.Client({ connectionString: scratch.url });
      await vacuum.connect();
      await vacuum.query(`VACUUM ANALYZE "Skill", "SearchWord", "SearchPrefix", "SkillCount"`); // what autovacuum does after a bulk load
      await vacuum.end();
      console.log(`\n${n.toLocaleString("en-US")} published skills + ${SEED_SKILLS.length} seed`);

      const db = getDb(scratch.url);
      const raw = new pg.Client({ connectionString: scratch.url });
      await raw.connect();
      const seedNames = SEED_SKILLS.map((s) => s.name);
      const lastPage = Math.floor((n + SEED_SKILLS.length) / 100);
      const terms = searches(n);
      const scenarios: [string, (i: number) => Partial<SkillQuery>, number][] = [
        ["filtered listing page", () => ({ category: "testing", certTier: "VERIFIED" }), 5],
        ["first page, no filter", () => ({}), 5],
        ["deep page (last, 100/page)", () => ({ page: lastPage, limit: 100 }), Infinity],
        ["search (the mix below)", (i) => ({ search: terms[i % terms.length] }), 10],
      ];
      for (const [label, query, target] of scenarios) {
        const [layer, sql] = await measurePair(
          RUNS,
          (i) => getSkillsFromDb(db, query(i)),
          (i) => rawStatements(raw, withDefaults(query(i)), seedNames),
        );
        const ratio = layer.p50 / sql.p50;
        const ratioGoal = label.startsWith("search") ? "" : ", ratio <= 1.3";
        const goal = Number.isFinite(target) ? `  (target at 150,000: p50 <= ${target} ms${ratioGoal})` : "";
        console.log(`  ${label.padEnd(27)} data layer ${fmt(layer)} | raw SQL ${fmt(sql)} | ratio ${ratio.toFixed(2)}x${goal}`);
      }
      for (const term of terms) {
        const one = await measure(Math.ceil(RUNS / 3), () => getSkillsFromDb(db, { search: term }));
        const res = await getSkillsFromDb(db, { search: term });
        const corrected = res.correctedSearch ? `, searched as ${JSON.stringify(res.correctedSearch)}` : "";
        console.log(`    search ${JSON.stringify(term).padEnd(20)} ${fmt(one)}  (${res.total} matches${corrected}; target at 150,000: p50 <= 30 ms for the broadest word)`);
      }
      await db.$disconnect();
      await raw.end();

      const connect = await measure(Math.min(RUNS, 30), async () => {
        const c = new pg.Client({ connectionString: scratch.url });
        await c.connect();
        await c.end();
      });
      const perRequest = await measure(Math.min(RUNS, 30), () =>
        runWithWorkerEnv({ DATABASE_URL: scratch.url }, () => getSkills({ category: "testing", certTier: "VERIFIED" })),
      );
      console.log(`  per invocation: open a Postgres connection ${fmt(connect)}; getSkills() end to end (new client + connection) ${fmt(perRequest)}`);
    } finally {
      await scratch.drop();
    }
  }
  await stopBenchServer();
}
