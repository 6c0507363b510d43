-- Recipients imported before imports linked contacts: make contacts of them (the phone, else the BSUID, as the
-- import does) and link every recipient to its contact. Existing contacts are reused (ON CONFLICT).
INSERT INTO "Contact" (id, phone, bsuid, "updatedAt")
SELECT gen_random_uuid()::text, k.phone, k.bsuid, now()
FROM (
  SELECT DISTINCT r.phone, CASE WHEN r.phone IS NULL THEN r.bsuid END AS bsuid
  FROM "CampaignRecipient" r
  WHERE r."contactId" IS NULL AND (r.phone IS NOT NULL OR r.bsuid IS NOT NULL)
) k
ORDER BY COALESCE(k.phone, k.bsuid)
ON CONFLICT DO NOTHING;

UPDATE "CampaignRecipient" r SET "contactId" = c.id
FROM "Contact" c
WHERE r."contactId" IS NULL AND r.phone IS NOT NULL AND c.phone = r.phone;

UPDATE "CampaignRecipient" r SET "contactId" = c.id
FROM "Contact" c
WHERE r."contactId" IS NULL AND r.phone IS NULL AND r.bsuid IS NOT NULL AND c.bsuid = r.bsuid;
