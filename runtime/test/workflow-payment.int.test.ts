/**
 * Payment nodes (runtime/src/workflows/README.md, "payment"): a workflow captures, then releases,
 * the payment whose id the record holds, when the record's status changes; the escrow's provider
 * key makes a retried or repeated step capture once (the local provider's ledger counts). The
 * template is this test's own (a contract holding a payment id); its plans are compiled by the
 * engine, and a bad payment node is refused by the engine with a pointer.
 *
 * Real parts: PostgreSQL, the local payment provider (its ledger in PostgreSQL). The status
 * change goes through `WorkflowActions.recordWritten`, the trigger logic the entity routes call
 * on a write's transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../engine/src/diagnostics.ts";
import { compileTemplateValue } from "../../engine/src/index.ts";
import { compilePlan } from "../../engine/src/workflows/compile-plan.ts";
import type { WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { LocalPaymentProvider } from "../src/payments/local-provider.ts";
import { PaymentService } from "../src/payments/payment-service.ts";
import { WorkflowActions } from "../src/workflows/workflow-actions.ts";
import { WorkflowExecutor, type PlanLookup } from "../src/workflows/workflow-executor.ts";
import { DatabaseWorkflowQueue } from "../src/workflows/workflow-queue.ts";
import { createTenant, installOwnTemplate, MIGRATIONS, type TestTenant } from "./crud-support.ts";

const TEMPLATE_ID = "wf-escrow-test";
const label = (en: string) => ({ en });
const TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Escrow test"),
  locales: ["en"],
  roles: { clerk: { label: label("Clerk"), tier: "tenant", inherits: ["user"], permissions: ["pacts:*"] } },
  entities: {
    Pact: {
      id: "ent_pact",
      label: label("Pact"),
      scope: "tenant",
      status: { field: "stage", workflow: "pact-flow" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_pact_title", type: "string", maxLength: 200 },
          stage: { "x-id": "fld_pact_stage", type: "string", enum: ["open", "settled"], default: "open" },
          paymentId: { "x-id": "fld_pact_payment", type: "string", format: "uuid" },
          amount: { "x-id": "fld_pact_amount", type: "integer" },
        },
      },
    },
  },
  workflows: {
    "pact-flow": {
      id: "wf_pact_flow",
      label: label("Pact flow"),
      entity: "Pact",
      nodes: [
        { id: "start", type: "trigger", config: { on: "create" } },
        { id: "open", type: "state", config: { status: "open", transitions: { settle: { actors: ["clerk"] } } } },
        { id: "settled", type: "state", config: { status: "settled" } },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "open" },
        { id: "e2", source: "open", target: "settled", branch: "settle" },
        { id: "e3", source: "settled", target: "done" },
      ],
    },
    payout: {
      id: "wf_payout",
      label: label("Pay out on settlement"),
      entity: "Pact",
      nodes: [
        { id: "start", type: "trigger", config: { on: "status-changed", to: "settled" } },
        { id: "take", type: "payment", config: { action: "capture", payment: "paymentId" } },
        { id: "give", type: "payment", config: { action: "release", payment: "paymentId" } },
        { id: "done", type: "end" },
      ],
      edges: [
        { id: "e1", source: "start", target: "take" },
        { id: "e2", source: "take", target: "give" },
        { id: "e3", source: "give", target: "done" },
      ],
    },
  },
};
const PAYOUT_NODES = "/workflows/payout/nodes";

let testDb: TestDatabase;
let db: Database;
let tenant: TestTenant;
let other: TestTenant;
let payments: PaymentService;
let executor: WorkflowExecutor;
let actions: WorkflowActions;
let own: Awaited<ReturnType<typeof installOwnTemplate>>;
let plans: Record<string, WorkflowPlan>;
/** Step node ids to fail once after their effects (before the commit), like a crash there. */
const faultOnce = new Set<string>();

beforeAll(async () => {
  own = await installOwnTemplate(TEMPLATE, "wf-escrow-test.json");
  plans = Object.fromEntries(own.ir.workflows.map((w) => [w.name, compilePlan(w, own.ir)]));
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, MIGRATIONS);
  await own.apply(testDb.url);
  tenant = await createTenant(db, "escrow-a", [TEMPLATE_ID]);
  other = await createTenant(db, "escrow-b", [TEMPLATE_ID]);
  payments = new PaymentService(db, new LocalPaymentProvider(db, "escrow-test-secret"));
  const planFor: PlanLookup = (_t, name) => (plans[name] ? { templateId: TEMPLATE_ID, plan: plans[name] } : null);
  executor = new WorkflowExecutor({
    db,
    planFor,
    templates: (id) => (id === TEMPLATE_ID ? own.registry : undefined),
    queue: new DatabaseWorkflowQueue(),
    retry: { attempts: 3, backoffMs: 10 },
    payments: () => payments,
    beforeCommit: (step) => {
      if (faultOnce.delete(step.nodeId)) throw new Error(`injected fault after ${step.nodeId}'s effects`);
    },
  });
  actions = new WorkflowActions(executor);
}, 180_000);
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

