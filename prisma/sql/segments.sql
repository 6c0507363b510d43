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

-- A campaign condition reads its sends from this index alone (an index-only scan: the campaign's range, or all of
-- it for "any campaign"), not from the table's wide rows. Not clickedAt: the report import writes it for every
-- click, and a column in no index lets those updates be HOT (migration 20261206233000_campaign_recipient_hot_clicks);
-- the click conditions read it from the table.
CREATE INDEX IF NOT EXISTS "segment_recipient_engagement_idx" ON "CampaignRecipient" ("campaignId")
  INCLUDE ("contactId", "sentAt", "acceptedAt", "deliveredAt", "readAt", "repliedAt", "firstAnswerAt")
  WHERE "contactId" IS NOT NULL;

-- Contact-wide "any campaign" answers scan only the sends that got one.
CREATE INDEX IF NOT EXISTS "segment_recipient_answered_idx" ON "CampaignRecipient" ("contactId")
  INCLUDE ("sentAt", "acceptedAt", "repliedAt", "firstAnswerAt")
  WHERE "repliedAt" IS NOT NULL OR "firstAnswerAt" IS NOT NULL;

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
