-- DropComputedTrigger
DROP TRIGGER IF EXISTS "tr_modeling_agency_ent_gig_fld_gig_starting_price" ON "modeling_agency_gig";
DROP FUNCTION IF EXISTS "fn_modeling_agency_ent_gig_fld_gig_starting_price"();
