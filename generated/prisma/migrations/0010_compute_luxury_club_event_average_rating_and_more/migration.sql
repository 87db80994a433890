-- CreateComputedTrigger (x-computed fields: generators/src/prisma/sql-computed.ts)
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_average_rating"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."eventId" IS NOT DISTINCT FROM OLD."eventId" AND NEW."overallRating" IS NOT DISTINCT FROM OLD."overallRating" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "averageRating" = (SELECT (avg(c."overallRating"))::double precision FROM "luxury_club_event_feedback" AS c WHERE c."tenantId" = OLD."tenantId" AND c."eventId" = OLD."eventId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "averageRating" = (SELECT (avg(c."overallRating"))::double precision FROM "luxury_club_event_feedback" AS c WHERE c."tenantId" = NEW."tenantId" AND c."eventId" = NEW."eventId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_average_rating" AFTER INSERT OR UPDATE OR DELETE ON "luxury_club_event_feedback" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_average_rating"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_average_rating_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_average_rating_init" BEFORE INSERT ON "luxury_club_event" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_average_rating_init"();
UPDATE "luxury_club_event" AS p SET "averageRating" = (SELECT (avg(c."overallRating"))::double precision FROM "luxury_club_event_feedback" AS c WHERE c."tenantId" = p."tenantId" AND c."eventId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_agency_profile_fld_agency_profi_13ee0e07"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."agencyId" IS NOT DISTINCT FROM OLD."agencyId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."agencyId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_agency_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."agencyId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_agency_profile" SET "rosterSize" = (SELECT (count(*))::integer FROM "modeling_agency_roster_entry" AS c WHERE c."tenantId" = OLD."tenantId" AND c."agencyId" = OLD."agencyId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."agencyId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."agencyId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_agency_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."agencyId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_agency_profile" SET "rosterSize" = (SELECT (count(*))::integer FROM "modeling_agency_roster_entry" AS c WHERE c."tenantId" = NEW."tenantId" AND c."agencyId" = NEW."agencyId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."agencyId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_agency_profile_fld_agency_profi_afcb9911" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_roster_entry" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_agency_profile_fld_agency_profi_13ee0e07"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_agency_profile_fld_agency_profi_f22ff7e6"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."rosterSize" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_agency_profile_fld_agency_profi_c09cf0cc" BEFORE INSERT ON "modeling_agency_agency_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_agency_profile_fld_agency_profi_f22ff7e6"();
UPDATE "modeling_agency_agency_profile" AS p SET "rosterSize" = (SELECT (count(*))::integer FROM "modeling_agency_roster_entry" AS c WHERE c."tenantId" = p."tenantId" AND c."agencyId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_bab99082"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."clientId" IS NOT DISTINCT FROM OLD."clientId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."clientId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_client_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."clientId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_client_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."clientId" = OLD."clientId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."clientId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."clientId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_client_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."clientId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_client_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."clientId" = NEW."clientId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."clientId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_client_profile_fld_client_profi_46e26ca7" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_review" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_bab99082"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_696c22f2"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_client_profile_fld_client_profi_9bf9e6fa" BEFORE INSERT ON "modeling_agency_client_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_696c22f2"();
UPDATE "modeling_agency_client_profile" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = p."tenantId" AND c."clientId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_20312c2a"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."clientId" IS NOT DISTINCT FROM OLD."clientId" AND NEW."deletedAt" IS NOT DISTINCT FROM OLD."deletedAt" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."clientId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_client_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."clientId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_client_profile" SET "jobsPosted" = (SELECT (count(*))::integer FROM "modeling_agency_job" AS c WHERE c."tenantId" = OLD."tenantId" AND c."clientId" = OLD."clientId" AND c."deletedAt" IS NULL) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."clientId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."clientId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_client_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."clientId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_client_profile" SET "jobsPosted" = (SELECT (count(*))::integer FROM "modeling_agency_job" AS c WHERE c."tenantId" = NEW."tenantId" AND c."clientId" = NEW."clientId" AND c."deletedAt" IS NULL) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."clientId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_client_profile_fld_client_profi_5c3bc33b" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_job" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_20312c2a"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_bc4ed7f8"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."jobsPosted" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_client_profile_fld_client_profi_b40964db" BEFORE INSERT ON "modeling_agency_client_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_client_profile_fld_client_profi_bc4ed7f8"();
UPDATE "modeling_agency_client_profile" AS p SET "jobsPosted" = (SELECT (count(*))::integer FROM "modeling_agency_job" AS c WHERE c."tenantId" = p."tenantId" AND c."clientId" = p."id" AND c."deletedAt" IS NULL);
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_collection_fld_collection_item_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."collectionId" IS NOT DISTINCT FROM OLD."collectionId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."collectionId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_collection" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."collectionId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_collection" SET "itemCount" = (SELECT (count(*))::integer FROM "modeling_agency_collection_item" AS c WHERE c."tenantId" = OLD."tenantId" AND c."collectionId" = OLD."collectionId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."collectionId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."collectionId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_collection" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."collectionId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_collection" SET "itemCount" = (SELECT (count(*))::integer FROM "modeling_agency_collection_item" AS c WHERE c."tenantId" = NEW."tenantId" AND c."collectionId" = NEW."collectionId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."collectionId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_collection_fld_collection_item_count" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_collection_item" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_collection_fld_collection_item_count"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_collection_fld_collection_item__7956d475"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."itemCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_collection_fld_collection_item__29e3ed66" BEFORE INSERT ON "modeling_agency_collection" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_collection_fld_collection_item__7956d475"();
UPDATE "modeling_agency_collection" AS p SET "itemCount" = (SELECT (count(*))::integer FROM "modeling_agency_collection_item" AS c WHERE c."tenantId" = p."tenantId" AND c."collectionId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_average_rating"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."gigId" IS NOT DISTINCT FROM OLD."gigId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."gigId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_gig" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."gigId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_gig" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."gigId" = OLD."gigId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."gigId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."gigId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_gig" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."gigId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_gig" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."gigId" = NEW."gigId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."gigId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_gig_fld_gig_average_rating" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_review" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_average_rating"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_average_rating_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_gig_fld_gig_average_rating_init" BEFORE INSERT ON "modeling_agency_gig" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_average_rating_init"();
UPDATE "modeling_agency_gig" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = p."tenantId" AND c."gigId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_job_fld_job_application_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."jobId" IS NOT DISTINCT FROM OLD."jobId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."jobId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_job" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."jobId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_job" SET "applicationCount" = (SELECT (count(*))::integer FROM "modeling_agency_application" AS c WHERE c."tenantId" = OLD."tenantId" AND c."jobId" = OLD."jobId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."jobId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."jobId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_job" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."jobId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_job" SET "applicationCount" = (SELECT (count(*))::integer FROM "modeling_agency_application" AS c WHERE c."tenantId" = NEW."tenantId" AND c."jobId" = NEW."jobId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."jobId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_job_fld_job_application_count" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_application" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_job_fld_job_application_count"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_job_fld_job_application_count_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."applicationCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_job_fld_job_application_count_init" BEFORE INSERT ON "modeling_agency_job" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_job_fld_job_application_count_init"();
UPDATE "modeling_agency_job" AS p SET "applicationCount" = (SELECT (count(*))::integer FROM "modeling_agency_application" AS c WHERE c."tenantId" = p."tenantId" AND c."jobId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_cb0a3e3f"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."heightCm" := (round(NEW."heightValue" * (CASE NEW."heightUnit" WHEN 'cm' THEN 1 WHEN 'in' THEN 2.54 END)))::integer;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_fld_model_profile_0cc1709b" BEFORE INSERT OR UPDATE ON "modeling_agency_model_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_cb0a3e3f"();
UPDATE "modeling_agency_model_profile" AS r SET "heightCm" = (round(r."heightValue" * (CASE r."heightUnit" WHEN 'cm' THEN 1 WHEN 'in' THEN 2.54 END)))::integer;
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_f23368a2"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."modelId" IS NOT DISTINCT FROM OLD."modelId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."modelId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_model_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."modelId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_model_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."modelId" = OLD."modelId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."modelId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."modelId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_model_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."modelId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_model_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."modelId" = NEW."modelId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."modelId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_fld_model_profile_75ec8a21" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_review" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_f23368a2"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_09c141ac"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_fld_model_profile_3e2f163f" BEFORE INSERT ON "modeling_agency_model_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_09c141ac"();
UPDATE "modeling_agency_model_profile" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = p."tenantId" AND c."modelId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_ecefbfa5"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."modelId" IS NOT DISTINCT FROM OLD."modelId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."modelId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_model_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."modelId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_model_profile" SET "reviewCount" = (SELECT (count(*))::integer FROM "modeling_agency_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."modelId" = OLD."modelId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."modelId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."modelId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_model_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."modelId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_model_profile" SET "reviewCount" = (SELECT (count(*))::integer FROM "modeling_agency_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."modelId" = NEW."modelId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."modelId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_fld_model_profile_811c93ff" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_review" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_ecefbfa5"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_74605fb8"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."reviewCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_model_profile_fld_model_profile_5f2c769b" BEFORE INSERT ON "modeling_agency_model_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_model_profile_fld_model_profile_74605fb8"();
UPDATE "modeling_agency_model_profile" AS p SET "reviewCount" = (SELECT (count(*))::integer FROM "modeling_agency_review" AS c WHERE c."tenantId" = p."tenantId" AND c."modelId" = p."id");
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_photographer_profile_fld_photog_687fe43f"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."photographerId" IS NOT DISTINCT FROM OLD."photographerId" AND NEW."rating" IS NOT DISTINCT FROM OLD."rating" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."photographerId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_photographer_profile" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."photographerId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_photographer_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = OLD."tenantId" AND c."photographerId" = OLD."photographerId") WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."photographerId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."photographerId" IS NOT NULL THEN
      PERFORM 1 FROM "modeling_agency_photographer_profile" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."photographerId" FOR NO KEY UPDATE;
      UPDATE "modeling_agency_photographer_profile" SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = NEW."tenantId" AND c."photographerId" = NEW."photographerId") WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."photographerId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_photographer_profile_fld_photog_68fb03c9" AFTER INSERT OR UPDATE OR DELETE ON "modeling_agency_review" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_photographer_profile_fld_photog_687fe43f"();
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_photographer_profile_fld_photog_45ca79fa"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."averageRating" := NULL;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_photographer_profile_fld_photog_99a7e4e0" BEFORE INSERT ON "modeling_agency_photographer_profile" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_photographer_profile_fld_photog_45ca79fa"();
UPDATE "modeling_agency_photographer_profile" AS p SET "averageRating" = (SELECT (avg(c."rating"))::double precision FROM "modeling_agency_review" AS c WHERE c."tenantId" = p."tenantId" AND c."photographerId" = p."id");
