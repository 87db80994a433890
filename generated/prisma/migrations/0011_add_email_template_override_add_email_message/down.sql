-- DropForeignKey
ALTER TABLE "email_template_override" DROP CONSTRAINT "fk_email_template_override_tenant";

-- DropForeignKey
ALTER TABLE "email_message" DROP CONSTRAINT "fk_email_message_tenant";

-- DropTable
DROP TABLE "email_template_override";

-- DropTable
DROP TABLE "email_message";
