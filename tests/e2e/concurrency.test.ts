// Concurrent requests in one isolate share its Prisma client (src/lib/platform/db.ts) but never a
// connection or a batch: many lookups of different skills at once, through the API and the pages,
// each get their own skill (workerd; Prisma merges same-shape lookups on a timer, which across
// requests would run one request's query on another's connection).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/platform/db";
import { rowData } from "@/lib/catalog/postgres/skill-rows";
import { realisticRecords } from "../helpers/skills";

const base = inject("workerUrl");
const databaseUrl = inject("workerDatabaseUrl");
const records = realisticRecords(60, 700_000).map((r) => ({ ...r, name: `concurrent-${r.name}`, skillName: `concurrent-${r.skillName}` }));

beforeAll(async () => {
  const db = getDb(databaseUrl);
  try {
    await db.skill.createMany({ data: records.map(rowData) });
  } finally {
    await db.$disconnect();
  }
});
afterAll(async () => {
  const db = getDb(databaseUrl);
  try {
    await db.skill.deleteMany({ where: { name: { in: records.map((r) => r.name) } } });
  } finally {
    await db.$disconnect();
  }
});

describe("concurrent requests (workerd)", () => {
  it("40 at a time, each skill's JSON and page come back for that skill, all from Postgres", async () => {
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        records.slice(0, 40).map(async (r, i) => {
          const page = i % 2 === 1;
          // A cookie keeps the shared cache out of it: every request reaches the database.
          const res = await fetch(`${base}${page ? "/skills" : "/api/v1/skills"}/${r.name}?round=${round}`, { headers: { cookie: "probe=1" } });
          const body = await res.text();
          return { name: r.name, page, status: res.status, body };
        }),
      );
      for (const a of answers) {
        expect(a.status, a.name).toBe(200);
        if (a.page) expect(a.body, a.name).toContain(a.name);
        else expect((JSON.parse(a.body) as { name: string }).name).toBe(a.name);
      }
    }
  });
});
