-- CreateComputedTrigger (x-computed fields, exclusions, checks, required lists: generators/src/prisma/sql-computed.ts)
-- required list /entities/EventCategory/schema/properties/targetTiers: String[]
UPDATE "luxury_club_event_category" SET "targetTiers" = '{}' WHERE "targetTiers" IS NULL;
ALTER TABLE "luxury_club_event_category" ALTER COLUMN "targetTiers" SET NOT NULL;
-- required list /entities/Event/schema/properties/eligibleTiers: String[]
UPDATE "luxury_club_event" SET "eligibleTiers" = '{}' WHERE "eligibleTiers" IS NULL;
ALTER TABLE "luxury_club_event" ALTER COLUMN "eligibleTiers" SET NOT NULL;
-- required list /entities/Conversation/schema/properties/participantIds: String[] @db.Uuid
UPDATE "modeling_agency_conversation" SET "participantIds" = '{}' WHERE "participantIds" IS NULL;
ALTER TABLE "modeling_agency_conversation" ALTER COLUMN "participantIds" SET NOT NULL;
