-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CampaignRecipientState" AS ENUM ('PENDING', 'SENDING', 'UNKNOWN', 'SENT', 'FAILED', 'DELIVERED', 'READ', 'SKIPPED');

-- CreateEnum
CREATE TYPE "CampaignSourceKind" AS ENUM ('CSV', 'CONTACTS');

-- CreateEnum
CREATE TYPE "CampaignSourceStatus" AS ENUM ('IMPORTING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "CampaignRejectReason" AS ENUM ('BAD_NUMBER', 'MISSING_VARIABLE', 'INVALID_VARIABLE', 'DUPLICATE', 'OPTED_OUT');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "upstreamName" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "templateName" TEXT,
    "templateLanguage" TEXT,
    "templateCategory" TEXT,
    "templateComponents" JSONB,
    "sender" TEXT,
    "ratePerSecond" INTEGER NOT NULL DEFAULT 80,
    "scheduledAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "parentId" TEXT,
    "createdById" TEXT,
    "stats" JSONB,
    "statsDirty" BOOLEAN NOT NULL DEFAULT false,
    "statsAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRecipient" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "campaignId" TEXT NOT NULL,
    "sourceId" TEXT,
    "address" TEXT NOT NULL,
    "phone" TEXT,
    "bsuid" TEXT,
    "country" TEXT,
    "contactId" TEXT,
    "variables" JSONB NOT NULL,
    "state" "CampaignRecipientState" NOT NULL DEFAULT 'PENDING',
    "stateRank" INTEGER NOT NULL DEFAULT 0,
    "skipReason" TEXT,
    "workerId" TEXT,
    "sendingAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "upstreamId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "readAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),
    "repliedAt" TIMESTAMPTZ(3),
    "errorCode" TEXT,
    "errorTitle" TEXT,
    "errorDetail" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignAudienceSource" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "kind" "CampaignSourceKind" NOT NULL,
    "status" "CampaignSourceStatus" NOT NULL DEFAULT 'IMPORTING',
    "fileName" TEXT,
    "columns" JSONB,
    "mapping" JSONB NOT NULL,
    "filter" JSONB,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "acceptedRows" INTEGER NOT NULL DEFAULT 0,
    "rejectedRows" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignAudienceSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRejectedRow" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "value" TEXT,
    "reason" "CampaignRejectReason" NOT NULL,
    "detail" TEXT NOT NULL,
    "cells" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignRejectedRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignWorker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignSenderPace" (
    "sender" TEXT NOT NULL,
    "nextSlotAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "CampaignSenderPace_pkey" PRIMARY KEY ("sender")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_parentId_key" ON "Campaign"("parentId");

-- CreateIndex
CREATE INDEX "Campaign_status_scheduledAt_idx" ON "Campaign"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "Campaign_createdAt_idx" ON "Campaign"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_upstreamId_key" ON "CampaignRecipient"("upstreamId");

-- CreateIndex
CREATE INDEX "CampaignRecipient_campaignId_state_seq_idx" ON "CampaignRecipient"("campaignId", "state", "seq");

-- CreateIndex
CREATE INDEX "CampaignRecipient_sourceId_idx" ON "CampaignRecipient"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_campaignId_address_key" ON "CampaignRecipient"("campaignId", "address");

-- CreateIndex
CREATE INDEX "CampaignAudienceSource_campaignId_idx" ON "CampaignAudienceSource"("campaignId");

-- CreateIndex
CREATE INDEX "CampaignRejectedRow_campaignId_reason_idx" ON "CampaignRejectedRow"("campaignId", "reason");

-- CreateIndex
CREATE INDEX "CampaignRejectedRow_sourceId_rowNumber_idx" ON "CampaignRejectedRow"("sourceId", "rowNumber");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "CampaignAudienceSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignAudienceSource" ADD CONSTRAINT "CampaignAudienceSource_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRejectedRow" ADD CONSTRAINT "CampaignRejectedRow_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRejectedRow" ADD CONSTRAINT "CampaignRejectedRow_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "CampaignAudienceSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

