-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "nameSetByAgent" BOOLEAN NOT NULL DEFAULT false;

