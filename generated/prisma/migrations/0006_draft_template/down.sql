-- DropTable
DROP TABLE "draft_template";
