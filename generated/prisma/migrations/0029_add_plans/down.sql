-- DropForeignKey
ALTER TABLE "tenant_plan" DROP CONSTRAINT "fk_tenant_plan_tenant";

-- DropForeignKey
ALTER TABLE "tenant_plan" DROP CONSTRAINT "fk_tenant_plan_plan";

-- DropForeignKey
ALTER TABLE "plan_usage" DROP CONSTRAINT "fk_plan_usage_tenant";

-- DropTable
DROP TABLE "plan_bundle";

-- DropTable
DROP TABLE "plan";

-- DropTable
DROP TABLE "tenant_plan";

-- DropTable
DROP TABLE "plan_usage";
