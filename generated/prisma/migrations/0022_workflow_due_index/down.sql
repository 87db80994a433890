-- DropSqlIndex
DROP INDEX IF EXISTS "ix_workflow_step_queued";

-- CreateIndex
CREATE INDEX "ix_workflow_step_due" ON "workflow_step"("tenantId", "status", "runAfter");
