-- Row-level security: defence in depth under the runtime's tenant-scoped queries.
--
-- HAND-WRITTEN (not by `mono generate`): the generator diffs Prisma schemas, and Prisma cannot
-- express roles, grants or policies. snapshot.json is a copy of the previous migration's, so
-- `generate --check` plans nothing after this folder and the next generated migration diffs
-- from the same schema.
--
-- Every table with a "tenantId" column gets RLS (ENABLE + FORCE) and two policies:
--   mono_tenant_isolation  for the application role mono_app: only rows of the tenant named by
--                          the transaction setting mono.tenant_id (none when it is unset)
--   mono_owner_access      for the table owner (migrations, platform API): every row, so owner
--                          connections keep working although FORCE applies RLS to owners too
-- Superusers bypass RLS regardless. NULLIF: once a session has set mono.tenant_id locally,
-- the unset value reads back as '' (not NULL), and ''::uuid would be an error, not zero rows.

-- Roles are cluster-wide: created once (concurrent migrations of other databases may race).
DO $$
BEGIN
  CREATE ROLE mono_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

-- The owner may switch to it per transaction (SET LOCAL ROLE mono_app); superusers already can.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'mono_app', 'MEMBER') THEN
    EXECUTE format('GRANT mono_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO mono_app;

-- Idempotent, so the migration runner re-applies it after every migration: tables that later
-- generated migrations create are covered without anyone remembering to.
CREATE OR REPLACE FUNCTION mono_secure_tenant_tables() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  t record;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.oid::regclass AS tbl, c.oid AS oid, pg_get_userbyid(c.relowner) AS owner
      FROM pg_class c
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenantId' AND NOT a.attisdropped
     WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t.tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t.tbl);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.oid AND polname = 'mono_tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY mono_tenant_isolation ON %s TO mono_app'
        ' USING ("tenantId" = NULLIF(current_setting(''mono.tenant_id'', true), '''')::uuid)'
        ' WITH CHECK ("tenantId" = NULLIF(current_setting(''mono.tenant_id'', true), '''')::uuid)', t.tbl);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.oid AND polname = 'mono_owner_access') THEN
      EXECUTE format('CREATE POLICY mono_owner_access ON %s TO %I USING (true) WITH CHECK (true)', t.tbl, t.owner);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO mono_app', t.tbl);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$fn$;

SELECT mono_secure_tenant_tables();
