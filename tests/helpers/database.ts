// A fresh, migrated database per caller, cloned from the run's template; dropped by `drop()`.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";
import { adminQuery, withDatabase } from "../setup/database";

export interface TestDatabase {
  url: string;
  name: string;
  /** Runs SQL on this database (for assertions and fault setup). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Empties every table (between tests of one file). */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("databaseAdminUrl");
  const template = inject("templateDatabase");
  return cloneTemplate(adminUrl, template);
}

export async function cloneTemplate(adminUrl: string, template: string): Promise<TestDatabase> {
  const name = `skills_t_${randomBytes(5).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    name,
    async query(sql, params) {
      return (await pool.query(sql, params as unknown[])).rows;
    },
    async truncate() {
      await pool.query(`TRUNCATE "Skill", "Submission", "DiscoveryRecord", "DiscoveryRunLog", "SkillCount", "DelistedSkill", "AuditEntry", "HealthSnapshot", "HealthIncident", "AdminJob", "SkillVersion", "RepoStars", "StarSample"`);
    },
    async drop() {
      await pool.end();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
