-- AlterTable
ALTER TABLE "User" ADD COLUMN     "available" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "availableChangedAt" TIMESTAMP(3),
ADD COLUMN     "lastAutoAssignedAt" TIMESTAMP(3),
ADD COLUMN     "maxOpenConversations" INTEGER;

-- CreateTable
CREATE TABLE "AutomationSettings" (
    "id" TEXT NOT NULL DEFAULT 'workspace',
    "config" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AutomationSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CsatSurvey" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "score" INTEGER,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "CsatSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CsatSurvey_conversationId_requestedAt_idx" ON "CsatSurvey"("conversationId", "requestedAt" DESC);

-- AddForeignKey
ALTER TABLE "CsatSurvey" ADD CONSTRAINT "CsatSurvey_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

