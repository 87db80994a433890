-- CreateTable
CREATE TABLE "email_template_override" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "key" VARCHAR(120) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "subject" TEXT NOT NULL,
    "mjml" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_email_template_override" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "dedupeKey" VARCHAR(200) NOT NULL,
    "templateKey" VARCHAR(120) NOT NULL,
    "locale" VARCHAR(16) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "sender" VARCHAR(320) NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'queued',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "lastError" TEXT,
    "sendAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "messageId" VARCHAR(250),
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_email_message" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_email_template_override_key" ON "email_template_override"("tenantId", "key", "locale");

-- CreateIndex
CREATE INDEX "ix_email_message_recent" ON "email_message"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_email_message_due" ON "email_message"("tenantId", "status", "sendAfter");

-- CreateIndex
CREATE UNIQUE INDEX "uq_email_message_dedupe" ON "email_message"("tenantId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "email_template_override" ADD CONSTRAINT "fk_email_template_override_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "fk_email_message_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
