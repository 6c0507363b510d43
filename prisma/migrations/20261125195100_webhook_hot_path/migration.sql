-- DropIndex
DROP INDEX "WebhookEvent_upstreamId_idx";


-- Delivery statuses look events up by upstreamId only while they wait for their message (PENDING): a partial
-- index stays tiny, and the hundreds of PROCESSED rows written per second never touch it.
CREATE INDEX "WebhookEvent_pending_upstreamId_idx" ON "WebhookEvent"("upstreamId") WHERE "state" = 'PENDING';

-- Each outbound message is updated two or three times right after it is written (sent, delivered, read).
-- Free space on its page lets those be HOT updates, which skip every index (the trigram index is the costly one).
ALTER TABLE "Message" SET (fillfactor = 80);
