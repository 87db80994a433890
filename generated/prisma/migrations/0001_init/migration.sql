-- CreateTable
CREATE TABLE "tenant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" VARCHAR(63) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'active',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_tenant" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_domain" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "domain" VARCHAR(253) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_tenant_domain" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_install" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'installed',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_template_install" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_account" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "passwordHash" TEXT,
    "emailVerifiedAt" TIMESTAMPTZ(3),
    "status" VARCHAR(20) NOT NULL DEFAULT 'active',
    "profile" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_user" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID,
    "userId" UUID NOT NULL,
    "role" VARCHAR(40) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_membership" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "draft_record" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(40) NOT NULL,
    "data" JSONB NOT NULL,
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_draft_record" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entity_extension" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(40) NOT NULL,
    "schema" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_entity_extension" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_membership_tier" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "code" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "description" VARCHAR(2000),
    "annualFeeAmount" BIGINT NOT NULL,
    "annualFeeCurrency" CHAR(3) NOT NULL,
    "initiationFeeAmount" BIGINT,
    "initiationFeeCurrency" CHAR(3),
    "benefits" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "guestAllowance" INTEGER NOT NULL DEFAULT 1,
    "advanceBookingDays" INTEGER NOT NULL DEFAULT 0,
    "conciergeLevel" TEXT NOT NULL DEFAULT 'standard',
    "invitationOnly" BOOLEAN NOT NULL DEFAULT false,
    "color" TEXT,
    "icon" VARCHAR(40),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_membership_tier" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_member" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "firstName" VARCHAR(80) NOT NULL,
    "lastName" VARCHAR(80) NOT NULL,
    "displayName" VARCHAR(160),
    "preferredName" VARCHAR(80),
    "salutation" TEXT NOT NULL DEFAULT 'none',
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "dateOfBirth" DATE,
    "nationality" TEXT,
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "profession" VARCHAR(120),
    "company" VARCHAR(120),
    "avatarUrl" TEXT,
    "address" JSONB,
    "tier" TEXT NOT NULL,
    "memberNumber" TEXT,
    "householdRole" TEXT NOT NULL DEFAULT 'primary',
    "membershipStatus" TEXT NOT NULL DEFAULT 'applicant',
    "memberSince" DATE,
    "renewalDate" DATE,
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "verificationMethod" TEXT,
    "verifiedAt" TIMESTAMPTZ(3),
    "lifetimeSpendAmount" BIGINT,
    "lifetimeSpendCurrency" CHAR(3),
    "eventsAttended" INTEGER,
    "preferences" JSONB,
    "consents" JSONB,
    "conciergeNotes" VARCHAR(5000),
    "vip" BOOLEAN NOT NULL DEFAULT false,
    "referredById" UUID,
    "conciergeId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_member" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_team_member" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "displayName" VARCHAR(120) NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "position" TEXT NOT NULL,
    "jobTitle" VARCHAR(120),
    "linkedUserId" UUID,
    "territories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "commissionRate" DOUBLE PRECISION,
    "hiredAt" DATE,
    "avatarUrl" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "managerId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_team_member" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_venue" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "venueType" TEXT NOT NULL,
    "description" VARCHAR(5000),
    "houseRules" VARCHAR(3000),
    "defaultDressCode" TEXT NOT NULL DEFAULT 'smart-casual',
    "location" JSONB NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "capacity" INTEGER NOT NULL,
    "seatedCapacity" INTEGER,
    "standingCapacity" INTEGER,
    "amenities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "images" JSONB,
    "minimumTier" TEXT,
    "contactName" VARCHAR(120),
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "rentalRateAmount" BIGINT,
    "rentalRateCurrency" CHAR(3),
    "internalNotes" VARCHAR(5000),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_venue" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_event_category" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "description" VARCHAR(1000),
    "icon" VARCHAR(40) NOT NULL,
    "color" TEXT NOT NULL,
    "defaultDurationMinutes" INTEGER NOT NULL,
    "capacityRange" JSONB NOT NULL,
    "targetTiers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sortOrder" INTEGER NOT NULL DEFAULT 100,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_event_category" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "title" VARCHAR(140) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "summary" VARCHAR(300),
    "description" VARCHAR(10000),
    "highlights" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hostName" VARCHAR(120),
    "blackCardPerks" VARCHAR(2000),
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "doorsOpenAt" TIMESTAMPTZ(3),
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Berlin',
    "registrationOpensAt" TIMESTAMPTZ(3),
    "registrationClosesAt" TIMESTAMPTZ(3),
    "publishAt" TIMESTAMPTZ(3),
    "capacity" INTEGER NOT NULL,
    "guestsPerMember" INTEGER NOT NULL DEFAULT 1,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "waitlistCapacity" INTEGER,
    "pricing" JSONB NOT NULL,
    "eligibleTiers" TEXT[] DEFAULT ARRAY['platinum', 'diamond', 'black-card']::TEXT[],
    "visibility" TEXT NOT NULL DEFAULT 'eligible-tiers',
    "requirements" JSONB,
    "coverImage" TEXT,
    "gallery" JSONB,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "reviewNotes" VARCHAR(2000),
    "internalBudgetAmount" BIGINT,
    "internalBudgetCurrency" CHAR(3),
    "internalNotes" VARCHAR(5000),
    "publishedAt" TIMESTAMPTZ(3),
    "approvedAt" TIMESTAMPTZ(3),
    "registeredCount" INTEGER,
    "waitlistCount" INTEGER,
    "averageRating" DOUBLE PRECISION,
    "categoryId" UUID NOT NULL,
    "venueId" UUID,
    "hostId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_event" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_registration" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "guestCount" INTEGER NOT NULL DEFAULT 0,
    "guests" JSONB,
    "dietaryRequirements" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "accessibilityNeeds" VARCHAR(500),
    "specialRequests" VARCHAR(2000),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "confirmationCode" TEXT,
    "tierAtRegistration" TEXT,
    "eligibility" JSONB,
    "eligibilityOverride" BOOLEAN NOT NULL DEFAULT false,
    "amountDueAmount" BIGINT,
    "amountDueCurrency" CHAR(3),
    "paymentStatus" TEXT NOT NULL DEFAULT 'pending',
    "source" TEXT NOT NULL DEFAULT 'app',
    "approvedAt" TIMESTAMPTZ(3),
    "checkedInAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancellationReason" VARCHAR(1000),
    "eventId" UUID NOT NULL,
    "memberId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_registration" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_waitlist_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "position" INTEGER,
    "priority" INTEGER,
    "partySize" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "notifyVia" TEXT[] DEFAULT ARRAY['email']::TEXT[],
    "offeredAt" TIMESTAMPTZ(3),
    "offerExpiresAt" TIMESTAMPTZ(3),
    "notes" VARCHAR(1000),
    "eventId" UUID NOT NULL,
    "memberId" UUID,
    "registrationId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_waitlist_entry" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_event_feedback" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "overallRating" INTEGER NOT NULL,
    "ratings" JSONB,
    "npsScore" INTEGER,
    "comment" VARCHAR(3000),
    "improvements" VARCHAR(2000),
    "wouldAttendAgain" BOOLEAN,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "allowTestimonial" BOOLEAN NOT NULL DEFAULT false,
    "eventId" UUID NOT NULL,
    "registrationId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_event_feedback" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_media_asset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "thumbnailUrl" TEXT,
    "mediumUrl" TEXT,
    "largeUrl" TEXT,
    "fileName" VARCHAR(255) NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "caption" VARCHAR(300),
    "altText" VARCHAR(300),
    "visibility" TEXT NOT NULL DEFAULT 'members',
    "position" INTEGER NOT NULL DEFAULT 0,
    "eventId" UUID,
    "venueId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_media_asset" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_concierge_request" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "requestType" TEXT NOT NULL,
    "title" VARCHAR(140) NOT NULL,
    "details" VARCHAR(4000),
    "preferredAt" TIMESTAMPTZ(3),
    "partySize" INTEGER,
    "budgetAmount" BIGINT,
    "budgetCurrency" CHAR(3),
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" VARCHAR(4000),
    "fulfilledAt" TIMESTAMPTZ(3),
    "memberId" UUID,
    "assignedToId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_concierge_request" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_pipeline_stage" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "position" INTEGER NOT NULL,
    "defaultProbability" INTEGER NOT NULL,
    "color" TEXT,
    "isClosed" BOOLEAN NOT NULL DEFAULT false,
    "isWon" BOOLEAN NOT NULL DEFAULT false,
    "description" VARCHAR(500),
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_pipeline_stage" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_sales_lead" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "firstName" VARCHAR(80) NOT NULL,
    "lastName" VARCHAR(80) NOT NULL,
    "fullName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "company" VARCHAR(120),
    "jobTitle" VARCHAR(120),
    "city" VARCHAR(100),
    "preferredLanguage" TEXT NOT NULL DEFAULT 'en',
    "source" TEXT NOT NULL,
    "sourceDetail" VARCHAR(200),
    "interestedTier" TEXT,
    "score" INTEGER NOT NULL DEFAULT 0,
    "scoreFactors" JSONB,
    "estimatedValueAmount" BIGINT,
    "estimatedValueCurrency" CHAR(3),
    "interests" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "consentMarketing" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'new',
    "assignedAt" TIMESTAMPTZ(3),
    "lastContactedAt" TIMESTAMPTZ(3),
    "nextFollowUpAt" TIMESTAMPTZ(3),
    "lostReason" TEXT,
    "notes" VARCHAR(5000),
    "convertedAt" TIMESTAMPTZ(3),
    "assignedToId" UUID,
    "referredById" UUID,
    "sourceEventId" UUID,
    "convertedMemberId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_sales_lead" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_sales_opportunity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(140) NOT NULL,
    "tier" TEXT,
    "valueAmount" BIGINT NOT NULL,
    "valueCurrency" CHAR(3) NOT NULL,
    "probability" INTEGER NOT NULL,
    "weightedValueAmount" BIGINT,
    "weightedValueCurrency" CHAR(3),
    "expectedCloseDate" DATE,
    "nextStep" VARCHAR(200),
    "competitors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "outcome" TEXT NOT NULL DEFAULT 'open',
    "lossReason" VARCHAR(500),
    "closedAt" TIMESTAMPTZ(3),
    "stageId" UUID NOT NULL,
    "leadId" UUID,
    "memberId" UUID,
    "salesRepId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_luxury_club_ent_sales_opportunity" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_sales_activity" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "activityType" TEXT NOT NULL,
    "subject" VARCHAR(160) NOT NULL,
    "description" VARCHAR(5000),
    "direction" TEXT NOT NULL DEFAULT 'outbound',
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMinutes" INTEGER,
    "outcome" TEXT,
    "followUpAt" TIMESTAMPTZ(3),
    "completed" BOOLEAN NOT NULL DEFAULT true,
    "leadId" UUID,
    "opportunityId" UUID,
    "memberId" UUID,
    "performedById" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_sales_activity" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_sales_target" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "revenueTargetAmount" BIGINT NOT NULL,
    "revenueTargetCurrency" CHAR(3) NOT NULL,
    "membershipsTarget" INTEGER,
    "leadsTarget" INTEGER,
    "conversionRateTarget" DOUBLE PRECISION,
    "achievedRevenueAmount" BIGINT,
    "achievedRevenueCurrency" CHAR(3),
    "achievedMemberships" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'active',
    "teamMemberId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_sales_target" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "luxury_club_commission" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "dealValueAmount" BIGINT,
    "dealValueCurrency" CHAR(3),
    "rate" DOUBLE PRECISION NOT NULL,
    "amountAmount" BIGINT NOT NULL,
    "amountCurrency" CHAR(3) NOT NULL,
    "periodMonth" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "approvedAt" TIMESTAMPTZ(3),
    "paidAt" TIMESTAMPTZ(3),
    "payoutReference" VARCHAR(80),
    "notes" VARCHAR(2000),
    "teamMemberId" UUID NOT NULL,
    "opportunityId" UUID,
    "memberId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_luxury_club_ent_commission" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_job_category" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "description" VARCHAR(1000),
    "icon" VARCHAR(40),
    "color" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 100,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_job_category" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_model_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "stageName" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(80),
    "legalName" VARCHAR(120),
    "gender" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "age" INTEGER,
    "headline" VARCHAR(140),
    "bio" VARCHAR(4000),
    "avatarUrl" TEXT,
    "heightValue" DOUBLE PRECISION NOT NULL,
    "heightUnit" VARCHAR(16) NOT NULL,
    "heightCm" INTEGER,
    "bustValue" DOUBLE PRECISION,
    "bustUnit" VARCHAR(16),
    "waistValue" DOUBLE PRECISION,
    "waistUnit" VARCHAR(16),
    "hipsValue" DOUBLE PRECISION,
    "hipsUnit" VARCHAR(16),
    "shoeSizeValue" DOUBLE PRECISION,
    "shoeSizeUnit" VARCHAR(16),
    "dressSizeValue" DOUBLE PRECISION,
    "dressSizeUnit" VARCHAR(16),
    "hairColor" TEXT,
    "hairLength" TEXT,
    "eyeColor" TEXT,
    "tattoos" BOOLEAN NOT NULL DEFAULT false,
    "piercings" BOOLEAN NOT NULL DEFAULT false,
    "experienceLevel" TEXT NOT NULL DEFAULT 'new-face',
    "yearsExperience" INTEGER,
    "modelingTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "skills" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notableClients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "willingToTravel" BOOLEAN NOT NULL DEFAULT false,
    "travelRegions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hasPassport" BOOLEAN,
    "nudityLevel" TEXT NOT NULL DEFAULT 'none',
    "contentPreferences" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "acceptsTfp" BOOLEAN NOT NULL DEFAULT false,
    "hourlyRateAmount" INTEGER,
    "hourlyRateCurrency" CHAR(3),
    "halfDayRateAmount" INTEGER,
    "halfDayRateCurrency" CHAR(3),
    "dayRateAmount" INTEGER,
    "dayRateCurrency" CHAR(3),
    "portfolio" JSONB,
    "polaroids" JSONB,
    "compCardUrl" TEXT,
    "videoUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "socialLinks" JSONB,
    "availabilityStatus" TEXT NOT NULL DEFAULT 'available',
    "availability" JSONB,
    "city" VARCHAR(100) NOT NULL,
    "region" VARCHAR(100),
    "countryCode" TEXT NOT NULL,
    "coordinates" JSONB,
    "visibility" TEXT NOT NULL DEFAULT 'public',
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "verifiedAt" TIMESTAMPTZ(3),
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "moderatorNotes" VARCHAR(2000),
    "profileViews" INTEGER,
    "averageRating" DOUBLE PRECISION,
    "reviewCount" INTEGER,
    "agencyId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_model_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_photographer_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "displayName" VARCHAR(80) NOT NULL,
    "businessName" VARCHAR(120),
    "headline" VARCHAR(140),
    "bio" VARCHAR(4000),
    "avatarUrl" TEXT,
    "city" VARCHAR(100) NOT NULL,
    "countryCode" TEXT NOT NULL,
    "website" TEXT,
    "specialties" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "experienceLevel" TEXT NOT NULL DEFAULT 'beginner',
    "yearsExperience" INTEGER,
    "equipment" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hasStudio" BOOLEAN NOT NULL DEFAULT false,
    "studioAddress" JSONB,
    "willingToTravel" BOOLEAN NOT NULL DEFAULT true,
    "deliveryDays" INTEGER,
    "hourlyRateAmount" INTEGER,
    "hourlyRateCurrency" CHAR(3),
    "dayRateAmount" INTEGER,
    "dayRateCurrency" CHAR(3),
    "acceptsTfp" BOOLEAN NOT NULL DEFAULT false,
    "portfolio" JSONB,
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "averageRating" DOUBLE PRECISION,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_photographer_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_agency_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "tagline" VARCHAR(140),
    "description" VARCHAR(5000),
    "logoUrl" TEXT,
    "divisions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "website" TEXT,
    "address" JSONB,
    "city" VARCHAR(100) NOT NULL,
    "countryCode" TEXT NOT NULL,
    "foundedYear" INTEGER,
    "licenseNumber" VARCHAR(60),
    "vatNumber" VARCHAR(30),
    "defaultCommissionRate" DOUBLE PRECISION,
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "rosterSize" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_agency_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_client_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "companyName" VARCHAR(120) NOT NULL,
    "industry" TEXT NOT NULL,
    "companySize" TEXT,
    "description" VARCHAR(3000),
    "logoUrl" TEXT,
    "website" TEXT,
    "contactName" VARCHAR(120) NOT NULL,
    "contactTitle" VARCHAR(80),
    "billingEmail" TEXT NOT NULL,
    "phone" TEXT,
    "address" JSONB,
    "city" VARCHAR(100),
    "vatNumber" VARCHAR(30),
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "averageRating" DOUBLE PRECISION,
    "jobsPosted" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_client_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_roster_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "board" TEXT,
    "representation" TEXT NOT NULL,
    "territories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "commissionRate" DOUBLE PRECISION,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "status" TEXT NOT NULL DEFAULT 'prospect',
    "contractUrl" TEXT,
    "bookerNotes" VARCHAR(4000),
    "agencyId" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_roster_entry" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_job" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "title" VARCHAR(140) NOT NULL,
    "jobType" TEXT NOT NULL,
    "summary" VARCHAR(280),
    "description" VARCHAR(10000) NOT NULL,
    "brand" VARCHAR(120),
    "coverImage" TEXT,
    "startDate" TIMESTAMPTZ(3) NOT NULL,
    "endDate" TIMESTAMPTZ(3),
    "applicationDeadline" TIMESTAMPTZ(3),
    "shootDays" INTEGER NOT NULL DEFAULT 1,
    "positions" INTEGER NOT NULL DEFAULT 1,
    "isRemote" BOOLEAN NOT NULL DEFAULT false,
    "location" JSONB,
    "city" VARCHAR(100),
    "countryCode" TEXT,
    "targetProfile" JSONB,
    "compensationType" TEXT NOT NULL DEFAULT 'paid',
    "rateAmount" INTEGER,
    "rateCurrency" CHAR(3),
    "rateUnit" TEXT NOT NULL DEFAULT 'day',
    "budgetAmount" INTEGER,
    "budgetCurrency" CHAR(3),
    "expensesCovered" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "usageRights" VARCHAR(1000),
    "paymentTermsDays" INTEGER NOT NULL DEFAULT 30,
    "applicationQuestions" JSONB,
    "requiresPortfolio" BOOLEAN NOT NULL DEFAULT true,
    "requiresCoverLetter" BOOLEAN NOT NULL DEFAULT false,
    "maxApplications" INTEGER,
    "visibility" TEXT NOT NULL DEFAULT 'public',
    "boost" TEXT NOT NULL DEFAULT 'none',
    "boostedUntil" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "moderationNote" VARCHAR(1000),
    "internalNotes" VARCHAR(4000),
    "viewCount" INTEGER,
    "applicationCount" INTEGER,
    "categoryId" UUID NOT NULL,
    "clientId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_job" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_gig" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "serviceType" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "packages" JSONB NOT NULL,
    "extras" JSONB,
    "startingPriceAmount" INTEGER,
    "startingPriceCurrency" CHAR(3),
    "description" VARCHAR(5000) NOT NULL,
    "buyerRequirements" VARCHAR(2000),
    "faq" JSONB,
    "instantBooking" BOOLEAN NOT NULL DEFAULT false,
    "responseTimeHours" INTEGER,
    "gallery" JSONB,
    "videoUrl" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "ordersCompleted" INTEGER,
    "averageRating" DOUBLE PRECISION,
    "categoryId" UUID NOT NULL,
    "modelId" UUID,
    "photographerId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_gig" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_application" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "coverLetter" VARCHAR(5000),
    "answers" JSONB,
    "portfolioSelection" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "proposedRateAmount" INTEGER,
    "proposedRateCurrency" CHAR(3),
    "availabilityConfirmed" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "matchScore" INTEGER,
    "interviewAt" TIMESTAMPTZ(3),
    "interviewLocation" VARCHAR(200),
    "clientRating" INTEGER,
    "clientNotes" VARCHAR(4000),
    "rejectionReason" TEXT,
    "hiredAt" TIMESTAMPTZ(3),
    "decidedAt" TIMESTAMPTZ(3),
    "jobId" UUID NOT NULL,
    "modelId" UUID,
    "photographerId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_application" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_booking" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "title" VARCHAR(140) NOT NULL,
    "bookingType" TEXT NOT NULL DEFAULT 'direct',
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "endAt" TIMESTAMPTZ(3) NOT NULL,
    "location" JSONB,
    "callSheet" VARCHAR(5000),
    "gigPackage" TEXT,
    "rateAmount" INTEGER NOT NULL,
    "rateCurrency" CHAR(3) NOT NULL,
    "rateUnit" TEXT NOT NULL DEFAULT 'day',
    "totalFeeAmount" INTEGER,
    "totalFeeCurrency" CHAR(3),
    "agencyCommissionRate" DOUBLE PRECISION,
    "expenses" JSONB,
    "usageRights" VARCHAR(1000),
    "paymentStatus" TEXT NOT NULL DEFAULT 'unpaid',
    "contractUrl" TEXT,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "confirmedAt" TIMESTAMPTZ(3),
    "cancellationReason" VARCHAR(1000),
    "modelId" UUID,
    "photographerId" UUID,
    "jobId" UUID,
    "applicationId" UUID,
    "gigId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_booking" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "rating" INTEGER NOT NULL,
    "title" VARCHAR(120),
    "comment" VARCHAR(3000),
    "aspects" JSONB,
    "wouldWorkAgain" BOOLEAN,
    "reviewerRole" TEXT NOT NULL,
    "response" VARCHAR(2000),
    "moderation" TEXT NOT NULL DEFAULT 'visible',
    "bookingId" UUID NOT NULL,
    "modelId" UUID,
    "photographerId" UUID,
    "clientId" UUID,
    "gigId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_review" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_saved_search" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "target" TEXT NOT NULL,
    "query" VARCHAR(200),
    "filters" JSONB NOT NULL,
    "sort" TEXT NOT NULL DEFAULT '-createdAt',
    "alertFrequency" TEXT NOT NULL DEFAULT 'weekly',
    "sharedWithTeam" BOOLEAN NOT NULL DEFAULT false,
    "lastAlertedAt" TIMESTAMPTZ(3),
    "lastResultCount" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_saved_search" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_favourite" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "note" VARCHAR(500),
    "modelId" UUID,
    "photographerId" UUID,
    "agencyId" UUID,
    "jobId" UUID,
    "gigId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_favourite" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_collection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "description" VARCHAR(1000),
    "visibility" TEXT NOT NULL DEFAULT 'private',
    "coverImage" TEXT,
    "itemCount" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_collection" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_collection_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "note" VARCHAR(500),
    "position" INTEGER NOT NULL DEFAULT 0,
    "collectionId" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_collection_item" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_conversation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "subject" VARCHAR(160),
    "kind" TEXT NOT NULL DEFAULT 'direct',
    "participantIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "mutedBy" UUID[] DEFAULT ARRAY[]::UUID[],
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "lastMessageAt" TIMESTAMPTZ(3),
    "jobId" UUID,
    "bookingId" UUID,
    "applicationId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_conversation" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "body" VARCHAR(10000) NOT NULL,
    "attachments" JSONB,
    "mentions" UUID[] DEFAULT ARRAY[]::UUID[],
    "reactions" JSONB,
    "participantIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "readBy" UUID[] DEFAULT ARRAY[]::UUID[],
    "deliveryStatus" TEXT NOT NULL DEFAULT 'sent',
    "scheduledFor" TIMESTAMPTZ(3),
    "editedAt" TIMESTAMPTZ(3),
    "conversationId" UUID NOT NULL,
    "replyToId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_modeling_agency_ent_message" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modeling_agency_invitation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "inviteeName" VARCHAR(120),
    "role" TEXT NOT NULL,
    "message" VARCHAR(2000),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "agencyId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_modeling_agency_ent_invitation" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_tenant_slug" ON "tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "uq_tenant_domain_domain" ON "tenant_domain"("domain");

