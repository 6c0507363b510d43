-- Campaign delivery analytics, kept by triggers (tables: prisma/schema/analytics.prisma).
--
-- Applied after `prisma migrate deploy` on every start and test run (scripts/lib/prisma-cli.ts), in one
-- transaction, so everything here is re-runnable: CREATE OR REPLACE, DROP TRIGGER IF EXISTS, IF NOT EXISTS.
-- It lives outside the Prisma migrations because their runner splits SQL on ";" and breaks function bodies.
--
-- The rule: a recipient row contributes a fixed set of "facts" (its state, its country, its failure code, the
-- minute it reached each stage). A statement-level trigger subtracts the facts of the rows as they were and
-- adds the facts of the rows as they are, and applies only the net change. So the rollups always equal a
-- recount, however often or in whatever order the campaign engine (or anything else) updates a recipient;
-- a duplicate webhook that changes nothing writes nothing.

-- Indexes on the campaign engine's table for what analytics reads: the recipient table pages in claim order
-- (with or without a failure-code filter), and an inbound message finds delivered recipients by address.
CREATE INDEX IF NOT EXISTS "analytics_recipient_campaign_seq_idx" ON "CampaignRecipient" ("campaignId", seq);
CREATE INDEX IF NOT EXISTS "analytics_recipient_error_seq_idx" ON "CampaignRecipient" ("campaignId", "errorCode", seq)
  WHERE "errorCode" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "analytics_recipient_address_delivered_idx" ON "CampaignRecipient" (address, "deliveredAt")
  WHERE "deliveredAt" IS NOT NULL;

