// npm run db:migrate — apply prisma/migrations to DATABASE_URL (or the URL given as argument).
import { applyMigrations } from "./lib/migrations";

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error("db:migrate: set DATABASE_URL or pass a postgres:// URL");
  process.exit(2);
}
const { applied, skipped } = await applyMigrations(url);
console.log(`db:migrate: applied ${applied.length} (${applied.join(", ") || "none"}), already applied ${skipped.length}`);
