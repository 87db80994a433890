-- DropSqlIndex
DROP INDEX IF EXISTS "ix_email_message_queued";
DROP INDEX IF EXISTS "ix_email_message_sending";
