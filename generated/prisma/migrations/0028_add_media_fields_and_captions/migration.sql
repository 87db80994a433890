-- AlterTable
ALTER TABLE "media_asset" ADD COLUMN     "alt" VARCHAR(300),
ADD COLUMN     "caption" VARCHAR(500);

-- AlterTable
ALTER TABLE "luxury_club_venue" ADD COLUMN     "venuePhotos" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "luxury_club_event" ADD COLUMN     "photoGallery" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "modeling_agency_model_profile" ADD COLUMN     "compCard" UUID,
ADD COLUMN     "contracts" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "identityDocuments" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "portfolioPhotos" UUID[] DEFAULT ARRAY[]::UUID[];

-- AlterTable
ALTER TABLE "vacation_rental_property" ADD COLUMN     "hostDocuments" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "listingPhotos" UUID[] DEFAULT ARRAY[]::UUID[];

-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)
CREATE INDEX "ix_luxury_club_ent_event_fld_event_photo_gallery_gin" ON "luxury_club_event" USING gin ("photoGallery");
CREATE INDEX "ix_luxury_club_ent_venue_fld_venue_photos_gin" ON "luxury_club_venue" USING gin ("venuePhotos");
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_91470fcd" ON "modeling_agency_model_profile" USING gin ("identityDocuments");
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_d9d7f92b" ON "modeling_agency_model_profile" USING gin ("portfolioPhotos");
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_fbf79b25" ON "modeling_agency_model_profile" USING gin ("contracts");
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_host_documents_gin" ON "vacation_rental_property" USING gin ("hostDocuments");
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_listing_photos_gin" ON "vacation_rental_property" USING gin ("listingPhotos");
