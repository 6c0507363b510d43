-- AlterTable
ALTER TABLE "User" ADD COLUMN     "testPhone" TEXT;

