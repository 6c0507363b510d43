-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "buttonUrlMode" TEXT;

