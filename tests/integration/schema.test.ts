// The SQL migrations, applied by our own script, produce exactly the schema in schema.prisma:
// tables, columns (type, nullability, defaults present), enums and indexes, read from Postgres's
// catalogue and compared with the DMMF that Prisma's own schema parser derives from the file.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { applyMigrations } from "../../scripts/lib/migrations";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

interface DmmfField { name: string; kind: string; type: string; isList: boolean; isRequired: boolean; hasDefaultValue: boolean; isUpdatedAt: boolean; nativeType?: [string, string[]] | null }
interface DmmfModel { name: string; fields: DmmfField[] }
interface DmmfIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; algorithm?: string; fields: { name: string; operatorClass?: string; sortOrder?: "asc" | "desc" }[] }
interface Dmmf { datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] } }

const dmmf: Dmmf = JSON.parse(
  get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]] })),
);
const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name));

// The DMMF leaves out `Unsupported("…")` fields; read them from the schema text instead.
const schemaText = readFileSync("prisma/schema.prisma", "utf8");
function unsupportedFields(model: string): { name: string; udt: string; nullable: boolean }[] {
  const body = new RegExp(`model ${model} \\{([\\s\\S]*?)\\n\\}`).exec(schemaText)?.[1] ?? "";
  return [...body.matchAll(/^\s+(\w+)\s+Unsupported\("(\w+)"\)(\?)?/gm)].map((m) => ({ name: m[1]!, udt: m[2]!, nullable: m[3] === "?" }));
}
const SCALAR_UDT: Record<string, string> = { String: "text", Int: "int4", Float: "float8", Boolean: "bool", DateTime: "timestamp", Json: "jsonb", BigInt: "int8" };
// Native types (`@db.X`) the schema uses, by Postgres type name.
const NATIVE_UDT: Record<string, string> = { Timestamptz: "timestamptz" };