async function authorised(t: TestTenant, key: string): Promise<string> {
  const { payment } = await payments.create({
    tenantId: t.id,
    payerId: t.userId,
    requestKey: key,
    payeeAccountId: t.accountId,
    amount: 1250,
    currency: "EUR",
  });
  expect(payment.status).toBe("authorised");
  return payment.id;
}

/**
 * A pact holding the payment, created as the entity routes create one (its status workflow starts
 * on the write's transaction and waits in "open"), then settled by a clerk's transition: the state
 * node writes the stage, and the status change starts the payout.
 */
async function settle(t: TestTenant, paymentId: string): Promise<string> {
  const entity = own.registry.entities.find((e) => e.name === "Pact")!;
  const { id, dispatches } = await db.transaction(async (tx) => {
    const { rows } = await tx.query<Record<string, unknown>>(
      `INSERT INTO "wf_escrow_test_pact" ("tenantId", "title", "stage", "paymentId", "createdBy")
       VALUES ($1, 'Pact', 'open', $2, $3) RETURNING *`,
      [t.id, paymentId, t.userId],
    );
    const row = rows[0];
    const names = ["pact-flow", "payout"];
    const started = await actions.recordWritten(
      tx,
      t.id,
      entity,
      names,
      "create",
      row,
      [],
      null,
      t.userId,
      TEMPLATE_ID,
    );
    return { id: row.id as string, dispatches: started };
  });
  // The create starts the status workflow only ("payout" waits for "settled").
  expect(dispatches).toHaveLength(1);
  await drain();
  const [flow] = await runsOn(t, id);
  expect(flow.status).toBe("waiting");
  await actions.transition(t.id, flow.id, "settle", { userId: t.userId, roles: ["clerk"], accountIds: [] });
  return id;
}

/** Runs steps until none is queued (waiting out retries' backoff). */
async function drain(): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const r = await executor.runStep();
    if (r === "ran") continue;
    const { rows } = await db.query(`SELECT 1 FROM "workflow_step" WHERE "status" = 'queued' LIMIT 1`);
    if (!rows.length) return;
    await new Promise((res) => setTimeout(res, 15));
  }
  throw new Error("the queue did not drain");
}

/** The record's runs: the status workflow first, then the payout. */
const runsOn = async (t: TestTenant, recordId: string) =>
  (
    await db.query<{ id: string; status: string; error: string | null }>(
      `SELECT "id", "status", "error" FROM "workflow_instance" WHERE "tenantId" = $1 AND "recordId" = $2
        ORDER BY ("workflowName" = 'payout'), "createdAt"`,
      [t.id, recordId],
    )
  ).rows;
const ledger = async (t: TestTenant, paymentId: string) =>
  (
    await db.query<{ operation: string; idempotencyKey: string }>(
      `SELECT "operation", "idempotencyKey" FROM "payment_ledger" WHERE "tenantId" = $1 AND "idempotencyKey" LIKE $2 || ':%'
        ORDER BY "createdAt"`,
      [t.id, paymentId],
    )
  ).rows;
const statusOf = async (t: TestTenant, paymentId: string) => (await payments.get(db, t.id, paymentId))?.status;

describe("the engine's payment node", () => {
  it("compiles to its action and the record's field", () => {
    expect(plans.payout.nodes.take).toEqual({
      id: "take",
      kind: "payment",
      action: "capture",
      field: "paymentId",
      next: "give",
    });
    expect(plans.payout.nodes.give).toMatchObject({ kind: "payment", action: "release", next: "done" });
  });

  const errors = (change: (t: typeof TEMPLATE) => void) => {
    const template = structuredClone(TEMPLATE);
    change(template);
    const result = compileTemplateValue(template, "wf-escrow-test.json");
    return result.diagnostics
      .filter((d: Diagnostic) => d.severity === "error")
      .map((d: Diagnostic) => [d.code, d.pointer]);
  };
  const take = (t: typeof TEMPLATE) => t.workflows.payout.nodes[1] as { config: Record<string, unknown> };

  it("refuses an unknown action, a missing payment, a field that holds no payment id, with pointers", () => {
    const action = errors((t) => (take(t).config.action = "charge"));
    expect(action.some(([, p]) => p === `${PAYOUT_NODES}/1/config/action`)).toBe(true);

    const missing = errors((t) => delete take(t).config.payment);
    expect(missing.some(([, p]) => p === `${PAYOUT_NODES}/1/config` || p === `${PAYOUT_NODES}/1/config/payment`)).toBe(
      true,
    );

    expect(errors((t) => (take(t).config.payment = "amount"))).toEqual([
      ["ENG_WORKFLOW_PAYMENT_FIELD_INVALID", `${PAYOUT_NODES}/1/config/payment`],
    ]);
    expect(errors((t) => (take(t).config.payment = "paymentIdd"))).toEqual([
      ["ENG_WORKFLOW_PAYMENT_FIELD_INVALID", `${PAYOUT_NODES}/1/config/payment`],
    ]);
  });
});

