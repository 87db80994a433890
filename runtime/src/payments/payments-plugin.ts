/**
 * The payments API (runtime/src/payments/README.md): payments between a signed-in payer and a
 * payee account of the tenant, held in escrow (authorise on create, then capture, release or
 * refund as durable steps), the provider's webhook, and invoices and receipts as PDF.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Database } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import { LocalPaymentProvider } from "./local-provider.ts";
import { PaymentService, type PaymentRow, type StepAction } from "./payment-service.ts";
import { WebhookSignatureError, type PaymentProvider } from "./provider.ts";
import { brandOf, renderPaymentDocument } from "./receipt-pdf.ts";
import { StripePaymentProvider } from "./stripe-provider.ts";

export interface PaymentsOptions {
  /** The provider; default from the environment (`paymentProviderFromEnv`): the local one. */
  readonly provider?: PaymentProvider;
  /**
   * Run queued steps in this process (kicked after each request that queues one, and re-polled
   * while steps wait). Default true; false when separate workers (payment-worker-main.ts) run them.
   */
  readonly worker?: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Payments and their escrow (runtime/src/payments/README.md). */
    payments: PaymentService;
  }
}

/**
 * The provider `MONO_PAYMENTS_PROVIDER` names: `stripe` (STRIPE_SECRET_KEY,
 * STRIPE_WEBHOOK_SECRET; a payee account's connected account is its `settings.stripeAccount`),
 * else the local one (MONO_PAYMENTS_WEBHOOK_SECRET, or a random secret per process).
 */
export function paymentProviderFromEnv(db: Database, env: NodeJS.ProcessEnv = process.env): PaymentProvider {
  if (env.MONO_PAYMENTS_PROVIDER === "stripe") {
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET)
      throw new Error("MONO_PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.");
    return new StripePaymentProvider({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      connectedAccount: async (tenantId, accountId) => {
        const { rows } = await db.query<{ acct: string | null }>(
          `SELECT "settings"->>'stripeAccount' AS "acct" FROM "account" WHERE "tenantId" = $1 AND "id" = $2`,
          [tenantId, accountId],
        );
        if (!rows[0]?.acct) throw new Error(`Account ${accountId} has no settings.stripeAccount.`);
        return rows[0].acct;
      },
    });
  }
  return new LocalPaymentProvider(db, env.MONO_PAYMENTS_WEBHOOK_SECRET || randomBytes(32).toString("hex"));
}

const TAGS = ["payments"];
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const STATUS = {
  type: "string",
  enum: ["authorised", "captured", "released", "refunded", "disputed"],
  description:
    "authorised (held on the payer's means of payment), captured (taken, held by the platform), then released (paid out to the payee), refunded (given back) or disputed (the payer disputed it at the provider).",
} as const;
const TRANSITION = {
  type: "object",
  required: ["from", "to", "idempotencyKey", "at"],
  properties: {
    from: { anyOf: [STATUS, { type: "null" }] },
    to: STATUS,
    idempotencyKey: { type: "string", description: "The provider call's key, or `webhook:<event id>`." },
    providerRef: { type: ["string", "null"] },
    actorId: { anyOf: [UUID, { type: "null" }] },
    at: TIME,
  },
} as const;
const STEP = {
  type: "object",
  required: ["action", "status", "attempts"],
  properties: {
    action: { type: "string", enum: ["capture", "release", "refund"] },
    status: { type: "string", enum: ["queued", "completed", "failed"] },
    attempts: { type: "integer" },
    lastError: { type: ["string", "null"] },
  },
} as const;
const PAYMENT = {
  type: "object",
  required: ["id", "payerId", "payeeAccountId", "amount", "currency", "status", "provider", "createdAt", "updatedAt"],
  properties: {
    id: UUID,
    payerId: UUID,
    payeeAccountId: UUID,
    amount: { type: "integer", description: "Minor units (cents) of the currency." },
    currency: { type: "string" },
    description: { type: ["string", "null"] },
    status: STATUS,
    provider: { type: "string" },
    providerRef: { type: "string" },
    transferRef: { type: ["string", "null"] },
    refundRef: { type: ["string", "null"] },
    createdAt: TIME,
    updatedAt: TIME,
  },
} as const;
const DETAIL = {
  ...PAYMENT,
  required: [...PAYMENT.required, "transitions", "steps"],
  properties: {
    ...PAYMENT.properties,
    transitions: { type: "array", items: TRANSITION, description: "Oldest first." },
    steps: { type: "array", items: STEP, description: "The queued and finished escrow steps." },
  },
} as const;
const ID = { type: "object", required: ["id"], properties: { id: UUID } } as const;
const PDF = {
  200: {
    description: "The PDF.",
    content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
  },
};
const LOCALE_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    locale: {
      type: "string",
      pattern: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
      maxLength: 35,
      description: "BCP 47 locale of dates and amounts; default the tenant's default locale, else en.",
    },
  },
} as const;

