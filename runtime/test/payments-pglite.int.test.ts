/**
 * The escrow on the embedded default (PGlite, runtime/src/payments): one connection, so the
 * local provider's calls run outside the step's writes (payment-service.ts `runStep`); the same
 * transitions, keys and single provider calls as on PostgreSQL, including a step run again after
 * the provider answered but before its writes committed.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { LocalPaymentProvider } from "../src/payments/local-provider.ts";
import { callKey, PaymentService } from "../src/payments/payment-service.ts";
import { MIGRATIONS } from "./crud-support.ts";

let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  const pglite = await createTestPglite({ migrations: MIGRATIONS });
  db = createPgliteDatabase(pglite);
  close = () => db.close();
  await migrateUp(db, MIGRATIONS);
}, 120_000);

afterAll(async () => {
  await close?.();
});

it("authorised → captured → released on PGlite, each provider call once", async () => {
  const provider = new LocalPaymentProvider(db, "pglite-secret");
  const tenantId = (
    await db.query<{ id: string }>(`INSERT INTO "tenant" ("slug", "name") VALUES ('pg-lite', 'L') RETURNING "id"`)
  ).rows[0].id;
  const accountId = (
    await db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'company', 'Payee') RETURNING "id"`,
      [tenantId],
    )
  ).rows[0].id;
  const payerId = randomUUID();
  // A "crashed" run: the provider captured under the step's key, nothing else was written.
  let crashed = true;
  const service = new PaymentService(db, provider, async (step) => {
    if (crashed && step.action === "capture") {
      crashed = false;
      throw new Error("killed after the provider's answer");
    }
  });
  const { payment } = await service.create({
    tenantId,
    payerId,
    requestKey: randomUUID(),
    payeeAccountId: accountId,
    amount: 700,
    currency: "GBP",
  });
  await service.enqueue(tenantId, payment.id, "capture", payerId);
  await service.enqueue(tenantId, payment.id, "release", payerId);
  await service.runStep();
  expect((await service.get(db, tenantId, payment.id))!.status).toBe("authorised");
  await db.query(`UPDATE "payment_step" SET "runAfter" = now() WHERE "tenantId" = $1`, [tenantId]);
  for (let i = 0; i < 50 && (await service.get(db, tenantId, payment.id))!.status !== "released"; i++) {
    await service.drain();
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await service.get(db, tenantId, payment.id))!.status).toBe("released");
  expect((await service.transitions(tenantId, payment.id)).map((t) => t.toStatus)).toEqual([
    "authorised",
    "captured",
    "released",
  ]);
  expect((await provider.ledger(tenantId)).map((r) => [r.operation, r.idempotencyKey])).toEqual([
    ["authorise", callKey(payment.id, "authorise")],
    ["capture", callKey(payment.id, "capture")],
    ["transfer", callKey(payment.id, "release")],
  ]);
}, 30_000);