describe("payment nodes at run time", () => {
  it("a status change captures, then releases the record's payment: once each at the provider", async () => {
    const paymentId = await authorised(tenant, "pay-1");
    const pact = await settle(tenant, paymentId);
    await drain();
    const [, run] = await runsOn(tenant, pact);
    expect(run.status).toBe("completed");
    expect(await statusOf(tenant, paymentId)).toBe("released");
    expect((await ledger(tenant, paymentId)).map((r) => r.operation)).toEqual(["authorise", "capture", "transfer"]);
    const { rows: effects } = await db.query<{ idempotencyKey: string; detail: { action: string; paymentId: string } }>(
      `SELECT "idempotencyKey", "detail" FROM "workflow_effect" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'payment'
        ORDER BY "createdAt"`,
      [tenant.id, run.id],
    );
    expect(effects.map((e) => [e.idempotencyKey, e.detail.action, e.detail.paymentId])).toEqual([
      [`${run.id}:2:payment`, "capture", paymentId],
      [`${run.id}:3:payment`, "release", paymentId],
    ]);
    const transitions = await payments.transitions(tenant.id, paymentId);
    expect(transitions.map((t) => t.toStatus)).toEqual(["authorised", "captured", "released"]);
  });

  it("a step rolled back after the provider answered is retried and captures once; a second run captures nothing", async () => {
    const paymentId = await authorised(tenant, "pay-2");
    faultOnce.add("take");
    faultOnce.add("give");
    const pact = await settle(tenant, paymentId);
    await drain();
    const [, run] = await runsOn(tenant, pact);
    expect(run.status).toBe("completed");
    expect(faultOnce.size).toBe(0);
    const { rows: steps } = await db.query<{ nodeId: string; attempts: number }>(
      `SELECT "nodeId", "attempts" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 ORDER BY "seq"`,
      [tenant.id, run.id],
    );
    // Each payment step failed once after the provider's answer (rolled back) and ran again.
    expect(steps.map((s) => [s.nodeId, s.attempts])).toEqual([
      ["start", 1],
      ["take", 2],
      ["give", 2],
      ["done", 1],
    ]);
    expect((await ledger(tenant, paymentId)).map((r) => r.operation)).toEqual(["authorise", "capture", "transfer"]);
    expect(await statusOf(tenant, paymentId)).toBe("released");

    // Another run on a record holding the same payment (a replay of the settlement): the payment
    // already went that way, so the steps record it and the provider is not asked again.
    const again = await settle(tenant, paymentId);
    await drain();
    const [, second] = await runsOn(tenant, again);
    expect(second.status).toBe("completed");
    const { rows: outputs } = await db.query<{ output: { already: boolean } }>(
      `SELECT "output" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'payment' ORDER BY "seq"`,
      [tenant.id, second.id],
    );
    expect(outputs.map((o) => o.output.already)).toEqual([true, true]);
    expect((await ledger(tenant, paymentId)).map((r) => r.operation)).toEqual(["authorise", "capture", "transfer"]);
  });

  it("another tenant's payment is not found: the step fails for good, nothing moves", async () => {
    const foreign = await authorised(other, "pay-3");
    const pact = await settle(tenant, foreign);
    await drain();
    const [, run] = await runsOn(tenant, pact);
    expect(run.status).toBe("failed");
    expect(run.error).toContain(`payment ${foreign} does not exist in this tenant`);
    expect(await statusOf(other, foreign)).toBe("authorised");
    expect((await ledger(other, foreign)).map((r) => r.operation)).toEqual(["authorise"]);
  });

  it("a release of a payment that is not captured fails the step with the reason (no retries)", async () => {
    const paymentId = await authorised(tenant, "pay-4");
    // Captured and refunded through the escrow's own steps (the API's) before the workflow runs: its
    // capture finds the payment captured already, its release cannot happen.
    await payments.enqueue(tenant.id, paymentId, "capture", tenant.userId);
    await payments.enqueue(tenant.id, paymentId, "refund", tenant.userId);
    // The refund waits behind its capture (the escrow's 200 ms), so drain until it ran.
    for (const deadline = Date.now() + 10_000; (await statusOf(tenant, paymentId)) !== "refunded";) {
      if (Date.now() > deadline) throw new Error("the escrow did not refund");
      await payments.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    const pact = await settle(tenant, paymentId);
    await drain();
    const [, run] = await runsOn(tenant, pact);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/step 3 \(give\) failed: the payment is refunded: it cannot be released/);
    const { rows } = await db.query<{ attempts: number }>(
      `SELECT "attempts" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "nodeId" = 'give'`,
      [tenant.id, run.id],
    );
    expect(rows[0].attempts).toBe(1);
    expect((await ledger(tenant, paymentId)).map((r) => r.operation)).toEqual(["authorise", "capture", "refund"]);
  });
});
