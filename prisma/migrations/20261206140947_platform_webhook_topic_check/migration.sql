-- CreateTable
CREATE TABLE "WebhookTopicCheck" (
    "topic" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "WebhookTopicCheck_pkey" PRIMARY KEY ("topic")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookTopicCheck_nonce_key" ON "WebhookTopicCheck"("nonce");