-- What one recipient row contributes, with sign +1 (row as it is) or -1 (row as it was). The stage times
-- follow the funnel: "sent" = SENT, DELIVERED, READ, or FAILED after WhatsApp reported it sent (a failure that
-- Connectly accepted but that never reached "sent" is only a failure: the funnel's stages must add up),
-- "delivered" = DELIVERED or READ, so each series sums to its funnel count.
CREATE OR REPLACE FUNCTION analytics_recipient_facts(r "CampaignRecipient", sign integer)
RETURNS TABLE (kind text, campaign_id text, shard smallint, k1 text, k2 text, k3 text, at timestamptz, n integer)
LANGUAGE sql STABLE AS $$
  SELECT f.kind, r."campaignId", (hashtext(r.id) & 7)::smallint, f.k1, f.k2, f.k3,
         date_trunc('minute', f.at), sign
  FROM (VALUES
    ('counter', r.state::text, NULL::text, NULL::text, NULL::timestamptz),
    ('counter', CASE WHEN r.state = 'FAILED' AND r."sentAt" IS NOT NULL
                     THEN 'ACCEPTED_FAILED' END, NULL, NULL, NULL),
    -- A button or link click from Connectly's campaign report (lib/analytics/import-campaign-report.ts).
    ('counter', CASE WHEN r."clickedAt" IS NOT NULL THEN 'CLICKED' END, NULL, NULL, NULL),
    ('breakdown', 'country', COALESCE(r.country, ''), r.state::text, NULL),
    ('breakdown', CASE WHEN r.state IN ('FAILED', 'UNKNOWN') THEN 'error' END, COALESCE(r."errorCode", ''),
                  r.state::text, NULL),
    ('minute', 'sent', NULL, NULL,
      CASE WHEN r.state IN ('SENT', 'DELIVERED', 'READ')
             OR (r.state = 'FAILED' AND r."sentAt" IS NOT NULL)
           THEN COALESCE(r."sentAt", r."acceptedAt", r."deliveredAt", r."readAt") END),
    ('minute', 'delivered', NULL, NULL,
      CASE WHEN r.state IN ('DELIVERED', 'READ') THEN COALESCE(r."deliveredAt", r."readAt") END),
    ('minute', 'read', NULL, NULL, CASE WHEN r.state = 'READ' THEN COALESCE(r."readAt", r."deliveredAt") END),
    ('minute', 'failed', NULL, NULL, CASE WHEN r.state = 'FAILED' THEN r."failedAt" END)
  ) AS f(kind, k1, k2, k3, at)
  WHERE f.k1 IS NOT NULL AND (f.kind <> 'minute' OR f.at IS NOT NULL)
$$;

-- The first inbound message within 24 hours after each delivery. A recipient is matched to the contact with
-- its address: the phone, or the BSUID of a `bsuid:` address (the same rule analytics_message_inserted uses
-- from the other side). Message."createdAt" is a UTC timestamp without time zone.
-- Bitmap scans are off in here: otherwise the planner looks phones up through the inbox's trigram index on
-- "Contact".phone (a GIN index, only usable by bitmap scans), which is orders of magnitude slower for equality
-- than the unique b-tree once there are many contacts.
CREATE OR REPLACE FUNCTION analytics_first_replies(ids text[], addresses text[], delivered timestamptz[])
RETURNS TABLE (recipient_id text, replied_at timestamptz)
LANGUAGE plpgsql STABLE SET enable_bitmapscan = off SET plan_cache_mode = force_generic_plan AS $$
BEGIN
  RETURN QUERY
  WITH c AS (
    SELECT * FROM unnest(ids, addresses, delivered) AS c(id, address, delivered_at)
  ),
  matched AS (
    SELECT c.id, c.delivered_at, ct.id AS contact_id FROM c JOIN "Contact" ct ON ct.phone = c.address
    UNION ALL
    SELECT c.id, c.delivered_at, ct.id FROM c JOIN "Contact" ct ON ct.bsuid = substr(c.address, 7)
    WHERE c.address LIKE 'bsuid:%'
  )
  SELECT matched.id, min(m."createdAt") AT TIME ZONE 'UTC'
  FROM matched
  JOIN "Conversation" cv ON cv."contactId" = matched.contact_id
  JOIN "Message" m ON m."conversationId" = cv.id
    AND m.direction = 'INBOUND'
    AND m."createdAt" >= (matched.delivered_at AT TIME ZONE 'UTC')
    AND m."createdAt" <= ((matched.delivered_at + interval '24 hours') AT TIME ZONE 'UTC')
  GROUP BY matched.id;
END $$;

-- Generic plans: the statements are the same for every call, and planning them each time would cost more than
-- running them (a webhook changes one row).
CREATE OR REPLACE FUNCTION analytics_apply_recipient_delta(old_rows "CampaignRecipient"[], new_rows "CampaignRecipient"[])
RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  gone_ids text[];
  reply_ids text[];
  reply_addresses text[];
  reply_delivered timestamptz[];
BEGIN
  -- Replies: a recipient that is gone, or whose delivery time or address changed, is evaluated again. Most
  -- updates (sent, read, engine outcomes) change neither, and skip all of this.
  SELECT array_agg(o.id) FILTER (WHERE n.id IS NULL OR n."deliveredAt" IS DISTINCT FROM o."deliveredAt"
                                   OR n.address IS DISTINCT FROM o.address)
  INTO gone_ids
  FROM unnest(old_rows) AS o LEFT JOIN unnest(new_rows) AS n ON n.id = o.id;
  SELECT array_agg(n.id), array_agg(n.address), array_agg(n."deliveredAt")
  INTO reply_ids, reply_addresses, reply_delivered
  FROM unnest(new_rows) AS n LEFT JOIN unnest(old_rows) AS o ON o.id = n.id
  WHERE n."deliveredAt" IS NOT NULL
    AND (o.id IS NULL OR n."deliveredAt" IS DISTINCT FROM o."deliveredAt" OR n.address IS DISTINCT FROM o.address);
  -- A delivered status and the customer's message can be committed at the same moment, each transaction
  -- blind to the other's row. Both sides take a lock per address bucket first (analytics_message_inserted
  -- too), so the later one waits and then sees the earlier one. Taken before any rollup row, in order, so the
  -- two sides lock in the same order.
  IF reply_ids IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(1634625900, b)
    FROM (SELECT DISTINCT hashtext(a) & 255 AS b FROM unnest(reply_addresses) AS a ORDER BY 1) AS buckets;
  END IF;

  -- Rows are upserted in key order, table after table in a fixed order, so two concurrent statements take the
  -- row locks in the same order instead of deadlocking. A campaign being deleted (cascade) is skipped: its
  -- rows are dropped by analytics_campaign_deleted.
  WITH facts AS MATERIALIZED (
    SELECT f.* FROM unnest(old_rows) AS o, LATERAL analytics_recipient_facts(o, -1) AS f
    UNION ALL
    SELECT f.* FROM unnest(new_rows) AS n, LATERAL analytics_recipient_facts(n, 1) AS f
  ),
  live AS MATERIALIZED (
    SELECT facts.* FROM facts WHERE EXISTS (SELECT 1 FROM "Campaign" c WHERE c.id = facts.campaign_id)
  ),
  counters AS (
    INSERT INTO "AnalyticsCampaignCounter" AS t ("campaignId", metric, shard, count)
    SELECT campaign_id, k1, shard, sum(n) FROM live WHERE kind = 'counter'
    GROUP BY campaign_id, k1, shard HAVING sum(n) <> 0
    ORDER BY campaign_id, k1, shard
    ON CONFLICT ("campaignId", metric, shard) DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
  ),
  breakdown AS (
    INSERT INTO "AnalyticsCampaignBreakdown" AS t ("campaignId", dimension, value, state, shard, count)
    SELECT campaign_id, k1, k2, k3, shard, sum(n) FROM live WHERE kind = 'breakdown'
    GROUP BY campaign_id, k1, k2, k3, shard HAVING sum(n) <> 0
    ORDER BY campaign_id, k1, k2, k3, shard
    ON CONFLICT ("campaignId", dimension, value, state, shard) DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
  )
  INSERT INTO "AnalyticsMinute" AS t ("campaignId", minute, shard, sent, delivered, read, failed)
  SELECT campaign_id, at, shard,
         COALESCE(sum(n) FILTER (WHERE k1 = 'sent'), 0), COALESCE(sum(n) FILTER (WHERE k1 = 'delivered'), 0),
         COALESCE(sum(n) FILTER (WHERE k1 = 'read'), 0), COALESCE(sum(n) FILTER (WHERE k1 = 'failed'), 0)
  FROM live WHERE kind = 'minute'
  GROUP BY campaign_id, at, shard
  HAVING sum(n) FILTER (WHERE k1 = 'sent') <> 0 OR sum(n) FILTER (WHERE k1 = 'delivered') <> 0
      OR sum(n) FILTER (WHERE k1 = 'read') <> 0 OR sum(n) FILTER (WHERE k1 = 'failed') <> 0
  ORDER BY campaign_id, at, shard
  ON CONFLICT ("campaignId", minute, shard) DO UPDATE SET
    sent = t.sent + EXCLUDED.sent, delivered = t.delivered + EXCLUDED.delivered,
    read = t.read + EXCLUDED.read, failed = t.failed + EXCLUDED.failed;

  -- Replies of the recipients found above, evaluated again.
  IF gone_ids IS NOT NULL THEN
    DELETE FROM "AnalyticsReply" WHERE "recipientId" = ANY(gone_ids);
  END IF;

  IF reply_ids IS NOT NULL THEN
    INSERT INTO "AnalyticsReply" AS t ("recipientId", "campaignId", seq, "repliedAt")
    SELECT n.id, n."campaignId", n.seq, r.replied_at
    FROM analytics_first_replies(reply_ids, reply_addresses, reply_delivered) AS r
    JOIN unnest(new_rows) AS n ON n.id = r.recipient_id
    WHERE EXISTS (SELECT 1 FROM "Campaign" c WHERE c.id = n."campaignId")
    ORDER BY n.id
    ON CONFLICT ("recipientId") DO UPDATE SET "repliedAt" = EXCLUDED."repliedAt";
  END IF;
