-- Segment facts kept by triggers: "CampaignRecipient"."firstAnswerAt" (prisma/schema/campaigns.prisma), the
-- customer's first message (inbound, not a reaction) at or after the send (sentAt, else acceptedAt). The segment
-- compiler (lib/segments/compile-segment.ts) tests "answered within N hours" as firstAnswerAt < send + N hours,
-- which is exactly "a message in [send, send + N h)" (the first one at or after the send is in the window, or
-- none is), without looking up messages for each of a million sends.
--
-- Applied after `prisma migrate deploy` on every start (scripts/lib/prisma-cli.ts), so re-runnable. The column's
-- backfill is in its migration (20261206203407_segment_first_answer).
--
-- What can change the value, and the trigger that recomputes it:
--   a send's time or contact changes          -> BEFORE INSERT/UPDATE on "CampaignRecipient" (the row itself)
--   an inbound message arrives               -> AFTER INSERT on "Message": earlier answers win
--   a message moves, changes or is deleted   -> AFTER UPDATE/DELETE on "Message": recompute the contact's sends
--   a conversation changes contact, or goes  -> AFTER UPDATE/DELETE on "Conversation": same, for both contacts

-- A one-campaign condition reads its sends from this index alone (an index-only scan of the campaign's range), not
-- from the table's wide rows. ("Any campaign" reads "ContactEngagement", below.) Only sends with a send, delivery or
-- read time: every condition but the click ones needs one (the compiler repeats this predicate so the planner can use
-- the index), and a draft audience (a 100,000-row CSV import) does not have to enter it. Not clickedAt, in neither
-- the columns nor the predicate: the report import writes it for every click, and a column in no index lets those
-- updates be HOT (migration 20261206233000_campaign_recipient_hot_clicks); the click conditions read the table.
-- Replaces segment_recipient_engagement_idx, the same index over drafts too.
CREATE INDEX IF NOT EXISTS "segment_recipient_send_idx" ON "CampaignRecipient" ("campaignId")
  INCLUDE ("contactId", "sentAt", "acceptedAt", "deliveredAt", "readAt", "repliedAt", "firstAnswerAt")
  WHERE "contactId" IS NOT NULL
    AND ("sentAt" IS NOT NULL OR "acceptedAt" IS NOT NULL OR "deliveredAt" IS NOT NULL OR "readAt" IS NOT NULL);
DROP INDEX IF EXISTS "segment_recipient_engagement_idx";

-- Was for "any campaign" answers, which now read "ContactEngagement": one index fewer to keep on every send.
DROP INDEX IF EXISTS "segment_recipient_answered_idx";

CREATE OR REPLACE FUNCTION segment_first_answer(contact_id text, send_at timestamptz)
RETURNS timestamp(3) LANGUAGE sql STABLE AS $$
  SELECT m."createdAt" FROM "Conversation" c JOIN "Message" m ON m."conversationId" = c.id
  WHERE c."contactId" = contact_id AND m.direction = 'INBOUND' AND m.kind <> 'reaction' AND m."createdAt" >= send_at
  ORDER BY m."createdAt" LIMIT 1
$$;

-- Every send of these contacts, recomputed (only rows whose value changes are written).
CREATE OR REPLACE FUNCTION segment_recompute_answers(contact_ids text[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "CampaignRecipient" r SET "firstAnswerAt" = x.at
  FROM (
    SELECT r2.id, segment_first_answer(r2."contactId", COALESCE(r2."sentAt", r2."acceptedAt")) AS at
    FROM "CampaignRecipient" r2 WHERE r2."contactId" = ANY (contact_ids)
  ) x
  WHERE r.id = x.id AND r."firstAnswerAt" IS DISTINCT FROM x.at
$$;

CREATE OR REPLACE FUNCTION segment_recipient_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."firstAnswerAt" := segment_first_answer(NEW."contactId", COALESCE(NEW."sentAt", NEW."acceptedAt"));
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS segment_recipient_insert ON "CampaignRecipient";
CREATE TRIGGER segment_recipient_insert BEFORE INSERT ON "CampaignRecipient"
  FOR EACH ROW WHEN (NEW."sentAt" IS NOT NULL OR NEW."acceptedAt" IS NOT NULL OR NEW."firstAnswerAt" IS NOT NULL)
  EXECUTE FUNCTION segment_recipient_answer();
DROP TRIGGER IF EXISTS segment_recipient_update ON "CampaignRecipient";
CREATE TRIGGER segment_recipient_update BEFORE UPDATE ON "CampaignRecipient"
  FOR EACH ROW WHEN (NEW."sentAt" IS DISTINCT FROM OLD."sentAt" OR NEW."acceptedAt" IS DISTINCT FROM OLD."acceptedAt"
    OR NEW."contactId" IS DISTINCT FROM OLD."contactId")
  EXECUTE FUNCTION segment_recipient_answer();

-- A new answer: the contact's sends at or before it that have no earlier one.
CREATE OR REPLACE FUNCTION segment_message_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CampaignRecipient" r SET "firstAnswerAt" = NEW."createdAt"
  FROM "Conversation" c
  WHERE c.id = NEW."conversationId" AND r."contactId" = c."contactId"
    AND COALESCE(r."sentAt", r."acceptedAt") <= NEW."createdAt"
    AND (r."firstAnswerAt" IS NULL OR r."firstAnswerAt" > NEW."createdAt");
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS segment_message_insert ON "Message";
CREATE TRIGGER segment_message_insert AFTER INSERT ON "Message"
  FOR EACH ROW WHEN (NEW.direction = 'INBOUND' AND NEW.kind <> 'reaction')
  EXECUTE FUNCTION segment_message_inserted();

CREATE OR REPLACE FUNCTION segment_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM segment_recompute_answers(ARRAY(
    SELECT c."contactId" FROM "Conversation" c
    WHERE c.id = OLD."conversationId" OR (TG_OP = 'UPDATE' AND c.id = NEW."conversationId")));
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS segment_message_update ON "Message";
CREATE TRIGGER segment_message_update AFTER UPDATE ON "Message"
  FOR EACH ROW WHEN ((OLD.direction = 'INBOUND' OR NEW.direction = 'INBOUND') AND (
    NEW."conversationId" IS DISTINCT FROM OLD."conversationId" OR NEW."createdAt" IS DISTINCT FROM OLD."createdAt"
    OR NEW.direction IS DISTINCT FROM OLD.direction OR NEW.kind IS DISTINCT FROM OLD.kind))
  EXECUTE FUNCTION segment_message_changed();
DROP TRIGGER IF EXISTS segment_message_delete ON "Message";
CREATE TRIGGER segment_message_delete AFTER DELETE ON "Message"
  FOR EACH ROW WHEN (OLD.direction = 'INBOUND' AND OLD.kind <> 'reaction')
  EXECUTE FUNCTION segment_message_changed();

CREATE OR REPLACE FUNCTION segment_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM segment_recompute_answers(
    CASE WHEN TG_OP = 'UPDATE' THEN ARRAY[OLD."contactId", NEW."contactId"] ELSE ARRAY[OLD."contactId"] END);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS segment_conversation_update ON "Conversation";
CREATE TRIGGER segment_conversation_update AFTER UPDATE ON "Conversation"
  FOR EACH ROW WHEN (NEW."contactId" IS DISTINCT FROM OLD."contactId")
  EXECUTE FUNCTION segment_conversation_changed();
DROP TRIGGER IF EXISTS segment_conversation_delete ON "Conversation";
CREATE TRIGGER segment_conversation_delete AFTER DELETE ON "Conversation"
  FOR EACH ROW EXECUTE FUNCTION segment_conversation_changed();

-- "ContactEngagement" (prisma/schema/labels.prisma): per contact, what its sends add up to, so an "any campaign"
-- condition is one pass over at most one row per contact instead of a semi-join over every send. The rule, like
-- analytics.sql's: a statement that inserts, deletes or changes the engagement columns of sends (their contact,
-- send, delivery, read, click, quote or first answer time) recomputes the row of every contact it touched from
-- that contact's sends (the index on "contactId", "clearedAt"), so the row always equals a recount however
-- the engine, the webhooks, the report import or the answer triggers above write. Sends with none of these set
-- (a draft audience: the CSV import) are skipped, and a contact left with nothing relevant loses its row.
--
-- Each count or delay is one condition of lib/segments/compile-segment.ts, per send; the compiler reads
-- "the contact has a send meeting X" as count > 0, and "answered within N hours" (answer < send + N h, both at
-- millisecond precision) as a delay in milliseconds < N * 3,600,000: the shortest over sent sends for "replied",
-- the longest over unquoted answered sends for "not replied". Change a condition there, change it here.
CREATE OR REPLACE FUNCTION segment_engagement_of(contact_ids text[])
RETURNS SETOF "ContactEngagement" LANGUAGE sql STABLE AS $$
  SELECT r."contactId",
    (count(*) FILTER (WHERE x.send_at IS NOT NULL))::int,
    (count(*) FILTER (WHERE r."readAt" IS NOT NULL))::int,
    (count(*) FILTER (WHERE r."deliveredAt" IS NOT NULL AND r."readAt" IS NULL))::int,
    (count(*) FILTER (WHERE r."clickedAt" IS NOT NULL))::int,
    (count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."clickedAt" IS NULL))::int,
    (count(*) FILTER (WHERE r."readAt" IS NOT NULL AND r."clickedAt" IS NULL))::int,
    (count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NOT NULL))::int,
    (count(*) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NULL AND r."firstAnswerAt" IS NULL))::int,
    (count(*) FILTER (WHERE r."readAt" IS NOT NULL AND r."repliedAt" IS NULL AND r."firstAnswerAt" IS NULL))::int,
    min(x.delay_ms) FILTER (WHERE x.send_at IS NOT NULL),
    max(x.delay_ms) FILTER (WHERE x.send_at IS NOT NULL AND r."repliedAt" IS NULL),
    max(x.delay_ms) FILTER (WHERE r."readAt" IS NOT NULL AND r."repliedAt" IS NULL)
  FROM "CampaignRecipient" r
  CROSS JOIN LATERAL (SELECT COALESCE(r."sentAt", r."acceptedAt") AS send_at) s
  CROSS JOIN LATERAL (SELECT s.send_at,
    (extract(epoch FROM r."firstAnswerAt" - s.send_at) * 1000)::bigint AS delay_ms) x
  WHERE r."contactId" = ANY (contact_ids)
    AND (s.send_at IS NOT NULL OR r."deliveredAt" IS NOT NULL OR r."readAt" IS NOT NULL OR r."clickedAt" IS NOT NULL)
  GROUP BY r."contactId"
