import pg from "pg";
import { buildSkillStatement } from "./src/lib/skills-db-query";
import { withDefaults } from "./src/lib/skill-query";
import { SEED_SKILLS } from "./src/lib/seed-data";
const c = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/skills_explain" });
await c.connect();
const q = withDefaults(JSON.parse(process.argv[2]!));
const st = buildSkillStatement(q, { offset: 0, limit: 24 }, SEED_SKILLS.map((s) => s.name));
for (let i = 0; i < 3; i++) await c.query(st.sql, st.params);
const t0 = performance.now(); for (let i = 0; i < 10; i++) await c.query(st.sql, st.params); console.log("avg", ((performance.now() - t0) / 10).toFixed(2), "ms");
if (process.env.PLAN) {
const ex = await c.query("EXPLAIN (ANALYZE, BUFFERS, SUMMARY) " + st.sql, st.params);
console.log(ex.rows.map((r) => r["QUERY PLAN"].replace(/\{pdf[^}]*\}/, "{seed}").replace(/CASE WHEN .*END/, "CASE…")).join("\n"));
}
await c.end();
