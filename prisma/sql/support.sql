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

-- Business time between two instants under business hours given as the automation settings' JSON
-- ({ timeZone, weekly: { mon: [{ start: "09:00", end: "17:00" }], … }, holidays: [{ date }] }): the same arithmetic
-- as businessTimeBetween in lib/automation/business-hours.ts (an integration test compares the two on random
-- spans across DST changes). Local wall times become instants with AT TIME ZONE, which reads a wall time in the
-- spring-forward gap with the offset from before the jump (later instant) and an ambiguous one as the earlier
-- instant, as the TypeScript side does.
CREATE OR REPLACE FUNCTION support_business_seconds(a timestamptz, b timestamptz, cfg jsonb) RETURNS float8
LANGUAGE plpgsql STABLE AS $$
DECLARE
  tz text := cfg->>'timeZone';
  day_keys text[] := ARRAY['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  d date;
  last_day date;
  iv jsonb;
  sm int;
  em int;
  s timestamptz;
  e timestamptz;
  total float8 := 0;
BEGIN
  IF a IS NULL OR b IS NULL OR b <= a THEN RETURN CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE 0 END; END IF;
  IF tz IS NULL THEN RETURN EXTRACT(EPOCH FROM b - a); END IF;
  d := (a AT TIME ZONE tz)::date - 1;
  last_day := (b AT TIME ZONE tz)::date;
  WHILE d <= last_day LOOP
    IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(cfg->'holidays', '[]'::jsonb)) h WHERE h->>'date' = to_char(d, 'YYYY-MM-DD')) THEN
      FOR iv IN SELECT x FROM jsonb_array_elements(COALESCE(cfg->'weekly'->(day_keys[EXTRACT(DOW FROM d)::int + 1]), '[]'::jsonb)) AS x LOOP
        CONTINUE WHEN NOT (iv->>'start' ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$' AND iv->>'end' ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$');
        sm := split_part(iv->>'start', ':', 1)::int * 60 + split_part(iv->>'start', ':', 2)::int;
        em := split_part(iv->>'end', ':', 1)::int * 60 + split_part(iv->>'end', ':', 2)::int;
        CONTINUE WHEN sm > 1440 OR em > 1440 OR em <= sm;
        s := (d::timestamp + make_interval(mins => sm)) AT TIME ZONE tz;
        e := CASE WHEN em = 1440 THEN (d + 1)::timestamp AT TIME ZONE tz ELSE (d::timestamp + make_interval(mins => em)) AT TIME ZONE tz END;
        total := total + GREATEST(0, EXTRACT(EPOCH FROM LEAST(e, b) - GREATEST(s, a)));
      END LOOP;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN total;
END $$;

-- The instant before which a cycle opened is over `target` business seconds at `done` (its SLA is breached while
-- still waiting): support_business_seconds(a, done, cfg) > target exactly when a < the result, for every a from
-- `earliest` on (the function does not look before it). Business time over [a, done] only shrinks as a moves
-- later, so the instants that breach are all those before one point: found by a gallop back from done - target
-- (business time is never more than wall-clock time) and a bisection to the microsecond, with the report's own
-- arithmetic. The report then compares each waiting cycle's openedAt with one instant instead of summing business
-- hours per cycle.
CREATE OR REPLACE FUNCTION support_business_cutoff(done timestamptz, target float8, cfg jsonb, earliest timestamptz)
RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
  us constant interval := interval '1 microsecond';
  hi bigint := floor(EXTRACT(EPOCH FROM done) * 1000000 - target * 1000000)::bigint;
  floor_us constant bigint := (EXTRACT(EPOCH FROM earliest) * 1000000)::bigint;
  lo bigint;
  step bigint := 3600000000;
  mid bigint;
