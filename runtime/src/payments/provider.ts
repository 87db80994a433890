/**
 * The payment provider port (runtime/src/payments/README.md): what the escrow needs from a
 * payment service provider. Every money-moving call carries an idempotency key, and a provider
 * answers a repeated key with the first call's result (never a second charge, capture, refund
 * or transfer): that is what makes a step the worker runs again after a crash safe.
 */

/** Who calls, and the key the provider deduplicates this call on. */
export interface ProviderCall {
  readonly tenantId: string;
  /** Unique per tenant and operation; the same key again answers the first call's result. */
  readonly idempotencyKey: string;
}

export interface AuthoriseInput {
  readonly paymentId: string;
  /** Minor units (cents) of `currency`. */
  readonly amount: number;
  /** ISO 4217, upper case. */
  readonly currency: string;
  readonly payeeAccountId: string;
  /** A provider's token for the payer's means of payment (a Stripe PaymentMethod id); optional for the local provider. */
  readonly paymentMethod?: string;
  readonly description?: string;
}

export interface ChargeInput {
  /** The provider's id of the authorised payment (`authorise`'s `ref`). */
  readonly ref: string;
  readonly amount: number;
  readonly currency: string;
}

export interface TransferInput extends ChargeInput {
  readonly paymentId: string;
  /** The platform account that receives the money (resolved to the provider's connected account). */
  readonly payeeAccountId: string;
}

/** A provider's webhook event, reduced to what the escrow reacts to. */
export interface ProviderEvent {
  /** The provider's event id: each event is applied at most once (`webhook:<id>`). */
  readonly id: string;
  /** `dispute`: the payer disputes a captured payment; `refund`: refunded at the provider; `other`: ignored. */
  readonly kind: "dispute" | "refund" | "other";
  /** The provider's id of the payment it concerns (`authorise`'s `ref`), if any. */
  readonly ref: string | null;
}

export interface PaymentProvider {
  /** Stored with each payment (`local`, `stripe`). */
  readonly name: string;
  /** Holds the amount on the payer's means of payment (nothing is taken yet). */
  authorise(call: ProviderCall, input: AuthoriseInput): Promise<{ ref: string }>;
  /** Takes the authorised amount (into the platform's balance: escrow). */
  capture(call: ProviderCall, input: ChargeInput): Promise<{ ref: string }>;
  /** Gives a captured amount back to the payer. */
  refund(call: ProviderCall, input: ChargeInput): Promise<{ ref: string }>;
  /** Pays the captured amount out to the payee's account (release from escrow). */
  transfer(call: ProviderCall, input: TransferInput): Promise<{ ref: string }>;
  /**
   * Checks the signature of a webhook request over its raw body and parses it; throws a
   * WebhookSignatureError when the signature is missing, stale or wrong.
   */
  verifyWebhook(rawBody: string, headers: Readonly<Record<string, string | string[] | undefined>>): ProviderEvent;
  /** Whether `authorise` needs the payer's `paymentMethod` (Stripe: a PaymentMethod to confirm with). */
  readonly requiresPaymentMethod: boolean;
  /** The request header carrying the signature (for the problem's pointer). */
  readonly signatureHeader: string;
}

/** The signature of a webhook did not verify: nothing may be changed. */
export class WebhookSignatureError extends Error {}

/** The provider refused the authorisation (declined card, unknown method): the payer's problem, not ours. */
export class PaymentDeclinedError extends Error {}

/** The provider refused a call because of the payment's state at the provider (already refunded, …). */
export class ProviderStateError extends Error {}

export const headerOf = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined => {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
