-- HAND-ADDED (the rest is generated): an invitation's inviter is now a composite
-- ("tenantId", "invitedById") key, which only a user of the invitation's tenant satisfies.
-- Invitations sent by platform staff (users without a tenant) keep no inviter.
UPDATE "invitation" i SET "invitedById" = NULL
 WHERE "invitedById" IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM "user" u WHERE u."id" = i."invitedById" AND u."tenantId" = i."tenantId");

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_account";

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_user";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_account";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_invited_by";

-- DropForeignKey
ALTER TABLE "external_identity" DROP CONSTRAINT "fk_external_identity_user";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_account";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_rel_member_referred_by";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_rel_member_concierge";

-- DropForeignKey
ALTER TABLE "luxury_club_team_member" DROP CONSTRAINT "fk_luxury_club_ent_team_member_rel_team_member_manager";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_category";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_venue";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_host";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_user";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_event";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_member";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_user";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_f3097a9e";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_user";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_event";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_r_a265efe7";

-- DropForeignKey
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_event";

-- DropForeignKey
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_venue";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_user";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_7e2d25fb";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_301b613c";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_referred_by";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_source_event";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_converted_member";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_187cdbc0";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_b10452f7";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_6572c816";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_lead";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_o_18deed67";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_member";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_p_74d50731";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_target" DROP CONSTRAINT "fk_luxury_club_ent_sales_target_rel_sales_target_team_member";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_team_member";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_opportunity";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_member";

-- DropForeignKey
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "fk_modeling_agency_ent_model_profile_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "fk_modeling_agency_ent_model_profile_rel_model_profile_agency";

-- DropForeignKey
ALTER TABLE "modeling_agency_photographer_profile" DROP CONSTRAINT "fk_modeling_agency_ent_photographer_profile_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_agency_profile" DROP CONSTRAINT "fk_modeling_agency_ent_agency_profile_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_client_profile" DROP CONSTRAINT "fk_modeling_agency_ent_client_profile_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_agency";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_rel_job_category";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_rel_job_client";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_category";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_application";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_gig";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_rel_review_booking";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_rel_review_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_rel_review_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_rel_review_client";

-- DropForeignKey
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_rel_review_gig";

-- DropForeignKey
ALTER TABLE "modeling_agency_saved_search" DROP CONSTRAINT "fk_modeling_agency_ent_saved_search_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_agency";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_gig";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection" DROP CONSTRAINT "fk_modeling_agency_ent_collection_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__942b9d4b";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__d067425a";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_booking";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_a_ecdbf693";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_rel_message_conversation";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_rel_message_reply_to";

-- DropForeignKey
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "fk_modeling_agency_ent_invitation_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "fk_modeling_agency_ent_invitation_rel_invitation_agency";

-- DropForeignKey
ALTER TABLE "vacation_rental_host_profile" DROP CONSTRAINT "fk_vacation_rental_ent_host_profile_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_rel_property_host";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_rel_property_property_type";

-- DropForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property";

-- DropForeignKey
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "fk_vacation_rental_ent_availability_block_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "fk_vacation_rental_ent_availability_block_rel_availabi_8268a269";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_profile" DROP CONSTRAINT "fk_vacation_rental_ent_guest_profile_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_property";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_guest";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_e6e9572a";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_b4989461";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_guest";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_booking";

