-- DropSqlIndex
DROP INDEX IF EXISTS "ix_message_due";
DROP INDEX IF EXISTS "ix_message_search";

-- CreateIndex
CREATE INDEX "ix_message_scheduled" ON "message"("tenantId", "status", "sendAt");
