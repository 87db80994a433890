-- CreateTable
CREATE TABLE "workflow_definition" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "templateId" VARCHAR(40) NOT NULL,
    "workflowName" VARCHAR(120) NOT NULL,
    "version" VARCHAR(64) NOT NULL,
    "plan" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_definition" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workflow_instance" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "definitionId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "workflowName" VARCHAR(120) NOT NULL,
    "version" VARCHAR(64) NOT NULL,
    "entity" VARCHAR(120),
    "recordId" UUID,
    "parentInstanceId" UUID,
    "parentStepId" UUID,
    "status" VARCHAR(20) NOT NULL DEFAULT 'running',
    "currentNodeId" VARCHAR(120),
    "context" JSONB NOT NULL DEFAULT '{}',
    "startKey" VARCHAR(300) NOT NULL,
    "startedBy" UUID,
    "error" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_instance" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "workflow_step" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "instanceId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "nodeId" VARCHAR(120) NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "status" VARCHAR(20) NOT NULL DEFAULT 'queued',
    "idempotencyKey" VARCHAR(120) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "input" JSONB NOT NULL DEFAULT '{}',
    "output" JSONB,
    "outcome" VARCHAR(120),
    "error" TEXT,
    "compensation" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_step" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "workflow_timer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "instanceId" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "fireAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "firedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_timer" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "workflow_task" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "instanceId" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "nodeId" VARCHAR(120) NOT NULL,
    "assigneeIds" UUID[],
    "status" VARCHAR(20) NOT NULL DEFAULT 'open',
    "minApprovals" INTEGER NOT NULL DEFAULT 1,
    "decisions" JSONB NOT NULL DEFAULT '[]',
    "dueAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_task" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "workflow_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "instanceId" UUID,
    "entity" VARCHAR(120) NOT NULL,
    "recordId" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumedAt" TIMESTAMPTZ(3),

    CONSTRAINT "pk_workflow_event" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "workflow_effect" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "instanceId" UUID NOT NULL,
    "stepId" UUID NOT NULL,
    "idempotencyKey" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(20) NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_workflow_effect" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_workflow_definition_version" ON "workflow_definition"("templateId", "workflowName", "version");

-- CreateIndex
CREATE INDEX "ix_workflow_instance_recent" ON "workflow_instance"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ix_workflow_instance_record" ON "workflow_instance"("tenantId", "entity", "recordId");

-- CreateIndex
CREATE UNIQUE INDEX "uq_workflow_instance_start_key" ON "workflow_instance"("tenantId", "startKey");

-- CreateIndex
CREATE INDEX "ix_workflow_step_instance" ON "workflow_step"("tenantId", "instanceId", "seq");

-- CreateIndex
CREATE INDEX "ix_workflow_step_due" ON "workflow_step"("tenantId", "status", "runAfter");

-- CreateIndex
CREATE UNIQUE INDEX "uq_workflow_step_key" ON "workflow_step"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "ix_workflow_timer_due" ON "workflow_timer"("tenantId", "firedAt", "fireAt");

-- CreateIndex
CREATE INDEX "ix_workflow_task_open" ON "workflow_task"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ix_workflow_event_record" ON "workflow_event"("tenantId", "entity", "recordId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "uq_workflow_effect_key" ON "workflow_effect"("tenantId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "workflow_instance" ADD CONSTRAINT "fk_workflow_instance_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_instance" ADD CONSTRAINT "fk_workflow_instance_definition" FOREIGN KEY ("definitionId") REFERENCES "workflow_definition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_step" ADD CONSTRAINT "fk_workflow_step_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_timer" ADD CONSTRAINT "fk_workflow_timer_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_task" ADD CONSTRAINT "fk_workflow_task_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_event" ADD CONSTRAINT "fk_workflow_event_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "workflow_effect" ADD CONSTRAINT "fk_workflow_effect_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
