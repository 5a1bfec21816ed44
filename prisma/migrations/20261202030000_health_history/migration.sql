-- Health history (the cron's hourly snapshots) and the skill-loss alarm's incidents. Ids are made
-- by the app (a snapshot written to KV during an outage keeps its id when moved here, so moving it
-- twice inserts it once). Both are kept 90 days; the cron deletes older rows by "at".

-- CreateTable
CREATE TABLE "HealthSnapshot" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "listed" INTEGER NOT NULL,
    "listedFrom" TEXT NOT NULL,
    "kvIndexCount" INTEGER NOT NULL,
    "kvEnumeratedCount" INTEGER NOT NULL,
    "prismaCount" INTEGER,
    "seedCount" INTEGER NOT NULL,
    "delistedCount" INTEGER NOT NULL DEFAULT 0,
    "driftDetected" BOOLEAN NOT NULL,
    "drifts" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "HealthSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthIncident" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "clearedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "deliveryAttempts" INTEGER NOT NULL DEFAULT 0,
    "deliveryError" TEXT,

    CONSTRAINT "HealthIncident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HealthSnapshot_at_idx" ON "HealthSnapshot"("at");

-- CreateIndex
CREATE INDEX "HealthIncident_at_idx" ON "HealthIncident"("at");
