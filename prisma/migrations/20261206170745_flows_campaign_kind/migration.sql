-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('TEMPLATE', 'FLOW');

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "flowName" TEXT,
ADD COLUMN     "flowVariables" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "flowVersion" TEXT,
ADD COLUMN     "kind" "CampaignKind" NOT NULL DEFAULT 'TEMPLATE';

-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "flowScheduledAt" TIMESTAMPTZ(3),
ADD COLUMN     "sendoutId" TEXT;

-- CreateIndex
CREATE INDEX "Campaign_flowName_idx" ON "Campaign"("flowName");

