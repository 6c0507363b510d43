-- The recipient search table (prisma/schema/campaigns.prisma CampaignRecipientSearch) follows the recipients:
-- one row per recipient, written with it, changed only if its address or variables change, removed with it.
-- Statement-level with transition tables, so a 100,000-row import inserts its search rows in one statement.
-- Re-runnable, like every file here (applied after the migrations on each start).

-- What the search row of a recipient holds (the one definition): the address and each variable value, joined by
-- U+001F, which no typed search contains.
CREATE OR REPLACE FUNCTION recipient_search_text(address TEXT, variables JSONB) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT address || chr(31) || COALESCE((
    SELECT string_agg(v.value, chr(31)) FROM jsonb_each_text(
      CASE WHEN jsonb_typeof(variables) = 'object' THEN variables ELSE '{}'::jsonb END) AS v), '')
$$;

-- Once, on the first start after the migration that made the table: the recipients that already exist. Then the
-- trigram index (pg_trgm: the inbox migration), built over the filled table (faster than growing it row by row);
-- it serves ILIKE/LIKE '%…%' for patterns of three or more characters.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "CampaignRecipientSearch") AND EXISTS (SELECT 1 FROM "CampaignRecipient") THEN
    INSERT INTO "CampaignRecipientSearch" ("recipientId", "campaignId", "text")
    SELECT id, "campaignId", recipient_search_text(address, variables) FROM "CampaignRecipient"
    ON CONFLICT DO NOTHING;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS "CampaignRecipientSearch_text_trgm_idx" ON "CampaignRecipientSearch"
  USING GIN ("text" gin_trgm_ops);

-- The insert path spells recipient_search_text's expression out: a SQL function whose body holds a subquery is
-- never inlined, and calling it per row (a statement of its own each time) tripled the cost of building the
-- text for a 100,000-row import. recipient-search.test.ts checks that both give the same text.
CREATE OR REPLACE FUNCTION recipient_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CampaignRecipientSearch" ("recipientId", "campaignId", "text")
  SELECT n.id, n."campaignId", n.address || chr(31) || COALESCE((
    SELECT string_agg(v.value, chr(31)) FROM jsonb_each_text(
      CASE WHEN jsonb_typeof(n.variables) = 'object' THEN n.variables ELSE '{}'::jsonb END) AS v), '')
  FROM new_rows n
  ON CONFLICT ("recipientId") DO UPDATE SET "campaignId" = EXCLUDED."campaignId", "text" = EXCLUDED."text";
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recipient_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "CampaignRecipientSearch" s
  SET "campaignId" = NEW."campaignId", "text" = recipient_search_text(NEW.address, NEW.variables)
  WHERE s."recipientId" = NEW.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recipient_search_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CampaignRecipientSearch" s USING old_rows o WHERE s."recipientId" = o.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION recipient_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CampaignRecipientSearch"; -- not TRUNCATE: the same statement may be truncating it too
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS recipient_search_insert ON "CampaignRecipient";
CREATE TRIGGER recipient_search_insert AFTER INSERT ON "CampaignRecipient"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recipient_search_insert();

-- Row-level with a column list: the engine's status updates never name these columns, so this never fires for them.
DROP TRIGGER IF EXISTS recipient_search_update ON "CampaignRecipient";
CREATE TRIGGER recipient_search_update AFTER UPDATE OF address, variables, "campaignId" ON "CampaignRecipient"
  FOR EACH ROW
  WHEN (OLD.address IS DISTINCT FROM NEW.address OR OLD.variables IS DISTINCT FROM NEW.variables
        OR OLD."campaignId" IS DISTINCT FROM NEW."campaignId")
  EXECUTE FUNCTION recipient_search_update();

DROP TRIGGER IF EXISTS recipient_search_delete ON "CampaignRecipient";
CREATE TRIGGER recipient_search_delete AFTER DELETE ON "CampaignRecipient"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recipient_search_delete();

DROP TRIGGER IF EXISTS recipient_search_truncate ON "CampaignRecipient";
CREATE TRIGGER recipient_search_truncate AFTER TRUNCATE ON "CampaignRecipient"
  FOR EACH STATEMENT EXECUTE FUNCTION recipient_search_truncate();
