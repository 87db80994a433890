-- CreateTable
CREATE TABLE "booking_calendar" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "templateId" VARCHAR(40) NOT NULL,
    "entity" VARCHAR(120) NOT NULL,
    "resourceId" UUID NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "rrule" VARCHAR(500),
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pk_booking_calendar" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "ix_booking_calendar_resource" ON "booking_calendar"("tenantId", "templateId", "entity", "resourceId");

-- AddForeignKey
ALTER TABLE "booking_calendar" ADD CONSTRAINT "fk_booking_calendar_tenant" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
