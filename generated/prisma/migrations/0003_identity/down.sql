-- DropForeignKey
ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_tenant";

-- DropForeignKey
ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_user";

-- DropForeignKey
ALTER TABLE "one_time_token" DROP CONSTRAINT "fk_one_time_token_tenant";

-- DropForeignKey
ALTER TABLE "one_time_token" DROP CONSTRAINT "fk_one_time_token_user";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_tenant";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_account";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_invited_by";

-- DropForeignKey
ALTER TABLE "external_identity" DROP CONSTRAINT "fk_external_identity_tenant";

-- DropForeignKey
ALTER TABLE "external_identity" DROP CONSTRAINT "fk_external_identity_user";

-- AlterTable
ALTER TABLE "user" DROP COLUMN "failedLoginCount",
DROP COLUMN "lastFailedLoginAt",
DROP COLUMN "lockedUntil",
DROP COLUMN "platformRole";

-- DropTable
DROP TABLE "refresh_token";

-- DropTable
DROP TABLE "one_time_token";

-- DropTable
DROP TABLE "invitation";

-- DropTable
DROP TABLE "external_identity";
