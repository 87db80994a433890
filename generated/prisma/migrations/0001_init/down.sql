-- DropForeignKey
ALTER TABLE "tenant_domain" DROP CONSTRAINT "fk_tenant_domain_tenant";

-- DropForeignKey
ALTER TABLE "template_install" DROP CONSTRAINT "fk_template_install_tenant";

-- DropForeignKey
ALTER TABLE "account" DROP CONSTRAINT "fk_account_tenant";

-- DropForeignKey
ALTER TABLE "user" DROP CONSTRAINT "fk_user_tenant";

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_tenant";

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_account";

-- DropForeignKey
ALTER TABLE "membership" DROP CONSTRAINT "fk_membership_user";

-- DropForeignKey
ALTER TABLE "draft_record" DROP CONSTRAINT "fk_draft_record_tenant";

-- DropForeignKey
ALTER TABLE "entity_extension" DROP CONSTRAINT "fk_entity_extension_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_membership_tier" DROP CONSTRAINT "fk_luxury_club_ent_membership_tier_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_account";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_rel_member_referred_by";

-- DropForeignKey
ALTER TABLE "luxury_club_member" DROP CONSTRAINT "fk_luxury_club_ent_member_rel_member_concierge";

-- DropForeignKey
ALTER TABLE "luxury_club_team_member" DROP CONSTRAINT "fk_luxury_club_ent_team_member_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_team_member" DROP CONSTRAINT "fk_luxury_club_ent_team_member_rel_team_member_manager";

-- DropForeignKey
ALTER TABLE "luxury_club_venue" DROP CONSTRAINT "fk_luxury_club_ent_venue_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_event_category" DROP CONSTRAINT "fk_luxury_club_ent_event_category_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_category";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_venue";

-- DropForeignKey
ALTER TABLE "luxury_club_event" DROP CONSTRAINT "fk_luxury_club_ent_event_rel_event_host";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_user";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_event";

-- DropForeignKey
ALTER TABLE "luxury_club_registration" DROP CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_member";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_user";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member";

-- DropForeignKey
ALTER TABLE "luxury_club_waitlist_entry" DROP CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_f3097a9e";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_user";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_event";

-- DropForeignKey
ALTER TABLE "luxury_club_event_feedback" DROP CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_r_a265efe7";

-- DropForeignKey
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "fk_luxury_club_ent_media_asset_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_event";

-- DropForeignKey
ALTER TABLE "luxury_club_media_asset" DROP CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_venue";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_user";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_7e2d25fb";

-- DropForeignKey
ALTER TABLE "luxury_club_concierge_request" DROP CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_301b613c";

-- DropForeignKey
ALTER TABLE "luxury_club_pipeline_stage" DROP CONSTRAINT "fk_luxury_club_ent_pipeline_stage_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_referred_by";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_source_event";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_lead" DROP CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_converted_member";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_187cdbc0";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_b10452f7";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_opportunity" DROP CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_6572c816";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_lead";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_o_18deed67";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_member";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_activity" DROP CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_p_74d50731";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_target" DROP CONSTRAINT "fk_luxury_club_ent_sales_target_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_sales_target" DROP CONSTRAINT "fk_luxury_club_ent_sales_target_rel_sales_target_team_member";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_tenant";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_team_member";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_opportunity";

-- DropForeignKey
ALTER TABLE "luxury_club_commission" DROP CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_member";

-- DropForeignKey
ALTER TABLE "modeling_agency_job_category" DROP CONSTRAINT "fk_modeling_agency_ent_job_category_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "fk_modeling_agency_ent_model_profile_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "fk_modeling_agency_ent_model_profile_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_model_profile" DROP CONSTRAINT "fk_modeling_agency_ent_model_profile_rel_model_profile_agency";

-- DropForeignKey
ALTER TABLE "modeling_agency_photographer_profile" DROP CONSTRAINT "fk_modeling_agency_ent_photographer_profile_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_photographer_profile" DROP CONSTRAINT "fk_modeling_agency_ent_photographer_profile_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_agency_profile" DROP CONSTRAINT "fk_modeling_agency_ent_agency_profile_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_agency_profile" DROP CONSTRAINT "fk_modeling_agency_ent_agency_profile_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_client_profile" DROP CONSTRAINT "fk_modeling_agency_ent_client_profile_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_client_profile" DROP CONSTRAINT "fk_modeling_agency_ent_client_profile_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_agency";

-- DropForeignKey
ALTER TABLE "modeling_agency_roster_entry" DROP CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_rel_job_category";

-- DropForeignKey
ALTER TABLE "modeling_agency_job" DROP CONSTRAINT "fk_modeling_agency_ent_job_rel_job_client";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_category";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_gig" DROP CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_model";