const view = (p: PaymentRow) => ({
  id: p.id,
  payerId: p.payerId,
  payeeAccountId: p.payeeAccountId,
  amount: p.amount,
  currency: p.currency,
  description: p.description,
  status: p.status,
  provider: p.provider,
  providerRef: p.providerRef,
  transferRef: p.transferRef,
  refundRef: p.refundRef,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const paymentsPlugin = fp(
  async (app: FastifyInstance, options: PaymentsOptions) => {
    const provider = options.provider ?? paymentProviderFromEnv(app.db);
    const service = new PaymentService(app.db, provider);
    app.decorate("payments", service);
    const worker = options.worker === false ? null : new InProcessWorker(service, app.log);
    app.addHook("onClose", async () => worker?.stop());
    await app.register(async (scope) => paymentRoutes(scope, service, provider, worker));
  },
  { name: "mono-payments" },
);

/** Runs queued steps in the app's process: right after a request queued one, then while any waits. */
class InProcessWorker {
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  constructor(
    private readonly service: PaymentService,
    private readonly log: FastifyInstance["log"],
  ) {}

  kick(): void {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        await this.service.drain();
        const { rows } = await this.service.db.query<{ wait: number | null }>(
          `SELECT extract(epoch FROM min("runAfter") - now()) * 1000 AS "wait" FROM "payment_step" WHERE "status" = 'queued'`,
        );
        const wait = rows[0]?.wait;
        if (wait !== null && wait !== undefined && !this.stopped) {
          this.timer = setTimeout(() => this.kick(), Math.min(1000, Math.max(20, Number(wait))));
          this.timer.unref();
        }
      } catch (e) {
        if (!this.stopped) this.log.error({ err: e }, "payments worker");
      } finally {
        this.running = null;
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}

async function paymentRoutes(
  app: FastifyInstance,
  service: PaymentService,
  provider: PaymentProvider,
  worker: InProcessWorker | null,
) {
  const user = { tenant: true, auth: "required" } as const;

  const who = async (request: FastifyRequest) => {
    const p = await app.authz.requireUser(request);
    return { userId: p.userId!, accountIds: p.accountIds, admin: p.admin };
  };
  /** The payment, if the caller may see it (payer, a member of the payee account, admin); else 404. */
  const visible = async (request: FastifyRequest) => {
    const caller = await who(request);
    const { id } = request.params as { id: string };
    const payment = await service.get(app.db, request.tenant!.id, id);
    const payer = payment?.payerId === caller.userId;
    const payee = !!payment && caller.accountIds.includes(payment.payeeAccountId);
    if (!payment || !(caller.admin || payer || payee)) throw new ApiError("RT_ERR_NOT_FOUND", "No such payment.");
    return { payment, caller, payer, payee };
  };
  const detail = async (tenantId: string, p: PaymentRow) => ({
    ...view(p),
    transitions: (await service.transitions(tenantId, p.id)).map((t) => ({
      from: t.fromStatus,
      to: t.toStatus,
      idempotencyKey: t.idempotencyKey,
      providerRef: t.providerRef,
      actorId: t.actorId,
      at: t.createdAt,
    })),
    steps: (await service.steps(tenantId, p.id)).map((s) => ({
      action: s.action,
      status: s.status,
      attempts: s.attempts,
      lastError: s.lastError,
    })),
  });

  app.post(
    "/api/v1/tenant/payments",
    {
      config: user,
      schema: {
        tags: TAGS,
        description:
          "Pays an account of the tenant: the amount is authorised on the payer's (the caller's) means of payment at once and held until it is captured. `Idempotency-Key` makes a retried request answer the same payment (200) instead of paying twice.",
        headers: {
          type: "object",
          properties: { "idempotency-key": { type: "string", minLength: 1, maxLength: 200 } },
        },
        body: {
          type: "object",
          additionalProperties: false,
          required: ["payeeAccountId", "amount", "currency"],
          properties: {
            payeeAccountId: { ...UUID, description: "The account of this tenant that is paid." },
            amount: { type: "integer", minimum: 1, maximum: 99_999_999, description: "Minor units (cents)." },
            currency: { type: "string", pattern: "^[A-Z]{3}$", description: "ISO 4217, upper case." },
            description: { type: "string", minLength: 1, maxLength: 500 },
            paymentMethod: {
              type: "string",
              minLength: 1,
              maxLength: 200,
              description:
                "The provider's token of the payer's means of payment (a Stripe PaymentMethod id); required with Stripe.",
            },
          },
        },
        response: {
          200: { ...DETAIL, description: "The payment this key made before." },
          201: { ...DETAIL, description: "Authorised." },
        },
      },
    },
    async (request, reply) => {
      const caller = await who(request);
      const body = request.body as {
        payeeAccountId: string;
        amount: number;
        currency: string;
        description?: string;
        paymentMethod?: string;
      };
      const tenantId = request.tenant!.id;
      if (provider.requiresPaymentMethod && body.paymentMethod === undefined)
        throw new ApiError("RT_ERR_VALIDATION", `The ${provider.name} provider needs the payer's payment method.`, [
          { pointer: "/body/paymentMethod", message: "is required" },
        ]);
      if (!Intl.supportedValuesOf("currency").includes(body.currency))
        throw new ApiError("RT_ERR_VALIDATION", "Unknown currency.", [
          { pointer: "/body/currency", message: "is not an ISO 4217 currency" },
        ]);
      const account = await app.db.query(`SELECT 1 FROM "account" WHERE "tenantId" = $1 AND "id" = $2`, [
        tenantId,
        body.payeeAccountId,
      ]);
      if (!account.rows.length)
        throw new ApiError("RT_ERR_VALIDATION", "No such account in this marketplace.", [
          { pointer: "/body/payeeAccountId", message: "is not an account of this tenant" },
        ]);
      const key = request.headers["idempotency-key"];
      const { payment, created } = await service.create({
        tenantId,
        payerId: caller.userId,
        // A key is the payer's own: another user's same key is another payment.
        requestKey:
          typeof key === "string" ? `${caller.userId}:${key}` : `${caller.userId}:${PaymentService.freshKey()}`,
        ...body,
      });
      if (payment.payerId !== caller.userId || payment.amount !== body.amount || payment.currency !== body.currency)
        throw new ApiError("RT_ERR_CONFLICT", "This Idempotency-Key was used for another payment.", [
          { pointer: "/headers/idempotency-key", message: "was used for another payment" },
        ]);
      return reply.code(created ? 201 : 200).send(await detail(tenantId, payment));
    },
  );

  app.get(
    "/api/v1/tenant/payments",
    {
      config: user,
      schema: {
        tags: TAGS,
        description:
          "The payments the caller pays or an account of theirs receives (tenant admins: all), newest first.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
        },
        response: {
          200: { type: "object", required: ["data"], properties: { data: { type: "array", items: PAYMENT } } },
        },
      },
    },
    async (request) => {
      const caller = await who(request);
      const { limit } = request.query as { limit: number };
      return { data: (await service.list(request.tenant!.id, caller, limit)).map(view) };
    },
  );

  app.get(
    "/api/v1/tenant/payments/:id",
    {
      config: user,
      schema: {
        tags: TAGS,
        description:
          "A payment with its transitions and steps: for its payer, the payee account's members and tenant admins.",
        params: ID,
        response: { 200: DETAIL },
      },
    },
    async (request) => detail(request.tenant!.id, (await visible(request)).payment),
  );

  const step = (action: StepAction, description: string, allowed: (v: { payer: boolean; payee: boolean }) => boolean) =>
    app.post(
      `/api/v1/tenant/payments/:id/${action}`,
      {
        config: user,
        schema: {
          tags: TAGS,
          description,
          params: ID,
          response: { 202: { ...DETAIL, description: "Queued (or done already); the steps show its progress." } },
        },
      },
      async (request, reply) => {
        const v = await visible(request);
        if (!v.caller.admin && !allowed(v))
          throw new ApiError("RT_ERR_FORBIDDEN", `You may not ${action} this payment.`);
        const tenantId = request.tenant!.id;
        await service.enqueue(tenantId, v.payment.id, action, v.caller.userId);
        worker?.kick();
        return reply.code(202).send(await detail(tenantId, (await service.get(app.db, tenantId, v.payment.id))!));
      },
    );
  step(
    "capture",
    "Takes the authorised amount into escrow (the payer or a tenant admin). Runs as a durable step.",
    (v) => v.payer,
  );
  step(
    "release",
    "Pays a captured payment out to the payee account (the payer or a tenant admin); may be queued right after a capture. Runs as a durable step.",
    (v) => v.payer,
  );
  step(
    "refund",
    "Gives a captured payment back to the payer (a member of the payee account or a tenant admin). Runs as a durable step.",
    (v) => v.payee,
  );

  const document = (kind: "invoice" | "receipt") =>
    app.get(
      `/api/v1/tenant/payments/:id/${kind}`,
      {
        config: user,
        schema: {
          tags: TAGS,
          description:
            kind === "invoice"
              ? "The payment's invoice as PDF, in the tenant's branding and the locale's formats."
              : "The payment's receipt as PDF (once captured; before that 409), in the tenant's branding and the locale's formats.",
          params: ID,
          querystring: LOCALE_QUERY,
          produces: ["application/pdf"],
          response: PDF,
        },
      },
      async (request, reply) => {
        const { payment } = await visible(request);
        const tenant = request.tenant!;
        if (kind === "receipt" && payment.status === "authorised")
          throw new ApiError("RT_ERR_CONFLICT", "Nothing is paid yet: a receipt exists once the payment is captured.", [
            { pointer: "/params/id", message: "is authorised" },
          ]);
        const asked = (request.query as { locale?: string }).locale;
        let locale = asked ?? tenant.defaultLocale ?? "en";
        try {
          locale = Intl.getCanonicalLocales(locale)[0];
        } catch {
          if (asked)
            throw new ApiError("RT_ERR_VALIDATION", "Not a locale.", [
              { pointer: "/query/locale", message: "is not a BCP 47 locale" },
            ]);
          locale = "en";
        }
        const { rows } = await app.db.query<{ settings: unknown }>(`SELECT "settings" FROM "tenant" WHERE "id" = $1`, [
          tenant.id,
        ]);
        const pdf = await renderPaymentDocument(
          kind,
          payment,
          await service.transitions(tenant.id, payment.id),
          brandOf(tenant.name, rows[0]?.settings),
          locale,
        );
        return reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename="${kind}-${payment.id}.pdf"`)
          .send(pdf);
      },
    );
  document("invoice");
  document("receipt");

  await app.register(async (hook) => webhookRoute(hook, service, provider));
}

/** The provider's webhook, in a context of its own that keeps JSON bodies as text (the signature is over the bytes). */
async function webhookRoute(app: FastifyInstance, service: PaymentService, provider: PaymentProvider) {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
  app.post(
    "/api/v1/tenant/payments/webhook",
    {
      config: { tenant: true },
      schema: {
        tags: TAGS,
        description: `The payment provider's events (\`${provider.signatureHeader}\` signs the body as sent; a missing or wrong signature is 400 and changes nothing). A dispute or a refund at the provider moves a captured payment to disputed or refunded, once per event.`,
        response: {
          200: {
            type: "object",
            required: ["received", "applied"],
            properties: {
              received: { type: "boolean" },
              applied: { type: "boolean", description: "Whether the event changed a payment." },
              paymentId: { anyOf: [UUID, { type: "null" }] },
            },
          },
        },
      },
    },
    async (request) => {
      const raw = typeof request.body === "string" ? request.body : "";
      let event;
      try {
        event = provider.verifyWebhook(raw, request.headers);
      } catch (e) {
        if (e instanceof WebhookSignatureError)
          throw new ApiError("RT_ERR_VALIDATION", `The webhook's signature does not verify: ${e.message}`, [
            { pointer: `/headers/${provider.signatureHeader}`, message: "does not verify" },
          ]);
        throw e;
      }
      const result = await service.applyEvent(request.tenant!.id, event);
      return { received: true, ...result };
    },
  );
}
