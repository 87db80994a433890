-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "actorId" UUID,
    "entity" VARCHAR(120) NOT NULL,
    "recordId" UUID,
    "action" VARCHAR(40) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" VARCHAR(64),
    "ip" VARCHAR(64),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_audit_log" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ix_audit_log_recent" ON "audit_log"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_audit_log_record" ON "audit_log"("tenantId", "entity", "recordId");

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "fk_audit_log_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
