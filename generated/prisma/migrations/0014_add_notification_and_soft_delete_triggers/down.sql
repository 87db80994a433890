-- DropComputedTrigger
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_event_soft_delete" ON "luxury_club_event";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_event_soft_delete"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_team_member_soft_delete" ON "luxury_club_team_member";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_team_member_soft_delete"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_venue_soft_delete" ON "luxury_club_venue";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_venue_soft_delete"();
DROP TRIGGER IF EXISTS "tr_modeling_agency_ent_model_profile_soft_delete" ON "modeling_agency_model_profile";
DROP FUNCTION IF EXISTS "fn_modeling_agency_ent_model_profile_soft_delete"();
DROP TRIGGER IF EXISTS "tr_modeling_agency_ent_photographer_profile_soft_delete" ON "modeling_agency_photographer_profile";
DROP FUNCTION IF EXISTS "fn_modeling_agency_ent_photographer_profile_soft_delete"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_booking_soft_delete" ON "vacation_rental_booking";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_booking_soft_delete"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_guest_profile_soft_delete" ON "vacation_rental_guest_profile";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_guest_profile_soft_delete"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_host_profile_soft_delete" ON "vacation_rental_host_profile";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_host_profile_soft_delete"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_soft_delete" ON "vacation_rental_property";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_soft_delete"();

-- DropForeignKey
ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_tenant";

-- DropForeignKey
ALTER TABLE "notification" DROP CONSTRAINT "fk_notification_user";

-- DropForeignKey
ALTER TABLE "notification_preference" DROP CONSTRAINT "fk_notification_preference_tenant";

-- DropForeignKey
ALTER TABLE "notification_preference" DROP CONSTRAINT "fk_notification_preference_user";

-- DropTable
DROP TABLE "notification";

-- DropTable
DROP TABLE "notification_preference";