-- AlterTable
ALTER TABLE "template_install" DROP CONSTRAINT "pk_template_install",
ADD CONSTRAINT "pk_template_install" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "account" DROP CONSTRAINT "pk_account",
ADD CONSTRAINT "pk_account" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "membership" DROP CONSTRAINT "pk_membership",
ADD CONSTRAINT "pk_membership" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "draft_record" DROP CONSTRAINT "pk_draft_record",
ADD CONSTRAINT "pk_draft_record" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "entity_extension" DROP CONSTRAINT "pk_entity_extension",
ADD CONSTRAINT "pk_entity_extension" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "invitation" DROP CONSTRAINT "pk_invitation",
ADD CONSTRAINT "pk_invitation" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "external_identity" DROP CONSTRAINT "pk_external_identity",
ADD CONSTRAINT "pk_external_identity" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "audit_log" DROP CONSTRAINT "pk_audit_log",
ADD CONSTRAINT "pk_audit_log" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "email_template_override" DROP CONSTRAINT "pk_email_template_override",
ADD CONSTRAINT "pk_email_template_override" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_membership_tier" DROP CONSTRAINT "pk_luxury_club_ent_membership_tier",
ADD CONSTRAINT "pk_luxury_club_ent_membership_tier" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "pk_luxury_club_ent_member",
ADD CONSTRAINT "pk_luxury_club_ent_member" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_team_member" DROP CONSTRAINT "pk_luxury_club_ent_team_member",
ADD CONSTRAINT "pk_luxury_club_ent_team_member" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_venue" DROP CONSTRAINT "pk_luxury_club_ent_venue",
ADD CONSTRAINT "pk_luxury_club_ent_venue" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_event_category" DROP CONSTRAINT "pk_luxury_club_ent_event_category",
ADD CONSTRAINT "pk_luxury_club_ent_event_category" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "pk_luxury_club_ent_event",
ADD CONSTRAINT "pk_luxury_club_ent_event" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "pk_luxury_club_ent_registration",
ADD CONSTRAINT "pk_luxury_club_ent_registration" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "pk_luxury_club_ent_waitlist_entry",
ADD CONSTRAINT "pk_luxury_club_ent_waitlist_entry" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "pk_luxury_club_ent_event_feedback",
ADD CONSTRAINT "pk_luxury_club_ent_event_feedback" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "pk_luxury_club_ent_media_asset",
ADD CONSTRAINT "pk_luxury_club_ent_media_asset" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "pk_luxury_club_ent_concierge_request",
ADD CONSTRAINT "pk_luxury_club_ent_concierge_request" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_pipeline_stage" DROP CONSTRAINT "pk_luxury_club_ent_pipeline_stage",
ADD CONSTRAINT "pk_luxury_club_ent_pipeline_stage" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "pk_luxury_club_ent_sales_lead",
ADD CONSTRAINT "pk_luxury_club_ent_sales_lead" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "pk_luxury_club_ent_sales_opportunity",
ADD CONSTRAINT "pk_luxury_club_ent_sales_opportunity" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "pk_luxury_club_ent_sales_activity",
ADD CONSTRAINT "pk_luxury_club_ent_sales_activity" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_sales_target" DROP CONSTRAINT "pk_luxury_club_ent_sales_target",
ADD CONSTRAINT "pk_luxury_club_ent_sales_target" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "pk_luxury_club_ent_commission",
ADD CONSTRAINT "pk_luxury_club_ent_commission" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_job_category" DROP CONSTRAINT "pk_modeling_agency_ent_job_category",
ADD CONSTRAINT "pk_modeling_agency_ent_job_category" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "pk_modeling_agency_ent_model_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_model_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_photographer_profile" DROP CONSTRAINT "pk_modeling_agency_ent_photographer_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_photographer_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_agency_profile" DROP CONSTRAINT "pk_modeling_agency_ent_agency_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_agency_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_client_profile" DROP CONSTRAINT "pk_modeling_agency_ent_client_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_client_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "pk_modeling_agency_ent_roster_entry",
ADD CONSTRAINT "pk_modeling_agency_ent_roster_entry" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "pk_modeling_agency_ent_job",
ADD CONSTRAINT "pk_modeling_agency_ent_job" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "pk_modeling_agency_ent_gig",
ADD CONSTRAINT "pk_modeling_agency_ent_gig" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "pk_modeling_agency_ent_application",
ADD CONSTRAINT "pk_modeling_agency_ent_application" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "pk_modeling_agency_ent_booking",
ADD CONSTRAINT "pk_modeling_agency_ent_booking" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "pk_modeling_agency_ent_review",
ADD CONSTRAINT "pk_modeling_agency_ent_review" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_saved_search" DROP CONSTRAINT "pk_modeling_agency_ent_saved_search",
ADD CONSTRAINT "pk_modeling_agency_ent_saved_search" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "pk_modeling_agency_ent_favourite",
ADD CONSTRAINT "pk_modeling_agency_ent_favourite" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_collection" DROP CONSTRAINT "pk_modeling_agency_ent_collection",
ADD CONSTRAINT "pk_modeling_agency_ent_collection" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "pk_modeling_agency_ent_collection_item",
ADD CONSTRAINT "pk_modeling_agency_ent_collection_item" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "pk_modeling_agency_ent_conversation",
ADD CONSTRAINT "pk_modeling_agency_ent_conversation" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "pk_modeling_agency_ent_message",
ADD CONSTRAINT "pk_modeling_agency_ent_message" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "pk_modeling_agency_ent_invitation",
ADD CONSTRAINT "pk_modeling_agency_ent_invitation" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_property_type" DROP CONSTRAINT "pk_vacation_rental_ent_property_type",
ADD CONSTRAINT "pk_vacation_rental_ent_property_type" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_host_profile" DROP CONSTRAINT "pk_vacation_rental_ent_host_profile",
ADD CONSTRAINT "pk_vacation_rental_ent_host_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "pk_vacation_rental_ent_property",
ADD CONSTRAINT "pk_vacation_rental_ent_property" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "pk_vacation_rental_ent_seasonal_rate",
ADD CONSTRAINT "pk_vacation_rental_ent_seasonal_rate" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "pk_vacation_rental_ent_availability_block",
ADD CONSTRAINT "pk_vacation_rental_ent_availability_block" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_guest_profile" DROP CONSTRAINT "pk_vacation_rental_ent_guest_profile",
ADD CONSTRAINT "pk_vacation_rental_ent_guest_profile" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "pk_vacation_rental_ent_booking",
ADD CONSTRAINT "pk_vacation_rental_ent_booking" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "pk_vacation_rental_ent_property_review",
ADD CONSTRAINT "pk_vacation_rental_ent_property_review" PRIMARY KEY ("tenantId", "id");

