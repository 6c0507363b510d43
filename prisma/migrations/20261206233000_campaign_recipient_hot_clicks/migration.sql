-- The campaign report import (lib/analytics/import-campaign-report.ts) writes clickedAt, buttonClicks, linkClicks
-- and optOutAt of every recipient that clicked: most of an import's time was those rows' new index entries. An
-- update that changes no indexed column and finds room on its page is HOT and writes no index entry. clickedAt was
-- the only one of them in an index (segment_recipient_engagement_idx's INCLUDE list): dropped here, and
-- prisma/sql/segments.sql, applied after the migrations, creates it again without clickedAt (a write lock on the
-- table while it builds). The room: fillfactor 80, as "Message". It holds for pages written from now on, existing
-- pages are not rewritten (the ALTER is instant).
DROP INDEX IF EXISTS "segment_recipient_engagement_idx";
ALTER TABLE "CampaignRecipient" SET (fillfactor = 80);
