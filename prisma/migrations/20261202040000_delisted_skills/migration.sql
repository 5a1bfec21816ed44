-- Skills an operator took down: the Postgres mirror of the KV delist markers (`delisted:{slug}`,
-- which stay the truth). A delist deletes the skill's "Skill" row in the same transaction, so
-- counts, the search vocabulary and every listing lose it with no extra condition; the KV record
-- is kept, and a relist writes the row back from it.
CREATE TABLE "DelistedSkill" (
    "name" TEXT COLLATE "C" NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "delistedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DelistedSkill_pkey" PRIMARY KEY ("name")
);
