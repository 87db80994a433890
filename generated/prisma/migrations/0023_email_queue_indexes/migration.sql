-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)
CREATE INDEX "ix_email_message_queued" ON "email_message" ("priority" DESC, "sendAfter", "id") WHERE "status" = 'queued';
CREATE INDEX "ix_email_message_sending" ON "email_message" ("lockedUntil") WHERE "status" = 'sending';