-- CreateIndex
CREATE INDEX "ix_tenant_domain_tenant" ON "tenant_domain"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_template_install_template" ON "template_install"("tenantId", "templateId");

-- CreateIndex
CREATE INDEX "ix_account_kind" ON "account"("tenantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "uq_user_email" ON "user"("tenantId", "email");

-- CreateIndex
CREATE INDEX "ix_membership_user" ON "membership"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_membership_role" ON "membership"("tenantId", "accountId", "userId", "role");

-- CreateIndex
CREATE INDEX "ix_draft_record_entity" ON "draft_record"("tenantId", "templateId", "entity", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_entity_extension_entity" ON "entity_extension"("tenantId", "templateId", "entity");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_membership_tier_created" ON "luxury_club_membership_tier"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_membership_tier_fld_membership_tier_code" ON "luxury_club_membership_tier"("tenantId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_membership_tier_fld_membership_tier_rank" ON "luxury_club_membership_tier"("tenantId", "rank");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_created" ON "luxury_club_member"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_account" ON "luxury_club_member"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_rel_member_referred_by" ON "luxury_club_member"("tenantId", "referredById");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_rel_member_concierge" ON "luxury_club_member"("tenantId", "conciergeId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_fld_member_tier" ON "luxury_club_member"("tenantId", "tier");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_fld_member_membership_status" ON "luxury_club_member"("tenantId", "membershipStatus");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_fld_member_renewal_date" ON "luxury_club_member"("tenantId", "renewalDate");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_fld_member_verification_status" ON "luxury_club_member"("tenantId", "verificationStatus");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_member_ix_member_name" ON "luxury_club_member"("tenantId", "lastName", "firstName");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_email" ON "luxury_club_member"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_member_fld_member_member_number" ON "luxury_club_member"("tenantId", "memberNumber");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_team_member_created" ON "luxury_club_team_member"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_team_member_rel_team_member_manager" ON "luxury_club_team_member"("tenantId", "managerId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_team_member_fld_team_member_position" ON "luxury_club_team_member"("tenantId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_email" ON "luxury_club_team_member"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_team_member_fld_team_member_linked_user_id" ON "luxury_club_team_member"("tenantId", "linkedUserId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_venue_created" ON "luxury_club_venue"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_venue_fld_venue_venue_type" ON "luxury_club_venue"("tenantId", "venueType");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_venue_fld_venue_city" ON "luxury_club_venue"("tenantId", "city");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_venue_fld_venue_slug" ON "luxury_club_venue"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_category_created" ON "luxury_club_event_category"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_event_category_fld_event_category_slug" ON "luxury_club_event_category"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_created" ON "luxury_club_event"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_rel_event_category" ON "luxury_club_event"("tenantId", "categoryId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_rel_event_venue" ON "luxury_club_event"("tenantId", "venueId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_rel_event_host" ON "luxury_club_event"("tenantId", "hostId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_fld_event_starts_at" ON "luxury_club_event"("tenantId", "startsAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_fld_event_status" ON "luxury_club_event"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_ix_event_status_start" ON "luxury_club_event"("tenantId", "status", "startsAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_ix_event_category_start" ON "luxury_club_event"("tenantId", "categoryId", "startsAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_ix_event_venue_start" ON "luxury_club_event"("tenantId", "venueId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_event_fld_event_slug" ON "luxury_club_event"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_created" ON "luxury_club_registration"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_user" ON "luxury_club_registration"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_rel_registration_event" ON "luxury_club_registration"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_rel_registration_member" ON "luxury_club_registration"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_fld_registration_status" ON "luxury_club_registration"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_fld_registration_payment_status" ON "luxury_club_registration"("tenantId", "paymentStatus");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_registration_ix_registration_event_status" ON "luxury_club_registration"("tenantId", "eventId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_registration_fld_registration_confi_71523a03" ON "luxury_club_registration"("tenantId", "confirmationCode");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_registration_ix_registration_event_member" ON "luxury_club_registration"("tenantId", "eventId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_created" ON "luxury_club_waitlist_entry"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_user" ON "luxury_club_waitlist_entry"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event" ON "luxury_club_waitlist_entry"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member" ON "luxury_club_waitlist_entry"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_ea3b8f24" ON "luxury_club_waitlist_entry"("tenantId", "registrationId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_fld_waitlist_entry_status" ON "luxury_club_waitlist_entry"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_waitlist_entry_ix_waitlist_event_order" ON "luxury_club_waitlist_entry"("tenantId", "eventId", "status", "priority", "position");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_created" ON "luxury_club_event_feedback"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_user" ON "luxury_club_event_feedback"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_rel_event_feedback_event" ON "luxury_club_event_feedback"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_rel_event_feedback_r_773b55db" ON "luxury_club_event_feedback"("tenantId", "registrationId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_fld_event_feedback_o_59ee1b20" ON "luxury_club_event_feedback"("tenantId", "overallRating");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_event_feedback_ix_event_feedback_event" ON "luxury_club_event_feedback"("tenantId", "eventId", "overallRating");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_created" ON "luxury_club_media_asset"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_rel_media_asset_event" ON "luxury_club_media_asset"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_rel_media_asset_venue" ON "luxury_club_media_asset"("tenantId", "venueId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_fld_media_asset_kind" ON "luxury_club_media_asset"("tenantId", "kind");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_ix_media_asset_event" ON "luxury_club_media_asset"("tenantId", "eventId", "position");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_media_asset_ix_media_asset_venue" ON "luxury_club_media_asset"("tenantId", "venueId", "position");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_concierge_request_created" ON "luxury_club_concierge_request"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_concierge_request_user" ON "luxury_club_concierge_request"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_concierge_request_rel_concierge_req_afc27bfd" ON "luxury_club_concierge_request"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_concierge_request_rel_concierge_req_c56a7f3c" ON "luxury_club_concierge_request"("tenantId", "assignedToId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_concierge_request_fld_concierge_req_e7ff21f8" ON "luxury_club_concierge_request"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_pipeline_stage_created" ON "luxury_club_pipeline_stage"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_pipeline_stage_fld_pipeline_stage_code" ON "luxury_club_pipeline_stage"("tenantId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_pipeline_stage_fld_pipeline_stage_position" ON "luxury_club_pipeline_stage"("tenantId", "position");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_created" ON "luxury_club_sales_lead"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to" ON "luxury_club_sales_lead"("tenantId", "assignedToId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_rel_sales_lead_referred_by" ON "luxury_club_sales_lead"("tenantId", "referredById");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_rel_sales_lead_source_event" ON "luxury_club_sales_lead"("tenantId", "sourceEventId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_rel_sales_lead_converted_member" ON "luxury_club_sales_lead"("tenantId", "convertedMemberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_fld_sales_lead_email" ON "luxury_club_sales_lead"("tenantId", "email");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_fld_sales_lead_source" ON "luxury_club_sales_lead"("tenantId", "source");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_fld_sales_lead_score" ON "luxury_club_sales_lead"("tenantId", "score");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_fld_sales_lead_status" ON "luxury_club_sales_lead"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_fld_sales_lead_next_follow_up_at" ON "luxury_club_sales_lead"("tenantId", "nextFollowUpAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_lead_ix_sales_lead_owner_status" ON "luxury_club_sales_lead"("tenantId", "assignedToId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_created" ON "luxury_club_sales_opportunity"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_rel_sales_opportu_213be566" ON "luxury_club_sales_opportunity"("tenantId", "stageId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead" ON "luxury_club_sales_opportunity"("tenantId", "leadId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_rel_sales_opportu_ba7ddf01" ON "luxury_club_sales_opportunity"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_rel_sales_opportu_78759d1d" ON "luxury_club_sales_opportunity"("tenantId", "salesRepId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_fld_sales_opportu_acf6f590" ON "luxury_club_sales_opportunity"("tenantId", "expectedCloseDate");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_fld_sales_opportu_928a217d" ON "luxury_club_sales_opportunity"("tenantId", "outcome");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_ix_sales_opportunity_stage" ON "luxury_club_sales_opportunity"("tenantId", "stageId", "outcome");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_opportunity_ix_sales_opportunity_rep" ON "luxury_club_sales_opportunity"("tenantId", "salesRepId", "outcome");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_created" ON "luxury_club_sales_activity"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_rel_sales_activity_lead" ON "luxury_club_sales_activity"("tenantId", "leadId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_rel_sales_activity_o_0b28c026" ON "luxury_club_sales_activity"("tenantId", "opportunityId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_rel_sales_activity_member" ON "luxury_club_sales_activity"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_rel_sales_activity_p_656007a7" ON "luxury_club_sales_activity"("tenantId", "performedById");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_fld_sales_activity_a_6a0d2c80" ON "luxury_club_sales_activity"("tenantId", "activityType");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_fld_sales_activity_o_e5492382" ON "luxury_club_sales_activity"("tenantId", "occurredAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_ix_sales_activity_lead" ON "luxury_club_sales_activity"("tenantId", "leadId", "occurredAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_activity_ix_sales_activity_opportunity" ON "luxury_club_sales_activity"("tenantId", "opportunityId", "occurredAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_target_created" ON "luxury_club_sales_target"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_sales_target_rel_sales_target_team_member" ON "luxury_club_sales_target"("tenantId", "teamMemberId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_luxury_club_ent_sales_target_ix_sales_target_member_period" ON "luxury_club_sales_target"("tenantId", "teamMemberId", "period", "periodStart");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_created" ON "luxury_club_commission"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_rel_commission_team_member" ON "luxury_club_commission"("tenantId", "teamMemberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_rel_commission_opportunity" ON "luxury_club_commission"("tenantId", "opportunityId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_rel_commission_member" ON "luxury_club_commission"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_fld_commission_period_month" ON "luxury_club_commission"("tenantId", "periodMonth");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_fld_commission_status" ON "luxury_club_commission"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_luxury_club_ent_commission_ix_commission_member_period" ON "luxury_club_commission"("tenantId", "teamMemberId", "periodMonth");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_category_created" ON "modeling_agency_job_category"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_job_category_fld_job_category_slug" ON "modeling_agency_job_category"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_created" ON "modeling_agency_model_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_user" ON "modeling_agency_model_profile"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_rel_model_profile_agency" ON "modeling_agency_model_profile"("tenantId", "agencyId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_gender" ON "modeling_agency_model_profile"("tenantId", "gender");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_94617804" ON "modeling_agency_model_profile"("tenantId", "heightCm");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_118a014e" ON "modeling_agency_model_profile"("tenantId", "hairColor");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_bfdd0b0a" ON "modeling_agency_model_profile"("tenantId", "eyeColor");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_0bbd6281" ON "modeling_agency_model_profile"("tenantId", "experienceLevel");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_721baf07" ON "modeling_agency_model_profile"("tenantId", "willingToTravel");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_5871be7c" ON "modeling_agency_model_profile"("tenantId", "availabilityStatus");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_city" ON "modeling_agency_model_profile"("tenantId", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_e589c544" ON "modeling_agency_model_profile"("tenantId", "countryCode");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_fld_model_profile_8b76ddf4" ON "modeling_agency_model_profile"("tenantId", "verificationStatus");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_ix_model_profile_search" ON "modeling_agency_model_profile"("tenantId", "gender", "experienceLevel", "countryCode", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_ix_model_profile_height" ON "modeling_agency_model_profile"("tenantId", "gender", "heightCm");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_model_profile_ix_model_profile_agency" ON "modeling_agency_model_profile"("tenantId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_model_profile_fld_model_profile_slug" ON "modeling_agency_model_profile"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_created" ON "modeling_agency_photographer_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_user" ON "modeling_agency_photographer_profile"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_fld_photog_fcb44920" ON "modeling_agency_photographer_profile"("tenantId", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_fld_photog_766e4298" ON "modeling_agency_photographer_profile"("tenantId", "countryCode");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_fld_photog_7308e816" ON "modeling_agency_photographer_profile"("tenantId", "experienceLevel");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_photographer_profile_fld_photog_2cd302a3" ON "modeling_agency_photographer_profile"("tenantId", "verificationStatus");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_agency_profile_created" ON "modeling_agency_agency_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_agency_profile_account" ON "modeling_agency_agency_profile"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_agency_profile_fld_agency_profile_city" ON "modeling_agency_agency_profile"("tenantId", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_agency_profile_fld_agency_profi_4fbb3316" ON "modeling_agency_agency_profile"("tenantId", "countryCode");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_agency_profile_fld_agency_profi_31023e40" ON "modeling_agency_agency_profile"("tenantId", "verificationStatus");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_agency_profile_fld_agency_profile_name" ON "modeling_agency_agency_profile"("tenantId", "name");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_client_profile_created" ON "modeling_agency_client_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_client_profile_account" ON "modeling_agency_client_profile"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_client_profile_fld_client_profi_5e0fc2a8" ON "modeling_agency_client_profile"("tenantId", "industry");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_client_profile_fld_client_profile_city" ON "modeling_agency_client_profile"("tenantId", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_client_profile_fld_client_profi_c4be8b8f" ON "modeling_agency_client_profile"("tenantId", "verificationStatus");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_roster_entry_created" ON "modeling_agency_roster_entry"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_roster_entry_account" ON "modeling_agency_roster_entry"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_roster_entry_rel_roster_entry_agency" ON "modeling_agency_roster_entry"("tenantId", "agencyId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_roster_entry_rel_roster_entry_model" ON "modeling_agency_roster_entry"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_roster_entry_fld_roster_entry_status" ON "modeling_agency_roster_entry"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_roster_entry_ix_roster_entry_ag_0b65c0a8" ON "modeling_agency_roster_entry"("tenantId", "agencyId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_created" ON "modeling_agency_job"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_account" ON "modeling_agency_job"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_rel_job_category" ON "modeling_agency_job"("tenantId", "categoryId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_rel_job_client" ON "modeling_agency_job"("tenantId", "clientId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_fld_job_job_type" ON "modeling_agency_job"("tenantId", "jobType");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_fld_job_start_date" ON "modeling_agency_job"("tenantId", "startDate");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_fld_job_city" ON "modeling_agency_job"("tenantId", "city");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_fld_job_visibility" ON "modeling_agency_job"("tenantId", "visibility");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_fld_job_status" ON "modeling_agency_job"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_ix_job_status_start" ON "modeling_agency_job"("tenantId", "status", "startDate");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_job_ix_job_category_status" ON "modeling_agency_job"("tenantId", "categoryId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_created" ON "modeling_agency_gig"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_user" ON "modeling_agency_gig"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_rel_gig_category" ON "modeling_agency_gig"("tenantId", "categoryId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_rel_gig_model" ON "modeling_agency_gig"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_rel_gig_photographer" ON "modeling_agency_gig"("tenantId", "photographerId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_fld_gig_service_type" ON "modeling_agency_gig"("tenantId", "serviceType");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_fld_gig_status" ON "modeling_agency_gig"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_gig_ix_gig_category_status" ON "modeling_agency_gig"("tenantId", "categoryId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_created" ON "modeling_agency_application"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_user" ON "modeling_agency_application"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_rel_application_job" ON "modeling_agency_application"("tenantId", "jobId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_rel_application_model" ON "modeling_agency_application"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_rel_application_photographer" ON "modeling_agency_application"("tenantId", "photographerId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_fld_application_status" ON "modeling_agency_application"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_application_ix_application_job_status" ON "modeling_agency_application"("tenantId", "jobId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_created" ON "modeling_agency_booking"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_account" ON "modeling_agency_booking"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_rel_booking_model" ON "modeling_agency_booking"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_rel_booking_photographer" ON "modeling_agency_booking"("tenantId", "photographerId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_rel_booking_job" ON "modeling_agency_booking"("tenantId", "jobId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_rel_booking_application" ON "modeling_agency_booking"("tenantId", "applicationId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_rel_booking_gig" ON "modeling_agency_booking"("tenantId", "gigId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_fld_booking_start_at" ON "modeling_agency_booking"("tenantId", "startAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_fld_booking_payment_status" ON "modeling_agency_booking"("tenantId", "paymentStatus");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_fld_booking_status" ON "modeling_agency_booking"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_ix_booking_model_start" ON "modeling_agency_booking"("tenantId", "modelId", "startAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_booking_ix_booking_status_start" ON "modeling_agency_booking"("tenantId", "status", "startAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_created" ON "modeling_agency_review"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_user" ON "modeling_agency_review"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_rel_review_booking" ON "modeling_agency_review"("tenantId", "bookingId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_rel_review_model" ON "modeling_agency_review"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_rel_review_photographer" ON "modeling_agency_review"("tenantId", "photographerId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_rel_review_client" ON "modeling_agency_review"("tenantId", "clientId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_rel_review_gig" ON "modeling_agency_review"("tenantId", "gigId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_review_fld_review_rating" ON "modeling_agency_review"("tenantId", "rating");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_saved_search_created" ON "modeling_agency_saved_search"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_saved_search_user" ON "modeling_agency_saved_search"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_created" ON "modeling_agency_favourite"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_user" ON "modeling_agency_favourite"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_rel_favourite_model" ON "modeling_agency_favourite"("tenantId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_rel_favourite_photographer" ON "modeling_agency_favourite"("tenantId", "photographerId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_rel_favourite_agency" ON "modeling_agency_favourite"("tenantId", "agencyId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_rel_favourite_job" ON "modeling_agency_favourite"("tenantId", "jobId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_favourite_rel_favourite_gig" ON "modeling_agency_favourite"("tenantId", "gigId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_created" ON "modeling_agency_collection"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_user" ON "modeling_agency_collection"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_item_created" ON "modeling_agency_collection_item"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_item_user" ON "modeling_agency_collection_item"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_item_rel_collection__b8f2d8d7" ON "modeling_agency_collection_item"("tenantId", "collectionId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_collection_item_rel_collection__2224b4b3" ON "modeling_agency_collection_item"("tenantId", "modelId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_modeling_agency_ent_collection_item_ix_collection_i_14174794" ON "modeling_agency_collection_item"("tenantId", "collectionId", "modelId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_created" ON "modeling_agency_conversation"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_user" ON "modeling_agency_conversation"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_rel_conversation_job" ON "modeling_agency_conversation"("tenantId", "jobId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_rel_conversation_booking" ON "modeling_agency_conversation"("tenantId", "bookingId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_rel_conversation_a_25531d63" ON "modeling_agency_conversation"("tenantId", "applicationId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_conversation_fld_conversation_l_6d80c007" ON "modeling_agency_conversation"("tenantId", "lastMessageAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_message_created" ON "modeling_agency_message"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_message_user" ON "modeling_agency_message"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_message_rel_message_conversation" ON "modeling_agency_message"("tenantId", "conversationId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_message_rel_message_reply_to" ON "modeling_agency_message"("tenantId", "replyToId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_message_ix_message_conversation" ON "modeling_agency_message"("tenantId", "conversationId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_invitation_created" ON "modeling_agency_invitation"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_invitation_account" ON "modeling_agency_invitation"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_invitation_rel_invitation_agency" ON "modeling_agency_invitation"("tenantId", "agencyId");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_invitation_fld_invitation_email" ON "modeling_agency_invitation"("tenantId", "email");

-- CreateIndex
CREATE INDEX "ix_modeling_agency_ent_invitation_fld_invitation_status" ON "modeling_agency_invitation"("tenantId", "status");

-- AddForeignKey
ALTER TABLE "tenant_domain" ADD CONSTRAINT "fk_tenant_domain_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "template_install" ADD CONSTRAINT "fk_template_install_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "fk_account_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user" ADD CONSTRAINT "fk_user_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "draft_record" ADD CONSTRAINT "fk_draft_record_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entity_extension" ADD CONSTRAINT "fk_entity_extension_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_membership_tier" ADD CONSTRAINT "fk_luxury_club_ent_membership_tier_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_referred_by" FOREIGN KEY ("referredById") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_member" ADD CONSTRAINT "fk_luxury_club_ent_member_rel_member_concierge" FOREIGN KEY ("conciergeId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_team_member" ADD CONSTRAINT "fk_luxury_club_ent_team_member_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_team_member" ADD CONSTRAINT "fk_luxury_club_ent_team_member_rel_team_member_manager" FOREIGN KEY ("managerId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_venue" ADD CONSTRAINT "fk_luxury_club_ent_venue_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_category" ADD CONSTRAINT "fk_luxury_club_ent_event_category_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_category" FOREIGN KEY ("categoryId") REFERENCES "luxury_club_event_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_venue" FOREIGN KEY ("venueId") REFERENCES "luxury_club_venue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event" ADD CONSTRAINT "fk_luxury_club_ent_event_rel_event_host" FOREIGN KEY ("hostId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_registration" ADD CONSTRAINT "fk_luxury_club_ent_registration_rel_registration_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_waitlist_entry" ADD CONSTRAINT "fk_luxury_club_ent_waitlist_entry_rel_waitlist_entry_r_f3097a9e" FOREIGN KEY ("registrationId") REFERENCES "luxury_club_registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_event_feedback" ADD CONSTRAINT "fk_luxury_club_ent_event_feedback_rel_event_feedback_r_a265efe7" FOREIGN KEY ("registrationId") REFERENCES "luxury_club_registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_event" FOREIGN KEY ("eventId") REFERENCES "luxury_club_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_media_asset" ADD CONSTRAINT "fk_luxury_club_ent_media_asset_rel_media_asset_venue" FOREIGN KEY ("venueId") REFERENCES "luxury_club_venue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_7e2d25fb" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_concierge_request" ADD CONSTRAINT "fk_luxury_club_ent_concierge_request_rel_concierge_req_301b613c" FOREIGN KEY ("assignedToId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_pipeline_stage" ADD CONSTRAINT "fk_luxury_club_ent_pipeline_stage_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_assigned_to" FOREIGN KEY ("assignedToId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_referred_by" FOREIGN KEY ("referredById") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_source_event" FOREIGN KEY ("sourceEventId") REFERENCES "luxury_club_event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_lead" ADD CONSTRAINT "fk_luxury_club_ent_sales_lead_rel_sales_lead_converted_member" FOREIGN KEY ("convertedMemberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_187cdbc0" FOREIGN KEY ("stageId") REFERENCES "luxury_club_pipeline_stage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportunity_lead" FOREIGN KEY ("leadId") REFERENCES "luxury_club_sales_lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_b10452f7" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_opportunity" ADD CONSTRAINT "fk_luxury_club_ent_sales_opportunity_rel_sales_opportu_6572c816" FOREIGN KEY ("salesRepId") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_lead" FOREIGN KEY ("leadId") REFERENCES "luxury_club_sales_lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_o_18deed67" FOREIGN KEY ("opportunityId") REFERENCES "luxury_club_sales_opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_activity" ADD CONSTRAINT "fk_luxury_club_ent_sales_activity_rel_sales_activity_p_74d50731" FOREIGN KEY ("performedById") REFERENCES "luxury_club_team_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_target" ADD CONSTRAINT "fk_luxury_club_ent_sales_target_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_sales_target" ADD CONSTRAINT "fk_luxury_club_ent_sales_target_rel_sales_target_team_member" FOREIGN KEY ("teamMemberId") REFERENCES "luxury_club_team_member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_team_member" FOREIGN KEY ("teamMemberId") REFERENCES "luxury_club_team_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_opportunity" FOREIGN KEY ("opportunityId") REFERENCES "luxury_club_sales_opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "luxury_club_commission" ADD CONSTRAINT "fk_luxury_club_ent_commission_rel_commission_member" FOREIGN KEY ("memberId") REFERENCES "luxury_club_member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job_category" ADD CONSTRAINT "fk_modeling_agency_ent_job_category_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_model_profile" ADD CONSTRAINT "fk_modeling_agency_ent_model_profile_rel_model_profile_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_photographer_profile" ADD CONSTRAINT "fk_modeling_agency_ent_photographer_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_photographer_profile" ADD CONSTRAINT "fk_modeling_agency_ent_photographer_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_agency_profile" ADD CONSTRAINT "fk_modeling_agency_ent_agency_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_agency_profile" ADD CONSTRAINT "fk_modeling_agency_ent_agency_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_client_profile" ADD CONSTRAINT "fk_modeling_agency_ent_client_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_client_profile" ADD CONSTRAINT "fk_modeling_agency_ent_client_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_roster_entry" ADD CONSTRAINT "fk_modeling_agency_ent_roster_entry_rel_roster_entry_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_category" FOREIGN KEY ("categoryId") REFERENCES "modeling_agency_job_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_job" ADD CONSTRAINT "fk_modeling_agency_ent_job_rel_job_client" FOREIGN KEY ("clientId") REFERENCES "modeling_agency_client_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_category" FOREIGN KEY ("categoryId") REFERENCES "modeling_agency_job_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_gig" ADD CONSTRAINT "fk_modeling_agency_ent_gig_rel_gig_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_model" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_application" ADD CONSTRAINT "fk_modeling_agency_ent_application_rel_application_photographer" FOREIGN KEY ("photographerId") REFERENCES "modeling_agency_photographer_profile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_booking" ADD CONSTRAINT "fk_modeling_agency_ent_booking_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
ALTER TABLE "modeling_agency_review" ADD CONSTRAINT "fk_modeling_agency_ent_review_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
ALTER TABLE "modeling_agency_saved_search" ADD CONSTRAINT "fk_modeling_agency_ent_saved_search_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_saved_search" ADD CONSTRAINT "fk_modeling_agency_ent_saved_search_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_favourite" ADD CONSTRAINT "fk_modeling_agency_ent_favourite_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
ALTER TABLE "modeling_agency_collection" ADD CONSTRAINT "fk_modeling_agency_ent_collection_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection" ADD CONSTRAINT "fk_modeling_agency_ent_collection_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__942b9d4b" FOREIGN KEY ("collectionId") REFERENCES "modeling_agency_collection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_collection_item" ADD CONSTRAINT "fk_modeling_agency_ent_collection_item_rel_collection__d067425a" FOREIGN KEY ("modelId") REFERENCES "modeling_agency_model_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_job" FOREIGN KEY ("jobId") REFERENCES "modeling_agency_job"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_booking" FOREIGN KEY ("bookingId") REFERENCES "modeling_agency_booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_conversation" ADD CONSTRAINT "fk_modeling_agency_ent_conversation_rel_conversation_a_ecdbf693" FOREIGN KEY ("applicationId") REFERENCES "modeling_agency_application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_conversation" FOREIGN KEY ("conversationId") REFERENCES "modeling_agency_conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_message" ADD CONSTRAINT "fk_modeling_agency_ent_message_rel_message_reply_to" FOREIGN KEY ("replyToId") REFERENCES "modeling_agency_message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modeling_agency_invitation" ADD CONSTRAINT "fk_modeling_agency_ent_invitation_rel_invitation_agency" FOREIGN KEY ("agencyId") REFERENCES "modeling_agency_agency_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
