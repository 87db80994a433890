-- CreateComputedTrigger (x-computed fields, exclusions, checks, required lists: generators/src/prisma/sql-computed.ts)
CREATE OR REPLACE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_starting_price"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW."startingPriceAmount" := (SELECT (i.item->'price'->>'amount')::numeric FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."packages") = 'array' THEN NEW."packages" ELSE '[]'::jsonb END) WITH ORDINALITY AS i(item, n) WHERE (i.item->'price'->>'amount')::numeric IS NOT NULL ORDER BY (i.item->'price'->>'amount')::numeric ASC, i.n LIMIT 1)::integer;
  NEW."startingPriceCurrency" := (SELECT i.item->'price'->>'currency' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW."packages") = 'array' THEN NEW."packages" ELSE '[]'::jsonb END) WITH ORDINALITY AS i(item, n) WHERE (i.item->'price'->>'amount')::numeric IS NOT NULL ORDER BY (i.item->'price'->>'amount')::numeric ASC, i.n LIMIT 1);
  RETURN NEW;
END
$fn$;
CREATE TRIGGER "tr_modeling_agency_ent_gig_fld_gig_starting_price" BEFORE INSERT OR UPDATE ON "modeling_agency_gig" FOR EACH ROW EXECUTE FUNCTION "fn_modeling_agency_ent_gig_fld_gig_starting_price"();
UPDATE "modeling_agency_gig" AS r SET "startingPriceAmount" = (SELECT (i.item->'price'->>'amount')::numeric FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r."packages") = 'array' THEN r."packages" ELSE '[]'::jsonb END) WITH ORDINALITY AS i(item, n) WHERE (i.item->'price'->>'amount')::numeric IS NOT NULL ORDER BY (i.item->'price'->>'amount')::numeric ASC, i.n LIMIT 1)::integer, "startingPriceCurrency" = (SELECT i.item->'price'->>'currency' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r."packages") = 'array' THEN r."packages" ELSE '[]'::jsonb END) WITH ORDINALITY AS i(item, n) WHERE (i.item->'price'->>'amount')::numeric IS NOT NULL ORDER BY (i.item->'price'->>'amount')::numeric ASC, i.n LIMIT 1);
