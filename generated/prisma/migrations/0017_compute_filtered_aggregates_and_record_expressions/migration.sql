-- CreateComputedTrigger (x-computed fields, exclusions, checks, required lists: generators/src/prisma/sql-computed.ts)
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_registered_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."eventId" IS NOT DISTINCT FROM OLD."eventId" AND NEW."guestCount" IS NOT DISTINCT FROM OLD."guestCount" AND NEW."status" IS NOT DISTINCT FROM OLD."status" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "registeredCount" = (SELECT (COALESCE(sum((1 + c."guestCount")), 0))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = OLD."tenantId" AND c."eventId" = OLD."eventId" AND c."status"::text IN ('approved', 'confirmed', 'attended')) WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "registeredCount" = (SELECT (COALESCE(sum((1 + c."guestCount")), 0))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = NEW."tenantId" AND c."eventId" = NEW."eventId" AND c."status"::text IN ('approved', 'confirmed', 'attended')) WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_registered_count" AFTER INSERT OR UPDATE OR DELETE ON "luxury_club_registration" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_registered_count"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_registered_count_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."registeredCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_registered_count_init" BEFORE INSERT ON "luxury_club_event" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_registered_count_init"();
UPDATE "luxury_club_event" AS p SET "registeredCount" = (SELECT (COALESCE(sum((1 + c."guestCount")), 0))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = p."tenantId" AND c."eventId" = p."id" AND c."status"::text IN ('approved', 'confirmed', 'attended'));
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_waitlist_count"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."eventId" IS NOT DISTINCT FROM OLD."eventId" AND NEW."status" IS NOT DISTINCT FROM OLD."status" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "waitlistCount" = (SELECT (count(*))::integer FROM "luxury_club_waitlist_entry" AS c WHERE c."tenantId" = OLD."tenantId" AND c."eventId" = OLD."eventId" AND c."status"::text = 'waiting') WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."eventId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."eventId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_event" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_event" SET "waitlistCount" = (SELECT (count(*))::integer FROM "luxury_club_waitlist_entry" AS c WHERE c."tenantId" = NEW."tenantId" AND c."eventId" = NEW."eventId" AND c."status"::text = 'waiting') WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."eventId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_waitlist_count" AFTER INSERT OR UPDATE OR DELETE ON "luxury_club_waitlist_entry" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_waitlist_count"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_event_fld_event_waitlist_count_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."waitlistCount" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_event_fld_event_waitlist_count_init" BEFORE INSERT ON "luxury_club_event" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_event_fld_event_waitlist_count_init"();
UPDATE "luxury_club_event" AS p SET "waitlistCount" = (SELECT (count(*))::integer FROM "luxury_club_waitlist_entry" AS c WHERE c."tenantId" = p."tenantId" AND c."eventId" = p."id" AND c."status"::text = 'waiting');
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_member_fld_member_display_name"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."displayName" := left((((COALESCE(NEW."preferredName", NEW."firstName") || ' '::text) || NEW."lastName"))::text, 160);
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_member_fld_member_display_name" BEFORE INSERT OR UPDATE ON "luxury_club_member" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_member_fld_member_display_name"();
UPDATE "luxury_club_member" AS r SET "displayName" = left((((COALESCE(r."preferredName", r."firstName") || ' '::text) || r."lastName"))::text, 160);
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_member_fld_member_events_attended"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."memberId" IS NOT DISTINCT FROM OLD."memberId" AND NEW."status" IS NOT DISTINCT FROM OLD."status" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF OLD."memberId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_member" WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."memberId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_member" SET "eventsAttended" = (SELECT (count(*))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = OLD."tenantId" AND c."memberId" = OLD."memberId" AND c."status"::text = 'attended') WHERE "tenantId" = OLD."tenantId" AND "id" = OLD."memberId";
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW."memberId" IS NOT NULL THEN
      PERFORM 1 FROM "luxury_club_member" WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."memberId" FOR NO KEY UPDATE;
      UPDATE "luxury_club_member" SET "eventsAttended" = (SELECT (count(*))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = NEW."tenantId" AND c."memberId" = NEW."memberId" AND c."status"::text = 'attended') WHERE "tenantId" = NEW."tenantId" AND "id" = NEW."memberId";
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_member_fld_member_events_attended" AFTER INSERT OR UPDATE OR DELETE ON "luxury_club_registration" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_member_fld_member_events_attended"();
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_member_fld_member_events_attended_init"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."eventsAttended" := 0;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_member_fld_member_events_attended_init" BEFORE INSERT ON "luxury_club_member" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_member_fld_member_events_attended_init"();
UPDATE "luxury_club_member" AS p SET "eventsAttended" = (SELECT (count(*))::integer FROM "luxury_club_registration" AS c WHERE c."tenantId" = p."tenantId" AND c."memberId" = p."id" AND c."status"::text = 'attended');
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_sales_lead_fld_sales_lead_full_name"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."fullName" := (((NEW."firstName" || ' '::text) || NEW."lastName"))::text;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_sales_lead_fld_sales_lead_full_name" BEFORE INSERT OR UPDATE ON "luxury_club_sales_lead" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_sales_lead_fld_sales_lead_full_name"();
UPDATE "luxury_club_sales_lead" AS r SET "fullName" = (((r."firstName" || ' '::text) || r."lastName"))::text;
CREATE OR REPLACE FUNCTION "fn_luxury_club_ent_sales_opportunity_fld_sales_opportu_210e070a"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."weightedValueAmount" := round(((((NEW."valueAmount"::numeric * NEW."probability"))::double precision / (100)))::numeric)::bigint;
  NEW."weightedValueCurrency" := NEW."valueCurrency";
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_luxury_club_ent_sales_opportunity_fld_sales_opportu_d51d35c5" BEFORE INSERT OR UPDATE ON "luxury_club_sales_opportunity" FOR EACH ROW EXECUTE FUNCTION "fn_luxury_club_ent_sales_opportunity_fld_sales_opportu_210e070a"();
UPDATE "luxury_club_sales_opportunity" AS r SET "weightedValueAmount" = round(((((r."valueAmount"::numeric * r."probability"))::double precision / (100)))::numeric)::bigint, "weightedValueCurrency" = r."valueCurrency";
