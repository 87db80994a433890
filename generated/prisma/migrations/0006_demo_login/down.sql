-- DropTable
DROP TABLE "demo_login";
