import { defineConfig } from "prisma/config";

// The CLI is used only for `prisma generate` (migrations are applied by scripts/migrate.ts), so a
// placeholder URL is enough when DATABASE_URL is unset.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://placeholder@127.0.0.1:5432/placeholder",
  },
});
