-- CreateEnum
CREATE TYPE "ContactAttributeType" AS ENUM ('TEXT', 'NUMBER', 'DATE', 'BOOLEAN');

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "ContactAttribute" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" "ContactAttributeType" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactAttribute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactOptOutEvent" (
    "id" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "optedOut" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactOptOutEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContactAttribute_key_key" ON "ContactAttribute"("key");

-- CreateIndex
CREATE INDEX "ContactOptOutEvent_contactId_at_idx" ON "ContactOptOutEvent"("contactId", "at");

-- CreateIndex
CREATE INDEX "Contact_createdAt_id_idx" ON "Contact"("createdAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "ContactOptOutEvent" ADD CONSTRAINT "ContactOptOutEvent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactOptOutEvent" ADD CONSTRAINT "ContactOptOutEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Contacts page search on attribute values (not keys): the values of Contact.attributes joined by spaces,
-- trigram-indexed. IMMUTABLE so it can back an expression index (jsonb_each_text is deterministic).
CREATE OR REPLACE FUNCTION contact_attribute_values(attributes jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT coalesce(string_agg(value, '' ''), '''') FROM jsonb_each_text(attributes)';

CREATE INDEX "Contact_attribute_values_trgm_idx" ON "Contact" USING GIN (contact_attribute_values(attributes) gin_trgm_ops);

-- Opt-out history from before this table: the audited agent and Connectly changes.
INSERT INTO "ContactOptOutEvent" (id, "contactId", "optedOut", source, "actorId", "actorLabel", reason, at)
SELECT a.id, c.id, a.action <> 'contact.resubscribed',
       CASE WHEN a.action = 'contact.opted_out_by_connectly' THEN 'connectly' ELSE 'agent' END,
       u.id, a."actorLabel", a.details ->> 'reason', a.at
FROM "AuditLog" a
JOIN "Contact" c ON c.id = a."targetId"
LEFT JOIN "User" u ON u.id = a."actorId"
WHERE a."targetType" = 'contact' AND a.action IN ('contact.opted_out', 'contact.resubscribed', 'contact.opted_out_by_connectly');
