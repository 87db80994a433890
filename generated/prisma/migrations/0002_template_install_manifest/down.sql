-- AlterTable
ALTER TABLE "template_install" DROP COLUMN "manifest";