END $$;

CREATE OR REPLACE FUNCTION analytics_recipient_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_arr "CampaignRecipient"[];
  new_arr "CampaignRecipient"[];
  other_changes bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_apply_recipient_delta('{}', ARRAY(SELECT n::"CampaignRecipient" FROM analytics_new AS n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM analytics_apply_recipient_delta(ARRAY(SELECT o::"CampaignRecipient" FROM analytics_old AS o), '{}');
  ELSE
    -- Most engine updates (claims, attempt marks, outcome batches) touch columns analytics ignores. A statement
    -- that changes nothing but click times (the campaign report import, lib/analytics/import-campaign-report.ts)
    -- moves only the CLICKED counter, and only for rows that gain or lose a click: the short path below.
    SELECT array_agg(o::"CampaignRecipient"), array_agg(n::"CampaignRecipient"),
           count(*) FILTER (WHERE (o."campaignId", o.state, o."sentAt", o."acceptedAt", o."deliveredAt", o."readAt",
                                   o."failedAt", o."errorCode", o.country, o.address)
                                  IS DISTINCT FROM
                                  (n."campaignId", n.state, n."sentAt", n."acceptedAt", n."deliveredAt", n."readAt",
                                   n."failedAt", n."errorCode", n.country, n.address))
    INTO old_arr, new_arr, other_changes
    FROM analytics_old AS o JOIN analytics_new AS n ON n.id = o.id
    WHERE (o."campaignId", o.state, o."sentAt", o."acceptedAt", o."deliveredAt", o."readAt", o."failedAt",
           o."errorCode", o.country, o.address, o."clickedAt" IS NULL)
          IS DISTINCT FROM
          (n."campaignId", n.state, n."sentAt", n."acceptedAt", n."deliveredAt", n."readAt", n."failedAt",
           n."errorCode", n.country, n.address, n."clickedAt" IS NULL);
    IF other_changes > 0 THEN
      PERFORM analytics_apply_recipient_delta(old_arr, new_arr);
    ELSIF new_arr IS NOT NULL THEN
      -- The same counter rows, sign and order as analytics_apply_recipient_delta's CLICKED fact.
      INSERT INTO "AnalyticsCampaignCounter" AS t ("campaignId", metric, shard, count)
      SELECT n."campaignId", 'CLICKED', (hashtext(n.id) & 7)::smallint,
             sum(CASE WHEN n."clickedAt" IS NULL THEN -1 ELSE 1 END)
      FROM unnest(new_arr) AS n
      WHERE EXISTS (SELECT 1 FROM "Campaign" c WHERE c.id = n."campaignId")
      GROUP BY 1, 2, 3 HAVING sum(CASE WHEN n."clickedAt" IS NULL THEN -1 ELSE 1 END) <> 0
      ORDER BY 1, 2, 3
      ON CONFLICT ("campaignId", metric, shard) DO UPDATE SET count = t.count + EXCLUDED.count;
    END IF;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS analytics_recipient_insert ON "CampaignRecipient";
CREATE TRIGGER analytics_recipient_insert AFTER INSERT ON "CampaignRecipient"
  REFERENCING NEW TABLE AS analytics_new FOR EACH STATEMENT EXECUTE FUNCTION analytics_recipient_changed();
DROP TRIGGER IF EXISTS analytics_recipient_update ON "CampaignRecipient";
CREATE TRIGGER analytics_recipient_update AFTER UPDATE ON "CampaignRecipient"
  REFERENCING OLD TABLE AS analytics_old NEW TABLE AS analytics_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_recipient_changed();
DROP TRIGGER IF EXISTS analytics_recipient_delete ON "CampaignRecipient";
CREATE TRIGGER analytics_recipient_delete AFTER DELETE ON "CampaignRecipient"
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION analytics_recipient_changed();

-- An inbound message is a reply for every recipient delivered to that customer in the 24 hours before it.
-- An earlier message arriving late moves the reply time back; a later one changes nothing.
CREATE OR REPLACE FUNCTION analytics_message_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The address-bucket locks of analytics_apply_recipient_delta, before looking (a new snapshot follows).
  PERFORM pg_advisory_xact_lock(1634625900, b)
  FROM (
    SELECT DISTINCT hashtext(a) & 255 AS b
    FROM analytics_new_messages AS m
    JOIN "Conversation" cv ON cv.id = m."conversationId"
    JOIN "Contact" ct ON ct.id = cv."contactId"
    CROSS JOIN unnest(ARRAY[ct.phone, 'bsuid:' || ct.bsuid]) AS a
    WHERE m.direction = 'INBOUND' AND a IS NOT NULL
    ORDER BY 1
  ) AS buckets;
  INSERT INTO "AnalyticsReply" AS t ("recipientId", "campaignId", seq, "repliedAt")
  SELECT r.id, r."campaignId", r.seq, min(m."createdAt") AT TIME ZONE 'UTC'
  FROM analytics_new_messages AS m
  JOIN "Conversation" cv ON cv.id = m."conversationId"
  JOIN "Contact" ct ON ct.id = cv."contactId"
  JOIN "CampaignRecipient" r ON r.address = ANY (ARRAY[ct.phone, 'bsuid:' || ct.bsuid])
    AND r."deliveredAt" IS NOT NULL
    AND r."deliveredAt" <= (m."createdAt" AT TIME ZONE 'UTC')
    AND r."deliveredAt" >= (m."createdAt" AT TIME ZONE 'UTC') - interval '24 hours'
  WHERE m.direction = 'INBOUND'
  GROUP BY r.id, r."campaignId", r.seq
  ORDER BY r.id
  ON CONFLICT ("recipientId") DO UPDATE SET "repliedAt" = EXCLUDED."repliedAt"
    WHERE EXCLUDED."repliedAt" < t."repliedAt";
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS analytics_message_insert ON "Message";
CREATE TRIGGER analytics_message_insert AFTER INSERT ON "Message"
  REFERENCING NEW TABLE AS analytics_new_messages FOR EACH STATEMENT EXECUTE FUNCTION analytics_message_inserted();

-- Replies feed the REPLIED counter and the minute series, by the same subtract-old / add-new rule.
CREATE OR REPLACE FUNCTION analytics_apply_reply_delta(old_rows "AnalyticsReply"[], new_rows "AnalyticsReply"[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH facts AS MATERIALIZED (
    SELECT o."campaignId" AS campaign_id, (hashtext(o."recipientId") & 7)::smallint AS shard,
           date_trunc('minute', o."repliedAt") AS at, -1 AS n
    FROM unnest(old_rows) AS o
    UNION ALL
    SELECT n."campaignId", (hashtext(n."recipientId") & 7)::smallint, date_trunc('minute', n."repliedAt"), 1
    FROM unnest(new_rows) AS n
  ),
  live AS MATERIALIZED (
    SELECT facts.* FROM facts WHERE EXISTS (SELECT 1 FROM "Campaign" c WHERE c.id = facts.campaign_id)
  ),
  counters AS (
    INSERT INTO "AnalyticsCampaignCounter" AS t ("campaignId", metric, shard, count)
    SELECT campaign_id, 'REPLIED', shard, sum(n) FROM live
    GROUP BY campaign_id, shard HAVING sum(n) <> 0
    ORDER BY campaign_id, shard
    ON CONFLICT ("campaignId", metric, shard) DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
  )
  INSERT INTO "AnalyticsMinute" AS t ("campaignId", minute, shard, replied)
  SELECT campaign_id, at, shard, sum(n) FROM live
  GROUP BY campaign_id, at, shard HAVING sum(n) <> 0
  ORDER BY campaign_id, at, shard
  ON CONFLICT ("campaignId", minute, shard) DO UPDATE SET replied = t.replied + EXCLUDED.replied;
END $$;

CREATE OR REPLACE FUNCTION analytics_reply_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_apply_reply_delta('{}', ARRAY(SELECT n::"AnalyticsReply" FROM analytics_new AS n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM analytics_apply_reply_delta(ARRAY(SELECT o::"AnalyticsReply" FROM analytics_old AS o), '{}');
  ELSE
    PERFORM analytics_apply_reply_delta(
      ARRAY(SELECT o::"AnalyticsReply" FROM analytics_old AS o), ARRAY(SELECT n::"AnalyticsReply" FROM analytics_new AS n));
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS analytics_reply_insert ON "AnalyticsReply";
CREATE TRIGGER analytics_reply_insert AFTER INSERT ON "AnalyticsReply"
  REFERENCING NEW TABLE AS analytics_new FOR EACH STATEMENT EXECUTE FUNCTION analytics_reply_changed();
DROP TRIGGER IF EXISTS analytics_reply_update ON "AnalyticsReply";
CREATE TRIGGER analytics_reply_update AFTER UPDATE ON "AnalyticsReply"
  REFERENCING OLD TABLE AS analytics_old NEW TABLE AS analytics_new
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_reply_changed();
DROP TRIGGER IF EXISTS analytics_reply_delete ON "AnalyticsReply";
CREATE TRIGGER analytics_reply_delete AFTER DELETE ON "AnalyticsReply"
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION analytics_reply_changed();

-- A deleted campaign leaves nothing behind (its recipients' cascade is skipped by the "live" filters above).
CREATE OR REPLACE FUNCTION analytics_campaign_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "AnalyticsReply" WHERE "campaignId" IN (SELECT id FROM analytics_old);
  DELETE FROM "AnalyticsCampaignCounter" WHERE "campaignId" IN (SELECT id FROM analytics_old);
  DELETE FROM "AnalyticsCampaignBreakdown" WHERE "campaignId" IN (SELECT id FROM analytics_old);
  DELETE FROM "AnalyticsMinute" WHERE "campaignId" IN (SELECT id FROM analytics_old);
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS analytics_campaign_delete ON "Campaign";
CREATE TRIGGER analytics_campaign_delete AFTER DELETE ON "Campaign"
  REFERENCING OLD TABLE AS analytics_old FOR EACH STATEMENT EXECUTE FUNCTION analytics_campaign_deleted();

-- TRUNCATE skips the triggers above: emptying the recipients (or messages) empties what was derived from them.
-- DELETE, not TRUNCATE: the same statement may be truncating these tables too.
CREATE OR REPLACE FUNCTION analytics_source_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "AnalyticsReply";
  IF TG_TABLE_NAME = 'CampaignRecipient' THEN
    DELETE FROM "AnalyticsCampaignCounter";
    DELETE FROM "AnalyticsCampaignBreakdown";
    DELETE FROM "AnalyticsMinute";
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS analytics_recipient_truncate ON "CampaignRecipient";
CREATE TRIGGER analytics_recipient_truncate AFTER TRUNCATE ON "CampaignRecipient"
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_source_truncated();
DROP TRIGGER IF EXISTS analytics_message_truncate ON "Message";
CREATE TRIGGER analytics_message_truncate AFTER TRUNCATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_source_truncated();

-- Recount from scratch: one campaign, or all (p_campaign NULL). Writers to the recipient and message tables
-- wait meanwhile, so nothing can slip between the recount and the triggers. Used for the one-time backfill
-- below and by the benchmark (bulk load without triggers, then this).
CREATE OR REPLACE FUNCTION analytics_rebuild(p_campaign text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE "CampaignRecipient", "Message" IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM "AnalyticsReply" WHERE p_campaign IS NULL OR "campaignId" = p_campaign;
  DELETE FROM "AnalyticsCampaignCounter" WHERE p_campaign IS NULL OR "campaignId" = p_campaign;
  DELETE FROM "AnalyticsCampaignBreakdown" WHERE p_campaign IS NULL OR "campaignId" = p_campaign;
  DELETE FROM "AnalyticsMinute" WHERE p_campaign IS NULL OR "campaignId" = p_campaign;

  WITH facts AS MATERIALIZED (
    SELECT f.* FROM "CampaignRecipient" r, LATERAL analytics_recipient_facts(r, 1) AS f
    WHERE p_campaign IS NULL OR r."campaignId" = p_campaign
  ),
  counters AS (
    INSERT INTO "AnalyticsCampaignCounter" ("campaignId", metric, shard, count)
    SELECT campaign_id, k1, shard, sum(n) FROM facts WHERE kind = 'counter' GROUP BY campaign_id, k1, shard
    RETURNING 1
  ),
  breakdown AS (
    INSERT INTO "AnalyticsCampaignBreakdown" ("campaignId", dimension, value, state, shard, count)
    SELECT campaign_id, k1, k2, k3, shard, sum(n) FROM facts WHERE kind = 'breakdown'
    GROUP BY campaign_id, k1, k2, k3, shard
    RETURNING 1
  )
  INSERT INTO "AnalyticsMinute" ("campaignId", minute, shard, sent, delivered, read, failed)
  SELECT campaign_id, at, shard,
         COALESCE(sum(n) FILTER (WHERE k1 = 'sent'), 0), COALESCE(sum(n) FILTER (WHERE k1 = 'delivered'), 0),
         COALESCE(sum(n) FILTER (WHERE k1 = 'read'), 0), COALESCE(sum(n) FILTER (WHERE k1 = 'failed'), 0)
  FROM facts WHERE kind = 'minute'
  GROUP BY campaign_id, at, shard;

  -- The reply trigger adds REPLIED and the reply minutes.
  WITH delivered AS (
    SELECT r.id, r."campaignId", r.seq, r.address, r."deliveredAt" FROM "CampaignRecipient" r
    WHERE r."deliveredAt" IS NOT NULL AND (p_campaign IS NULL OR r."campaignId" = p_campaign)
  ),
  candidates AS MATERIALIZED (
    SELECT array_agg(id) AS ids, array_agg(address) AS addresses, array_agg("deliveredAt") AS delivered FROM delivered
  )
  INSERT INTO "AnalyticsReply" ("recipientId", "campaignId", seq, "repliedAt")
  SELECT delivered.id, delivered."campaignId", delivered.seq, r.replied_at
  FROM candidates, analytics_first_replies(candidates.ids, candidates.addresses, candidates.delivered) AS r
  JOIN delivered ON delivered.id = r.recipient_id
  WHERE candidates.ids IS NOT NULL;
END $$;

-- A CSV cell a spreadsheet would run as a formula (=, @, tab, CR, or + / - not followed by a plain number, so
-- E.164 phones stay as they are) gets a leading apostrophe. Used by the recipient export's COPY.
CREATE OR REPLACE FUNCTION analytics_csv_safe(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value ~ '^([=@\t\r]|[+-](?![0-9]+$))' THEN '''' || value ELSE value END
$$;

-- One-time backfill: campaigns that existed before these triggers (or before a change of the facts above,
-- which bumps the version) are recounted once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "AnalyticsMeta" WHERE key = 'rollup_version' AND value = '2') THEN
    PERFORM analytics_rebuild(NULL);
    INSERT INTO "AnalyticsMeta" (key, value) VALUES ('rollup_version', '2')
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now();
  END IF;
END $$;