function expectedUdt(f: DmmfField): string {
  const native = f.nativeType ? NATIVE_UDT[f.nativeType[0]] : undefined;
  if (f.nativeType && !native) throw new Error(`unmapped native type @db.${f.nativeType[0]}`);
  const base = native ?? (enumNames.has(f.type) ? f.type : SCALAR_UDT[f.type]);
  if (!base) throw new Error(`unmapped Prisma type ${f.type}`);
  return f.isList ? `_${base}` : base;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("migrations match schema.prisma", () => {
  it("creates exactly the modelled tables", async () => {
    const rows = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(dmmf.datamodel.models.map((m) => m.name).sort());
  });

  it.each(dmmf.datamodel.models.map((m) => [m.name, m] as const))("%s has the modelled columns", async (table, model) => {
    const cols = await db.query<{ column_name: string; udt_name: string; is_nullable: string; column_default: string | null; is_generated: string }>(
      `SELECT column_name, udt_name, is_nullable, column_default, is_generated FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
      [table],
    );
    const actual = cols.map((c) => ({ name: c.column_name, udt: c.udt_name, nullable: c.is_nullable === "YES", hasDefault: c.column_default !== null }));
    const generated = cols.filter((c) => c.is_generated === "ALWAYS").map((c) => c.column_name);
    // Generated columns are modelled as Unsupported(…)? fields, which the client never writes.
    expect(generated.every((name) => unsupportedFields(table).some((f) => f.name === name))).toBe(true);
    const expected = [
      ...unsupportedFields(table).map((f) => ({ name: f.name, udt: f.udt, nullable: f.nullable, hasDefault: false })),
      ...model.fields
      .filter((f) => f.kind !== "object")
      .map((f) => ({
        name: f.name,
        udt: expectedUdt(f),
        // Prisma creates scalar lists as nullable arrays; required scalars are NOT NULL.
        nullable: f.isList || !f.isRequired,
        // uuid() and @updatedAt are filled by the client, not by a column default.
        hasDefault: f.hasDefaultValue && !["id"].includes(f.name) && !f.isUpdatedAt,
      })),
    ].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(actual).toEqual(expected);
  });

  it("creates the modelled enums with their values in order", async () => {
    for (const e of dmmf.datamodel.enums) {
      const rows = await db.query<{ v: string }>(
        `SELECT e.enumlabel AS v FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [e.name],
      );
      expect(rows.map((r) => r.v)).toEqual(e.values.map((v) => v.name));
    }
  });

  it("creates exactly the modelled primary keys, unique constraints and indexes", async () => {
    const rows = await db.query<{ table: string; unique: boolean; primary: boolean; method: string; columns: string[]; opclasses: string[] }>(
      `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
              array_agg(a.attname::text ORDER BY k.ord) AS columns,
              array_agg(CASE WHEN opc.opcdefault THEN '' ELSE opc.opcname::text END ||
                        CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN ' desc' ELSE '' END ORDER BY k.ord) AS opclasses
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_am am ON am.oid = i.relam
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(ix.indkey, ix.indclass) WITH ORDINALITY AS k(attnum, opclass, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       JOIN pg_opclass opc ON opc.oid = k.opclass
       WHERE t.relname <> '_prisma_migrations' AND ix.indpred IS NULL AND ix.indexprs IS NULL -- partial and expression indexes: Prisma cannot model them (below)
       GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary, am.amname`,
    );
    const key = (table: string, kind: string, method: string, cols: string[], ops: string[]) =>
      `${table}:${kind}:${method}:${cols.map((c, i) => (ops[i] ? `${c}/${ops[i]!.trim()}` : c)).join(",")}`;
    const actual = rows.map((r) => key(r.table, r.primary ? "id" : r.unique ? "unique" : "normal", r.method, r.columns, r.opclasses)).sort();
    const expected = dmmf.datamodel.indexes
      .map((i) =>
        key(i.model, i.type, (i.algorithm ?? "btree").toLowerCase(), i.fields.map((f) => f.name),
          i.fields.map((f) => `${f.operatorClass ?? ""}${f.sortOrder === "desc" ? " desc" : ""}`)),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("carries the counted filters' columns in every sort index, so a filtered page is an index-only scan", async () => {
    const rows = await db.query<{ index: string; included: string[] }>(
      `SELECT i.relname AS index,
              array(SELECT a.attname::text FROM unnest(ix.indkey[ix.indnkeyatts:]) k(attnum)
                    JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY a.attname) AS included
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
       WHERE i.relname IN ('Skill_trendingScore7d_name_idx', 'Skill_createdAt_name_idx', 'Skill_certScore_name_idx', 'Skill_githubStars_name_idx')`,
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.included, r.index).toEqual(["category", "certTier", "extensible"]);
  });

  it("turns JIT off for the migrated database's sessions (compiling costs more than the catalogue's queries)", async () => {
    // Test databases are clones, and a clone does not inherit its template's settings: read them
    // off the template, which the migrations ran on.
    const [row] = await db.query<{ settings: string[] }>(
      `SELECT s.setconfig AS settings FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
       WHERE d.datname = $1 AND s.setrole = 0`,
      [inject("templateDatabase")],
    );
    expect(row?.settings).toContain("jit=off");
  });

  it("has the expression indexes: lowercased name and display name (search), lowercased repo (discovery)", async () => {
    const rows = await db.query<{ index: string; def: string }>(
      `SELECT i.relname AS index, pg_get_indexdef(ix.indexrelid) AS def FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = i.relnamespace AND n.nspname = 'public'
       WHERE ix.indexprs IS NOT NULL AND ix.indpred IS NULL ORDER BY 1`,
    );
    expect(rows).toEqual([
      { index: "DiscoveryRecord_repo_lower_idx", def: expect.stringContaining(`CREATE INDEX "DiscoveryRecord_repo_lower_idx" ON public."DiscoveryRecord" USING btree (lower("repoFullName"), "skillPath")`) },
      { index: "Skill_displayName_lower_idx", def: expect.stringContaining(`CREATE INDEX "Skill_displayName_lower_idx" ON public."Skill" USING btree (lower("displayName") COLLATE "C") INCLUDE ("displayName", name, "trendingScore7d", category, "certTier", extensible)`) },
      // name has collation "C" already, so lower(name) has it too.
      { index: "Skill_name_lower_idx", def: expect.stringContaining(`CREATE INDEX "Skill_name_lower_idx" ON public."Skill" USING btree (lower(name)) INCLUDE (name, "trendingScore7d", category, "certTier", extensible)`) },
    ]);
  });

  it("has the one partial index, the admin job lock: one running job at a time", async () => {
    const rows = await db.query<{ index: string; def: string }>(
      `SELECT i.relname AS index, pg_get_indexdef(ix.indexrelid) AS def FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid WHERE ix.indpred IS NOT NULL`,
    );
    expect(rows).toEqual([{ index: "AdminJob_running_key", def: expect.stringMatching(/UNIQUE INDEX .* \(\(true\)\) WHERE \(state = 'running'::text\)/) }]);
  });

  it("orders slugs as JavaScript does (collation C on Skill.name)", async () => {
    const [row] = await db.query<{ collation: string }>(
      `SELECT collation_name AS collation FROM information_schema.columns WHERE table_name = 'Skill' AND column_name = 'name'`,
    );
    expect(row!.collation).toBe("C");
  });

  it("re-applying the migrations changes nothing", async () => {
    const again = await applyMigrations(db.url);
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBeGreaterThan(0);
  });
});

describe("SkillCount stays exact through every kind of write", () => {
  it("matches GROUP BY after inserts, upserts, category changes, deletes and truncate", async () => {
    const check = async () => {
      const counted = await db.query<{ k: string; n: number }>(
        `SELECT category || '/' || "certTier" || '/' || extensible AS k, count::int AS n FROM "SkillCount" WHERE count <> 0 ORDER BY 1`,
      );
      const actual = await db.query<{ k: string; n: number }>(
        `SELECT category || '/' || "certTier" || '/' || extensible AS k, count(*)::int AS n FROM "Skill" GROUP BY 1 ORDER BY 1`,
      );
      expect(counted).toEqual(actual);
    };
    const insert = (name: string, category: string, tier = "SCANNED") =>
      db.query(
        `INSERT INTO "Skill" (id, name, "skillName", "displayName", author, "repoUrl", category, "certTier", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, $1, $1, 'a', 'https://github.com/a/' || $1, $2, $3::"CertTier", now())
         ON CONFLICT (name) DO UPDATE SET category = EXCLUDED.category, "certTier" = EXCLUDED."certTier"`,
        [name, category, tier],
      );
    await insert("a", "data");
    await insert("b", "data", "VERIFIED");
    await insert("c", "testing");
    await check();
    await insert("a", "testing"); // upsert that moves a skill to another category
    await db.query(`UPDATE "Skill" SET extensible = true WHERE name = 'b'`);
    await db.query(`UPDATE "Skill" SET description = 'x'`); // no counted column changes
    await check();
    await db.query(`DELETE FROM "Skill" WHERE name = 'c'`);
    await check();
    await db.query(`TRUNCATE "Skill"`);
    await check();
  });
});

/** Inserts a skill, or renames and re-describes the one with that slug (an upsert, as publishes do). */
const upsertSkill = (name: string, displayName: string, description: string) =>
  db.query(
    `INSERT INTO "Skill" (id, name, "skillName", "displayName", description, author, "repoUrl", "updatedAt")
     VALUES (gen_random_uuid()::text, $1, $1, $2, $3, 'acme', 'https://github.com/acme/' || $1, now())
     ON CONFLICT (name) DO UPDATE SET "displayName" = EXCLUDED."displayName", description = EXCLUDED.description`,
    [name, displayName, description],
  );

describe("SearchPrefix (one-word search totals) stays exact through every kind of write", () => {
  it("matches the skills holding a word with each prefix after inserts, upserts, renames, score updates, deletes and truncate", async () => {
    const check = async () => {
      const kept = await db.query<{ prefix: string; n: number }>(`SELECT prefix, skills AS n FROM "SearchPrefix" WHERE skills <> 0 ORDER BY prefix`);
      const actual = await db.query<{ prefix: string; n: number }>(
        `SELECT p AS prefix, count(DISTINCT id)::int AS n FROM "Skill", unnest(tsvector_to_array("searchVector")) w,
           generate_series(1, least(length(w), 24)) k, left(w, k) p GROUP BY p ORDER BY p COLLATE "C"`,
      );
      expect(kept).toEqual(actual);
      return new Map(kept.map((r) => [r.prefix, r.n]));
    };
    await db.truncate();
    await upsertSkill("pdf-tools", "PDF Tools", "Merges PDFs; pdf pages, PDF forms.");
    await upsertSkill("pdf-lint", "PDF Lint", "Lints PDFs. A supercalifragilisticexpialidocious-length word.");
    let counts = await check();
    expect(counts.get("pdf")).toBe(2); // each skill once, however many of its words start so
    expect(counts.get("p")).toBe(2);
    expect(counts.get("supercalifragilisticexpi")).toBe(1); // 24 characters at most
    expect(counts.has("supercalifragilisticexpia")).toBe(false);
    await upsertSkill("pdf-lint", "PDF Linter", "Checks documents."); // "lints", "pdfs" and the long word leave this skill
    await db.query(`UPDATE "Skill" SET "trendingScore7d" = 5, "githubStars" = 9`); // vectors unchanged
    counts = await check();
    expect(counts.get("pdfs")).toBe(1);
    expect(counts.get("linter")).toBe(1);
    await db.query(`DELETE FROM "Skill" WHERE name = 'pdf-tools'`);
    counts = await check();
    expect(counts.get("pdf")).toBe(1);
    expect(counts.has("merges")).toBe(false);
    await db.query(`TRUNCATE "Skill"`);
    expect((await check()).size).toBe(0);
  });
});

describe("SearchWord (the search vocabulary) stays exact through every kind of write", () => {
  it("matches the words of every search vector after inserts, upserts, renames, score updates, deletes and truncate", async () => {
    const check = async () => {
      const kept = await db.query<{ word: string; n: number }>(`SELECT word, skills AS n FROM "SearchWord" WHERE skills <> 0 ORDER BY word`);
      const actual = await db.query<{ word: string; n: number }>(
        `SELECT w AS word, count(*)::int AS n FROM "Skill", unnest(tsvector_to_array("searchVector")) w GROUP BY w ORDER BY w COLLATE "C"`,
      );
      expect(kept).toEqual(actual);
      return kept.map((r) => r.word);
    };
    await db.truncate();
    await upsertSkill("pdf-tools", "PDF Tools", "Merges next.js pages into PDFs.");
    await upsertSkill("pdf-lint", "PDF Lint", "Lints PDFs.");
    expect(await check()).toEqual(expect.arrayContaining(["acme", "js", "lint", "merges", "next", "pdf", "pdfs", "tools"]));
    await upsertSkill("pdf-lint", "PDF Linter", "Checks PDFs."); // "lints" and "lint" leave, "linter" arrives
    await db.query(`UPDATE "Skill" SET "trendingScore7d" = 5, "githubStars" = 9`); // vectors unchanged
    const words = await check();
    expect(words).toContain("linter");
    expect(words).not.toContain("lints");
    await db.query(`DELETE FROM "Skill" WHERE name = 'pdf-tools'`);
    expect(await check()).not.toContain("merges");
    await db.query(`TRUNCATE "Skill"`);
    expect(await check()).toEqual([]);
  });
});
