-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'RULE';

-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "clearedAt" TIMESTAMPTZ(3),
ADD COLUMN     "heldReason" TEXT,
ADD COLUMN     "limitRetries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "notBefore" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "AutomationRule" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "conditions" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "createdById" TEXT,
    "updatedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutomationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AutomationRuleFire" (
    "ruleId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AutomationRuleFire_pkey" PRIMARY KEY ("ruleId","conversationId")
);

-- CreateIndex
CREATE INDEX "AutomationRule_position_idx" ON "AutomationRule"("position");

-- CreateIndex
CREATE INDEX "CampaignRecipient_contactId_clearedAt_idx" ON "CampaignRecipient"("contactId", "clearedAt");

-- AddForeignKey
ALTER TABLE "AutomationRuleFire" ADD CONSTRAINT "AutomationRuleFire_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AutomationRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

