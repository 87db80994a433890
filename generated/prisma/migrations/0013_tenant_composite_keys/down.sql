-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_account";

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_user";

-- DropForeignKey
ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_tenant_user";

-- DropForeignKey
ALTER TABLE "one_time_token" DROP CONSTRAINT "fk_one_time_token_tenant_user";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_account";

-- DropForeignKey
ALTER TABLE "invitation" DROP CONSTRAINT "fk_invitation_invited_by";

-- DropForeignKey
ALTER TABLE "external_identity" DROP CONSTRAINT "fk_external_identity_user";

-- DropForeignKey
ALTER TABLE "login_failure" DROP CONSTRAINT "fk_login_failure_tenant_user";

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

-- DropIndex
DROP INDEX "uq_user_tenant_key";

-- AlterTable
ALTER TABLE "template_install" DROP CONSTRAINT "pk_template_install",
ADD CONSTRAINT "pk_template_install" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "account" DROP CONSTRAINT "pk_account",
ADD CONSTRAINT "pk_account" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "membership" DROP CONSTRAINT "pk_membership",
ADD CONSTRAINT "pk_membership" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "draft_record" DROP CONSTRAINT "pk_draft_record",
ADD CONSTRAINT "pk_draft_record" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "entity_extension" DROP CONSTRAINT "pk_entity_extension",
ADD CONSTRAINT "pk_entity_extension" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "invitation" DROP CONSTRAINT "pk_invitation",
ADD CONSTRAINT "pk_invitation" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "external_identity" DROP CONSTRAINT "pk_external_identity",
ADD CONSTRAINT "pk_external_identity" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "audit_log" DROP CONSTRAINT "pk_audit_log",
ADD CONSTRAINT "pk_audit_log" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "email_template_override" DROP CONSTRAINT "pk_email_template_override",
ADD CONSTRAINT "pk_email_template_override" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_membership_tier" DROP CONSTRAINT "pk_luxury_club_ent_membership_tier",
ADD CONSTRAINT "pk_luxury_club_ent_membership_tier" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "pk_luxury_club_ent_member",
ADD CONSTRAINT "pk_luxury_club_ent_member" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_team_member" DROP CONSTRAINT "pk_luxury_club_ent_team_member",
ADD CONSTRAINT "pk_luxury_club_ent_team_member" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_venue" DROP CONSTRAINT "pk_luxury_club_ent_venue",
ADD CONSTRAINT "pk_luxury_club_ent_venue" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_event_category" DROP CONSTRAINT "pk_luxury_club_ent_event_category",
ADD CONSTRAINT "pk_luxury_club_ent_event_category" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "pk_luxury_club_ent_event",
ADD CONSTRAINT "pk_luxury_club_ent_event" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "pk_luxury_club_ent_registration",
ADD CONSTRAINT "pk_luxury_club_ent_registration" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "pk_luxury_club_ent_waitlist_entry",
ADD CONSTRAINT "pk_luxury_club_ent_waitlist_entry" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "pk_luxury_club_ent_event_feedback",
ADD CONSTRAINT "pk_luxury_club_ent_event_feedback" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "pk_luxury_club_ent_media_asset",
ADD CONSTRAINT "pk_luxury_club_ent_media_asset" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "pk_luxury_club_ent_concierge_request",
ADD CONSTRAINT "pk_luxury_club_ent_concierge_request" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_pipeline_stage" DROP CONSTRAINT "pk_luxury_club_ent_pipeline_stage",
ADD CONSTRAINT "pk_luxury_club_ent_pipeline_stage" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "pk_luxury_club_ent_sales_lead",
ADD CONSTRAINT "pk_luxury_club_ent_sales_lead" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "pk_luxury_club_ent_sales_opportunity",
ADD CONSTRAINT "pk_luxury_club_ent_sales_opportunity" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "pk_luxury_club_ent_sales_activity",
ADD CONSTRAINT "pk_luxury_club_ent_sales_activity" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_sales_target" DROP CONSTRAINT "pk_luxury_club_ent_sales_target",
ADD CONSTRAINT "pk_luxury_club_ent_sales_target" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "pk_luxury_club_ent_commission",
ADD CONSTRAINT "pk_luxury_club_ent_commission" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_job_category" DROP CONSTRAINT "pk_modeling_agency_ent_job_category",
ADD CONSTRAINT "pk_modeling_agency_ent_job_category" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "pk_modeling_agency_ent_model_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_model_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_photographer_profile" DROP CONSTRAINT "pk_modeling_agency_ent_photographer_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_photographer_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_agency_profile" DROP CONSTRAINT "pk_modeling_agency_ent_agency_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_agency_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_client_profile" DROP CONSTRAINT "pk_modeling_agency_ent_client_profile",
ADD CONSTRAINT "pk_modeling_agency_ent_client_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "pk_modeling_agency_ent_roster_entry",
ADD CONSTRAINT "pk_modeling_agency_ent_roster_entry" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "pk_modeling_agency_ent_job",
ADD CONSTRAINT "pk_modeling_agency_ent_job" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "pk_modeling_agency_ent_gig",
ADD CONSTRAINT "pk_modeling_agency_ent_gig" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "pk_modeling_agency_ent_application",
ADD CONSTRAINT "pk_modeling_agency_ent_application" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "pk_modeling_agency_ent_booking",
ADD CONSTRAINT "pk_modeling_agency_ent_booking" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "pk_modeling_agency_ent_review",
ADD CONSTRAINT "pk_modeling_agency_ent_review" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_saved_search" DROP CONSTRAINT "pk_modeling_agency_ent_saved_search",
ADD CONSTRAINT "pk_modeling_agency_ent_saved_search" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "pk_modeling_agency_ent_favourite",
ADD CONSTRAINT "pk_modeling_agency_ent_favourite" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_collection" DROP CONSTRAINT "pk_modeling_agency_ent_collection",
ADD CONSTRAINT "pk_modeling_agency_ent_collection" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "pk_modeling_agency_ent_collection_item",
ADD CONSTRAINT "pk_modeling_agency_ent_collection_item" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "pk_modeling_agency_ent_conversation",
ADD CONSTRAINT "pk_modeling_agency_ent_conversation" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "pk_modeling_agency_ent_message",
ADD CONSTRAINT "pk_modeling_agency_ent_message" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "pk_modeling_agency_ent_invitation",
ADD CONSTRAINT "pk_modeling_agency_ent_invitation" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_property_type" DROP CONSTRAINT "pk_vacation_rental_ent_property_type",
ADD CONSTRAINT "pk_vacation_rental_ent_property_type" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_host_profile" DROP CONSTRAINT "pk_vacation_rental_ent_host_profile",
ADD CONSTRAINT "pk_vacation_rental_ent_host_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "pk_vacation_rental_ent_property",
ADD CONSTRAINT "pk_vacation_rental_ent_property" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "pk_vacation_rental_ent_seasonal_rate",
ADD CONSTRAINT "pk_vacation_rental_ent_seasonal_rate" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "pk_vacation_rental_ent_availability_block",
ADD CONSTRAINT "pk_vacation_rental_ent_availability_block" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_guest_profile" DROP CONSTRAINT "pk_vacation_rental_ent_guest_profile",
ADD CONSTRAINT "pk_vacation_rental_ent_guest_profile" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "pk_vacation_rental_ent_booking",
ADD CONSTRAINT "pk_vacation_rental_ent_booking" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "pk_vacation_rental_ent_property_review",
ADD CONSTRAINT "pk_vacation_rental_ent_property_review" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "pk_vacation_rental_ent_guest_review",
ADD CONSTRAINT "pk_vacation_rental_ent_guest_review" PRIMARY KEY ("id");

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "fk_invitation_invited_by" FOREIGN KEY ("invitedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "external_identity" ADD CONSTRAINT "fk_external_identity_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_referred_by" FOREIGN KEY ("referredById") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_concierge" FOREIGN KEY ("conciergeId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_team_member" ADD CONSTRAINT "fk_luxury_club_ent_team_member_rel_team_member_manager" FOREIGN KEY ("managerId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_category" FOREIGN KEY ("categoryId") REFERENCES "luxury_club_event_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_venue" FOREIGN KEY ("venueId") REFERENCES "luxury_club_venue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_host" FOREIGN KEY ("hostId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_f3097a9e" FOREIGN KEY ("registrationId") REFERENCES "luxury_club_registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_r_a265efe7" FOREIGN KEY ("registrationId") REFERENCES "luxury_club_registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_venue" FOREIGN KEY ("venueId") REFERENCES "luxury_club_venue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_7e2d25fb" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_301b613c" FOREIGN KEY ("assignedToId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to" FOREIGN KEY ("assignedToId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_referred_by" FOREIGN KEY ("referredById") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_source_event" FOREIGN KEY ("sourceEventId") REFERENCES "luxury_club_event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_converted_member" FOREIGN KEY ("convertedMemberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_187cdbc0" FOREIGN KEY ("stageId") REFERENCES "luxury_club_pipeline_stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead" FOREIGN KEY ("leadId") REFERENCES "luxury_club_sales_lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_b10452f7" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_6572c816" FOREIGN KEY ("salesRepId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_lead" FOREIGN KEY ("leadId") REFERENCES "luxury_club_sales_lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_o_18deed67" FOREIGN KEY ("opportunityId") REFERENCES "luxury_club_sales_opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_p_74d50731" FOREIGN KEY ("performedById") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_target" ADD CONSTRAINT "fk_luxury_club_ent_sales_target_rel_sales_target_team_member" FOREIGN KEY ("teamMemberId") REFERENCES "luxury_club_team_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_team_member" FOREIGN KEY ("teamMemberId") REFERENCES "luxury_club_team_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_opportunity" FOREIGN KEY ("opportunityId") REFERENCES "luxury_club_sales_opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_rel_model_profile_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_photographer_profile" ADD CONSTRAINT "fk_modeling_agency_ent_photographer_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_agency_profile" ADD CONSTRAINT "fk_modeling_agency_ent_agency_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_client_profile" ADD CONSTRAINT "fk_modeling_agency_ent_client_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_category" FOREIGN KEY ("categoryId") REFERENCES "modeling_agency_job_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_client" FOREIGN KEY ("clientId") REFERENCES "modeling_agency_client_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_category" FOREIGN KEY ("categoryId") REFERENCES "modeling_agency_job_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_application" FOREIGN KEY ("applicationId") REFERENCES "modeling_agency_application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_rel_booking_gig" FOREIGN KEY ("gigId") REFERENCES "modeling_agency_gig"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_booking" FOREIGN KEY ("bookingId") REFERENCES "modeling_agency_booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_client" FOREIGN KEY ("clientId") REFERENCES "modeling_agency_client_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_rel_review_gig" FOREIGN KEY ("gigId") REFERENCES "modeling_agency_gig"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_saved_search" ADD CONSTRAINT "fk_modeling_agency_ent_saved_search_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_rel_favourite_gig" FOREIGN KEY ("gigId") REFERENCES "modeling_agency_gig"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection" ADD CONSTRAINT "fk_modeling_agency_ent_collection_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__942b9d4b" FOREIGN KEY ("collectionId") REFERENCES "modeling_agency_collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__d067425a" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_booking" FOREIGN KEY ("bookingId") REFERENCES "modeling_agency_booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_a_ecdbf693" FOREIGN KEY ("applicationId") REFERENCES "modeling_agency_application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_conversation" FOREIGN KEY ("conversationId") REFERENCES "modeling_agency_conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_reply_to" FOREIGN KEY ("replyToId") REFERENCES "modeling_agency_message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_rel_invitation_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_host_profile" ADD CONSTRAINT "fk_vacation_rental_ent_host_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_host" FOREIGN KEY ("hostId") REFERENCES "vacation_rental_host_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_property_type" FOREIGN KEY ("propertyTypeId") REFERENCES "vacation_rental_property_type"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_rel_availabi_8268a269" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_profile" ADD CONSTRAINT "fk_vacation_rental_ent_guest_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_property" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_guest" FOREIGN KEY ("guestId") REFERENCES "vacation_rental_guest_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_e6e9572a" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_b4989461" FOREIGN KEY ("bookingId") REFERENCES "vacation_rental_booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_guest" FOREIGN KEY ("guestId") REFERENCES "vacation_rental_guest_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_booking" FOREIGN KEY ("bookingId") REFERENCES "vacation_rental_booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;
