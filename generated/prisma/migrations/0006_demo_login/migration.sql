-- CreateTable
CREATE TABLE "demo_login" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scope" VARCHAR(63) NOT NULL,
    "role" VARCHAR(40) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "password" VARCHAR(200),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_demo_login" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_demo_login_role" ON "demo_login"("scope", "role");
