/**
 * The local payment provider, for development and tests: no money moves, but it keeps its own
 * state in PostgreSQL (`payment_ledger`, one row per call, unique per tenant and idempotency
 * key), so it is durable and idempotent as a real provider is: a key seen before answers the
 * stored result, and the ledger is the proof of what the "provider" was asked to do. It checks
 * a charge's state as a provider would (capture once, then either refund or transfer, once).
 * Webhooks are signed like Stripe's: `X-Local-Payments-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>" with the webhook secret>`.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Database, SqlSession } from "../db/database.ts";
import {
  headerOf,
  PaymentDeclinedError,
  ProviderStateError,
  WebhookSignatureError,
  type AuthoriseInput,
  type ChargeInput,
  type PaymentProvider,
  type ProviderCall,
  type ProviderEvent,
  type TransferInput,
} from "./provider.ts";

export const LOCAL_SIGNATURE_HEADER = "x-local-payments-signature";
/** A signature older (or newer) than this is refused, as Stripe's default tolerance. */
const TOLERANCE_S = 300;

/** Signs a webhook body for the local provider (what a dev tool or a test sends). */
export function signLocalWebhook(body: string, secret: string, at = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`;
}

interface LedgerRow {
  operation: string;
  chargeRef: string;
  result: { ref: string };
}

export class LocalPaymentProvider implements PaymentProvider {
  readonly name = "local";
  readonly signatureHeader = LOCAL_SIGNATURE_HEADER;
  readonly requiresPaymentMethod = false;

  constructor(
    private readonly db: Database,
    private readonly webhookSecret: string,
  ) {}

  async authorise(call: ProviderCall, input: AuthoriseInput) {
    if (input.paymentMethod === "local_decline")
      throw new PaymentDeclinedError("The local provider declines the method `local_decline`.");
    return this.db.transaction(async (tx) => {
      const seen = await this.seen(tx, call, "authorise");
      if (seen) return seen;
      const ref = `lch_${randomBytes(12).toString("hex")}`;
      return this.record(tx, call, "authorise", ref, input.amount, input.currency, null, { ref });
    });
  }

  capture(call: ProviderCall, input: ChargeInput) {
    return this.follow(call, "capture", input, null, (ops) => {
      if (ops.includes("capture")) throw new ProviderStateError("This charge is already captured.");
    });
  }

  refund(call: ProviderCall, input: ChargeInput) {
    return this.follow(call, "refund", input, null, (ops) => {
      if (!ops.includes("capture")) throw new ProviderStateError("This charge is not captured.");
      if (ops.includes("refund") || ops.includes("transfer"))
        throw new ProviderStateError("This charge is already refunded or paid out.");
    });
  }

  transfer(call: ProviderCall, input: TransferInput) {
    return this.follow(call, "transfer", input, input.payeeAccountId, (ops) => {
      if (!ops.includes("capture")) throw new ProviderStateError("This charge is not captured.");
      if (ops.includes("refund") || ops.includes("transfer"))
        throw new ProviderStateError("This charge is already refunded or paid out.");
    });
  }

  verifyWebhook(rawBody: string, headers: Readonly<Record<string, string | string[] | undefined>>): ProviderEvent {
    const header = headerOf(headers, LOCAL_SIGNATURE_HEADER);
    const parts = new Map(
      (header ?? "").split(",").map((p) => [p.slice(0, p.indexOf("=")).trim(), p.slice(p.indexOf("=") + 1)]),
    );
    const t = Number(parts.get("t"));
    const v1 = parts.get("v1") ?? "";
    if (!header || !Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1))
      throw new WebhookSignatureError("No valid signature header.");
    if (Math.abs(Date.now() / 1000 - t) > TOLERANCE_S)
      throw new WebhookSignatureError("The signature's timestamp is outside the tolerance.");
    const expected = createHmac("sha256", this.webhookSecret).update(`${t}.${rawBody}`).digest();
    if (!timingSafeEqual(expected, Buffer.from(v1, "hex")))
      throw new WebhookSignatureError("The signature does not match the body.");
    let event: { id?: unknown; type?: unknown; ref?: unknown };
    try {
      event = JSON.parse(rawBody);
    } catch {
      throw new WebhookSignatureError("The signed body is not JSON.");
    }
    if (typeof event?.id !== "string") throw new WebhookSignatureError("The signed event has no id.");
    const kind = event.type === "dispute" ? "dispute" : event.type === "refund" ? "refund" : "other";
    return { id: event.id, kind, ref: typeof event.ref === "string" ? event.ref : null };
  }

  /** The ledger of a tenant (tests and the dev console read what the "provider" did). */
  async ledger(tenantId: string) {
    const { rows } = await this.db.query<{
      operation: string;
      chargeRef: string;
      idempotencyKey: string;
      amount: number;
      destination: string | null;
    }>(
      `SELECT "operation", "chargeRef", "idempotencyKey", "amount", "destination" FROM "payment_ledger"
       WHERE "tenantId" = $1 ORDER BY "createdAt", "id"`,
      [tenantId],
    );
    return rows;
  }

  /** A call on an authorised charge: under the charge's lock, the key first, then the state check. */
  private follow(
    call: ProviderCall,
    operation: string,
    input: ChargeInput,
    destination: string | null,
    check: (operations: string[]) => void,
  ): Promise<{ ref: string }> {
    return this.db.transaction(async (tx) => {
      const charge = await tx.query<{ amount: number; currency: string }>(
        `SELECT "amount", "currency" FROM "payment_ledger"
         WHERE "tenantId" = $1 AND "chargeRef" = $2 AND "operation" = 'authorise' FOR UPDATE`,
        [call.tenantId, input.ref],
      );
      if (!charge.rows.length) throw new ProviderStateError(`No such charge: ${input.ref}.`);
      const seen = await this.seen(tx, call, operation);
      if (seen) return seen;
      if (input.amount > charge.rows[0].amount || input.currency !== charge.rows[0].currency)
        throw new ProviderStateError("The amount or currency differs from the authorisation.");
      const ops = await tx.query<{ operation: string }>(
        `SELECT "operation" FROM "payment_ledger" WHERE "tenantId" = $1 AND "chargeRef" = $2`,
        [call.tenantId, input.ref],
      );
      check(ops.rows.map((r) => r.operation));
      const ref = operation === "capture" ? input.ref : `l${operation.slice(0, 2)}_${randomBytes(12).toString("hex")}`;
      return this.record(tx, call, operation, input.ref, input.amount, input.currency, destination, { ref });
    });
  }

  private async seen(tx: SqlSession, call: ProviderCall, operation: string): Promise<{ ref: string } | null> {
    const { rows } = await tx.query<LedgerRow>(
      `SELECT "operation", "chargeRef", "result" FROM "payment_ledger" WHERE "tenantId" = $1 AND "idempotencyKey" = $2`,
      [call.tenantId, call.idempotencyKey],
    );
    if (!rows.length) return null;
    if (rows[0].operation !== operation)
      throw new ProviderStateError(`The idempotency key was used for a ${rows[0].operation}.`);
    return rows[0].result;
  }

  private async record(
    tx: SqlSession,
    call: ProviderCall,
    operation: string,
    chargeRef: string,
    amount: number,
    currency: string,
    destination: string | null,
    result: { ref: string },
  ) {
    // Two calls with one key at once: the second waits on the unique key, then reads the first's row.
    const { rows } = await tx.query<{ result: { ref: string } }>(
      `INSERT INTO "payment_ledger" ("tenantId", "idempotencyKey", "operation", "chargeRef", "amount", "currency", "destination", "result")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING RETURNING "result"`,
      [call.tenantId, call.idempotencyKey, operation, chargeRef, amount, currency, destination, JSON.stringify(result)],
    );
    if (rows.length) return rows[0].result;
    const again = await this.seen(tx, call, operation);
    return again!;
  }
}
