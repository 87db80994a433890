-- CreateTable
CREATE TABLE "payment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "requestKey" VARCHAR(200) NOT NULL,
    "payerId" UUID NOT NULL,
    "payeeAccountId" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "description" VARCHAR(500),
    "status" VARCHAR(20) NOT NULL,
    "provider" VARCHAR(40) NOT NULL,
    "providerRef" VARCHAR(200) NOT NULL,
    "transferRef" VARCHAR(200),
    "refundRef" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_payment" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "payment_transition" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "fromStatus" VARCHAR(20),
    "toStatus" VARCHAR(20) NOT NULL,
    "idempotencyKey" VARCHAR(200) NOT NULL,
    "providerRef" VARCHAR(200),
    "actorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_payment_transition" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "payment_step" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "action" VARCHAR(20) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" VARCHAR(2000),
    "actorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_payment_step" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "payment_ledger" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "idempotencyKey" VARCHAR(200) NOT NULL,
    "operation" VARCHAR(20) NOT NULL,
    "chargeRef" VARCHAR(200) NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "destination" VARCHAR(200),
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_payment_ledger" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_payment_payer" ON "payment"("tenantId", "payerId");

-- CreateIndex
CREATE INDEX "ix_payment_payee" ON "payment"("tenantId", "payeeAccountId");

-- CreateIndex
CREATE INDEX "ix_payment_ref" ON "payment"("tenantId", "providerRef");

-- CreateIndex
CREATE UNIQUE INDEX "uq_payment_request" ON "payment"("tenantId", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "uq_payment_transition_key" ON "payment_transition"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "uq_payment_transition_status" ON "payment_transition"("tenantId", "paymentId", "toStatus");

-- CreateIndex
CREATE INDEX "ix_payment_step_queue" ON "payment_step"("tenantId", "status", "runAfter");

-- CreateIndex
CREATE UNIQUE INDEX "uq_payment_step_action" ON "payment_step"("tenantId", "paymentId", "action");

-- CreateIndex
CREATE INDEX "ix_payment_ledger_charge" ON "payment_ledger"("tenantId", "chargeRef");

-- CreateIndex
CREATE UNIQUE INDEX "uq_payment_ledger_key" ON "payment_ledger"("tenantId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "fk_payment_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_transition" ADD CONSTRAINT "fk_payment_transition_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_transition" ADD CONSTRAINT "fk_payment_transition_payment" FOREIGN KEY ("tenantId", "paymentId") REFERENCES "payment"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_step" ADD CONSTRAINT "fk_payment_step_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_step" ADD CONSTRAINT "fk_payment_step_payment" FOREIGN KEY ("tenantId", "paymentId") REFERENCES "payment"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_ledger" ADD CONSTRAINT "fk_payment_ledger_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