BEGIN
  IF target IS NULL OR hi <= floor_us THEN RETURN earliest; END IF;
  -- hi: not breached by wall-clock time. Gallop back until an instant that is breached (or the floor).
  LOOP
    lo := GREATEST(hi - step, floor_us);
    EXIT WHEN support_business_seconds(timestamptz 'epoch' + lo * us, done, cfg) > target;
    IF lo = floor_us THEN RETURN earliest; END IF;
    hi := lo;
    step := step * 2;
  END LOOP;
  -- lo breached, hi not: bisect.
  WHILE hi - lo > 1 LOOP
    mid := lo + (hi - lo) / 2;
    IF support_business_seconds(timestamptz 'epoch' + mid * us, done, cfg) > target THEN lo := mid; ELSE hi := mid; END IF;
  END LOOP;
  RETURN timestamptz 'epoch' + hi * us;
END $$;

-- The business hours in force: the saved automation settings' section, else the default of
-- lib/automation/schemas.ts (Monday to Friday 09:00–17:00 UTC).
CREATE OR REPLACE FUNCTION support_business_hours() RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT COALESCE(
    (SELECT config->'businessHours' FROM "AutomationSettings" WHERE id = 'workspace' AND jsonb_typeof(config->'businessHours') = 'object'),
    '{"timeZone": "UTC", "weekly": {"mon": [{"start": "09:00", "end": "17:00"}], "tue": [{"start": "09:00", "end": "17:00"}],
      "wed": [{"start": "09:00", "end": "17:00"}], "thu": [{"start": "09:00", "end": "17:00"}], "fri": [{"start": "09:00", "end": "17:00"}]},
      "holidays": []}'::jsonb)
$$;

-- A cycle's business-time durations follow its times (whoever writes them: the triggers above, or a backfill).
CREATE OR REPLACE FUNCTION support_cycle_business_times() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cfg jsonb;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."firstResponseAt" IS NOT DISTINCT FROM OLD."firstResponseAt"
     AND NEW."resolvedAt" IS NOT DISTINCT FROM OLD."resolvedAt" AND NEW."openedAt" = OLD."openedAt"
     AND (NEW."firstResponseAt" IS NULL OR NEW."firstResponseBusinessSeconds" IS NOT NULL)
     AND (NEW."resolvedAt" IS NULL OR NEW."resolutionBusinessSeconds" IS NOT NULL) THEN
    RETURN NEW;
  END IF;
  IF NEW."firstResponseAt" IS NULL AND NEW."resolvedAt" IS NULL THEN
    NEW."firstResponseBusinessSeconds" := NULL;
    NEW."resolutionBusinessSeconds" := NULL;
    RETURN NEW;
  END IF;
  cfg := support_business_hours();
  NEW."firstResponseBusinessSeconds" := support_business_seconds(NEW."openedAt", NEW."firstResponseAt", cfg);
  NEW."resolutionBusinessSeconds" := support_business_seconds(NEW."openedAt", NEW."resolvedAt", cfg);
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS support_cycle_business ON "SupportCycle";
CREATE TRIGGER support_cycle_business BEFORE INSERT OR UPDATE ON "SupportCycle"
  FOR EACH ROW EXECUTE FUNCTION support_cycle_business_times();

-- A CSAT survey is credited to the conversation's assignee at the time it was requested (the reports' CSAT per agent).
CREATE OR REPLACE FUNCTION support_csat_assignee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."assigneeId" IS NULL THEN
    SELECT c."assigneeId" INTO NEW."assigneeId" FROM "Conversation" c WHERE c.id = NEW."conversationId";
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS support_csat_assignee ON "CsatSurvey";
CREATE TRIGGER support_csat_assignee BEFORE INSERT ON "CsatSurvey"
  FOR EACH ROW EXECUTE FUNCTION support_csat_assignee();

-- Backfill (cycles recorded before the business-time columns existed); a no-op once done.
UPDATE "SupportCycle" SET "openedAt" = "openedAt"
WHERE ("firstResponseAt" IS NOT NULL AND "firstResponseBusinessSeconds" IS NULL)
   OR ("resolvedAt" IS NOT NULL AND "resolutionBusinessSeconds" IS NULL);

