-- DropForeignKey
ALTER TABLE "booking_calendar" DROP CONSTRAINT "fk_booking_calendar_tenant";

-- DropTable
DROP TABLE "booking_calendar";
