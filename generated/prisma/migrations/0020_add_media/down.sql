-- DropForeignKey
ALTER TABLE "media_asset" DROP CONSTRAINT "fk_media_asset_tenant";

-- DropTable
DROP TABLE "media_asset";
