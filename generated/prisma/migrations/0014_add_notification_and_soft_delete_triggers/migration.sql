-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" VARCHAR(80) NOT NULL,
    "title" VARCHAR(500) NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "link" VARCHAR(2000),
    "recordEntity" VARCHAR(120),
    "recordId" UUID,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "dedupeKey" VARCHAR(200),
    "readAt" TIMESTAMPTZ(3),
    "digestedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_notification" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" VARCHAR(80) NOT NULL,
    "inApp" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_notification_preference" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_notification_recent" ON "notification"("tenantId", "userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_notification_unread" ON "notification"("tenantId", "userId", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_notification_dedupe" ON "notification"("tenantId", "userId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "uq_notification_preference_kind" ON "notification_preference"("tenantId", "userId", "kind");

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "fk_notification_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "fk_notification_preference_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateComputedTrigger (x-computed fields: generators/src/prisma/sql-computed.ts)
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "luxury_club_media_asset" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."eventId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_soft_delete" AFTER UPDATE OF "deletedAt" ON "luxury_club_event" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_luxury_club_ent_event_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_team_member_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "luxury_club_commission" AS c WHERE c."tenantId" = NEW."tenantId" AND c."teamMemberId" = NEW."id") THEN
    RAISE EXCEPTION 'still referenced by %', 'Commission.teamMember' USING ERRCODE = '23503', CONSTRAINT = 'fk_luxury_club_ent_commission_rel_commission_team_member';
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_team_member_soft_delete" AFTER UPDATE OF "deletedAt" ON "luxury_club_team_member" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_luxury_club_ent_team_member_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_venue_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "luxury_club_event" AS c WHERE c."tenantId" = NEW."tenantId" AND c."venueId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Event.venue' USING ERRCODE = '23503', CONSTRAINT = 'fk_luxury_club_ent_event_rel_event_venue';
  END IF;
  UPDATE "luxury_club_media_asset" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."venueId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_venue_soft_delete" AFTER UPDATE OF "deletedAt" ON "luxury_club_venue" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_luxury_club_ent_venue_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "modeling_agency_booking" AS c WHERE c."tenantId" = NEW."tenantId" AND c."modelId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Booking.model' USING ERRCODE = '23503', CONSTRAINT = 'fk_modeling_agency_ent_booking_rel_booking_model';
  END IF;
  UPDATE "modeling_agency_gig" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."modelId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_soft_delete" AFTER UPDATE OF "deletedAt" ON "modeling_agency_model_profile" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_photographer_profile_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "modeling_agency_booking" AS c WHERE c."tenantId" = NEW."tenantId" AND c."photographerId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Booking.photographer' USING ERRCODE = '23503', CONSTRAINT = 'fk_modeling_agency_ent_booking_rel_booking_photographer';
  END IF;
  UPDATE "modeling_agency_gig" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."photographerId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_photographer_profile_soft_delete" AFTER UPDATE OF "deletedAt" ON "modeling_agency_photographer_profile" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_modeling_agency_ent_photographer_profile_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_booking_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "vacation_rental_property_review" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."bookingId" = NEW."id" AND c."deletedAt" IS NULL;
  UPDATE "vacation_rental_guest_review" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."bookingId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_booking_soft_delete" AFTER UPDATE OF "deletedAt" ON "vacation_rental_booking" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_vacation_rental_ent_booking_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_guest_profile_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "vacation_rental_booking" AS c WHERE c."tenantId" = NEW."tenantId" AND c."guestId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Booking.guest' USING ERRCODE = '23503', CONSTRAINT = 'fk_vacation_rental_ent_booking_rel_booking_guest';
  END IF;
  UPDATE "vacation_rental_guest_review" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."guestId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_guest_profile_soft_delete" AFTER UPDATE OF "deletedAt" ON "vacation_rental_guest_profile" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_vacation_rental_ent_guest_profile_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_host_profile_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "vacation_rental_property" AS c WHERE c."tenantId" = NEW."tenantId" AND c."hostId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Property.host' USING ERRCODE = '23503', CONSTRAINT = 'fk_vacation_rental_ent_property_rel_property_host';
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_host_profile_soft_delete" AFTER UPDATE OF "deletedAt" ON "vacation_rental_host_profile" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_vacation_rental_ent_host_profile_soft_delete"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_soft_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM "vacation_rental_booking" AS c WHERE c."tenantId" = NEW."tenantId" AND c."propertyId" = NEW."id" AND c."deletedAt" IS NULL) THEN
    RAISE EXCEPTION 'still referenced by %', 'Booking.property' USING ERRCODE = '23503', CONSTRAINT = 'fk_vacation_rental_ent_booking_rel_booking_property';
  END IF;
  UPDATE "vacation_rental_property_review" AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE c."tenantId" = NEW."tenantId" AND c."propertyId" = NEW."id" AND c."deletedAt" IS NULL;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_soft_delete" AFTER UPDATE OF "deletedAt" ON "vacation_rental_property" FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION "fn_vacation_rental_ent_property_soft_delete"();
