/**
 * The Stripe Connect provider (runtime/src/payments/stripe-provider.ts) with the official SDK.
 * No test here can reach Stripe, so the SDK is pointed at a STAND-IN: a local HTTP server
 * (node:http, named `stripeStandIn` below) that checks each request against the recorded
 * fixtures in fixtures/stripe-connect.json (method, path, form fields, Idempotency-Key) and
 * answers the fixture's response, replaying the first answer for a repeated key as Stripe
 * does. Webhook signatures are made with the SDK's own stripe.webhooks.generateTestHeaderString
 * and checked with constructEvent, so a wrong secret, a changed body, a stale timestamp or a
 * missing header are refused.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PaymentDeclinedError, WebhookSignatureError } from "../src/payments/provider.ts";
import { StripePaymentProvider } from "../src/payments/stripe-provider.ts";

type Exchange = {
  request: { method: string; path: string; form: Record<string, string>; idempotencyKey?: string };
  response: { status: number; body: unknown };
};
const FIX = JSON.parse(readFileSync(new URL("./fixtures/stripe-connect.json", import.meta.url), "utf8")) as Record<
  string,
  Exchange
> & { declined: { response: Exchange["response"] }; disputeEvent: unknown; refundedEvent: unknown };

const PAYMENT = "0b5c2f7e-8a51-4c1e-9d7a-3f1e2d4c5b6a";
const TENANT = "7d3f2a10-0c1b-4e5f-8a9b-1c2d3e4f5a6b";
const PAYEE = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const WHSEC = "whsec_test_standin_0123456789";

interface Seen {
  method: string;
  path: string;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}
const seen: Seen[] = [];
/** What the stand-in answers next for a path (a test sets a failure); else the fixture. */
const overrides = new Map<string, { status: number; body: unknown; headers?: Record<string, string> }[]>();
const replays = new Map<string, { status: number; body: unknown }>();
let stripeStandIn: Server;
let provider: StripePaymentProvider;

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => resolve(text));
  });

beforeAll(async () => {
  stripeStandIn = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://stand-in");
    const form = Object.fromEntries(new URLSearchParams(await body(req)));
    const key = req.headers["idempotency-key"] as string | undefined;
    seen.push({
      method: req.method!,
      path: url.pathname,
      form,
      idempotencyKey: key,
      authorization: req.headers.authorization,
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": `req_${seen.length}`, ...headers });
      res.end(JSON.stringify(payload));
    };
    const queued = overrides.get(url.pathname)?.shift();
    if (queued) return send(queued.status, queued.body, queued.headers);
    if (key && replays.has(key))
      return send(replays.get(key)!.status, replays.get(key)!.body, { "idempotent-replayed": "true" });
    const exchange = Object.values(FIX).find(
      (x) => (x as Exchange).request?.path === url.pathname && (x as Exchange).request.method === req.method,
    ) as Exchange | undefined;
    if (!exchange)
      return send(404, {
        error: { type: "invalid_request_error", message: `stand-in: no fixture for ${url.pathname}` },
      });
    if (key) replays.set(key, exchange.response);
    send(exchange.response.status, exchange.response.body);
  });
  await new Promise<void>((resolve) => stripeStandIn.listen(0, "127.0.0.1", resolve));
  const { port } = stripeStandIn.address() as AddressInfo;
  provider = new StripePaymentProvider({
    secretKey: "sk_test_standin",
    webhookSecret: WHSEC,
    connectedAccount: async (tenantId, accountId) => {
      expect([tenantId, accountId]).toEqual([TENANT, PAYEE]);
      return "acct_1PqTestPayee01";
    },
    sdk: { host: "127.0.0.1", port, protocol: "http", httpClient: Stripe.createNodeHttpClient() },
  });
});

afterAll(async () => {
  await new Promise((resolve) => stripeStandIn?.close(resolve));
});

const expectRequest = (got: Seen, fixture: Exchange["request"]) => {
  expect({ method: got.method, path: got.path, form: got.form, key: got.idempotencyKey }).toEqual({
    method: fixture.method,
    path: fixture.path,
    form: fixture.form,
    key: fixture.idempotencyKey,
  });
  expect(got.authorization).toBe("Bearer sk_test_standin");
};
const call = (op: string) => ({ tenantId: TENANT, idempotencyKey: `${PAYMENT}:${op}` });
const charge = { ref: "pi_3PqTestAuth0001", amount: 4200, currency: "EUR" };

