-- CreateTable
CREATE TABLE "media_asset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "field" VARCHAR(40) NOT NULL,
    "recordId" UUID,
    "uploadedBy" UUID,
    "kind" VARCHAR(10) NOT NULL,
    "visibility" VARCHAR(10) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'processing',
    "filename" VARCHAR(255) NOT NULL,
    "mime" VARCHAR(120) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storageKey" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "placeholder" VARCHAR(120),
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "variants" JSONB NOT NULL DEFAULT '[]',
    "storedBytes" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "error" TEXT,
    "orphanedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_media_asset" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_media_asset_record" ON "media_asset"("tenantId", "entity", "recordId");

-- CreateIndex
CREATE INDEX "ix_media_asset_status" ON "media_asset"("tenantId", "status");

-- AddForeignKey
ALTER TABLE "media_asset" ADD CONSTRAINT "fk_media_asset_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
