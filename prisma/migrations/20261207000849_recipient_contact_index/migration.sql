-- DropIndex
DROP INDEX "CampaignRecipient_contactId_idx";

