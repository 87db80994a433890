-- DropForeignKey
ALTER TABLE "login_failure" DROP CONSTRAINT "fk_login_failure_tenant";

-- DropForeignKey
ALTER TABLE "login_failure" DROP CONSTRAINT "fk_login_failure_user";

-- AlterTable
ALTER TABLE "user" DROP COLUMN "tokenVersion",
ADD COLUMN     "lockedUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "refresh_token" DROP COLUMN "successorSealed";

-- DropTable
DROP TABLE "login_failure";
