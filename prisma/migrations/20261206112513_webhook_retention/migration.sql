-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "invalidWebhookRetentionDays" INTEGER,
ADD COLUMN     "webhookRetentionDays" INTEGER;

