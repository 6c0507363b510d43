-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "pausedReason" TEXT;

-- DropTable
DROP TABLE "CampaignSenderPace";

-- CreateTable
CREATE TABLE "SendBudget" (
    "key" TEXT NOT NULL,
    "nextSlotAt" TIMESTAMPTZ(6) NOT NULL,
    "rate" DOUBLE PRECISION,
    "rateAt" TIMESTAMPTZ(6),
    "lastDecreaseAt" TIMESTAMPTZ(6),
    "refusals" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SendBudget_pkey" PRIMARY KEY ("key")
);

