-- The admin audit log: one row per admin action (who, what, parameters, result, when).
-- `id` is a UUID made by the app, so an entry written to KV while Postgres was down keeps it and
-- the drain into this table never duplicates one (INSERT … ON CONFLICT (id) DO NOTHING).
-- The hourly cron deletes rows older than the retention (90 days) through the index on "at".
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "params" JSONB NOT NULL,
    "result" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at" DESC);
