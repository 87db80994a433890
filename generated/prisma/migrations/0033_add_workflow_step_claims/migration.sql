-- AlterTable
ALTER TABLE "workflow_step" ADD COLUMN     "claims" INTEGER NOT NULL DEFAULT 0;
