/**
 * The payments API on the Stripe Connect provider end to end (PostgreSQL), with the official SDK
 * pointed at a STAND-IN for Stripe (a local node:http server answering the recorded fixtures of
 * fixtures/stripe-connect.json; no test can reach Stripe): a payment without a payment method is
 * 400, one with it authorises a manual-capture PaymentIntent keyed by the payment's
 * authorise key; capture and release reach the stand-in once each with their step keys (the
 * payout a Transfer to the payee account's `settings.stripeAccount`); a Stripe-signed
 * dispute (stripe.webhooks.generateTestHeaderString) is applied, a badly signed one is 400.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { callKey } from "../src/payments/payment-service.ts";
import { StripePaymentProvider } from "../src/payments/stripe-provider.ts";
import { as, startLab, type LabEnv, type LabUser } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

type Exchange = { request?: { method: string; path: string }; response: { status: number; body: unknown } };
const FIX = JSON.parse(readFileSync(new URL("./fixtures/stripe-connect.json", import.meta.url), "utf8")) as Record<
  string,
  Exchange
>;
const WHSEC = "whsec_app_standin_0123456789";
const P = "/api/v1/tenant/payments";
const seen: { method: string; path: string; form: Record<string, string>; key: string | undefined }[] = [];
let stripeStandIn: Server;
let env: LabEnv;
let payer: LabUser;
let payeeAccount: string;

beforeAll(async () => {
  stripeStandIn = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const path = new URL(req.url!, "http://stand-in").pathname;
      seen.push({
        method: req.method!,
        path,
        form: Object.fromEntries(new URLSearchParams(text)),
        key: req.headers["idempotency-key"] as string | undefined,
      });
      const x = Object.values(FIX).find((f) => f.request?.path === path && f.request.method === req.method);
      res.writeHead(x ? x.response.status : 404, { "content-type": "application/json" });
      res.end(
        JSON.stringify(x ? x.response.body : { error: { type: "invalid_request_error", message: "no fixture" } }),
      );
    });
  });
  await new Promise<void>((resolve) => stripeStandIn.listen(0, "127.0.0.1", resolve));
  const { port } = stripeStandIn.address() as AddressInfo;
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  const provider = new StripePaymentProvider({
    secretKey: "sk_test_standin",
    webhookSecret: WHSEC,
    connectedAccount: async (tenantId, accountId) => {
      const { rows } = await db.query<{ acct: string }>(
        `SELECT "settings"->>'stripeAccount' AS "acct" FROM "account" WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, accountId],
      );
      return rows[0].acct;
    },
    sdk: { host: "127.0.0.1", port, protocol: "http", httpClient: Stripe.createNodeHttpClient(), maxNetworkRetries: 0 },
  });
  env = await startLab(
    db,
    async () => {
      await db.close();
      await testDb.drop();
    },
    { options: { payments: { provider } } },
  );
  const tenant = await env.tenant("stripe-app");
  payeeAccount = (
    await db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name", "settings") VALUES ($1, 'company', 'Payee', '{"stripeAccount":"acct_1PqTestPayee01"}') RETURNING "id"`,
      [tenant],
    )
  ).rows[0].id;
  payer = await env.user(tenant, "stripe-app", [["user", null]]);
}, 60_000);

afterAll(async () => {
  await env?.close();
  await new Promise((resolve) => stripeStandIn?.close(resolve));
});

test("authorise, capture, release and a dispute through the API reach the Stripe stand-in once each", async () => {
  const call = as(env, payer);
  const missing = await call("POST", P, { payeeAccountId: payeeAccount, amount: 4200, currency: "EUR" });
  expect(missing.statusCode).toBe(400);
  expect(missing.json().errors).toEqual([{ pointer: "/body/paymentMethod", message: "is required" }]);
  expect(seen).toEqual([]);

  const made = await call("POST", P, {
    payeeAccountId: payeeAccount,
    amount: 4200,
    currency: "EUR",
    paymentMethod: "pm_card_visa",
  });
  expect(made.statusCode, made.body).toBe(201);
  const p = made.json();
  expect(p).toMatchObject({ provider: "stripe", providerRef: "pi_3PqTestAuth0001", status: "authorised" });
  expect(seen[0]).toMatchObject({
    method: "POST",
    path: "/v1/payment_intents",
    key: callKey(p.id, "authorise"),
    form: { amount: "4200", currency: "eur", capture_method: "manual", confirm: "true", transfer_group: p.id },
  });

  await call("POST", `${P}/${p.id}/capture`);
  await call("POST", `${P}/${p.id}/release`);
  const deadline = Date.now() + 10_000;
  while ((await call("GET", `${P}/${p.id}`)).json().status !== "released") {
    if (Date.now() > deadline) throw new Error((await call("GET", `${P}/${p.id}`)).body);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(seen.map((s) => [s.method, s.path, s.key])).toEqual([
    ["POST", "/v1/payment_intents", callKey(p.id, "authorise")],
    ["POST", "/v1/payment_intents/pi_3PqTestAuth0001/capture", callKey(p.id, "capture")],
    ["GET", "/v1/payment_intents/pi_3PqTestAuth0001", undefined],
    ["POST", "/v1/transfers", callKey(p.id, "release")],
  ]);
  expect(seen[3].form).toMatchObject({ destination: "acct_1PqTestPayee01", source_transaction: "ch_3PqTestCharge001" });
  const got = (await call("GET", `${P}/${p.id}`)).json();
  expect(got.transferRef).toBe("tr_1PqTestTransfer");

  // Webhooks: a dispute of this (released) payment signed with another secret is refused;
  // signed with the endpoint's secret it is verified and, the payment being released, not applied.
  const stripe = new Stripe("sk_test_standin");
  const event = JSON.stringify(FIX.disputeEvent);
  const hook = (secret: string) =>
    as(env, null, "stripe-app")("POST", `${P}/webhook`, event, {
      "content-type": "application/json",
      "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: event, secret }),
    });
  const bad = await hook("whsec_wrong");
  expect(bad.statusCode).toBe(400);
  expect(bad.json().errors).toEqual([{ pointer: "/headers/stripe-signature", message: "does not verify" }]);
  const good = await hook(WHSEC);
  expect(good.json()).toEqual({ received: true, applied: false, paymentId: p.id });
  expect((await call("GET", `${P}/${p.id}`)).json().status).toBe("released");
});
