-- DropForeignKey
ALTER TABLE "audit_log" DROP CONSTRAINT "fk_audit_log_tenant";

-- DropTable
DROP TABLE "audit_log";
