-- DropIndex
DROP INDEX "ix_message_scheduled";

-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)
CREATE INDEX "ix_message_due" ON "message" ("sendAt", "id") WHERE "status" = 'scheduled';
CREATE INDEX "ix_message_search" ON "message" USING gin (to_tsvector('simple'::regconfig, "text"));
