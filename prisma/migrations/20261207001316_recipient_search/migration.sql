-- CreateTable
CREATE TABLE "CampaignRecipientSearch" (
    "recipientId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "CampaignRecipientSearch_pkey" PRIMARY KEY ("recipientId")
);


