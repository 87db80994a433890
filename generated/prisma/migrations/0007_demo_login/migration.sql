-- CreateTable
CREATE TABLE "demo_login" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "role" VARCHAR(40) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_demo_login" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_demo_login_role" ON "demo_login"("tenantId", "role");

-- AddForeignKey
ALTER TABLE "demo_login" ADD CONSTRAINT "fk_demo_login_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
