// The hourly cron under its own worker env: it reports a missing DATABASE_URL, and its reconcile
// step backfills into Postgres a skill that reached only KV (published during an outage).
import { describe, expect, it } from "vitest";
import { getSkills } from "@/lib/data";
import { publishSkill } from "@/lib/submission-store";
import { runScheduled } from "@/lib/operations/scheduled";
import { resetDatabaseHealth } from "@/lib/platform/db";
import { useStores } from "../helpers/stores";
import { refusedDatabaseUrl } from "../helpers/network";

const stores = useStores();

describe("scheduled()", () => {
  it("says loudly that DATABASE_URL is missing, and does not reconcile", async () => {
    const report = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv });
    expect(report).toEqual({
      cron: "0 * * * *",
      databaseConfigured: false,
      pending: null,
      reconcile: null,
      audit: null,
      // The health snapshot is kept in KV (no Postgres to hold it); health-history.test.ts covers it.
      history: expect.objectContaining({ stored: "kv", alarm: "none" }),
      stuck: null,
      discovery: { ran: false, reason: "database-not-configured" },
      stars: null,
      rescan: null,
    });
  });

  it("backfills a skill published while Postgres was down; it is listed all along (pending overlay)", async () => {
    const input = { repoUrl: "https://github.com/acme/tools", skillName: "outage-skill", description: "Published during an outage.", certScore: 90 };
    const published = await stores.inWorker(() => publishSkill(stores.store.kv, input), await refusedDatabaseUrl());
    expect(published.prismaWritten).toBe(false);
    resetDatabaseHealth();
    const before = await stores.inWorker(() => getSkills({ search: "outage-skill" }));
    expect(before.source).toBe("prisma");
    // Convergence: listed from the moment of publish, merged into the Postgres window.
    expect(before.skills.map((s) => s.name)).toContain("outage-skill");

    const report = await runScheduled("0 * * * *", { SUBMISSIONS_KV: stores.store.kv, DATABASE_URL: stores.db.url });
    // The outbox drain writes it; the reconcile pass after it finds nothing left to backfill.
    expect(report.pending).toMatchObject({ written: 1, remaining: 0 });
    expect(report.reconcile).toMatchObject({ complete: true, prismaBackfilled: 0 });
    expect(await stores.db.query(`SELECT name FROM "Skill"`)).toEqual([{ name: "outage-skill" }]);
    const after = await stores.inWorker(() => getSkills({ search: "outage-skill" }));
    expect(after.skills.map((s) => s.name)).toContain("outage-skill");
  });
});
