-- CreateTable
CREATE TABLE "plan_bundle" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" VARCHAR(60) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "entities" TEXT[],
    "capabilities" TEXT[],
    "limits" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_plan_bundle" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" VARCHAR(60) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "bundles" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_plan" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_plan" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_tenant_plan" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "plan_usage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "metric" VARCHAR(40) NOT NULL,
    "period" VARCHAR(10) NOT NULL,
    "used" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_plan_usage" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_plan_bundle_key" ON "plan_bundle"("key");

-- CreateIndex
CREATE UNIQUE INDEX "uq_plan_key" ON "plan"("key");

-- CreateIndex
CREATE UNIQUE INDEX "uq_tenant_plan_tenant" ON "tenant_plan"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_plan_usage_metric" ON "plan_usage"("tenantId", "metric", "period");

-- AddForeignKey
ALTER TABLE "tenant_plan" ADD CONSTRAINT "fk_tenant_plan_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_plan" ADD CONSTRAINT "fk_tenant_plan_plan" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_usage" ADD CONSTRAINT "fk_plan_usage_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
