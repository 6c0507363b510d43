-- AlterTable
ALTER TABLE "AnalyticsCampaignCounter" DROP CONSTRAINT "AnalyticsCampaignCounter_pkey",
ADD COLUMN     "shard" SMALLINT NOT NULL DEFAULT 0,
ADD CONSTRAINT "AnalyticsCampaignCounter_pkey" PRIMARY KEY ("campaignId", "metric", "shard");

-- AlterTable
ALTER TABLE "AnalyticsCampaignBreakdown" DROP CONSTRAINT "AnalyticsCampaignBreakdown_pkey",
ADD COLUMN     "shard" SMALLINT NOT NULL DEFAULT 0,
ADD CONSTRAINT "AnalyticsCampaignBreakdown_pkey" PRIMARY KEY ("campaignId", "dimension", "value", "state", "shard");

-- AlterTable
ALTER TABLE "AnalyticsMinute" DROP CONSTRAINT "AnalyticsMinute_pkey",
ADD COLUMN     "shard" SMALLINT NOT NULL DEFAULT 0,
ADD CONSTRAINT "AnalyticsMinute_pkey" PRIMARY KEY ("campaignId", "minute", "shard");

