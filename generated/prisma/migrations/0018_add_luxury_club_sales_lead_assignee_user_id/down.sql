-- AlterTable
ALTER TABLE "luxury_club_sales_lead" DROP COLUMN "assigneeUserId";
