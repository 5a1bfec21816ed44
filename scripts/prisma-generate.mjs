// Generates the Prisma client (src/generated/prisma). `prisma generate` only checks that a schema
// engine binary exists; it never runs it, and downloading one needs Prisma's servers. Pointing the
// variable at an existing file lets generation work offline.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
