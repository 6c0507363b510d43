-- CreateTable
CREATE TABLE "SenderQuality" (
    "phoneNumber" TEXT NOT NULL,
    "wabaId" TEXT,
    "qualityScore" TEXT NOT NULL,
    "messagesLimitTier" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,
    "scoreChangedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SenderQuality_pkey" PRIMARY KEY ("phoneNumber")
);