-- AlterTable
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "pk_vacation_rental_ent_guest_review",
ADD CONSTRAINT "pk_vacation_rental_ent_guest_review" PRIMARY KEY ("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "uq_user_tenant_key" ON "user"("tenantId", "id");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_tenant_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "one_time_token" ADD CONSTRAINT "fk_one_time_token_tenant_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_invited_by" FOREIGN KEY ("tenantId", "invitedById") REFERENCES "user"("tenantId", "id") ON DELETE SET NULL ("invitedById") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "external_identity" ADD CONSTRAINT "fk_external_identity_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "login_failure" ADD CONSTRAINT "fk_login_failure_tenant_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_referred_by" FOREIGN KEY ("tenantId", "referredById") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("referredById") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_concierge" FOREIGN KEY ("tenantId", "conciergeId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("conciergeId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_team_member" ADD CONSTRAINT "fk_luxury_club_ent_team_member_rel_team_member_manager" FOREIGN KEY ("tenantId", "managerId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("managerId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_category" FOREIGN KEY ("tenantId", "categoryId") REFERENCES "luxury_club_event_category"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_venue" FOREIGN KEY ("tenantId", "venueId") REFERENCES "luxury_club_venue"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_host" FOREIGN KEY ("tenantId", "hostId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("hostId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_event" FOREIGN KEY ("tenantId", "eventId") REFERENCES "luxury_club_event"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_member" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("memberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event" FOREIGN KEY ("tenantId", "eventId") REFERENCES "luxury_club_event"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("memberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_f3097a9e" FOREIGN KEY ("tenantId", "registrationId") REFERENCES "luxury_club_registration"("tenantId", "id") ON DELETE SET NULL ("registrationId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_event" FOREIGN KEY ("tenantId", "eventId") REFERENCES "luxury_club_event"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_r_a265efe7" FOREIGN KEY ("tenantId", "registrationId") REFERENCES "luxury_club_registration"("tenantId", "id") ON DELETE SET NULL ("registrationId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_event" FOREIGN KEY ("tenantId", "eventId") REFERENCES "luxury_club_event"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_venue" FOREIGN KEY ("tenantId", "venueId") REFERENCES "luxury_club_venue"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_7e2d25fb" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_301b613c" FOREIGN KEY ("tenantId", "assignedToId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("assignedToId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to" FOREIGN KEY ("tenantId", "assignedToId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("assignedToId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_referred_by" FOREIGN KEY ("tenantId", "referredById") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("referredById") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_source_event" FOREIGN KEY ("tenantId", "sourceEventId") REFERENCES "luxury_club_event"("tenantId", "id") ON DELETE SET NULL ("sourceEventId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_converted_member" FOREIGN KEY ("tenantId", "convertedMemberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("convertedMemberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_187cdbc0" FOREIGN KEY ("tenantId", "stageId") REFERENCES "luxury_club_pipeline_stage"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead" FOREIGN KEY ("tenantId", "leadId") REFERENCES "luxury_club_sales_lead"("tenantId", "id") ON DELETE SET NULL ("leadId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_b10452f7" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("memberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_6572c816" FOREIGN KEY ("tenantId", "salesRepId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("salesRepId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_lead" FOREIGN KEY ("tenantId", "leadId") REFERENCES "luxury_club_sales_lead"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_o_18deed67" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "luxury_club_sales_opportunity"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_member" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("memberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_p_74d50731" FOREIGN KEY ("tenantId", "performedById") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE SET NULL ("performedById") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_target" ADD CONSTRAINT "fk_luxury_club_ent_sales_target_rel_sales_target_team_member" FOREIGN KEY ("tenantId", "teamMemberId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_team_member" FOREIGN KEY ("tenantId", "teamMemberId") REFERENCES "luxury_club_team_member"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_opportunity" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "luxury_club_sales_opportunity"("tenantId", "id") ON DELETE SET NULL ("opportunityId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_member" FOREIGN KEY ("tenantId", "memberId") REFERENCES "luxury_club_member"("tenantId", "id") ON DELETE SET NULL ("memberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_rel_model_profile_agency" FOREIGN KEY ("tenantId", "agencyId") REFERENCES "modeling_agency_agency_profile"("tenantId", "id") ON DELETE SET NULL ("agencyId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_photographer_profile" ADD CONSTRAINT "fk_modeling_agency_ent_photographer_profile_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_agency_profile" ADD CONSTRAINT "fk_modeling_agency_ent_agency_profile_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_client_profile" ADD CONSTRAINT "fk_modeling_agency_ent_client_profile_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_agency" FOREIGN KEY ("tenantId", "agencyId") REFERENCES "modeling_agency_agency_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_category" FOREIGN KEY ("tenantId", "categoryId") REFERENCES "modeling_agency_job_category"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_client" FOREIGN KEY ("tenantId", "clientId") REFERENCES "modeling_agency_client_profile"("tenantId", "id") ON DELETE SET NULL ("clientId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_category" FOREIGN KEY ("tenantId", "categoryId") REFERENCES "modeling_agency_job_category"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_photographer" FOREIGN KEY ("tenantId", "photographerId") REFERENCES "modeling_agency_photographer_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_job" FOREIGN KEY ("tenantId", "jobId") REFERENCES "modeling_agency_job"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE SET NULL ("modelId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_photographer" FOREIGN KEY ("tenantId", "photographerId") REFERENCES "modeling_agency_photographer_profile"("tenantId", "id") ON DELETE SET NULL ("photographerId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_photographer" FOREIGN KEY ("tenantId", "photographerId") REFERENCES "modeling_agency_photographer_profile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_job" FOREIGN KEY ("tenantId", "jobId") REFERENCES "modeling_agency_job"("tenantId", "id") ON DELETE SET NULL ("jobId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_application" FOREIGN KEY ("tenantId", "applicationId") REFERENCES "modeling_agency_application"("tenantId", "id") ON DELETE SET NULL ("applicationId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_gig" FOREIGN KEY ("tenantId", "gigId") REFERENCES "modeling_agency_gig"("tenantId", "id") ON DELETE SET NULL ("gigId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_booking" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "modeling_agency_booking"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_photographer" FOREIGN KEY ("tenantId", "photographerId") REFERENCES "modeling_agency_photographer_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_client" FOREIGN KEY ("tenantId", "clientId") REFERENCES "modeling_agency_client_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_gig" FOREIGN KEY ("tenantId", "gigId") REFERENCES "modeling_agency_gig"("tenantId", "id") ON DELETE SET NULL ("gigId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_saved_search" ADD CONSTRAINT "fk_modeling_agency_ent_saved_search_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_model" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_photographer" FOREIGN KEY ("tenantId", "photographerId") REFERENCES "modeling_agency_photographer_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_agency" FOREIGN KEY ("tenantId", "agencyId") REFERENCES "modeling_agency_agency_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_job" FOREIGN KEY ("tenantId", "jobId") REFERENCES "modeling_agency_job"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_gig" FOREIGN KEY ("tenantId", "gigId") REFERENCES "modeling_agency_gig"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection" ADD CONSTRAINT "fk_modeling_agency_ent_collection_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__942b9d4b" FOREIGN KEY ("tenantId", "collectionId") REFERENCES "modeling_agency_collection"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__d067425a" FOREIGN KEY ("tenantId", "modelId") REFERENCES "modeling_agency_model_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_job" FOREIGN KEY ("tenantId", "jobId") REFERENCES "modeling_agency_job"("tenantId", "id") ON DELETE SET NULL ("jobId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_booking" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "modeling_agency_booking"("tenantId", "id") ON DELETE SET NULL ("bookingId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_a_ecdbf693" FOREIGN KEY ("tenantId", "applicationId") REFERENCES "modeling_agency_application"("tenantId", "id") ON DELETE SET NULL ("applicationId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_conversation" FOREIGN KEY ("tenantId", "conversationId") REFERENCES "modeling_agency_conversation"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_reply_to" FOREIGN KEY ("tenantId", "replyToId") REFERENCES "modeling_agency_message"("tenantId", "id") ON DELETE SET NULL ("replyToId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_rel_invitation_agency" FOREIGN KEY ("tenantId", "agencyId") REFERENCES "modeling_agency_agency_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_host_profile" ADD CONSTRAINT "fk_vacation_rental_ent_host_profile_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_host" FOREIGN KEY ("tenantId", "hostId") REFERENCES "vacation_rental_host_profile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_property_type" FOREIGN KEY ("tenantId", "propertyTypeId") REFERENCES "vacation_rental_property_type"("tenantId", "id") ON DELETE SET NULL ("propertyTypeId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property" FOREIGN KEY ("tenantId", "propertyId") REFERENCES "vacation_rental_property"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_rel_availabi_8268a269" FOREIGN KEY ("tenantId", "propertyId") REFERENCES "vacation_rental_property"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_profile" ADD CONSTRAINT "fk_vacation_rental_ent_guest_profile_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_property" FOREIGN KEY ("tenantId", "propertyId") REFERENCES "vacation_rental_property"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_guest" FOREIGN KEY ("tenantId", "guestId") REFERENCES "vacation_rental_guest_profile"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_user" FOREIGN KEY ("tenantId", "userId") REFERENCES "user"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_e6e9572a" FOREIGN KEY ("tenantId", "propertyId") REFERENCES "vacation_rental_property"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_b4989461" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "vacation_rental_booking"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_account" FOREIGN KEY ("tenantId", "accountId") REFERENCES "account"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_guest" FOREIGN KEY ("tenantId", "guestId") REFERENCES "vacation_rental_guest_profile"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_booking" FOREIGN KEY ("tenantId", "bookingId") REFERENCES "vacation_rental_booking"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
