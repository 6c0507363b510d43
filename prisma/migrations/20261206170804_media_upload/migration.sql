-- CreateEnum
CREATE TYPE "MediaPurpose" AS ENUM ('MESSAGE', 'TEMPLATE_HEADER', 'INBOUND');

-- CreateEnum
CREATE TYPE "MediaState" AS ENUM ('UPLOADING', 'READY');

-- CreateTable
CREATE TABLE "MediaObject" (
    "id" TEXT NOT NULL,
    "purpose" "MediaPurpose" NOT NULL,
    "state" "MediaState" NOT NULL DEFAULT 'UPLOADING',
    "kind" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "filename" TEXT,
    "size" INTEGER NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "sourceUrl" TEXT,
    "cdnUri" TEXT,
    "assetId" TEXT,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaChunk" (
    "mediaId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "MediaChunk_pkey" PRIMARY KEY ("mediaId","seq")
);

-- CreateIndex
CREATE INDEX "MediaObject_cdnUri_idx" ON "MediaObject"("cdnUri");

-- CreateIndex
CREATE INDEX "MediaObject_sourceUrl_idx" ON "MediaObject"("sourceUrl");

-- AddForeignKey
ALTER TABLE "MediaChunk" ADD CONSTRAINT "MediaChunk_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "MediaObject"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Media is already compressed (JPEG, MP4, PDF...): store chunks out of line without trying to compress them again.
ALTER TABLE "MediaChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
