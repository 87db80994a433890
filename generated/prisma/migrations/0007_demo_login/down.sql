-- DropForeignKey
ALTER TABLE "demo_login" DROP CONSTRAINT "fk_demo_login_tenant";

-- DropTable
DROP TABLE "demo_login";
