-- DropForeignKey
ALTER TABLE "tag" DROP CONSTRAINT "fk_tag_tenant";

-- DropForeignKey
ALTER TABLE "tag_link" DROP CONSTRAINT "fk_tag_link_tenant";

-- DropForeignKey
ALTER TABLE "tag_link" DROP CONSTRAINT "fk_tag_link_tag";

-- DropForeignKey
ALTER TABLE "collection" DROP CONSTRAINT "fk_collection_tenant";

-- DropForeignKey
ALTER TABLE "collection_item" DROP CONSTRAINT "fk_collection_item_tenant";

-- DropForeignKey
ALTER TABLE "collection_item" DROP CONSTRAINT "fk_collection_item_collection";

-- DropTable
DROP TABLE "tag";

-- DropTable
DROP TABLE "tag_link";

-- DropTable
DROP TABLE "collection";

-- DropTable
DROP TABLE "collection_item";
