-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "slaFirstResponseMinutes" INTEGER,
ADD COLUMN     "slaResolutionHours" INTEGER;

-- CreateTable
CREATE TABLE "SupportCycle" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "firstResponseAt" TIMESTAMPTZ(3),
    "firstResponderId" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "assigneeId" TEXT,
    "inboundCount" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "SupportCycle_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupportCycle_openedAt_idx" ON "SupportCycle"("openedAt");

-- CreateIndex
CREATE INDEX "SupportCycle_resolvedAt_idx" ON "SupportCycle"("resolvedAt");

-- CreateIndex
CREATE INDEX "SupportCycle_conversationId_openedAt_idx" ON "SupportCycle"("conversationId", "openedAt" DESC);

-- AddForeignKey
ALTER TABLE "SupportCycle" ADD CONSTRAINT "SupportCycle_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

