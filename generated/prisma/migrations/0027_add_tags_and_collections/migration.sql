-- CreateTable
CREATE TABLE "tag" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "category" VARCHAR(60),
    "parentId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_tag" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "tag_link" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "tagId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "recordId" UUID NOT NULL,
    "createdBy" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_tag_link" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "collection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "ownerId" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000),
    "visibility" VARCHAR(10) NOT NULL DEFAULT 'private',
    "shareToken" VARCHAR(64),
    "systemKey" VARCHAR(20),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_collection" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "collection_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "collectionId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "recordId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "note" VARCHAR(2000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_collection_item" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_tag_parent" ON "tag"("tenantId", "parentId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_tag_slug" ON "tag"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_tag_link_tag" ON "tag_link"("tenantId", "tagId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_tag_link_record" ON "tag_link"("tenantId", "templateId", "entity", "recordId", "tagId");

-- CreateIndex
CREATE INDEX "ix_collection_visibility" ON "collection"("tenantId", "visibility");

-- CreateIndex
CREATE UNIQUE INDEX "uq_collection_token" ON "collection"("tenantId", "shareToken");

-- CreateIndex
CREATE UNIQUE INDEX "uq_collection_system" ON "collection"("tenantId", "ownerId", "systemKey");

-- CreateIndex
CREATE INDEX "ix_collection_item_position" ON "collection_item"("tenantId", "collectionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "uq_collection_item_record" ON "collection_item"("tenantId", "collectionId", "templateId", "entity", "recordId");

-- AddForeignKey
ALTER TABLE "tag" ADD CONSTRAINT "fk_tag_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_link" ADD CONSTRAINT "fk_tag_link_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag_link" ADD CONSTRAINT "fk_tag_link_tag" FOREIGN KEY ("tenantId", "tagId") REFERENCES "tag"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection" ADD CONSTRAINT "fk_collection_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_item" ADD CONSTRAINT "fk_collection_item_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_item" ADD CONSTRAINT "fk_collection_item_collection" FOREIGN KEY ("tenantId", "collectionId") REFERENCES "collection"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
