-- CreateTable
CREATE TABLE "AnalyticsCampaignCounter" (
    "campaignId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsCampaignCounter_pkey" PRIMARY KEY ("campaignId","metric")
);

-- CreateTable
CREATE TABLE "AnalyticsCampaignBreakdown" (
    "campaignId" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsCampaignBreakdown_pkey" PRIMARY KEY ("campaignId","dimension","value","state")
);

-- CreateTable
CREATE TABLE "AnalyticsMinute" (
    "campaignId" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "replied" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsMinute_pkey" PRIMARY KEY ("campaignId","minute")
);

-- CreateTable
CREATE TABLE "AnalyticsReply" (
    "recipientId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "repliedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AnalyticsReply_pkey" PRIMARY KEY ("recipientId")
);

-- CreateTable
CREATE TABLE "AnalyticsMeta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalyticsMeta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "AnalyticsMinute_minute_idx" ON "AnalyticsMinute"("minute");

-- CreateIndex
CREATE INDEX "AnalyticsReply_campaignId_seq_idx" ON "AnalyticsReply"("campaignId", "seq");

