-- DropComputedTrigger
ALTER TABLE "luxury_club_event_category" ALTER COLUMN "targetTiers" DROP NOT NULL;
ALTER TABLE "luxury_club_event" ALTER COLUMN "eligibleTiers" DROP NOT NULL;
ALTER TABLE "modeling_agency_conversation" ALTER COLUMN "participantIds" DROP NOT NULL;