$$;

-- These contacts' rows recomputed. Concurrent statements touching the same contact serialise on its row, which
-- is created (empty) if missing and locked in key order before the sends are read: the recount then sees the
-- other transaction's committed sends (READ COMMITTED takes a new snapshot per statement), never a stale set.
CREATE OR REPLACE FUNCTION segment_engagement_refresh(contact_ids text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids text[] := ARRAY(SELECT DISTINCT id FROM unnest(contact_ids) AS u(id) WHERE id IS NOT NULL ORDER BY id);
BEGIN
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO "ContactEngagement" ("contactId", sent, read, "deliveredNotRead", clicked, "sentNotClicked",
    "readNotClicked", quoted, "unquotedUnanswered", "readUnquotedUnanswered")
  SELECT id, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM unnest(ids) AS u(id) ORDER BY id
  ON CONFLICT DO NOTHING;
  PERFORM 1 FROM "ContactEngagement" e WHERE e."contactId" = ANY (ids) ORDER BY e."contactId" FOR UPDATE;
  WITH fresh AS (SELECT * FROM segment_engagement_of(ids)),
  changed AS (
    UPDATE "ContactEngagement" e SET sent = f.sent, read = f.read, "deliveredNotRead" = f."deliveredNotRead",
      clicked = f.clicked, "sentNotClicked" = f."sentNotClicked", "readNotClicked" = f."readNotClicked",
      quoted = f.quoted, "unquotedUnanswered" = f."unquotedUnanswered",
      "readUnquotedUnanswered" = f."readUnquotedUnanswered", "minAnswerMs" = f."minAnswerMs",
      "maxUnquotedAnswerMs" = f."maxUnquotedAnswerMs", "maxReadUnquotedAnswerMs" = f."maxReadUnquotedAnswerMs"
    FROM fresh f
    WHERE e."contactId" = f."contactId" AND e IS DISTINCT FROM f
  )
  DELETE FROM "ContactEngagement" e
  WHERE e."contactId" = ANY (ids) AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f."contactId" = e."contactId");
