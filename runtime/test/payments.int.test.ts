/**
 * Payments on PostgreSQL (runtime/src/payments) with the local provider (its own ledger in
 * PostgreSQL, the proof of what the "provider" was asked): the escrow's transitions
 * (authorised → captured → released | refunded | disputed), each recorded with its provider
 * call's idempotency key, a retried step that never captures twice, webhooks refused on a bad
 * signature (nothing changes) and applied once on a good one, who may see and move a payment,
 * two tenants that never see each other's, bad input as problem+json with pointers, invoices and
 * receipts as PDF in the tenant's branding and locale, and every answer against /openapi.json.
 * The template is the tests' own (tags-support.ts); payments depend on none.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { LocalPaymentProvider, signLocalWebhook } from "../src/payments/local-provider.ts";
import { callKey } from "../src/payments/payment-service.ts";
import { as, startLab, type Call, type LabEnv, type LabUser } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

const SECRET = "whsec_local_payments_test_0123456789";
let env: LabEnv;
let provider: LocalPaymentProvider;
let tenantA: string;
let tenantB: string;
let payeeAccount: string;
let payeeAccountB: string;
const users: Record<string, LabUser> = {};
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
const P = "/api/v1/tenant/payments";

const call = (u: LabUser | null, slug?: string): Call => {
  const c = as(env, u, slug);
  return async (method, url, body, headers) => {
    const res = await c(method, url, body, headers);
    const type = String(res.headers["content-type"] ?? "");
    answers.push({
      method,
      url,
      status: res.statusCode,
      type,
      body: type.startsWith("application/pdf") ? "pdf" : res.body ? res.json() : "",
    });
    return res;
  };
};

/** Polls the payment until `status` (the in-process worker runs the queued steps). */
async function until(u: LabUser, id: string, status: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await as(env, u)("GET", `${P}/${id}`)).json();
    if (got.status === status && got.steps.every((s: { status: string }) => s.status !== "queued")) return got;
    if (Date.now() > deadline) throw new Error(`payment ${id} stayed ${got.status}: ${JSON.stringify(got.steps)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const pay = async (u: LabUser, body: Record<string, unknown> = {}, key?: string) =>
  call(u)(
    "POST",
    P,
    { payeeAccountId: payeeAccount, amount: 123450, currency: "EUR", description: "Two nights", ...body },
    key ? { "idempotency-key": key } : {},
  );

const ops = async (tenantId: string, ref: string) =>
  (await provider.ledger(tenantId)).filter((r) => r.chargeRef === ref).map((r) => r.operation);

beforeAll(async () => {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 6 });
  provider = new LocalPaymentProvider(db, SECRET);
  env = await startLab(
    db,
    async () => {
      await db.close();
      await testDb.drop();
    },
    { options: { payments: { provider } } },
  );
  tenantA = await env.tenant("pay-a");
  tenantB = await env.tenant("pay-b");
  await env.db.query(
    `UPDATE "tenant" SET "name" = 'Harbour Lofts', "settings" = '{"branding":{"primaryColor":"#0a7f5a","footer":"Thank you"}}' WHERE "id" = $1`,
    [tenantA],
  );
  const account = async (tenantId: string) =>
    (
      await env.db.query<{ id: string }>(
        `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'company', 'Payee') RETURNING "id"`,
        [tenantId],
      )
    ).rows[0].id;
  payeeAccount = await account(tenantA);
  payeeAccountB = await account(tenantB);
  users.payer = await env.user(tenantA, "pay-a", [["user", null]]);
  users.payee = await env.user(tenantA, "pay-a", [["user", payeeAccount]]);
  users.other = await env.user(tenantA, "pay-a", [["user", null]]);
  users.admin = await env.user(tenantA, "pay-a", [["tenant-admin", null]]);
  users.payerB = await env.user(tenantB, "pay-b", [["user", null]]);
  users.adminB = await env.user(tenantB, "pay-b", [["tenant-admin", null]]);
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe("the escrow", () => {
  test("authorised → captured → released, each transition with its provider call's key, each call once", async () => {
    const made = await pay(users.payer, {}, "order-1");
    expect(made.statusCode, made.body).toBe(201);
    const p = made.json();
    expect(p).toMatchObject({ status: "authorised", amount: 123450, currency: "EUR", provider: "local" });
    expect(p.transitions).toMatchObject([{ from: null, to: "authorised", idempotencyKey: callKey(p.id, "authorise") }]);
    // The same request again (a client retry): the same payment, nothing authorised twice.
    const again = await pay(users.payer, {}, "order-1");
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(p.id);
    // The same key for another amount is a conflict, not a silent replay.
    const other = await pay(users.payer, { amount: 5 }, "order-1");
    expect(other.statusCode).toBe(409);
    expect(other.json().errors[0].pointer).toBe("/headers/idempotency-key");
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise"]);

    const captured = await call(users.payer)("POST", `${P}/${p.id}/capture`);
    expect(captured.statusCode, captured.body).toBe(202);
    await until(users.payer, p.id, "captured");
    // Capturing again is the same step: a no-op, nothing more at the provider.
    const twice = await call(users.payer)("POST", `${P}/${p.id}/capture`);
    expect(twice.statusCode).toBe(202);
    expect(twice.json()).toMatchObject({
      status: "captured",
      steps: [{ action: "capture", status: "completed", attempts: 1 }],
    });
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture"]);

    expect((await call(users.payer)("POST", `${P}/${p.id}/release`)).statusCode).toBe(202);
    const done = await until(users.payer, p.id, "released");
    expect(
      done.transitions.map((t: { from: string | null; to: string; idempotencyKey: string }) => [
        t.from,
        t.to,
        t.idempotencyKey,
      ]),
    ).toEqual([
      [null, "authorised", callKey(p.id, "authorise")],
      ["authorised", "captured", callKey(p.id, "capture")],
      ["captured", "released", callKey(p.id, "release")],
    ]);
    expect(done.transferRef).toMatch(/^ltr_/);
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture", "transfer"]);
    const transfer = (await provider.ledger(tenantA)).find(
      (r) => r.operation === "transfer" && r.chargeRef === p.providerRef,
    );
    expect(transfer).toMatchObject({
      destination: payeeAccount,
      amount: 123450,
      idempotencyKey: callKey(p.id, "release"),
    });
    // Refund after release: refused, nothing at the provider.
    expect((await call(users.payee)("POST", `${P}/${p.id}/refund`)).statusCode).toBe(409);
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture", "transfer"]);
  });

  test("capture and release queued together run in order; a refund is then refused", async () => {
    const p = (await pay(users.payer)).json();
    const payer = call(users.payer);
    expect((await payer("POST", `${P}/${p.id}/capture`)).statusCode).toBe(202);
    expect((await payer("POST", `${P}/${p.id}/release`)).statusCode).toBe(202);
    const refund = await call(users.payee)("POST", `${P}/${p.id}/refund`);
    expect(refund.statusCode).toBe(409);
    await until(users.payer, p.id, "released");
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture", "transfer"]);
  });

  test("captured → refunded by the payee's account; the refund is the provider's, once", async () => {
    const p = (await pay(users.payer)).json();
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    await until(users.payer, p.id, "captured");
    expect((await call(users.payee)("POST", `${P}/${p.id}/refund`)).statusCode).toBe(202);
    const done = await until(users.payee, p.id, "refunded");
    expect(done.refundRef).toMatch(/^lre_/);
    expect(done.transitions.at(-1)).toMatchObject({
      from: "captured",
      to: "refunded",
      idempotencyKey: callKey(p.id, "refund"),
    });
    expect((await call(users.payer)("POST", `${P}/${p.id}/release`)).statusCode).toBe(409);
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture", "refund"]);
  });

  test("a step run again after the provider answered (a crashed worker) captures once and records once", async () => {
    const p = (await pay(users.payer)).json();
    // A worker called the provider with the step's key, then died before its commit.
    await provider.capture(
      { tenantId: tenantA, idempotencyKey: callKey(p.id, "capture") },
      {
        ref: p.providerRef,
        amount: p.amount,
        currency: p.currency,
      },
    );
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    const done = await until(users.payer, p.id, "captured");
    expect(done.transitions.filter((t: { to: string }) => t.to === "captured")).toHaveLength(1);
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture"]);
    // A second capture under another key is refused by the provider itself.
    await expect(
      provider.capture(
        { tenantId: tenantA, idempotencyKey: randomUUID() },
        { ref: p.providerRef, amount: p.amount, currency: "EUR" },
      ),
    ).rejects.toThrow(/already captured/);
    // And the transition table cannot hold a second capture of one payment.
    await expect(
      env.db.query(
        `INSERT INTO "payment_transition" ("tenantId", "paymentId", "fromStatus", "toStatus", "idempotencyKey") VALUES ($1, $2, 'authorised', 'captured', $3)`,
        [tenantA, p.id, randomUUID()],
      ),
    ).rejects.toThrow(/uq_payment_transition_status/);
  });

  test("a capture that keeps failing fails for good after its attempts, and so does the release behind it", async () => {
    const p = (await pay(users.payer)).json();
    // The provider refuses every capture of this payment (its charge is unknown there).
    await env.db.query(`UPDATE "payment" SET "providerRef" = 'lch_unknown' WHERE "tenantId" = $1 AND "id" = $2`, [
      tenantA,
      p.id,
    ]);
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    await call(users.payer)("POST", `${P}/${p.id}/release`);
    const deadline = Date.now() + 10_000;
    let got;
    for (;;) {
      // Skip the backoff: each attempt is due at once.
      await env.db.query(`UPDATE "payment_step" SET "runAfter" = now() WHERE "tenantId" = $1 AND "paymentId" = $2`, [
        tenantA,
        p.id,
      ]);
      await env.app.payments.drain();
      got = (await as(env, users.payer)("GET", `${P}/${p.id}`)).json();
      if (got.steps.every((s: { status: string }) => s.status === "failed")) break;
      if (Date.now() > deadline) throw new Error(JSON.stringify(got.steps));
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(got.status).toBe("authorised");
    expect(got.steps).toMatchObject([
      { action: "capture", status: "failed", attempts: 5, lastError: "No such charge: lch_unknown." },
      { action: "release", status: "failed" },
    ]);
    expect(await ops(tenantA, "lch_unknown")).toEqual([]);
  });

  test("a declined authorisation is 422 at /body/paymentMethod and records nothing", async () => {
    const res = await pay(users.payer, { paymentMethod: "local_decline" }, "declined-1");
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0].pointer).toBe("/body/paymentMethod");
    const { rows } = await env.db.query(`SELECT 1 FROM "payment" WHERE "requestKey" LIKE '%:declined-1'`);
    expect(rows).toHaveLength(0);
  });
});

describe("the provider's webhook", () => {
  const hook = (slug: string, body: string, signature: string | null) =>
    call(null, slug)("POST", `${P}/webhook`, body, {
      "content-type": "application/json",
      ...(signature ? { "x-local-payments-signature": signature } : {}),
    });

  test("a missing, wrong or stale signature is 400 problem+json and changes nothing", async () => {
    const p = (await pay(users.payer)).json();
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    await until(users.payer, p.id, "captured");
    const body = JSON.stringify({ id: "evt_bad_1", type: "dispute", ref: p.providerRef });
    const refusals = [
      null,
      signLocalWebhook(body, "not-the-secret"),
      signLocalWebhook(body, SECRET, Math.floor(Date.now() / 1000) - 3600),
      signLocalWebhook(body.replace("dispute", "refund"), SECRET),
    ];
    for (const signature of refusals) {
      const res = await hook("pay-a", body, signature);
      expect(res.statusCode, String(signature)).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json().errors).toEqual([
        { pointer: "/headers/x-local-payments-signature", message: "does not verify" },
      ]);
    }
    const after = (await as(env, users.payer)("GET", `${P}/${p.id}`)).json();
    expect(after.status).toBe("captured");
    expect(after.transitions).toHaveLength(2);
  });

  test("a signed dispute moves a captured payment to disputed once; a replay and other tenants change nothing", async () => {
    const p = (await pay(users.payer)).json();
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    await until(users.payer, p.id, "captured");
    const body = JSON.stringify({ id: "evt_dispute_1", type: "dispute", ref: p.providerRef });
    // Tenant B's webhook with A's charge: nothing of A's is found there.
    const elsewhere = await hook("pay-b", body, signLocalWebhook(body, SECRET));
    expect(elsewhere.json()).toEqual({ received: true, applied: false, paymentId: null });
    const first = await hook("pay-a", body, signLocalWebhook(body, SECRET));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ received: true, applied: true, paymentId: p.id });
    const replay = await hook("pay-a", body, signLocalWebhook(body, SECRET));
    expect(replay.json()).toMatchObject({ applied: false });
    const got = (await as(env, users.payer)("GET", `${P}/${p.id}`)).json();
    expect(got.status).toBe("disputed");
    expect(got.transitions.at(-1)).toMatchObject({
      from: "captured",
      to: "disputed",
      idempotencyKey: "webhook:evt_dispute_1",
    });
    // A refund made at the provider (its dashboard) is recorded the same way.
    const q = (await pay(users.payer)).json();
    await call(users.payer)("POST", `${P}/${q.id}/capture`);
    await until(users.payer, q.id, "captured");
    const refunded = JSON.stringify({ id: "evt_refund_1", type: "refund", ref: q.providerRef });
    expect((await hook("pay-a", refunded, signLocalWebhook(refunded, SECRET))).json()).toMatchObject({ applied: true });
    expect((await as(env, users.payer)("GET", `${P}/${q.id}`)).json().status).toBe("refunded");
    // A release queued now fails: the payment is disputed; the provider sees no transfer.
    expect((await call(users.payer)("POST", `${P}/${p.id}/release`)).statusCode).toBe(409);
    expect(await ops(tenantA, p.providerRef)).toEqual(["authorise", "capture"]);
  });
});

describe("who may see and move a payment", () => {
  let id: string;
  beforeAll(async () => {
    id = (await pay(users.payer, { amount: 990 })).json().id;
  });

  test("the payer, the payee account's members and admins see it; anyone else gets 404", async () => {
    for (const u of [users.payer, users.payee, users.admin])
      expect((await call(u)("GET", `${P}/${id}`)).statusCode).toBe(200);
    expect((await call(users.other)("GET", `${P}/${id}`)).statusCode).toBe(404);
    expect((await call(users.other)("POST", `${P}/${id}/capture`)).statusCode).toBe(404);
    expect((await call(null, "pay-a")("GET", `${P}/${id}`)).statusCode).toBe(401);
    const list = (u: LabUser) => call(u)("GET", P).then((r) => r.json().data.map((p: { id: string }) => p.id));
    expect(await list(users.payee)).toContain(id);
    expect(await list(users.admin)).toContain(id);
    expect(await list(users.other)).toEqual([]);
  });

  test("the payee may not capture or release, the payer may not refund (403)", async () => {
    expect((await call(users.payee)("POST", `${P}/${id}/capture`)).statusCode).toBe(403);
    expect((await call(users.payer)("POST", `${P}/${id}/capture`)).statusCode).toBe(202);
    await until(users.payer, id, "captured");
    expect((await call(users.payee)("POST", `${P}/${id}/release`)).statusCode).toBe(403);
    expect((await call(users.payer)("POST", `${P}/${id}/refund`)).statusCode).toBe(403);
    // A tenant admin may do either.
    expect((await call(users.admin)("POST", `${P}/${id}/refund`)).statusCode).toBe(202);
    await until(users.admin, id, "refunded");
  });

  test("two tenants: neither sees nor pays into the other's", async () => {
    const b = call(users.payerB);
    expect((await b("GET", `${P}/${id}`)).statusCode).toBe(404);
    expect((await call(users.adminB)("GET", `${P}/${id}`)).statusCode).toBe(404);
    expect((await call(users.adminB)("POST", `${P}/${id}/refund`)).statusCode).toBe(404);
    expect((await call(users.adminB)("GET", `${P}/${id}/invoice`)).statusCode).toBe(404);
    expect((await call(users.adminB)("GET", P)).json().data).toEqual([]);
    // An account of tenant A is no payee in tenant B.
    const cross = await b("POST", P, { payeeAccountId: payeeAccount, amount: 100, currency: "EUR" });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().errors[0].pointer).toBe("/body/payeeAccountId");
    const own = await b("POST", P, { payeeAccountId: payeeAccountB, amount: 100, currency: "EUR" });
    expect(own.statusCode).toBe(201);
    expect((await call(users.admin)("GET", `${P}/${own.json().id}`)).statusCode).toBe(404);
    expect((await call(users.admin)("GET", P)).json().data.map((p: { id: string }) => p.id)).not.toContain(
      own.json().id,
    );
    // The same Idempotency-Key in both tenants: two payments.
    const k = randomUUID();
    const inA = await pay(users.payer, {}, k);
    const inB = await b(
      "POST",
      P,
      { payeeAccountId: payeeAccountB, amount: 100, currency: "EUR" },
      { "idempotency-key": k },
    );
    expect([inA.statusCode, inB.statusCode]).toEqual([201, 201]);
    expect(inA.json().id).not.toBe(inB.json().id);
  });
});

describe("bad input", () => {
  test("is 400 problem+json with a pointer per problem, never a 5xx", async () => {
    const payer = call(users.payer);
    const cases: [string, string, unknown, string[]][] = [
      ["POST", P, { payeeAccountId: payeeAccount, currency: "EUR" }, ["/body/amount"]],
      ["POST", P, { payeeAccountId: payeeAccount, amount: 0, currency: "EUR" }, ["/body/amount"]],
      ["POST", P, { payeeAccountId: payeeAccount, amount: 1.5, currency: "EUR" }, ["/body/amount"]],
      ["POST", P, { payeeAccountId: payeeAccount, amount: 100, currency: "eur" }, ["/body/currency"]],
      ["POST", P, { payeeAccountId: payeeAccount, amount: 100, currency: "XQQ" }, ["/body/currency"]],
      ["POST", P, { payeeAccountId: "nope", amount: 100, currency: "EUR" }, ["/body/payeeAccountId"]],
      ["POST", P, { payeeAccountId: randomUUID(), amount: 100, currency: "EUR" }, ["/body/payeeAccountId"]],
      ["POST", P, { payeeAccountId: payeeAccount, amount: 100, currency: "EUR", extra: 1 }, ["/body/extra"]],
      ["GET", `${P}/not-a-uuid`, undefined, ["/params/id"]],
      ["POST", `${P}/not-a-uuid/capture`, undefined, ["/params/id"]],
      ["GET", `${P}?limit=0`, undefined, ["/query/limit"]],
    ];
    for (const [method, url, body, pointers] of cases) {
      const res = await payer(method as "GET", url, body);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(pointers);
    }
    const p = (await pay(users.payer)).json();
    const locale = await payer("GET", `${P}/${p.id}/invoice?locale=${encodeURIComponent("12-!")}`);
    expect(locale.statusCode).toBe(400);
    expect(locale.json().errors[0].pointer).toBe("/query/locale");
  });
});

describe("invoices and receipts", () => {
  /** The text a PDF shows (pdfkit's uncompressed hex strings in TJ operators, WinAnsi). */
  const textOf = (pdf: Buffer) =>
    [...pdf.toString("latin1").matchAll(/\[([^\]]*)\] TJ/g)]
      .map((tj) =>
        [...tj[1].matchAll(/<([0-9a-f]+)>/g)]
          .map((m) => Buffer.from(m[1], "hex").toString("latin1").replace(/\x80/g, "€"))
          .join(""),
      )
      .join(" ");

  test("in the tenant's name and the locale's formats; a receipt only once captured", async () => {
    const p = (await pay(users.payer)).json();
    const receipt = await call(users.payer)("GET", `${P}/${p.id}/receipt`);
    expect(receipt.statusCode).toBe(409);
    const invoice = await call(users.payee)("GET", `${P}/${p.id}/invoice?locale=de-DE`);
    expect(invoice.statusCode).toBe(200);
    expect(invoice.headers["content-type"]).toBe("application/pdf");
    expect(invoice.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = textOf(invoice.rawPayload);
    expect(text).toContain("Harbour Lofts");
    expect(text).toContain("Invoice");
    expect(text).toMatch(/Amount due: 1\.234,50\s€/);
    expect(text).toContain("Thank you");
    // The brand's colour is the heading's fill (0x0a7f5a as pdfkit's RGB fractions).
    expect(invoice.rawPayload.toString("latin1")).toMatch(/0\.03921\d* 0\.49803\d* 0\.35294\d* scn/);
    await call(users.payer)("POST", `${P}/${p.id}/capture`);
    await until(users.payer, p.id, "captured");
    const fr = textOf((await call(users.payer)("GET", `${P}/${p.id}/receipt?locale=fr-FR`)).rawPayload);
    expect(fr).toContain("Receipt");
    // fr-FR groups with U+202F, which the PDF's font shows as a no-break space.
    expect(fr).toMatch(/Paid: 1\xa0234,50\xa0€/);
    const en = textOf((await call(users.payer)("GET", `${P}/${p.id}/receipt?locale=en-US`)).rawPayload);
    expect(en).toContain("€1,234.50");
    expect((await call(users.other)("GET", `${P}/${p.id}/receipt`)).statusCode).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  test("every answer of the payments routes matches /openapi.json", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url.split("?")[0].replace(/^(\/api\/v1\/tenant\/payments\/)(?!webhook$)[^/]+/, "$1{id}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(9);
    expect(counts.mismatches).toEqual([]);
  });
});
