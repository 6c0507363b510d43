-- AlterTable
ALTER TABLE "CsatSurvey" ADD COLUMN     "assigneeId" TEXT;

-- AlterTable
ALTER TABLE "SupportCycle" ADD COLUMN     "firstResponseBusinessSeconds" DOUBLE PRECISION,
ADD COLUMN     "resolutionBusinessSeconds" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "slaBusinessHours" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SupportHourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "agentId" TEXT NOT NULL,
    "replies" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SupportHourly_pkey" PRIMARY KEY ("hour","agentId")
);

-- CreateIndex
CREATE INDEX "CsatSurvey_requestedAt_idx" ON "CsatSurvey"("requestedAt");

