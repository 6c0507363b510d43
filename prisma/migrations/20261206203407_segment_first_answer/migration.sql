-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "firstAnswerAt" TIMESTAMP(3);


-- Backfill (from here on, triggers in prisma/sql/segments.sql keep it): each send's first customer message at or
-- after it.
UPDATE "CampaignRecipient" r SET "firstAnswerAt" = a.at
FROM (
  SELECT r2.id, min(m."createdAt") AS at
  FROM "CampaignRecipient" r2
  JOIN "Conversation" c ON c."contactId" = r2."contactId"
  JOIN "Message" m ON m."conversationId" = c.id AND m.direction = 'INBOUND' AND m.kind <> 'reaction'
    AND m."createdAt" >= COALESCE(r2."sentAt", r2."acceptedAt")
  GROUP BY r2.id
) a
WHERE a.id = r.id;
