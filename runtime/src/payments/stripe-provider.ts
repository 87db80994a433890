/**
 * Stripe Connect behind the payment provider port, with the official `stripe` SDK: a
 * PaymentIntent with `capture_method: "manual"` holds the payer's money (authorise), is captured
 * into the platform's balance (escrow), and is either refunded or paid out to the payee's
 * connected account by a Transfer (`transfer_group` = the payment's id, `source_transaction` the
 * captured charge). Every request carries the call's idempotency key as Stripe's
 * `Idempotency-Key`, so Stripe answers a repeated call with the first result. Webhooks are
 * verified with `stripe.webhooks.constructEvent` (the `Stripe-Signature` header).
 *
 * No test here can reach Stripe: runtime/test/payments-stripe.test.ts checks the requests this
 * sends against recorded fixtures, through the SDK's own HTTP client pointed at a local stand-in.
 */
import Stripe from "stripe";
import {
  PaymentDeclinedError,
  ProviderStateError,
  WebhookSignatureError,
  headerOf,
  type AuthoriseInput,
  type ChargeInput,
  type PaymentProvider,
  type ProviderCall,
  type ProviderEvent,
  type TransferInput,
} from "./provider.ts";

export interface StripeProviderOptions {
  /** A secret key (`sk_test_…` in test mode). */
  readonly secretKey: string;
  /** The endpoint's signing secret (`whsec_…`). */
  readonly webhookSecret: string;
  /** The payee's Stripe connected account (`acct_…`) for a platform account of a tenant. */
  readonly connectedAccount: (tenantId: string, payeeAccountId: string) => Promise<string>;
  /** SDK settings for tests: the host, port, protocol and HTTP client of a local stand-in. */
  readonly sdk?: Stripe.StripeConfig;
}

const isStripeError = (e: unknown): e is { type: string; code?: string; message: string } =>
  !!e && typeof e === "object" && typeof (e as { type?: unknown }).type === "string" && e instanceof Error;

export class StripePaymentProvider implements PaymentProvider {
  readonly name = "stripe";
  readonly signatureHeader = "stripe-signature";
  readonly requiresPaymentMethod = true;
  readonly stripe: Stripe;

  constructor(private readonly options: StripeProviderOptions) {
    this.stripe = new Stripe(options.secretKey, { maxNetworkRetries: 2, ...options.sdk });
  }

  async authorise(call: ProviderCall, input: AuthoriseInput) {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          capture_method: "manual",
          confirm: true,
          payment_method: input.paymentMethod,
          ...(input.description ? { description: input.description } : {}),
          transfer_group: input.paymentId,
          metadata: { tenantId: call.tenantId, paymentId: input.paymentId, payeeAccountId: input.payeeAccountId },
        },
        { idempotencyKey: call.idempotencyKey },
      );
      return { ref: intent.id };
    } catch (e) {
      throw this.mapped(e);
    }
  }

  async capture(call: ProviderCall, input: ChargeInput) {
    try {
      const intent = await this.stripe.paymentIntents.capture(
        input.ref,
        { amount_to_capture: input.amount },
        { idempotencyKey: call.idempotencyKey },
      );
      return { ref: intent.id };
    } catch (e) {
      throw this.mapped(e);
    }
  }

  async refund(call: ProviderCall, input: ChargeInput) {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: input.ref, amount: input.amount },
        { idempotencyKey: call.idempotencyKey },
      );
      return { ref: refund.id };
    } catch (e) {
      throw this.mapped(e);
    }
  }

  async transfer(call: ProviderCall, input: TransferInput) {
    try {
      const destination = await this.options.connectedAccount(call.tenantId, input.payeeAccountId);
      const intent = await this.stripe.paymentIntents.retrieve(input.ref);
      const charge = typeof intent.latest_charge === "string" ? intent.latest_charge : intent.latest_charge?.id;
      const transfer = await this.stripe.transfers.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          destination,
          transfer_group: input.paymentId,
          ...(charge ? { source_transaction: charge } : {}),
          metadata: { tenantId: call.tenantId, paymentId: input.paymentId },
        },
        { idempotencyKey: call.idempotencyKey },
      );
      return { ref: transfer.id };
    } catch (e) {
      throw this.mapped(e);
    }
  }

  verifyWebhook(rawBody: string, headers: Readonly<Record<string, string | string[] | undefined>>): ProviderEvent {
    const signature = headerOf(headers, this.signatureHeader);
    if (!signature) throw new WebhookSignatureError("No Stripe-Signature header.");
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret);
    } catch (e) {
      throw new WebhookSignatureError((e as Error).message);
    }
    const object = event.data.object as { object?: string; payment_intent?: unknown; id?: string };
    const intentOf = (v: unknown) => (typeof v === "string" ? v : ((v as { id?: string } | null)?.id ?? null));
    switch (event.type) {
      case "charge.dispute.created":
        return { id: event.id, kind: "dispute", ref: intentOf(object.payment_intent) };
      case "charge.refunded":
        return { id: event.id, kind: "refund", ref: intentOf(object.payment_intent) };
      default:
        return { id: event.id, kind: "other", ref: null };
    }
  }

  private mapped(e: unknown): Error {
    if (isStripeError(e)) {
      if (e.type === "StripeCardError") return new PaymentDeclinedError(e.message);
      if (e.type === "StripeInvalidRequestError" && e.code === "payment_intent_unexpected_state")
        return new ProviderStateError(e.message);
    }
    return e as Error;
  }
}