-- DropForeignKey
ALTER TABLE "modeling_agency_application" DROP CONSTRAINT "fk_modeling_agency_ent_application_rel_application_photographer";

-- DropForeignKey
ALTER TABLE "modeling_agency_booking" DROP CONSTRAINT "fk_modeling_agency_ent_booking_tenant";

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
ALTER TABLE "modeling_agency_review" DROP CONSTRAINT "fk_modeling_agency_ent_review_tenant";

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
ALTER TABLE "modeling_agency_saved_search" DROP CONSTRAINT "fk_modeling_agency_ent_saved_search_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_saved_search" DROP CONSTRAINT "fk_modeling_agency_ent_saved_search_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_favourite" DROP CONSTRAINT "fk_modeling_agency_ent_favourite_tenant";

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
ALTER TABLE "modeling_agency_collection" DROP CONSTRAINT "fk_modeling_agency_ent_collection_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection" DROP CONSTRAINT "fk_modeling_agency_ent_collection_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__942b9d4b";

-- DropForeignKey
ALTER TABLE "modeling_agency_collection_item" DROP CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__d067425a";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_job";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_booking";

-- DropForeignKey
ALTER TABLE "modeling_agency_conversation" DROP CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_a_ecdbf693";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_user";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_rel_message_conversation";

-- DropForeignKey
ALTER TABLE "modeling_agency_message" DROP CONSTRAINT "fk_modeling_agency_ent_message_rel_message_reply_to";

-- DropForeignKey
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "fk_modeling_agency_ent_invitation_tenant";

-- DropForeignKey
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "fk_modeling_agency_ent_invitation_account";

-- DropForeignKey
ALTER TABLE "modeling_agency_invitation" DROP CONSTRAINT "fk_modeling_agency_ent_invitation_rel_invitation_agency";

-- DropTable
DROP TABLE "tenant";

-- DropTable
DROP TABLE "tenant_domain";

-- DropTable
DROP TABLE "template_install";

-- DropTable
DROP TABLE "account";

-- DropTable
DROP TABLE "user";

-- DropTable
DROP TABLE "membership";

-- DropTable
DROP TABLE "draft_record";

-- DropTable
DROP TABLE "entity_extension";

-- DropTable
DROP TABLE "luxury_club_membership_tier";

-- DropTable
DROP TABLE "luxury_club_member";

-- DropTable
DROP TABLE "luxury_club_team_member";

-- DropTable
DROP TABLE "luxury_club_venue";

-- DropTable
DROP TABLE "luxury_club_event_category";

-- DropTable
DROP TABLE "luxury_club_event";

-- DropTable
DROP TABLE "luxury_club_registration";

-- DropTable
DROP TABLE "luxury_club_waitlist_entry";

-- DropTable
DROP TABLE "luxury_club_event_feedback";

-- DropTable
DROP TABLE "luxury_club_media_asset";

-- DropTable
DROP TABLE "luxury_club_concierge_request";

-- DropTable
DROP TABLE "luxury_club_pipeline_stage";

-- DropTable
DROP TABLE "luxury_club_sales_lead";

-- DropTable
DROP TABLE "luxury_club_sales_opportunity";

-- DropTable
DROP TABLE "luxury_club_sales_activity";

-- DropTable
DROP TABLE "luxury_club_sales_target";

-- DropTable
DROP TABLE "luxury_club_commission";

-- DropTable
DROP TABLE "modeling_agency_job_category";

-- DropTable
DROP TABLE "modeling_agency_model_profile";

-- DropTable
DROP TABLE "modeling_agency_photographer_profile";

-- DropTable
DROP TABLE "modeling_agency_agency_profile";

-- DropTable
DROP TABLE "modeling_agency_client_profile";

-- DropTable
DROP TABLE "modeling_agency_roster_entry";

-- DropTable
DROP TABLE "modeling_agency_job";

-- DropTable
DROP TABLE "modeling_agency_gig";

-- DropTable
DROP TABLE "modeling_agency_application";

-- DropTable
DROP TABLE "modeling_agency_booking";

-- DropTable
DROP TABLE "modeling_agency_review";

-- DropTable
DROP TABLE "modeling_agency_saved_search";

-- DropTable
DROP TABLE "modeling_agency_favourite";

-- DropTable
DROP TABLE "modeling_agency_collection";

-- DropTable
DROP TABLE "modeling_agency_collection_item";

-- DropTable
DROP TABLE "modeling_agency_conversation";

-- DropTable
DROP TABLE "modeling_agency_message";

-- DropTable
DROP TABLE "modeling_agency_invitation";