END $$;

-- Which contacts a statement touched: those of inserted or deleted sends with anything relevant set, and both
-- the old and the new contact of an update that changed a relevant column.
CREATE OR REPLACE FUNCTION segment_engagement_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM segment_engagement_refresh(ARRAY(
      SELECT n."contactId" FROM segment_new AS n WHERE n."contactId" IS NOT NULL AND (n."sentAt" IS NOT NULL
        OR n."acceptedAt" IS NOT NULL OR n."deliveredAt" IS NOT NULL OR n."readAt" IS NOT NULL
        OR n."clickedAt" IS NOT NULL)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM segment_engagement_refresh(ARRAY(
      SELECT o."contactId" FROM segment_old AS o WHERE o."contactId" IS NOT NULL AND (o."sentAt" IS NOT NULL
        OR o."acceptedAt" IS NOT NULL OR o."deliveredAt" IS NOT NULL OR o."readAt" IS NOT NULL
        OR o."clickedAt" IS NOT NULL)));
  ELSE
    PERFORM segment_engagement_refresh(ARRAY(
      SELECT unnest(ARRAY[o."contactId", n."contactId"])
      FROM segment_old AS o JOIN segment_new AS n ON n.id = o.id
      WHERE (o."contactId", o."sentAt", o."acceptedAt", o."deliveredAt", o."readAt", o."clickedAt", o."repliedAt",
             o."firstAnswerAt")
            IS DISTINCT FROM
            (n."contactId", n."sentAt", n."acceptedAt", n."deliveredAt", n."readAt", n."clickedAt", n."repliedAt",
             n."firstAnswerAt")
        AND (o."sentAt" IS NOT NULL OR o."acceptedAt" IS NOT NULL OR o."deliveredAt" IS NOT NULL
          OR o."readAt" IS NOT NULL OR o."clickedAt" IS NOT NULL OR n."sentAt" IS NOT NULL
          OR n."acceptedAt" IS NOT NULL OR n."deliveredAt" IS NOT NULL OR n."readAt" IS NOT NULL
          OR n."clickedAt" IS NOT NULL)));
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS segment_engagement_insert ON "CampaignRecipient";
CREATE TRIGGER segment_engagement_insert AFTER INSERT ON "CampaignRecipient"
  REFERENCING NEW TABLE AS segment_new FOR EACH STATEMENT EXECUTE FUNCTION segment_engagement_changed();
DROP TRIGGER IF EXISTS segment_engagement_update ON "CampaignRecipient";
CREATE TRIGGER segment_engagement_update AFTER UPDATE ON "CampaignRecipient"
  REFERENCING OLD TABLE AS segment_old NEW TABLE AS segment_new
  FOR EACH STATEMENT EXECUTE FUNCTION segment_engagement_changed();
DROP TRIGGER IF EXISTS segment_engagement_delete ON "CampaignRecipient";
CREATE TRIGGER segment_engagement_delete AFTER DELETE ON "CampaignRecipient"
  REFERENCING OLD TABLE AS segment_old FOR EACH STATEMENT EXECUTE FUNCTION segment_engagement_changed();
