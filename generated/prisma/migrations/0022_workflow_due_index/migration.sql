-- DropIndex
DROP INDEX "ix_workflow_step_due";

-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)
CREATE INDEX "ix_workflow_step_queued" ON "workflow_step" ("runAfter", "id") WHERE "status" = 'queued';