describe("the Stripe Connect provider's requests (against recorded fixtures, via a local stand-in)", () => {
  test("authorise: a manual-capture PaymentIntent, confirmed with the payer's method, keyed", async () => {
    seen.length = 0;
    const got = await provider.authorise(call("authorise"), {
      paymentId: PAYMENT,
      amount: 4200,
      currency: "EUR",
      payeeAccountId: PAYEE,
      paymentMethod: "pm_card_visa",
      description: "Two nights",
    });
    expect(got).toEqual({ ref: "pi_3PqTestAuth0001" });
    expect(seen).toHaveLength(1);
    expectRequest(seen[0], FIX.authorise.request);
  });

  test("capture, refund and transfer (to the payee's connected account, from the captured charge)", async () => {
    seen.length = 0;
    expect(await provider.capture(call("capture"), charge)).toEqual({ ref: "pi_3PqTestAuth0001" });
    expect(await provider.refund(call("refund"), charge)).toEqual({ ref: "re_3PqTestRefund01" });
    expect(await provider.transfer(call("release"), { ...charge, paymentId: PAYMENT, payeeAccountId: PAYEE })).toEqual({
      ref: "tr_1PqTestTransfer",
    });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /v1/payment_intents/pi_3PqTestAuth0001/capture",
      "POST /v1/refunds",
      "GET /v1/payment_intents/pi_3PqTestAuth0001",
      "POST /v1/transfers",
    ]);
    expectRequest(seen[0], FIX.capture.request);
    expectRequest(seen[1], FIX.refund.request);
    expect(seen[2]).toMatchObject({ method: "GET", path: FIX.retrieve.request.path, form: {} });
    expectRequest(seen[3], FIX.transfer.request);
  });

  test("a failed attempt is retried by the SDK with the same Idempotency-Key; a repeated call is replayed", async () => {
    seen.length = 0;
    overrides.set(FIX.capture.request.path, [
      {
        status: 500,
        body: { error: { type: "api_error", message: "stand-in: try again" } },
        headers: { "stripe-should-retry": "true" },
      },
    ]);
    expect(await provider.capture(call("capture"), charge)).toEqual({ ref: "pi_3PqTestAuth0001" });
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.idempotencyKey)).toEqual([`${PAYMENT}:capture`, `${PAYMENT}:capture`]);
    expectRequest(seen[1], FIX.capture.request);
    // The step run again (after a crash): the same key, and the stand-in replays Stripe's first answer.
    expect(await provider.capture(call("capture"), charge)).toEqual({ ref: "pi_3PqTestAuth0001" });
    expect(seen[2].idempotencyKey).toBe(`${PAYMENT}:capture`);
  });

  test("a declined card is a PaymentDeclinedError (the route's 422)", async () => {
    overrides.set("/v1/payment_intents", [FIX.declined.response]);
    await expect(
      provider.authorise(
        { tenantId: TENANT, idempotencyKey: "declined:authorise" },
        {
          paymentId: PAYMENT,
          amount: 4200,
          currency: "EUR",
          payeeAccountId: PAYEE,
          paymentMethod: "pm_card_chargeDeclined",
        },
      ),
    ).rejects.toBeInstanceOf(PaymentDeclinedError);
  });
});

describe("Stripe webhook signatures (stripe.webhooks.generateTestHeaderString / constructEvent)", () => {
  const stripe = new Stripe("sk_test_standin");
  const payload = JSON.stringify(FIX.disputeEvent);
  const header = (p = payload, secret = WHSEC, timestamp?: number) =>
    stripe.webhooks.generateTestHeaderString({ payload: p, secret, ...(timestamp ? { timestamp } : {}) });

  test("a signed dispute and a signed refund are read as the escrow's events", () => {
    expect(provider.verifyWebhook(payload, { "stripe-signature": header() })).toEqual({
      id: "evt_1PqTestDispute1",
      kind: "dispute",
      ref: "pi_3PqTestAuth0001",
    });
    const refunded = JSON.stringify(FIX.refundedEvent);
    expect(provider.verifyWebhook(refunded, { "stripe-signature": header(refunded) })).toEqual({
      id: "evt_1PqTestRefunded",
      kind: "refund",
      ref: "pi_3PqTestAuth0001",
    });
  });

  test("a wrong secret, a changed body, a stale signature or none are refused", () => {
    const refusals: [string, Record<string, string>][] = [
      [payload, { "stripe-signature": header(payload, "whsec_wrong") }],
      [payload.replace("fraudulent", "duplicate"), { "stripe-signature": header() }],
      [payload, { "stripe-signature": header(payload, WHSEC, Math.floor(Date.now() / 1000) - 3600) }],
      [payload, {}],
    ];
    for (const [p, headers] of refusals)
      expect(() => provider.verifyWebhook(p, headers)).toThrow(WebhookSignatureError);
  });
});
