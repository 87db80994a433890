-- CreateTable
CREATE TABLE "conversation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "title" VARCHAR(200),
    "templateId" VARCHAR(120),
    "entity" VARCHAR(120),
    "recordId" UUID,
    "directKey" VARCHAR(80),
    "createdBy" UUID,
    "lastMessageAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_conversation" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "conversation_participant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" VARCHAR(10) NOT NULL DEFAULT 'member',
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMPTZ(3),
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "notify" VARCHAR(10) NOT NULL DEFAULT 'all',
    "lastReadMessageId" UUID,
    "lastReadAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_conversation_participant" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "mentions" UUID[],
    "replyToId" UUID,
    "threadRootId" UUID,
    "status" VARCHAR(10) NOT NULL DEFAULT 'sent',
    "sendAt" TIMESTAMPTZ(3),
    "editedAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),
    "hiddenAt" TIMESTAMPTZ(3),
    "hiddenBy" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_message" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "message_edit" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "editedBy" UUID NOT NULL,
    "editedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_message_edit" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "message_reaction" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "emoji" VARCHAR(32) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_message_reaction" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "message_flag" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" UUID,
    "resolution" VARCHAR(10),

    CONSTRAINT "pk_message_flag" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "messaging_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "conversationId" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "payload" JSONB NOT NULL,
    "audience" UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_messaging_event" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_conversation_record" ON "conversation"("tenantId", "templateId", "entity", "recordId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_conversation_direct" ON "conversation"("tenantId", "directKey");

-- CreateIndex
CREATE INDEX "ix_conversation_participant_user" ON "conversation_participant"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_conversation_participant_user" ON "conversation_participant"("tenantId", "conversationId", "userId");

-- CreateIndex
CREATE INDEX "ix_message_recent" ON "message"("tenantId", "conversationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_message_thread" ON "message"("tenantId", "threadRootId");

-- CreateIndex
CREATE INDEX "ix_message_scheduled" ON "message"("tenantId", "status", "sendAt");

-- CreateIndex
CREATE INDEX "ix_message_edit_message" ON "message_edit"("tenantId", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_message_reaction_user" ON "message_reaction"("tenantId", "messageId", "userId", "emoji");

-- CreateIndex
CREATE INDEX "ix_message_flag_open" ON "message_flag"("tenantId", "resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "uq_message_flag_user" ON "message_flag"("tenantId", "messageId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_messaging_event_seq" ON "messaging_event"("tenantId", "seq");

-- AddForeignKey
ALTER TABLE "conversation" ADD CONSTRAINT "fk_conversation_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_participant" ADD CONSTRAINT "fk_conversation_participant_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_participant" ADD CONSTRAINT "fk_conversation_participant_conversation" FOREIGN KEY ("tenantId", "conversationId") REFERENCES "conversation"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "fk_message_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "fk_message_conversation" FOREIGN KEY ("tenantId", "conversationId") REFERENCES "conversation"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_edit" ADD CONSTRAINT "fk_message_edit_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_edit" ADD CONSTRAINT "fk_message_edit_message" FOREIGN KEY ("tenantId", "messageId") REFERENCES "message"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_reaction" ADD CONSTRAINT "fk_message_reaction_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_reaction" ADD CONSTRAINT "fk_message_reaction_message" FOREIGN KEY ("tenantId", "messageId") REFERENCES "message"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_flag" ADD CONSTRAINT "fk_message_flag_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_flag" ADD CONSTRAINT "fk_message_flag_message" FOREIGN KEY ("tenantId", "messageId") REFERENCES "message"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messaging_event" ADD CONSTRAINT "fk_messaging_event_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messaging_event" ADD CONSTRAINT "fk_messaging_event_conversation" FOREIGN KEY ("tenantId", "conversationId") REFERENCES "conversation"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
