-- DropSqlIndex
DROP INDEX IF EXISTS "ix_luxury_club_ent_event_fld_event_photo_gallery_gin";
DROP INDEX IF EXISTS "ix_luxury_club_ent_venue_fld_venue_photos_gin";
DROP INDEX IF EXISTS "ix_modeling_agency_ent_model_profile_fld_model_profile_91470fcd";
DROP INDEX IF EXISTS "ix_modeling_agency_ent_model_profile_fld_model_profile_d9d7f92b";
DROP INDEX IF EXISTS "ix_modeling_agency_ent_model_profile_fld_model_profile_fbf79b25";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_host_documents_gin";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_listing_photos_gin";

-- AlterTable
ALTER TABLE "media_asset" DROP COLUMN "alt",
DROP COLUMN "caption";

-- AlterTable
ALTER TABLE "luxury_club_venue" DROP COLUMN "venuePhotos";

-- AlterTable
ALTER TABLE "luxury_club_event" DROP COLUMN "photoGallery";

-- AlterTable
ALTER TABLE "modeling_agency_model_profile" DROP COLUMN "compCard",
DROP COLUMN "contracts",
DROP COLUMN "identityDocuments",
DROP COLUMN "portfolioPhotos";

-- AlterTable
ALTER TABLE "vacation_rental_property" DROP COLUMN "hostDocuments",
DROP COLUMN "listingPhotos";
