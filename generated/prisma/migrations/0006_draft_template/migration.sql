-- CreateTable
CREATE TABLE "draft_template" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "templateId" VARCHAR(40) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_draft_template" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "uq_draft_template_template" ON "draft_template"("templateId");
