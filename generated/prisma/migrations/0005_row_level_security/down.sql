-- Reverts 0005_row_level_security. The mono_app role stays: roles are cluster-wide and other
-- databases of the cluster may still use it.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.oid::regclass AS tbl
      FROM pg_class c
      JOIN pg_namespace ns ON ns.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenantId' AND NOT a.attisdropped
     WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('DROP POLICY IF EXISTS mono_tenant_isolation ON %s', t.tbl);
    EXECUTE format('DROP POLICY IF EXISTS mono_owner_access ON %s', t.tbl);
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', t.tbl);
    EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', t.tbl);
    EXECUTE format('REVOKE ALL ON %s FROM mono_app', t.tbl);
  END LOOP;
END $$;

REVOKE USAGE ON SCHEMA public FROM mono_app;
DROP FUNCTION IF EXISTS mono_secure_tenant_tables();
