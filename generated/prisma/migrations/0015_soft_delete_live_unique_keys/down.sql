-- DropSqlIndex
DROP INDEX IF EXISTS "uq_luxury_club_ent_event_fld_event_slug";
DROP INDEX IF EXISTS "uq_luxury_club_ent_member_fld_member_email";
DROP INDEX IF EXISTS "uq_luxury_club_ent_member_fld_member_member_number";
DROP INDEX IF EXISTS "uq_luxury_club_ent_team_member_fld_team_member_email";
DROP INDEX IF EXISTS "uq_luxury_club_ent_team_member_fld_team_member_linked_user_id";
DROP INDEX IF EXISTS "uq_luxury_club_ent_venue_fld_venue_slug";
DROP INDEX IF EXISTS "uq_modeling_agency_ent_agency_profile_fld_agency_profile_name";
DROP INDEX IF EXISTS "uq_modeling_agency_ent_model_profile_fld_model_profile_slug";

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_email" ON "luxury_club_member"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_member_number" ON "luxury_club_member"("tenantId", "memberNumber");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_email" ON "luxury_club_team_member"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_linked_user_id" ON "luxury_club_team_member"("tenantId", "linkedUserId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_venue_fld_venue_slug" ON "luxury_club_venue"("tenantId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_event_fld_event_slug" ON "luxury_club_event"("tenantId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_model_profile_fld_model_profile_slug" ON "modeling_agency_model_profile"("tenantId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_agency_profile_fld_agency_profile_name" ON "modeling_agency_agency_profile"("tenantId", "name");
