/**
 * Kill test of the escrow with real processes: payments workers
 * (runtime/src/payments/payment-worker-main.ts) on PostgreSQL with the local provider, whose
 * ledger in PostgreSQL records every call the "provider" took. A worker is SIGKILLed while it
 * holds a step whose provider call has answered but whose transaction has not committed
 * (MONO_PAYMENTS_HOLD_AFTER, the worker's test seam): once after the capture (the provider
 * captured, the payment still says authorised), once after the release's transfer. A fresh
 * worker then finishes each payment: exactly one final state, one transition per status, and
 * the ledger shows exactly one capture and one transfer per payment.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { LocalPaymentProvider } from "../src/payments/local-provider.ts";
import { callKey, PaymentService } from "../src/payments/payment-service.ts";
import { MIGRATIONS } from "./crud-support.ts";
import { child, type Child } from "./support/email-processes.ts";

const SECRET = "payments-kill-secret";
let testDb: TestDatabase;
let db: Database;
let service: PaymentService;
let provider: LocalPaymentProvider;
let tenantId: string;
let accountId: string;
let payerId: string;
const children: Child[] = [];

const worker = (hold?: string) => {
  const c = child(["--import", "tsx", "runtime/src/payments/payment-worker-main.ts"], {
    DATABASE_URL: testDb.url,
    MONO_PAYMENTS_WEBHOOK_SECRET: SECRET,
    MONO_PAYMENTS_POLL_MS: "50",
    ...(hold ? { MONO_PAYMENTS_HOLD_AFTER: hold } : {}),
  });
  children.push(c);
  return c;
};

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  provider = new LocalPaymentProvider(db, SECRET);
  service = new PaymentService(db, provider);
  tenantId = (
    await db.query<{ id: string }>(`INSERT INTO "tenant" ("slug", "name") VALUES ('kill', 'Kill') RETURNING "id"`)
  ).rows[0].id;
  accountId = (
    await db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'company', 'Payee') RETURNING "id"`,
      [tenantId],
    )
  ).rows[0].id;
  payerId = (
    await db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name") VALUES ($1, 'payer@kill.test', 'Payer') RETURNING "id"`,
      [tenantId],
    )
  ).rows[0].id;
}, 60_000);

afterAll(async () => {
  for (const c of children) await c.kill("SIGKILL");
  await db?.close();
  await testDb?.drop();
});

async function payment() {
  const { payment: p } = await service.create({
    tenantId,
    payerId,
    requestKey: randomUUID(),
    payeeAccountId: accountId,
    amount: 4200,
    currency: "EUR",
  });
  await service.enqueue(tenantId, p.id, "capture", payerId);
  await service.enqueue(tenantId, p.id, "release", payerId);
  return p;
}

async function until(id: string, status: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const p = await service.get(db, tenantId, id);
    const steps = await service.steps(tenantId, id);
    if (p?.status === status && steps.every((s) => s.status === "completed")) return p;
    if (Date.now() > deadline) throw new Error(`stayed ${p?.status}: ${JSON.stringify(steps)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a payments worker SIGKILLed mid-escrow", () => {
  it.each(["capture", "release"])(
    "killed after the provider's %s answered, before the commit: one final state, one capture, one transfer",
    async (hold) => {
      const p = await payment();
      const held = worker(hold);
      await held.line(new RegExp(`held ${p.id}`));
      // The provider has taken the call; the database has not: the step is still queued.
      const before = await provider.ledger(tenantId);
      const ops = (rows: typeof before) => rows.filter((r) => r.chargeRef === p.providerRef).map((r) => r.operation);
      expect(ops(before)).toEqual(hold === "capture" ? ["authorise", "capture"] : ["authorise", "capture", "transfer"]);
      expect((await service.get(db, tenantId, p.id))!.status).toBe(hold === "capture" ? "authorised" : "captured");
      await held.kill("SIGKILL");
      expect(held.process.signalCode).toBe("SIGKILL");

      const fresh = worker();
      await fresh.line(/ready/);
      const done = await until(p.id, "released");
      await fresh.kill("SIGTERM");
      expect(done.transferRef).toMatch(/^ltr_/);
      const transitions = await service.transitions(tenantId, p.id);
      expect(transitions.map((t) => [t.fromStatus, t.toStatus, t.idempotencyKey])).toEqual([
        [null, "authorised", callKey(p.id, "authorise")],
        ["authorised", "captured", callKey(p.id, "capture")],
        ["captured", "released", callKey(p.id, "release")],
      ]);
      const ledger = (await provider.ledger(tenantId)).filter((r) => r.chargeRef === p.providerRef);
      expect(ledger.map((r) => [r.operation, r.idempotencyKey])).toEqual([
        ["authorise", callKey(p.id, "authorise")],
        ["capture", callKey(p.id, "capture")],
        ["transfer", callKey(p.id, "release")],
      ]);
      // The transfer went to the payee's account, once, for the whole amount.
      expect(ledger[2]).toMatchObject({ destination: accountId, amount: 4200 });
    },
    30_000,
  );

  it("two workers at once over many payments: each payment captured once and paid out once", async () => {
    const payments = await Promise.all(Array.from({ length: 8 }, () => payment()));
    const a = worker();
    const b = worker();
    await Promise.all([a.line(/ready/), b.line(/ready/)]);
    for (const p of payments) await until(p.id, "released");
    await Promise.all([a.kill("SIGTERM"), b.kill("SIGTERM")]);
    const ledger = await provider.ledger(tenantId);
    for (const p of payments)
      expect(ledger.filter((r) => r.chargeRef === p.providerRef).map((r) => r.operation)).toEqual([
        "authorise",
        "capture",
        "transfer",
      ]);
  }, 30_000);
});
