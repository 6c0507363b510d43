-- CreateTable
CREATE TABLE "ContactEngagement" (
    "contactId" TEXT NOT NULL,
    "sent" INTEGER NOT NULL,
    "read" INTEGER NOT NULL,
    "deliveredNotRead" INTEGER NOT NULL,
    "clicked" INTEGER NOT NULL,
    "sentNotClicked" INTEGER NOT NULL,
    "readNotClicked" INTEGER NOT NULL,
    "quoted" INTEGER NOT NULL,
    "unquotedUnanswered" INTEGER NOT NULL,
    "readUnquotedUnanswered" INTEGER NOT NULL,
    "minAnswerMs" BIGINT,
    "maxUnquotedAnswerMs" BIGINT,
    "maxReadUnquotedAnswerMs" BIGINT,

    CONSTRAINT "ContactEngagement_pkey" PRIMARY KEY ("contactId")
);


-- Backfill (from here on, triggers in prisma/sql/segments.sql keep it, with the sums of segment_engagement_of):
-- every contact's sends summed up.
DELETE FROM "ContactEngagement";
INSERT INTO "ContactEngagement" ("contactId", sent, read, "deliveredNotRead", clicked, "sentNotClicked",
  "readNotClicked", quoted, "unquotedUnanswered", "readUnquotedUnanswered", "minAnswerMs", "maxUnquotedAnswerMs",
  "maxReadUnquotedAnswerMs")
SELECT r."contactId",
  count(*) FILTER (WHERE x.send_at IS NOT NULL),
  count(*) FILTER (WHERE r."readAt" IS NOT NULL),
  count(*) FILTER (WHERE r."deliveredAt" IS NOT NULL AND r."readAt" IS NULL),
  count(*) FILTER (WHERE r."clickedAt" IS NOT NULL),
  count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."clickedAt" IS NULL),
  count(*) FILTER (WHERE r."readAt" IS NOT NULL AND r."clickedAt" IS NULL),
  count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NOT NULL),
  count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NULL AND r."firstAnswerAt" IS NULL),
  count(*) FILTER (WHERE r."readAt" IS NOT NULL AND r."repliedAt" IS NULL AND r."firstAnswerAt" IS NULL),
  min(x.delay_ms) FILTER (WHERE x.send_at IS NOT NULL),
  max(x.delay_ms) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NULL),
  max(x.delay_ms) FILTER (WHERE r."readAt" IS NOT NULL AND r."repliedAt" IS NULL)
FROM "CampaignRecipient" r
CROSS JOIN LATERAL (SELECT COALESCE(r."sentAt", r."acceptedAt") AS send_at) s
CROSS JOIN LATERAL (SELECT s.send_at, (extract(epoch FROM r."firstAnswerAt" - s.send_at) * 1000)::bigint AS delay_ms) x
WHERE r."contactId" IS NOT NULL
  AND (s.send_at IS NOT NULL OR r."deliveredAt" IS NOT NULL OR r."readAt" IS NOT NULL OR r."clickedAt" IS NOT NULL)
GROUP BY r."contactId";
