/**
 * Workflows on the embedded default (PGlite, the database queue, a worker in the process), with
 * the template and plans of workflow-support.ts and an app without identity (callers named by
 * X-User-Id): a create through the entity API starts the status workflow, a status PATCH is
 * refused with 409, and an automatic run (condition, update, email, wait, webhook, assign) ends
 * with each effect once.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { buildApp } from "../src/app.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import {
  allTemplates,
  client,
  createTenant,
  installOwnTemplate,
  MIGRATIONS,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";
import { planLookup, RAW_TEMPLATE, TEMPLATE_ID, until } from "./workflow-support.ts";

let db: Database;
let app: FastifyInstance;
let tenant: TestTenant;
let call: Inject;
const tickets = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:tickets${rest}`;

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-desk.json");
  db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
  await migrateUp(db, MIGRATIONS);
  await db.exec(own.up);
  app = await buildApp({
    db,
    registry: createRuntimeRegistry([...allTemplates, own.registry], platform),
    rateLimit: false,
    email: { transport: { send: async () => {} } },
    workflows: { planFor: planLookup, retry: { attempts: 3, backoffMs: 20 }, worker: { pollMs: 50, timerMs: 50 } },
  });
  await app.ready();
  tenant = await createTenant(db, "lite-desk", [TEMPLATE_ID]);
  await db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'reviewer')`, [
    tenant.id,
    tenant.userId,
  ]);
  call = client(app, tenant);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** Apps without identity record no creator: the test names one (what a sign-in would). */
async function ticket(fields: Record<string, unknown>): Promise<string> {
  const created = await call({ method: "POST", url: tickets(), payload: fields });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  await db.query(`UPDATE "wf_desk_ticket" SET "createdBy" = $3 WHERE "tenantId" = $1 AND "id" = $2`, [
    tenant.id,
    id,
    tenant.userId,
  ]);
  return id;
}
const record = async (id: string) =>
  (await db.query<Record<string, unknown>>(`SELECT * FROM "wf_desk_ticket" WHERE "id" = $1`, [id])).rows[0];
const status = async (id: string) =>
  (await db.query<{ status: string }>(`SELECT "status" FROM "workflow_instance" WHERE "id" = $1`, [id])).rows[0]
    ?.status;

describe("workflows on PGlite (database queue)", () => {
  it("a create starts the status workflow; a status PATCH is 409 with the owner's transitions", async () => {
    const id = await ticket({ title: "Lite" });
    const run = await until(async () => {
      const { rows } = await db.query<{ id: string; status: string }>(
        `SELECT "id", "status" FROM "workflow_instance" WHERE "tenantId" = $1 AND "recordId" = $2`,
        [tenant.id, id],
      );
      return rows[0]?.status === "waiting" ? rows[0] : null;
    });
    const refused = await call({ method: "PATCH", url: tickets(`/${id}`), payload: { status: "closed" } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().transitions).toEqual([
      { name: "submit", to: "review", href: `/api/v1/tenant/workflows/instances/${run.id}/transitions/submit` },
    ]);
  });

  it("an automatic run completes with each effect once", async () => {
    const id = await ticket({ title: "Lite", counter: 1 });
    const started = await app.workflows.executor.start({
      tenantId: tenant.id,
      workflow: "steps",
      recordId: id,
      startKey: `steps:${id}`,
      startedBy: tenant.userId,
    });
    await started.dispatch();
    // The same key again: the same instance, nothing new.
    const again = await app.workflows.executor.start({
      tenantId: tenant.id,
      workflow: "steps",
      recordId: id,
      startKey: `steps:${id}`,
    });
    expect(again).toMatchObject({ id: started.id, created: false });
    await until(async () => (await status(started.id)) === "completed");
    const row = await record(id);
    expect(row.counter).toBe(2);
    expect(row.assigneeId).toBe(tenant.userId);
    const { rows: mails } = await db.query(
      `SELECT 1 FROM "email_message" WHERE "tenantId" = $1 AND "dedupeKey" LIKE $2`,
      [tenant.id, `${started.id}:%`],
    );
    expect(mails.length).toBe(1);
    const { rows: effects } = await db.query<{ kind: string }>(
      `SELECT "kind" FROM "workflow_effect" WHERE "tenantId" = $1 AND "instanceId" = $2 ORDER BY "kind"`,
      [tenant.id, started.id],
    );
    // No webhook subscriptions in this tenant's settings: the webhook node posts nothing.
    expect(effects.map((e) => e.kind)).toEqual(["assign", "email", "update", "webhook"]);
  });
});
