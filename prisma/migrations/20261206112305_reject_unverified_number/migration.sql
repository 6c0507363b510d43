-- AlterEnum
ALTER TYPE "CampaignRejectReason" ADD VALUE 'UNVERIFIED_NUMBER';

