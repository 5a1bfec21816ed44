// The SQL migrations, applied by our own script, produce exactly the schema in schema.prisma:
// tables, columns (type, nullability, defaults present), enums and indexes, read from Postgres's
// catalogue and compared with the DMMF that Prisma's own schema parser derives from the file.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { applyMigrations } from "../../scripts/lib/migrations";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

interface DmmfField { name: string; kind: string; type: string; isList: boolean; isRequired: boolean; hasDefaultValue: boolean; isUpdatedAt: boolean }
interface DmmfModel { name: string; fields: DmmfField[] }
interface DmmfIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] }
interface Dmmf { datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] } }

const dmmf: Dmmf = JSON.parse(
  get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]] })),
);
const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name));
const SCALAR_UDT: Record<string, string> = { String: "text", Int: "int4", Float: "float8", Boolean: "bool", DateTime: "timestamp", Json: "jsonb", BigInt: "int8" };

function expectedUdt(f: DmmfField): string {
  const base = enumNames.has(f.type) ? f.type : SCALAR_UDT[f.type];
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
    const cols = await db.query<{ column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>(
      `SELECT column_name, udt_name, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
      [table],
    );
    const actual = cols.map((c) => ({ name: c.column_name, udt: c.udt_name, nullable: c.is_nullable === "YES", hasDefault: c.column_default !== null }));
    const expected = model.fields
      .filter((f) => f.kind !== "object")
      .map((f) => ({
        name: f.name,
        udt: expectedUdt(f),
        // Prisma creates scalar lists as nullable arrays; required scalars are NOT NULL.
        nullable: f.isList || !f.isRequired,
        // uuid() and @updatedAt are filled by the client, not by a column default.
        hasDefault: f.hasDefaultValue && !["id"].includes(f.name) && !f.isUpdatedAt,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
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
    const rows = await db.query<{ table: string; unique: boolean; primary: boolean; columns: string[] }>(
      `SELECT t.relname AS table, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE t.relname <> '_prisma_migrations'
       GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
    );
    const key = (table: string, kind: string, cols: string[]) => `${table}:${kind}:${cols.join(",")}`;
    const actual = rows.map((r) => key(r.table, r.primary ? "id" : r.unique ? "unique" : "normal", r.columns)).sort();
    const expected = dmmf.datamodel.indexes.map((i) => key(i.model, i.type, i.fields.map((f) => f.name))).sort();
    expect(actual).toEqual(expected);
  });

  it("re-applying the migrations changes nothing", async () => {
    const again = await applyMigrations(db.url);
    expect(again.applied).toEqual([]);
    expect(again.skipped.length).toBeGreaterThan(0);
  });
});
