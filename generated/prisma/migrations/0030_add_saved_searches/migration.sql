-- CreateTable
CREATE TABLE "saved_search" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "query" JSONB NOT NULL,
    "visibility" VARCHAR(10) NOT NULL DEFAULT 'private',
    "accountId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_saved_search" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "saved_search_subscription" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "savedSearchId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "alert" VARCHAR(10) NOT NULL DEFAULT 'instant',
    "since" TIMESTAMPTZ(6) NOT NULL,
    "markAt" TIMESTAMPTZ(6) NOT NULL,
    "markId" UUID NOT NULL,
    "sweptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_saved_search_subscription" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "saved_search_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "savedSearchId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "recordId" UUID NOT NULL,
    "label" VARCHAR(200),
    "alert" VARCHAR(10) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'pending',
    "notificationId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_saved_search_delivery" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_saved_search_owner" ON "saved_search"("tenantId", "ownerId");

-- CreateIndex
CREATE INDEX "ix_saved_search_account" ON "saved_search"("tenantId", "accountId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_saved_search_subscription_user" ON "saved_search_subscription"("tenantId", "savedSearchId", "userId");

-- CreateIndex
CREATE INDEX "ix_saved_search_delivery_user_status" ON "saved_search_delivery"("tenantId", "userId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "uq_saved_search_delivery_record" ON "saved_search_delivery"("tenantId", "savedSearchId", "userId", "recordId");

-- AddForeignKey
ALTER TABLE "saved_search" ADD CONSTRAINT "fk_saved_search_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_search_subscription" ADD CONSTRAINT "fk_saved_search_subscription_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_search_subscription" ADD CONSTRAINT "fk_saved_search_subscription_search" FOREIGN KEY ("tenantId", "savedSearchId") REFERENCES "saved_search"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_search_delivery" ADD CONSTRAINT "fk_saved_search_delivery_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_search_delivery" ADD CONSTRAINT "fk_saved_search_delivery_search" FOREIGN KEY ("tenantId", "savedSearchId") REFERENCES "saved_search"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
