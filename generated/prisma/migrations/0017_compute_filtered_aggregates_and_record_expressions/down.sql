-- DropComputedTrigger
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_event_fld_event_registered_count" ON "luxury_club_registration";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_event_fld_event_registered_count"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_event_fld_event_registered_count_init" ON "luxury_club_event";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_event_fld_event_registered_count_init"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_event_fld_event_waitlist_count" ON "luxury_club_waitlist_entry";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_event_fld_event_waitlist_count"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_event_fld_event_waitlist_count_init" ON "luxury_club_event";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_event_fld_event_waitlist_count_init"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_member_fld_member_display_name" ON "luxury_club_member";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_member_fld_member_display_name"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_member_fld_member_events_attended" ON "luxury_club_registration";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_member_fld_member_events_attended"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_member_fld_member_events_attended_init" ON "luxury_club_member";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_member_fld_member_events_attended_init"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_sales_lead_fld_sales_lead_full_name" ON "luxury_club_sales_lead";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_sales_lead_fld_sales_lead_full_name"();
DROP TRIGGER IF EXISTS "tr_luxury_club_ent_sales_opportunity_fld_sales_opportu_d51d35c5" ON "luxury_club_sales_opportunity";
DROP FUNCTION IF EXISTS "fn_luxury_club_ent_sales_opportunity_fld_sales_opportu_210e070a"();
