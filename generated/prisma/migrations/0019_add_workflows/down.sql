-- DropForeignKey
ALTER TABLE "workflow_instance" DROP CONSTRAINT "fk_workflow_instance_tenant";

-- DropForeignKey
ALTER TABLE "workflow_instance" DROP CONSTRAINT "fk_workflow_instance_definition";

-- DropForeignKey
ALTER TABLE "workflow_step" DROP CONSTRAINT "fk_workflow_step_tenant";

-- DropForeignKey
ALTER TABLE "workflow_timer" DROP CONSTRAINT "fk_workflow_timer_tenant";

-- DropForeignKey
ALTER TABLE "workflow_task" DROP CONSTRAINT "fk_workflow_task_tenant";

-- DropForeignKey
ALTER TABLE "workflow_event" DROP CONSTRAINT "fk_workflow_event_tenant";

-- DropForeignKey
ALTER TABLE "workflow_effect" DROP CONSTRAINT "fk_workflow_effect_tenant";

-- DropTable
DROP TABLE "workflow_definition";

-- DropTable
DROP TABLE "workflow_instance";

-- DropTable
DROP TABLE "workflow_step";

-- DropTable
DROP TABLE "workflow_timer";

-- DropTable
DROP TABLE "workflow_task";

-- DropTable
DROP TABLE "workflow_event";

-- DropTable
DROP TABLE "workflow_effect";
