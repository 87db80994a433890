-- AlterTable
ALTER TABLE "user" DROP COLUMN "lockedUntil",
ADD COLUMN     "tokenVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "refresh_token" ADD COLUMN     "successorSealed" VARCHAR(200);

-- CreateTable
CREATE TABLE "login_failure" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "userId" UUID NOT NULL,
    "address" VARCHAR(64) NOT NULL,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "lastFailedAt" TIMESTAMPTZ(3) NOT NULL,
    "lockedUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_login_failure" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_login_failure_address" ON "login_failure"("tenantId", "userId", "address");

-- AddForeignKey
ALTER TABLE "login_failure" ADD CONSTRAINT "fk_login_failure_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_failure" ADD CONSTRAINT "fk_login_failure_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
