-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" VARCHAR(80) NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" VARCHAR(2000),
    "recordEntity" VARCHAR(120),
    "recordId" UUID,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "dedupeKey" VARCHAR(200),
    "readAt" TIMESTAMPTZ(3),
    "digestedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_notification" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" VARCHAR(80) NOT NULL,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_notification_preference" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ix_notification_recent" ON "notification"("tenantId", "userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_notification_unread" ON "notification"("tenantId", "userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_notification_dedupe" ON "notification"("tenantId", "userId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "uq_notification_preference_kind" ON "notification_preference"("tenantId", "userId", "kind");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
