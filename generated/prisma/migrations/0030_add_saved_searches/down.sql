-- DropForeignKey
ALTER TABLE "saved_search" DROP CONSTRAINT "fk_saved_search_tenant";

-- DropForeignKey
ALTER TABLE "saved_search_subscription" DROP CONSTRAINT "fk_saved_search_subscription_tenant";

-- DropForeignKey
ALTER TABLE "saved_search_subscription" DROP CONSTRAINT "fk_saved_search_subscription_search";

-- DropForeignKey
ALTER TABLE "saved_search_delivery" DROP CONSTRAINT "fk_saved_search_delivery_tenant";

-- DropForeignKey
ALTER TABLE "saved_search_delivery" DROP CONSTRAINT "fk_saved_search_delivery_search";

-- DropTable
DROP TABLE "saved_search";

-- DropTable
DROP TABLE "saved_search_subscription";

-- DropTable
DROP TABLE "saved_search_delivery";
