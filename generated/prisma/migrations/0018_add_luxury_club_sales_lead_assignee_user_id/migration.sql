-- AlterTable
ALTER TABLE "luxury_club_sales_lead" ADD COLUMN     "assigneeUserId" UUID;
