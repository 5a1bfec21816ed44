-- Long admin work that continues on its own through the admin-jobs queue (operations/jobs.ts):
-- one row per job with its cursor, progress and step reports. The partial unique index is the
-- lock: at most one running job at a time, of any kind (a rebuild or a slug migration started by
-- an operator, or the cron's or the read path's reconcile step: all of them move KV records),
-- across isolates and operators.
CREATE TABLE "AdminJob" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "actor" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "report" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AdminJob_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "AdminJob_running_key" ON "AdminJob"((true)) WHERE "state" = 'running';
CREATE INDEX "AdminJob_createdAt_idx" ON "AdminJob"("createdAt" DESC);
