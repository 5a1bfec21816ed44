-- CreateEnum
CREATE TYPE "CertTier" AS ENUM ('SCANNED', 'VERIFIED', 'CERTIFIED');

-- CreateEnum
CREATE TYPE "CertMethod" AS ENUM ('AUTOMATED_SCAN', 'LLM_JUDGE', 'MANUAL_REVIEW', 'VENDOR_AUTO');

-- CreateEnum
CREATE TYPE "SubmissionState" AS ENUM ('QUEUED', 'SCANNING', 'PUBLISHED', 'REJECTED', 'FAILED');

-- CreateTable
CREATE TABLE "Skill" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "skillName" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "author" TEXT NOT NULL,
    "repoUrl" TEXT NOT NULL,
    "skillPath" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT 'development',
    "currentVersion" TEXT NOT NULL DEFAULT '1.0.0',
    "certTier" "CertTier" NOT NULL DEFAULT 'SCANNED',
    "certMethod" "CertMethod" NOT NULL DEFAULT 'AUTOMATED_SCAN',
    "certScore" INTEGER NOT NULL DEFAULT 0,
    "certifiedAt" TIMESTAMP(3),
    "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "extensible" BOOLEAN NOT NULL DEFAULT false,
    "extensionPoints" JSONB NOT NULL DEFAULT '[]',
    "trendingScore7d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trendingScore30d" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "githubStars" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" TEXT NOT NULL,
    "repoUrl" TEXT NOT NULL,
    "skillName" TEXT NOT NULL,
    "skillPath" TEXT NOT NULL DEFAULT '',
    "state" "SubmissionState" NOT NULL DEFAULT 'QUEUED',
    "reason" TEXT,
    "scanScore" INTEGER,
    "publishedAs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryRecord" (
    "id" TEXT NOT NULL,
    "repoFullName" TEXT NOT NULL,
    "skillPath" TEXT NOT NULL,
    "submissionId" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscoveryRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryRunLog" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "found" INTEGER NOT NULL DEFAULT 0,
    "queued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "DiscoveryRunLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Skill_name_key" ON "Skill"("name");

-- CreateIndex
CREATE INDEX "Skill_category_idx" ON "Skill"("category");

-- CreateIndex
CREATE INDEX "Skill_certTier_idx" ON "Skill"("certTier");

-- CreateIndex
CREATE INDEX "Skill_trendingScore7d_name_idx" ON "Skill"("trendingScore7d" DESC, "name");

-- CreateIndex
CREATE INDEX "Skill_author_idx" ON "Skill"("author");

-- CreateIndex
CREATE UNIQUE INDEX "Skill_repoUrl_skillName_key" ON "Skill"("repoUrl", "skillName");

-- CreateIndex
CREATE INDEX "Submission_repoUrl_skillName_state_idx" ON "Submission"("repoUrl", "skillName", "state");

-- CreateIndex
CREATE INDEX "Submission_state_idx" ON "Submission"("state");

-- CreateIndex
CREATE UNIQUE INDEX "DiscoveryRecord_repoFullName_skillPath_key" ON "DiscoveryRecord"("repoFullName", "skillPath");