-- Every reply and cycle change updates its hour's rollup row: room on each page keeps those updates HOT (no key
-- column changes, so the new version stays on the page and no index entry is written).
ALTER TABLE "SupportHourly" SET (fillfactor = 50);

-- Hourly per-agent rollups ("SupportHourly"), from each row's net change. A row's contribution is removed with
-- its OLD values and added with its NEW ones, so updates that move a cycle (assignee, resolution, a backfill)
-- and deletes (a conversation's cascade) keep the counts equal to a count over the raw rows.
CREATE OR REPLACE FUNCTION support_hourly_add(h timestamptz, agent text, d_replies int, d_opened int, d_resolved int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO "SupportHourly" (hour, "agentId", replies, opened, resolved)
  VALUES (date_trunc('hour', h, 'UTC'), COALESCE(agent, ''), d_replies, d_opened, d_resolved)
  ON CONFLICT (hour, "agentId") DO UPDATE SET replies = "SupportHourly".replies + EXCLUDED.replies,
    opened = "SupportHourly".opened + EXCLUDED.opened, resolved = "SupportHourly".resolved + EXCLUDED.resolved
$$;

CREATE OR REPLACE FUNCTION support_hourly_on_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."openedAt" = OLD."openedAt" AND NEW."resolvedAt" IS NOT DISTINCT FROM OLD."resolvedAt"
     AND NEW."assigneeId" IS NOT DISTINCT FROM OLD."assigneeId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM support_hourly_add(OLD."openedAt", OLD."assigneeId", 0, -1, 0);
    IF OLD."resolvedAt" IS NOT NULL THEN PERFORM support_hourly_add(OLD."resolvedAt", OLD."assigneeId", 0, 0, -1); END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM support_hourly_add(NEW."openedAt", NEW."assigneeId", 0, 1, 0);
    IF NEW."resolvedAt" IS NOT NULL THEN PERFORM support_hourly_add(NEW."resolvedAt", NEW."assigneeId", 0, 0, 1); END IF;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS support_hourly_cycle ON "SupportCycle";
CREATE TRIGGER support_hourly_cycle AFTER INSERT OR UPDATE OR DELETE ON "SupportCycle"
  FOR EACH ROW EXECUTE FUNCTION support_hourly_on_cycle();

-- Agent replies: messages are never moved to another hour or author, only inserted and (with their conversation)
-- deleted. "createdAt" is a UTC timestamp without time zone.
CREATE OR REPLACE FUNCTION support_hourly_on_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.direction = 'OUTBOUND' AND NEW."authorId" IS NOT NULL THEN
      PERFORM support_hourly_add(NEW."createdAt" AT TIME ZONE 'UTC', NEW."authorId", 1, 0, 0);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.direction = 'OUTBOUND' AND OLD."authorId" IS NOT NULL THEN
      PERFORM support_hourly_add(OLD."createdAt" AT TIME ZONE 'UTC', OLD."authorId", -1, 0, 0);
    END IF;
  ELSIF (OLD.direction = 'OUTBOUND' AND OLD."authorId" IS NOT NULL) OR (NEW.direction = 'OUTBOUND' AND NEW."authorId" IS NOT NULL) THEN
    IF OLD.direction = 'OUTBOUND' AND OLD."authorId" IS NOT NULL THEN
      PERFORM support_hourly_add(OLD."createdAt" AT TIME ZONE 'UTC', OLD."authorId", -1, 0, 0);
    END IF;
    IF NEW.direction = 'OUTBOUND' AND NEW."authorId" IS NOT NULL THEN
      PERFORM support_hourly_add(NEW."createdAt" AT TIME ZONE 'UTC', NEW."authorId", 1, 0, 0);
    END IF;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS support_hourly_message ON "Message";
CREATE TRIGGER support_hourly_message AFTER INSERT OR DELETE OR UPDATE OF direction, "authorId", "createdAt" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION support_hourly_on_message();

-- TRUNCATE fires no row triggers: a truncated source zeroes its share of the rollups (rows left at zero count nothing).
CREATE OR REPLACE FUNCTION support_hourly_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Message' THEN
    UPDATE "SupportHourly" SET replies = 0 WHERE replies <> 0;
  ELSE
    UPDATE "SupportHourly" SET opened = 0, resolved = 0 WHERE opened <> 0 OR resolved <> 0;
  END IF;
  DELETE FROM "SupportHourly" WHERE replies = 0 AND opened = 0 AND resolved = 0;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS support_hourly_message_truncate ON "Message";
CREATE TRIGGER support_hourly_message_truncate AFTER TRUNCATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION support_hourly_on_truncate();
DROP TRIGGER IF EXISTS support_hourly_cycle_truncate ON "SupportCycle";
CREATE TRIGGER support_hourly_cycle_truncate AFTER TRUNCATE ON "SupportCycle"
  FOR EACH STATEMENT EXECUTE FUNCTION support_hourly_on_truncate();

-- Filled from the raw rows when empty (first start after the table appeared); afterwards the triggers keep it.
INSERT INTO "SupportHourly" (hour, "agentId", replies, opened, resolved)
SELECT hour, agent, sum(replies)::int, sum(opened)::int, sum(resolved)::int FROM (
  SELECT date_trunc('hour', m."createdAt") AT TIME ZONE 'UTC' AS hour, m."authorId" AS agent, count(*) AS replies, 0 AS opened, 0 AS resolved
  FROM "Message" m WHERE m.direction = 'OUTBOUND' AND m."authorId" IS NOT NULL GROUP BY 1, 2
  UNION ALL
  SELECT date_trunc('hour', s."openedAt", 'UTC'), COALESCE(s."assigneeId", ''), 0, count(*), 0 FROM "SupportCycle" s GROUP BY 1, 2
  UNION ALL
  SELECT date_trunc('hour', s."resolvedAt", 'UTC'), COALESCE(s."assigneeId", ''), 0, 0, count(*) FROM "SupportCycle" s
  WHERE s."resolvedAt" IS NOT NULL GROUP BY 1, 2
) x
WHERE NOT EXISTS (SELECT 1 FROM "SupportHourly")
GROUP BY 1, 2;

-- Covering indexes for the report's pass over the cycles of a range (index-only scans of the durations).
CREATE INDEX IF NOT EXISTS "support_cycle_opened_cover_idx" ON "SupportCycle" ("openedAt")
  INCLUDE ("firstResponseAt", "resolvedAt", "assigneeId", "firstResponderId", "firstResponseBusinessSeconds", "resolutionBusinessSeconds");
CREATE INDEX IF NOT EXISTS "support_cycle_resolved_cover_idx" ON "SupportCycle" ("resolvedAt")
  INCLUDE ("openedAt", "assigneeId", "resolutionBusinessSeconds") WHERE "resolvedAt" IS NOT NULL;
-- The per-agent medians: each user's cycles of a range in time order with what their durations need, index-only
-- (first responses by the responder and opening time; resolutions by the assignee and resolution time).
CREATE INDEX IF NOT EXISTS "support_cycle_responder_cover_idx" ON "SupportCycle" ("firstResponderId", "openedAt")
  INCLUDE ("firstResponseAt", "firstResponseBusinessSeconds") WHERE "firstResponderId" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "support_cycle_assignee_resolved_cover_idx" ON "SupportCycle" ("assigneeId", "resolvedAt")
  INCLUDE ("openedAt", "resolutionBusinessSeconds") WHERE "resolvedAt" IS NOT NULL;
-- The summary over every cycle opened in a range reads only what its durations and states need (without an agent),
-- narrow enough that the planner prefers it to a pass over the table at 90 days.
CREATE INDEX IF NOT EXISTS "support_cycle_opened_durations_idx" ON "SupportCycle" ("openedAt")
  INCLUDE ("firstResponseAt", "resolvedAt", "firstResponseBusinessSeconds");
