// Global setup: a real Postgres for the tests. TEST_DATABASE_URL when set (CI: the machine's
// Postgres), else an embedded Postgres. Migrations are applied once to a template database; each
// test file clones it (CREATE DATABASE … TEMPLATE) for isolation.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../scripts/lib/migrations";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/lib/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let embedded: RunningPostgres | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: `.data/test-postgres-${project.name}`, database: "postgres" });
    adminUrl = embedded.adminUrl;
  }
  const template = `skills_tpl_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
  await applyMigrations(withDatabase(adminUrl, template));
  project.provide("databaseAdminUrl", adminUrl);
  project.provide("templateDatabase", template);
  process.env.SKILLS_TEST_DB_ADMIN_URL = adminUrl;
  process.env.SKILLS_TEST_DB_TEMPLATE = template;

  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await embedded?.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
