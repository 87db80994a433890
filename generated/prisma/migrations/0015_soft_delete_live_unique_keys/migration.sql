-- DropIndex
DROP INDEX "uq_luxury_club_ent_member_fld_member_email";

-- DropIndex
DROP INDEX "uq_luxury_club_ent_member_fld_member_member_number";

-- DropIndex
DROP INDEX "uq_luxury_club_ent_team_member_fld_team_member_email";

-- DropIndex
DROP INDEX "uq_luxury_club_ent_team_member_fld_team_member_linked_user_id";

-- DropIndex
DROP INDEX "uq_luxury_club_ent_venue_fld_venue_slug";

-- DropIndex
DROP INDEX "uq_luxury_club_ent_event_fld_event_slug";

-- DropIndex
DROP INDEX "uq_modeling_agency_ent_model_profile_fld_model_profile_slug";

-- DropIndex
DROP INDEX "uq_modeling_agency_ent_agency_profile_fld_agency_profile_name";

-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)
CREATE UNIQUE INDEX "uq_luxury_club_ent_event_fld_event_slug" ON "luxury_club_event" ("tenantId", "slug") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_email" ON "luxury_club_member" ("tenantId", "email") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_member_number" ON "luxury_club_member" ("tenantId", "memberNumber") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_email" ON "luxury_club_team_member" ("tenantId", "email") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_linked_user_id" ON "luxury_club_team_member" ("tenantId", "linkedUserId") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_luxury_club_ent_venue_fld_venue_slug" ON "luxury_club_venue" ("tenantId", "slug") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_modeling_agency_ent_agency_profile_fld_agency_profile_name" ON "modeling_agency_agency_profile" ("tenantId", "name") WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "uq_modeling_agency_ent_model_profile_fld_model_profile_slug" ON "modeling_agency_model_profile" ("tenantId", "slug") WHERE "deletedAt" IS NULL;
