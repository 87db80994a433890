-- DropForeignKey
ALTER TABLE "conversation" DROP CONSTRAINT "fk_conversation_tenant";

-- DropForeignKey
ALTER TABLE "conversation_participant" DROP CONSTRAINT "fk_conversation_participant_tenant";

-- DropForeignKey
ALTER TABLE "conversation_participant" DROP CONSTRAINT "fk_conversation_participant_conversation";

-- DropForeignKey
ALTER TABLE "message" DROP CONSTRAINT "fk_message_tenant";

-- DropForeignKey
ALTER TABLE "message" DROP CONSTRAINT "fk_message_conversation";

-- DropForeignKey
ALTER TABLE "message_edit" DROP CONSTRAINT "fk_message_edit_tenant";

-- DropForeignKey
ALTER TABLE "message_edit" DROP CONSTRAINT "fk_message_edit_message";

-- DropForeignKey
ALTER TABLE "message_reaction" DROP CONSTRAINT "fk_message_reaction_tenant";

-- DropForeignKey
ALTER TABLE "message_reaction" DROP CONSTRAINT "fk_message_reaction_message";

-- DropForeignKey
ALTER TABLE "message_flag" DROP CONSTRAINT "fk_message_flag_tenant";

-- DropForeignKey
ALTER TABLE "message_flag" DROP CONSTRAINT "fk_message_flag_message";

-- DropForeignKey
ALTER TABLE "messaging_event" DROP CONSTRAINT "fk_messaging_event_tenant";

-- DropForeignKey
ALTER TABLE "messaging_event" DROP CONSTRAINT "fk_messaging_event_conversation";

-- DropTable
DROP TABLE "conversation";

-- DropTable
DROP TABLE "conversation_participant";

-- DropTable
DROP TABLE "message";

-- DropTable
DROP TABLE "message_edit";

-- DropTable
DROP TABLE "message_reaction";

-- DropTable
DROP TABLE "message_flag";

-- DropTable
DROP TABLE "messaging_event";
