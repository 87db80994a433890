-- AlterTable
ALTER TABLE "workflow_step" DROP COLUMN "claims";
