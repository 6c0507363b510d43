-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "buttonClicks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "clickedAt" TIMESTAMPTZ(3),
ADD COLUMN     "linkClicks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "optOutAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "CampaignReportRun" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "reportName" TEXT,
    "reportType" TEXT,
    "status" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "matchedRows" INTEGER NOT NULL DEFAULT 0,
    "updatedRows" INTEGER NOT NULL DEFAULT 0,
    "unmatchedRows" INTEGER NOT NULL DEFAULT 0,
    "rejectedRows" INTEGER NOT NULL DEFAULT 0,
    "optOuts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CampaignReportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignReportRejectedRow" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL,

    CONSTRAINT "CampaignReportRejectedRow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CampaignReportRun_startedAt_idx" ON "CampaignReportRun"("startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "CampaignReportRun_reportId_runId_key" ON "CampaignReportRun"("reportId", "runId");

-- CreateIndex
CREATE INDEX "CampaignReportRejectedRow_runId_line_idx" ON "CampaignReportRejectedRow"("runId", "line");

-- CreateIndex
CREATE INDEX "Campaign_upstreamName_idx" ON "Campaign"("upstreamName");

-- AddForeignKey
ALTER TABLE "CampaignReportRejectedRow" ADD CONSTRAINT "CampaignReportRejectedRow_runId_fkey" FOREIGN KEY ("runId") REFERENCES "CampaignReportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

