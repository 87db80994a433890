-- DropForeignKey
ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_tenant";

-- DropForeignKey
ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_user";

-- DropForeignKey
ALTER TABLE "notification_preference" DROP CONSTRAINT "fk_notification_preference_tenant";

-- DropForeignKey
ALTER TABLE "notification_preference" DROP CONSTRAINT "fk_notification_preference_user";

-- DropTable
DROP TABLE "notification";

-- DropTable
DROP TABLE "notification_preference";
