-- CreateTable
CREATE TABLE "vacation_rental_property_type" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "slug" VARCHAR(80) NOT NULL,
    "description" VARCHAR(1000),
    "icon" VARCHAR(40),
    "sortOrder" INTEGER NOT NULL DEFAULT 100,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_vacation_rental_ent_property_type" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_host_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "displayName" VARCHAR(120) NOT NULL,
    "hostType" TEXT NOT NULL DEFAULT 'individual',
    "about" VARCHAR(3000),
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "avatar" TEXT,
    "responseTimeHours" INTEGER NOT NULL DEFAULT 24,
    "contactEmail" TEXT,
    "phone" TEXT,
    "taxId" VARCHAR(40),
    "verificationStatus" TEXT NOT NULL DEFAULT 'unverified',
    "propertyCount" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_host_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_property" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "title" VARCHAR(120) NOT NULL,
    "summary" VARCHAR(5000),
    "address" JSONB NOT NULL,
    "photos" JSONB,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "maxGuests" INTEGER NOT NULL,
    "bedrooms" INTEGER NOT NULL DEFAULT 1,
    "beds" INTEGER NOT NULL DEFAULT 1,
    "bathrooms" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "amenities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "houseRules" JSONB,
    "nightlyRateAmount" INTEGER NOT NULL,
    "nightlyRateCurrency" CHAR(3) NOT NULL,
    "cleaningFeeAmount" INTEGER,
    "cleaningFeeCurrency" CHAR(3),
    "minNights" INTEGER NOT NULL DEFAULT 1,
    "maxNights" INTEGER,
    "instantBook" BOOLEAN NOT NULL DEFAULT false,
    "cancellationPolicy" TEXT NOT NULL DEFAULT 'moderate',
    "internalNotes" VARCHAR(2000),
    "averageRating" DOUBLE PRECISION,
    "reviewCount" INTEGER,
    "bookingCount" INTEGER,
    "hostId" UUID NOT NULL,
    "propertyTypeId" UUID,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "translations" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_property" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_seasonal_rate" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "nightlyRateAmount" INTEGER NOT NULL,
    "nightlyRateCurrency" CHAR(3) NOT NULL,
    "minNights" INTEGER,
    "propertyId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_vacation_rental_ent_seasonal_rate" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_availability_block" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'other',
    "note" VARCHAR(500),
    "propertyId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,

    CONSTRAINT "pk_vacation_rental_ent_availability_block" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_guest_profile" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "displayName" VARCHAR(80) NOT NULL,
    "about" VARCHAR(2000),
    "homeCity" VARCHAR(100),
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "phone" TEXT,
    "averageRating" DOUBLE PRECISION,
    "reviewCount" INTEGER,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_guest_profile" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_booking" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "checkIn" DATE NOT NULL,
    "checkOut" DATE NOT NULL,
    "guestCount" INTEGER NOT NULL,
    "pets" INTEGER NOT NULL DEFAULT 0,
    "messageToHost" VARCHAR(2000),
    "status" TEXT NOT NULL DEFAULT 'requested',
    "totalPriceAmount" INTEGER,
    "totalPriceCurrency" CHAR(3),
    "hostNote" VARCHAR(2000),
    "cancellationReason" VARCHAR(1000),
    "propertyId" UUID NOT NULL,
    "guestId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_booking" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_property_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "rating" INTEGER NOT NULL,
    "cleanliness" INTEGER,
    "accuracy" INTEGER,
    "communication" INTEGER,
    "location" INTEGER,
    "value" INTEGER,
    "title" VARCHAR(120),
    "body" VARCHAR(5000),
    "hostResponse" VARCHAR(2000),
    "moderation" TEXT NOT NULL DEFAULT 'visible',
    "propertyId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_property_review" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vacation_rental_guest_review" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "rating" INTEGER NOT NULL,
    "cleanliness" INTEGER,
    "communication" INTEGER,
    "houseRulesRespected" BOOLEAN NOT NULL DEFAULT true,
    "wouldHostAgain" BOOLEAN NOT NULL DEFAULT true,
    "body" VARCHAR(3000),
    "moderation" TEXT NOT NULL DEFAULT 'visible',
    "guestId" UUID NOT NULL,
    "bookingId" UUID NOT NULL,
    "ext" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" UUID,
    "updatedBy" UUID,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_vacation_rental_ent_guest_review" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_type_created" ON "vacation_rental_property_type"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_vacation_rental_ent_property_type_fld_property_type_slug" ON "vacation_rental_property_type"("tenantId", "slug");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_host_profile_created" ON "vacation_rental_host_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_host_profile_account" ON "vacation_rental_host_profile"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_created" ON "vacation_rental_property"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_account" ON "vacation_rental_property"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_rel_property_host" ON "vacation_rental_property"("tenantId", "hostId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_rel_property_property_type" ON "vacation_rental_property"("tenantId", "propertyTypeId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_status" ON "vacation_rental_property"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_max_guests" ON "vacation_rental_property"("tenantId", "maxGuests");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_ix_property_status_rate" ON "vacation_rental_property"("tenantId", "status", "nightlyRateAmount", "nightlyRateCurrency");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_seasonal_rate_created" ON "vacation_rental_seasonal_rate"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_seasonal_rate_account" ON "vacation_rental_seasonal_rate"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property" ON "vacation_rental_seasonal_rate"("tenantId", "propertyId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_seasonal_rate_ix_seasonal_rate__ded521d2" ON "vacation_rental_seasonal_rate"("tenantId", "propertyId", "startDate");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_availability_block_created" ON "vacation_rental_availability_block"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_availability_block_account" ON "vacation_rental_availability_block"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_availability_block_rel_availabi_ab9db058" ON "vacation_rental_availability_block"("tenantId", "propertyId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_availability_block_ix_availabil_c46357e2" ON "vacation_rental_availability_block"("tenantId", "propertyId", "startDate");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_profile_created" ON "vacation_rental_guest_profile"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_profile_user" ON "vacation_rental_guest_profile"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_created" ON "vacation_rental_booking"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_user" ON "vacation_rental_booking"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_rel_booking_property" ON "vacation_rental_booking"("tenantId", "propertyId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_rel_booking_guest" ON "vacation_rental_booking"("tenantId", "guestId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_fld_booking_check_in" ON "vacation_rental_booking"("tenantId", "checkIn");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_fld_booking_status" ON "vacation_rental_booking"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_booking_ix_booking_property_check_in" ON "vacation_rental_booking"("tenantId", "propertyId", "checkIn");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_review_created" ON "vacation_rental_property_review"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_review_user" ON "vacation_rental_property_review"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_review_rel_property_re_f31a0bdb" ON "vacation_rental_property_review"("tenantId", "propertyId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_review_rel_property_re_cc4823a8" ON "vacation_rental_property_review"("tenantId", "bookingId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_property_review_fld_property_re_96ead208" ON "vacation_rental_property_review"("tenantId", "rating");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_review_created" ON "vacation_rental_guest_review"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_review_account" ON "vacation_rental_guest_review"("tenantId", "accountId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_review_rel_guest_review_guest" ON "vacation_rental_guest_review"("tenantId", "guestId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_review_rel_guest_review_booking" ON "vacation_rental_guest_review"("tenantId", "bookingId");

-- CreateIndex
CREATE INDEX "ix_vacation_rental_ent_guest_review_fld_guest_review_rating" ON "vacation_rental_guest_review"("tenantId", "rating");

-- AddForeignKey
ALTER TABLE "vacation_rental_property_type" ADD CONSTRAINT "fk_vacation_rental_ent_property_type_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_host_profile" ADD CONSTRAINT "fk_vacation_rental_ent_host_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_host_profile" ADD CONSTRAINT "fk_vacation_rental_ent_host_profile_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_host" FOREIGN KEY ("hostId") REFERENCES "vacation_rental_host_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "fk_vacation_rental_ent_property_rel_property_property_type" FOREIGN KEY ("propertyTypeId") REFERENCES "vacation_rental_property_type"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "fk_vacation_rental_ent_availability_block_rel_availabi_8268a269" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_profile" ADD CONSTRAINT "fk_vacation_rental_ent_guest_profile_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_profile" ADD CONSTRAINT "fk_vacation_rental_ent_guest_profile_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_property" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_guest" FOREIGN KEY ("guestId") REFERENCES "vacation_rental_guest_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_user" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_e6e9572a" FOREIGN KEY ("propertyId") REFERENCES "vacation_rental_property"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_property_review" ADD CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_b4989461" FOREIGN KEY ("bookingId") REFERENCES "vacation_rental_booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_account" FOREIGN KEY ("accountId") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_guest" FOREIGN KEY ("guestId") REFERENCES "vacation_rental_guest_profile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vacation_rental_guest_review" ADD CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_booking" FOREIGN KEY ("bookingId") REFERENCES "vacation_rental_booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "ix_vacation_rental_ent_guest_profile_fld_guest_profile_5c8e3162" ON "vacation_rental_guest_profile" USING gin ("languages");
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_a_89a6810e" ON "vacation_rental_host_profile" USING gin (to_tsvector('german'::regconfig, COALESCE("about", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_a_b1fb6218" ON "vacation_rental_host_profile" USING gin (to_tsvector('english'::regconfig, COALESCE("about", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_a_db219a81" ON "vacation_rental_host_profile" USING gin (to_tsvector('simple'::regconfig, COALESCE("about", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_about_trgm" ON "vacation_rental_host_profile" USING gin (COALESCE("about", '') gin_trgm_ops);
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_d_2961bde5" ON "vacation_rental_host_profile" USING gin (to_tsvector('english'::regconfig, COALESCE("displayName", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_d_4dc8e4b5" ON "vacation_rental_host_profile" USING gin (to_tsvector('german'::regconfig, COALESCE("displayName", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_d_64bfc426" ON "vacation_rental_host_profile" USING gin (to_tsvector('simple'::regconfig, COALESCE("displayName", '')));
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_d_6870e170" ON "vacation_rental_host_profile" USING gin (COALESCE("displayName", '') gin_trgm_ops);
CREATE INDEX "ix_vacation_rental_ent_host_profile_fld_host_profile_l_af709dd6" ON "vacation_rental_host_profile" USING gin ("languages");
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_amenities_gin" ON "vacation_rental_property" USING gin ("amenities");
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_summary_f_97df7877" ON "vacation_rental_property" USING gin (to_tsvector('english'::regconfig, COALESCE("summary", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_summary_fts_german" ON "vacation_rental_property" USING gin (to_tsvector('german'::regconfig, COALESCE("summary", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_summary_fts_simple" ON "vacation_rental_property" USING gin (to_tsvector('simple'::regconfig, COALESCE("summary", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_summary_trgm" ON "vacation_rental_property" USING gin (COALESCE("summary", '') gin_trgm_ops);
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_title_fts_english" ON "vacation_rental_property" USING gin (to_tsvector('english'::regconfig, COALESCE("title", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_title_fts_german" ON "vacation_rental_property" USING gin (to_tsvector('german'::regconfig, COALESCE("title", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_title_fts_simple" ON "vacation_rental_property" USING gin (to_tsvector('simple'::regconfig, COALESCE("title", '')));
CREATE INDEX "ix_vacation_rental_ent_property_fld_property_title_trgm" ON "vacation_rental_property" USING gin (COALESCE("title", '') gin_trgm_ops);
CREATE INDEX "ix_vacation_rental_ent_property_review_fld_property_re_920a40fb" ON "vacation_rental_property_review" USING gin (to_tsvector('english'::regconfig, COALESCE("body", '')));
CREATE INDEX "ix_vacation_rental_ent_property_review_fld_property_re_a85b4083" ON "vacation_rental_property_review" USING gin (to_tsvector('german'::regconfig, COALESCE("body", '')));
CREATE INDEX "ix_vacation_rental_ent_property_review_fld_property_re_b0ee8c63" ON "vacation_rental_property_review" USING gin (COALESCE("body", '') gin_trgm_ops);
CREATE INDEX "ix_vacation_rental_ent_property_review_fld_property_re_e5a551d8" ON "vacation_rental_property_review" USING gin (to_tsvector('simple'::regconfig, COALESCE("body", '')));
CREATE INDEX "ix_vacation_rental_ent_property_type_fld_property_type_8a446c46" ON "vacation_rental_property_type" USING gin (to_tsvector('german'::regconfig, COALESCE("name", '')));
CREATE INDEX "ix_vacation_rental_ent_property_type_fld_property_type_b8c522cd" ON "vacation_rental_property_type" USING gin (to_tsvector('english'::regconfig, COALESCE("name", '')));
CREATE INDEX "ix_vacation_rental_ent_property_type_fld_property_type_c263ef83" ON "vacation_rental_property_type" USING gin (to_tsvector('simple'::regconfig, COALESCE("name", '')));
CREATE INDEX "ix_vacation_rental_ent_property_type_fld_property_type_f2393edd" ON "vacation_rental_property_type" USING gin (COALESCE("name", '') gin_trgm_ops);

-- CreateComputedTrigger (x-computed fields: generators/src/prisma/sql-computed.ts)
ALTER TABLE "vacation_rental_availability_block" ADD CONSTRAINT "ck_vacation_rental_ent_availability_block_fld_availabi_82cfe5b7" CHECK ("endDate" IS NULL OR "startDate" IS NULL OR "endDate" >= "startDate") NOT VALID;
ALTER TABLE "vacation_rental_booking" ADD CONSTRAINT "ck_vacation_rental_ent_booking_fld_booking_check_out_g_cb850e30" CHECK ("checkOut" IS NULL OR "checkIn" IS NULL OR "checkOut" > "checkIn") NOT VALID;
ALTER TABLE "vacation_rental_property" ADD CONSTRAINT "ck_vacation_rental_ent_property_fld_property_max_night_fb63344a" CHECK ("maxNights" IS NULL OR "minNights" IS NULL OR "maxNights" >= "minNights") NOT VALID;
ALTER TABLE "vacation_rental_seasonal_rate" ADD CONSTRAINT "ck_vacation_rental_ent_seasonal_rate_fld_seasonal_rate_8bc3595f" CHECK ("endDate" IS NULL OR "startDate" IS NULL OR "endDate" >= "startDate") NOT VALID;
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_booking_ex_booking_stay_dates"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF (TG_OP = 'UPDATE' AND NEW."checkIn" IS NOT DISTINCT FROM OLD."checkIn" AND NEW."checkOut" IS NOT DISTINCT FROM OLD."checkOut" AND NEW."propertyId" IS NOT DISTINCT FROM OLD."propertyId" AND NEW."status" IS NOT DISTINCT FROM OLD."status" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt") OR NEW."deletedAt" IS NOT NULL OR NEW."checkIn" IS NULL OR NEW."checkOut" IS NULL OR NEW."propertyId" IS NULL OR NEW."status" IN ('cancelled', 'declined') THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('vacation_rental_booking:ex_booking_stay_dates' || ':' || NEW."tenantId"::text || ':' || NEW."propertyId"::text, 0));
  IF EXISTS (SELECT 1 FROM "vacation_rental_booking" AS o WHERE o."tenantId" = NEW."tenantId" AND o."propertyId" = NEW."propertyId" AND o."id" <> NEW."id" AND o."deletedAt" IS NULL AND (o."status" IS NULL OR o."status" NOT IN ('cancelled', 'declined')) AND o."checkIn" < NEW."checkOut" AND NEW."checkIn" < o."checkOut") THEN
    RAISE EXCEPTION 'overlaps another record (%)', 'ex_booking_stay_dates' USING ERRCODE = '23P01', CONSTRAINT = 'ex_booking_stay_dates';
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_booking_ex_booking_stay_dates" BEFORE INSERT OR UPDATE ON "vacation_rental_booking" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_booking_ex_booking_stay_dates"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_c7b7cf1f"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."guestId" IS NOT DISTINCT FROM OLD."guestId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."guestId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_guest_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."guestId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_guest_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."guestId" = OLD."guestId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."guestId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."guestId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_guest_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."guestId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_guest_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."guestId" = NEW."guestId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."guestId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_guest_profile_fld_guest_profile_79ab04bf" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_guest_review" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_c7b7cf1f"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_425f72b7"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_guest_profile_fld_guest_profile_b6d3b5bc" BEFORE INSERT ON "vacation_rental_guest_profile" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_425f72b7"();
UPDATE "vacation_rental_guest_profile" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = p."tenantId" AND c."guestId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_19009a74"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."guestId" IS NOT DISTINCT FROM OLD."guestId" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."guestId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_guest_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."guestId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_guest_profile" SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."guestId" = OLD."guestId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."guestId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."guestId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_guest_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."guestId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_guest_profile" SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."guestId" = NEW."guestId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."guestId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_guest_profile_fld_guest_profile_ff57703c" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_guest_review" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_19009a74"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_ac569b5d"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."reviewCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_guest_profile_fld_guest_profile_6a03ce2c" BEFORE INSERT ON "vacation_rental_guest_profile" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_guest_profile_fld_guest_profile_ac569b5d"();
UPDATE "vacation_rental_guest_profile" AS p SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_guest_review" AS c WHERE c."tenantId" = p."tenantId" AND c."guestId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_host_profile_fld_host_profile_p_36852914"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."hostId" IS NOT DISTINCT FROM OLD."hostId" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."hostId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_host_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."hostId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_host_profile" SET "propertyCount" = (SELECT (count(*))::integer FROM "vacation_rental_property" AS c WHERE c."tenantId" = OLD."tenantId" AND c."hostId" = OLD."hostId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."hostId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."hostId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_host_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."hostId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_host_profile" SET "propertyCount" = (SELECT (count(*))::integer FROM "vacation_rental_property" AS c WHERE c."tenantId" = NEW."tenantId" AND c."hostId" = NEW."hostId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."hostId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_host_profile_fld_host_profile_p_f3df37ed" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_property" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_host_profile_fld_host_profile_p_36852914"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_host_profile_fld_host_profile_p_e02b9564"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."propertyCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_host_profile_fld_host_profile_p_b771677e" BEFORE INSERT ON "vacation_rental_host_profile" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_host_profile_fld_host_profile_p_e02b9564"();
UPDATE "vacation_rental_host_profile" AS p SET "propertyCount" = (SELECT (count(*))::integer FROM "vacation_rental_property" AS c WHERE c."tenantId" = p."tenantId" AND c."hostId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_average_rating"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."propertyId" IS NOT DISTINCT FROM OLD."propertyId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."propertyId" = OLD."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."propertyId" = NEW."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_average_rating" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_property_review" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_average_rating"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_average_r_37a8bde0"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_average_r_e2e50028" BEFORE INSERT ON "vacation_rental_property" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_average_r_37a8bde0"();
UPDATE "vacation_rental_property" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = p."tenantId" AND c."propertyId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_booking_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."propertyId" IS NOT DISTINCT FROM OLD."propertyId" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "bookingCount" = (SELECT (count(*))::integer FROM "vacation_rental_booking" AS c WHERE c."tenantId" = OLD."tenantId" AND c."propertyId" = OLD."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "bookingCount" = (SELECT (count(*))::integer FROM "vacation_rental_booking" AS c WHERE c."tenantId" = NEW."tenantId" AND c."propertyId" = NEW."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_booking_count" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_booking" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_booking_count"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_booking_count_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."bookingCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_booking_count_init" BEFORE INSERT ON "vacation_rental_property" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_booking_count_init"();
UPDATE "vacation_rental_property" AS p SET "bookingCount" = (SELECT (count(*))::integer FROM "vacation_rental_booking" AS c WHERE c."tenantId" = p."tenantId" AND c."propertyId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_review_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."propertyId" IS NOT DISTINCT FROM OLD."propertyId" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."propertyId" = OLD."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."propertyId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."propertyId" IS NOT NULL THEN
      PERFORM 1 FROM "vacation_rental_property" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId" FOR NO KEY UPDATE;
      UPDATE "vacation_rental_property" SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."propertyId" = NEW."propertyId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."propertyId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_review_count" AFTER INSERT OR UPDATE OR DELETE ON "vacation_rental_property_review" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_review_count"();
CREATE OR REPLACE FUNCTION "fn_vacation_rental_ent_property_fld_property_review_count_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."reviewCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_vacation_rental_ent_property_fld_property_review_count_init" BEFORE INSERT ON "vacation_rental_property" FOR EACH ROW EXECUTE FUNCTION "fn_vacation_rental_ent_property_fld_property_review_count_init"();
UPDATE "vacation_rental_property" AS p SET "reviewCount" = (SELECT (count(*))::integer FROM "vacation_rental_property_review" AS c WHERE c."tenantId" = p."tenantId" AND c."propertyId" = p."id" AND c."deletedAt" IS NULL);
