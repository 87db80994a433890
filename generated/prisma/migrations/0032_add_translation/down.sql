-- DropForeignKey
ALTER TABLE "translation_memory" DROP CONSTRAINT "fk_translation_memory_tenant";

-- DropForeignKey
ALTER TABLE "translation_glossary" DROP CONSTRAINT "fk_translation_glossary_tenant";

-- DropForeignKey
ALTER TABLE "translation_usage" DROP CONSTRAINT "fk_translation_usage_tenant";

-- DropForeignKey
ALTER TABLE "translation_review" DROP CONSTRAINT "fk_translation_review_tenant";

-- DropForeignKey
ALTER TABLE "translation_job" DROP CONSTRAINT "fk_translation_job_tenant";

-- DropTable
DROP TABLE "translation_memory";

-- DropTable
DROP TABLE "translation_glossary";

-- DropTable
DROP TABLE "translation_usage";

-- DropTable
DROP TABLE "translation_review";

-- DropTable
DROP TABLE "translation_job";
