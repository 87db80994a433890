-- AlterTable
ALTER TABLE "template_install" ADD COLUMN     "manifest" JSONB NOT NULL DEFAULT '{}';
