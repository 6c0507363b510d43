-- Support performance cycles, kept by triggers (table: prisma/schema/support.prisma; read by lib/reports/).
--
-- Applied after `prisma migrate deploy` on every start and test run (scripts/lib/prisma-cli.ts), in one
-- transaction, so everything here is re-runnable: CREATE OR REPLACE, DROP TRIGGER IF EXISTS, IF NOT EXISTS.
--
-- A cycle opens with a customer's message when the conversation has no open cycle, gets its first response from
-- the first message an agent wrote (authorId set), and closes when the conversation becomes RESOLVED. Message
-- times are "timestamp without time zone" holding UTC (Prisma's default), hence AT TIME ZONE 'UTC'.

CREATE UNIQUE INDEX IF NOT EXISTS "support_cycle_one_open_idx" ON "SupportCycle" ("conversationId") WHERE "resolvedAt" IS NULL;
-- Replies per agent over a date range.
CREATE INDEX IF NOT EXISTS "support_agent_reply_idx" ON "Message" ("createdAt", "authorId")
  WHERE direction = 'OUTBOUND' AND "authorId" IS NOT NULL;

CREATE OR REPLACE FUNCTION support_cycle_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.direction = 'INBOUND' THEN
    INSERT INTO "SupportCycle" (id, "conversationId", "openedAt", "assigneeId", "inboundCount")
    SELECT gen_random_uuid()::text, c.id, NEW."createdAt" AT TIME ZONE 'UTC', c."assigneeId", 1
    FROM "Conversation" c WHERE c.id = NEW."conversationId"
    ON CONFLICT ("conversationId") WHERE "resolvedAt" IS NULL
    DO UPDATE SET "inboundCount" = "SupportCycle"."inboundCount" + 1;
  ELSIF NEW."authorId" IS NOT NULL THEN
    UPDATE "SupportCycle"
    SET "firstResponseAt" = GREATEST(NEW."createdAt" AT TIME ZONE 'UTC', "openedAt"), "firstResponderId" = NEW."authorId"
    WHERE "conversationId" = NEW."conversationId" AND "resolvedAt" IS NULL AND "firstResponseAt" IS NULL;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS support_cycle_message ON "Message";
CREATE TRIGGER support_cycle_message AFTER INSERT ON "Message"
  FOR EACH ROW EXECUTE FUNCTION support_cycle_on_message();

CREATE OR REPLACE FUNCTION support_cycle_on_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'RESOLVED' AND OLD.status IS DISTINCT FROM 'RESOLVED' THEN
    UPDATE "SupportCycle" SET "resolvedAt" = GREATEST(statement_timestamp(), "openedAt"), "assigneeId" = NEW."assigneeId"
    WHERE "conversationId" = NEW.id AND "resolvedAt" IS NULL;
  ELSIF NEW."assigneeId" IS DISTINCT FROM OLD."assigneeId" THEN
    UPDATE "SupportCycle" SET "assigneeId" = NEW."assigneeId"
    WHERE "conversationId" = NEW.id AND "resolvedAt" IS NULL;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS support_cycle_conversation ON "Conversation";
CREATE TRIGGER support_cycle_conversation AFTER UPDATE OF status, "assigneeId" ON "Conversation"
  FOR EACH ROW EXECUTE FUNCTION support_cycle_on_conversation();
