-- CreateTable
CREATE TABLE "translation_memory" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "sourceLocale" VARCHAR(35) NOT NULL,
    "targetLocale" VARCHAR(35) NOT NULL,
    "sourceHash" CHAR(64) NOT NULL,
    "sourceText" TEXT NOT NULL,
    "targetText" TEXT NOT NULL,
    "origin" VARCHAR(10) NOT NULL,
    "score" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_translation_memory" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "translation_glossary" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "term" VARCHAR(200) NOT NULL,
    "locale" VARCHAR(35) NOT NULL DEFAULT '*',
    "rule" VARCHAR(10) NOT NULL,
    "translation" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_translation_glossary" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "translation_usage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "provider" VARCHAR(40) NOT NULL,
    "model" VARCHAR(200) NOT NULL,
    "segments" INTEGER NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "outputTokens" INTEGER NOT NULL,
    "costMicros" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_translation_usage" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "translation_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "sourceLocale" VARCHAR(35) NOT NULL,
    "targetLocale" VARCHAR(35) NOT NULL,
    "sourceHash" CHAR(64) NOT NULL,
    "sourceText" TEXT NOT NULL,
    "proposedText" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "issues" JSONB NOT NULL DEFAULT '[]',
    "status" VARCHAR(10) NOT NULL DEFAULT 'pending',
    "finalText" TEXT,
    "reviewedBy" UUID,
    "reviewedAt" TIMESTAMPTZ(3),
    "jobId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_translation_review" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "translation_job" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "recordId" UUID NOT NULL,
    "field" VARCHAR(40) NOT NULL,
    "sourceLocale" VARCHAR(35) NOT NULL,
    "targetLocale" VARCHAR(35) NOT NULL,
    "sourceHash" CHAR(64) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_translation_job" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_translation_memory_source" ON "translation_memory"("tenantId", "sourceLocale", "targetLocale", "sourceHash");

-- CreateIndex
CREATE UNIQUE INDEX "uq_translation_glossary_term" ON "translation_glossary"("tenantId", "term", "locale");

-- CreateIndex
CREATE INDEX "ix_translation_usage_time" ON "translation_usage"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_translation_review_status" ON "translation_review"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_translation_job_status" ON "translation_job"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "uq_translation_job_source" ON "translation_job"("tenantId", "templateId", "entity", "recordId", "field", "targetLocale", "sourceHash");

-- AddForeignKey
ALTER TABLE "translation_memory" ADD CONSTRAINT "fk_translation_memory_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_glossary" ADD CONSTRAINT "fk_translation_glossary_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_usage" ADD CONSTRAINT "fk_translation_usage_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_review" ADD CONSTRAINT "fk_translation_review_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "translation_job" ADD CONSTRAINT "fk_translation_job_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
