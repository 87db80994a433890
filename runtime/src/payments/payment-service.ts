/**
 * The escrow (runtime/src/payments/README.md): a payment is authorised when it is made, then
 * captured, then released to the payee, refunded to the payer, or disputed. Capture, release
 * and refund are durable steps (`payment_step`): a request queues one, a worker runs it. A step
 * is one transaction: claim (FOR UPDATE SKIP LOCKED), lock the payment, call the provider with
 * the step's idempotency key, write the new status, the transition (with that key) and the
 * step's completion, commit. A worker killed anywhere in it holds nothing: the step is still
 * queued, the next worker calls the provider again with the same key, and the provider answers
 * the first result; the transition table's unique keys make a second capture unrecordable.
 */
import { randomUUID } from "node:crypto";
import type { Database, SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import { PaymentDeclinedError, type PaymentProvider, type ProviderEvent } from "./provider.ts";

export type PaymentStatus = "authorised" | "captured" | "released" | "refunded" | "disputed";
export type StepAction = "capture" | "release" | "refund";

/** A payment action that cannot happen (retrying cannot help): `permanent` for the workflow executor. */
export class PaymentActionError extends Error {
  readonly permanent = true;
}

/** Which status each step moves a payment from and to. */
const STEP: Record<StepAction, { from: PaymentStatus; to: PaymentStatus }> = {
  capture: { from: "authorised", to: "captured" },
  release: { from: "captured", to: "released" },
  refund: { from: "captured", to: "refunded" },
};
/** Attempts of a step before it fails for good, and the first retry's delay (doubling). */
export const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 500;

export interface PaymentRow {
  id: string;
  tenantId: string;
  requestKey: string;
  payerId: string;
  payeeAccountId: string;
  amount: number;
  currency: string;
  description: string | null;
  status: PaymentStatus;
  provider: string;
  providerRef: string;
  transferRef: string | null;
  refundRef: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TransitionRow {
  fromStatus: PaymentStatus | null;
  toStatus: PaymentStatus;
  idempotencyKey: string;
  providerRef: string | null;
  actorId: string | null;
  createdAt: string;
}

export interface StepRow {
  id: string;
  tenantId: string;
  paymentId: string;
  action: StepAction;
  status: "queued" | "completed" | "failed";
  attempts: number;
  lastError: string | null;
  actorId: string | null;
}

export interface CreateInput {
  tenantId: string;
  payerId: string;
  requestKey: string;
  payeeAccountId: string;
  amount: number;
  currency: string;
  description?: string;
  paymentMethod?: string;
}

/** The provider's idempotency key of a payment's call: one per payment and operation. */
export const callKey = (paymentId: string, op: "authorise" | StepAction) => `${paymentId}:${op}`;

const COLUMNS = `"id", "tenantId", "requestKey", "payerId", "payeeAccountId", "amount", "currency", "description",
  "status", "provider", "providerRef", "transferRef", "refundRef", "createdAt", "updatedAt"`;

/** Test seam of the worker process (payment-worker-main.ts): called after the provider answered, before the commit. */
export type AfterProviderHook = (step: StepRow) => Promise<void>;

export class PaymentService {
  constructor(
    readonly db: Database,
    readonly provider: PaymentProvider,
    private readonly afterProvider: AfterProviderHook | null = null,
  ) {}

  /**
   * Authorises and records a payment. The client's request key decides the payment's id (a
   * retried request finds the payment, or re-authorises with the same provider key and gets the
   * same authorisation back), so a request retried after any failure never holds money twice.
   */
  async create(input: CreateInput): Promise<{ payment: PaymentRow; created: boolean }> {
    const existing = await this.byRequestKey(input.tenantId, input.requestKey);
    if (existing) return { payment: existing, created: false };
    // A deterministic id per (tenant, request key): a retry after a crash between the
    // provider's answer and the insert uses the same provider key.
    const { rows: idRows } = await this.db.query<{ id: string }>(`SELECT (md5($1 || ':' || $2))::uuid AS "id"`, [
      input.tenantId,
      input.requestKey,
    ]);
    const paymentId = idRows[0].id;
    const key = callKey(paymentId, "authorise");
    let ref: string;
    try {
      ({ ref } = await this.provider.authorise(
        { tenantId: input.tenantId, idempotencyKey: key },
        {
          paymentId,
          amount: input.amount,
          currency: input.currency,
          payeeAccountId: input.payeeAccountId,
          paymentMethod: input.paymentMethod,
          description: input.description,
        },
      ));
    } catch (e) {
      if (e instanceof PaymentDeclinedError)
        throw new ApiError("RT_ERR_UNPROCESSABLE", `The payment was declined: ${e.message}`, [
          { pointer: "/body/paymentMethod", message: "was declined" },
        ]);
      throw e;
    }
    const created = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PaymentRow>(
        `INSERT INTO "payment" ("id", "tenantId", "requestKey", "payerId", "payeeAccountId", "amount", "currency",
           "description", "status", "provider", "providerRef")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'authorised', $9, $10)
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [
          paymentId,
          input.tenantId,
          input.requestKey,
          input.payerId,
          input.payeeAccountId,
          input.amount,
          input.currency,
          input.description ?? null,
          this.provider.name,
          ref,
        ],
      );
      if (!rows.length) return null;
      await this.transition(tx, rows[0], null, "authorised", key, ref, input.payerId);
      return rows[0];
    });
    if (created) return { payment: created, created: true };
    return { payment: (await this.byRequestKey(input.tenantId, input.requestKey))!, created: false };
  }

  async get(session: SqlSession, tenantId: string, id: string, lock = false): Promise<PaymentRow | null> {
    const { rows } = await session.query<PaymentRow>(
      `SELECT ${COLUMNS} FROM "payment" WHERE "tenantId" = $1 AND "id" = $2${lock ? " FOR UPDATE" : ""}`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  private async byRequestKey(tenantId: string, requestKey: string) {
    const { rows } = await this.db.query<PaymentRow>(
      `SELECT ${COLUMNS} FROM "payment" WHERE "tenantId" = $1 AND "requestKey" = $2`,
      [tenantId, requestKey],
    );
    return rows[0] ?? null;
  }

  /** The payments a caller may see: all (admin), or those they pay or their accounts receive. */
  async list(tenantId: string, who: { userId: string; accountIds: readonly string[]; admin: boolean }, limit: number) {
    const { rows } = await this.db.query<PaymentRow>(
      `SELECT ${COLUMNS} FROM "payment" WHERE "tenantId" = $1
         AND ($2::boolean OR "payerId" = $3 OR "payeeAccountId" = ANY($4::uuid[]))
       ORDER BY "createdAt" DESC, "id" DESC LIMIT $5`,
      [tenantId, who.admin, who.userId, who.accountIds, limit],
    );
    return rows;
  }

  async transitions(tenantId: string, paymentId: string): Promise<TransitionRow[]> {
    const { rows } = await this.db.query<TransitionRow>(
      `SELECT "fromStatus", "toStatus", "idempotencyKey", "providerRef", "actorId", "createdAt"
       FROM "payment_transition" WHERE "tenantId" = $1 AND "paymentId" = $2 ORDER BY "createdAt", "id"`,
      [tenantId, paymentId],
    );
    return rows;
  }

  async steps(tenantId: string, paymentId: string): Promise<StepRow[]> {
    const { rows } = await this.db.query<StepRow>(
      `SELECT "id", "tenantId", "paymentId", "action", "status", "attempts", "lastError", "actorId"
       FROM "payment_step" WHERE "tenantId" = $1 AND "paymentId" = $2 ORDER BY "createdAt", "id"`,
      [tenantId, paymentId],
    );
    return rows;
  }

  /**
   * Queues a step, checked against the payment's status and its queued steps under the
   * payment's lock: capture from authorised; release or refund (only one of them, ever) once
   * captured or with a capture queued. The same step again is a no-op (idempotent).
   */
  async enqueue(tenantId: string, paymentId: string, action: StepAction, actorId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const payment = await this.get(tx, tenantId, paymentId, true);
      if (!payment) throw new ApiError("RT_ERR_NOT_FOUND", "No such payment.");
      const steps = (await this.stepsOn(tx, tenantId, paymentId)).filter((s) => s.status !== "failed");
      if (steps.some((s) => s.action === action)) return;
      const will = (a: StepAction) => steps.some((s) => s.action === a);
      const conflict = (why: string) =>
        new ApiError("RT_ERR_CONFLICT", why, [{ pointer: "/params/id", message: `is ${payment.status}` }]);
      if (action === "capture" && payment.status !== "authorised")
        throw conflict(`Only an authorised payment can be captured; this one is ${payment.status}.`);
      if (action !== "capture") {
        if (payment.status !== "captured" && !(payment.status === "authorised" && will("capture")))
          throw conflict(`Only a captured payment can be ${action}d; this one is ${payment.status}.`);
        const other = action === "release" ? "refund" : "release";
        if (will(other))
          throw conflict(`This payment is already being ${other === "refund" ? "refunded" : "released"}.`);
      }
      await tx.query(
        `INSERT INTO "payment_step" ("tenantId", "paymentId", "action", "actorId") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("tenantId", "paymentId", "action") DO UPDATE
           SET "status" = 'queued', "attempts" = 0, "runAfter" = now(), "lastError" = NULL, "updatedAt" = now()
           WHERE "payment_step"."status" = 'failed'`,
        [tenantId, paymentId, action, actorId],
      );
    });
  }

  private async stepsOn(tx: SqlSession, tenantId: string, paymentId: string) {
    const { rows } = await tx.query<StepRow>(
      `SELECT "id", "action", "status" FROM "payment_step" WHERE "tenantId" = $1 AND "paymentId" = $2`,
      [tenantId, paymentId],
    );
    return rows;
  }

  /**
   * Runs one due queued step of any tenant (false when there is none). On PostgreSQL the whole
   * step is one transaction holding the step's and the payment's row locks (workers in other
   * processes skip it). Embedded PGlite is one connection in one process (one in-process
   * worker, which runs one step at a time), and the local provider's own transaction could not
   * run inside the step's, so there the provider is called outside it and the step's writes
   * after the provider's answer commit together in a transaction of their own: a crash before
   * that commit leaves the step queued, as on PostgreSQL.
   */
  async runStep(): Promise<boolean> {
    if (this.db.dialect === "pglite") return this.step(this.db, (fn) => this.db.transaction(fn));
    return this.db.transaction((tx) => this.step(tx, (fn) => fn(tx)));
  }

  private async step(
    tx: SqlSession,
    commit: (fn: (w: SqlSession) => Promise<void>) => Promise<void>,
  ): Promise<boolean> {
    {
      const { rows } = await tx.query<StepRow>(
        `SELECT "id", "tenantId", "paymentId", "action", "status", "attempts", "lastError", "actorId"
         FROM "payment_step" WHERE "status" = 'queued' AND "runAfter" <= now()
         ORDER BY "runAfter", "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const step = rows[0];
      if (!step) return false;
      const payment = (await this.get(tx, step.tenantId, step.paymentId, true))!;
      const { from, to } = STEP[step.action];
      const finish = (status: "completed" | "failed", error: string | null, attempts = step.attempts) =>
        tx.query(
          `UPDATE "payment_step" SET "status" = $3, "lastError" = $4, "attempts" = $5, "updatedAt" = now()
           WHERE "tenantId" = $1 AND "id" = $2`,
          [step.tenantId, step.id, status, error, attempts],
        );
      // Done already (by this step's earlier run, or a webhook got there first).
      const reached = await tx.query(
        `SELECT 1 FROM "payment_transition" WHERE "tenantId" = $1 AND "paymentId" = $2 AND "toStatus" = $3`,
        [step.tenantId, step.paymentId, to],
      );
      if (reached.rows.length) {
        await finish("completed", null);
        return true;
      }
      if (payment.status !== from) {
        // A release or refund queued behind its (still queued) capture waits for it; anything else
        // cannot happen now (a capture that failed for good fails what waited on it).
        const captureQueued =
          payment.status === "authorised" &&
          step.action !== "capture" &&
          (
            await tx.query(
              `SELECT 1 FROM "payment_step" WHERE "tenantId" = $1 AND "paymentId" = $2 AND "action" = 'capture' AND "status" = 'queued'`,
              [step.tenantId, step.paymentId],
            )
          ).rows.length > 0;
        if (captureQueued) {
          await tx.query(
            `UPDATE "payment_step" SET "runAfter" = now() + interval '200 milliseconds' WHERE "tenantId" = $1 AND "id" = $2`,
            [step.tenantId, step.id],
          );
          return true;
        }
        await finish("failed", `The payment is ${payment.status}: it cannot be ${to}.`);
        return true;
      }
      const key = callKey(payment.id, step.action);
      const call = { tenantId: payment.tenantId, idempotencyKey: key };
      const charge = { ref: payment.providerRef, amount: payment.amount, currency: payment.currency };
      let ref: string;
      // Nothing is written before the provider's answer, so a failed call leaves only its failure.
      try {
        ref =
          step.action === "capture"
            ? (await this.provider.capture(call, charge)).ref
            : step.action === "refund"
              ? (await this.provider.refund(call, charge)).ref
              : (
                  await this.provider.transfer(call, {
                    ...charge,
                    paymentId: payment.id,
                    payeeAccountId: payment.payeeAccountId,
                  })
                ).ref;
        if (this.afterProvider) await this.afterProvider(step);
      } catch (e) {
        const attempts = step.attempts + 1;
        const message = String((e as Error)?.message ?? e).slice(0, 2000);
        if (attempts >= MAX_ATTEMPTS) await finish("failed", message, attempts);
        else
          await tx.query(
            `UPDATE "payment_step" SET "attempts" = $3, "lastError" = $4,
               "runAfter" = now() + make_interval(secs => $5::double precision / 1000), "updatedAt" = now()
             WHERE "tenantId" = $1 AND "id" = $2`,
            [step.tenantId, step.id, attempts, message, BACKOFF_MS * 2 ** (attempts - 1)],
          );
        return true;
      }
      const refColumn =
        step.action === "release" ? `, "transferRef" = $4` : step.action === "refund" ? `, "refundRef" = $4` : "";
      await commit(async (w) => {
        await w.query(
          `UPDATE "payment" SET "status" = $3, "updatedAt" = now()${refColumn} WHERE "tenantId" = $1 AND "id" = $2`,
          [payment.tenantId, payment.id, to, ...(refColumn ? [ref] : [])],
        );
        await this.transition(w, payment, from, to, key, ref, step.actorId);
        await w.query(
          `UPDATE "payment_step" SET "status" = 'completed', "lastError" = NULL, "attempts" = $3, "updatedAt" = now()
           WHERE "tenantId" = $1 AND "id" = $2`,
          [step.tenantId, step.id, step.attempts + 1],
        );
      });
      return true;
    }
  }

  /**
   * A workflow's payment node (runtime/src/workflows, README "payment"): the escrow action on the
   * caller's transaction (the workflow step's), with the same provider key as the escrow's own
   * step (`callKey`), so however often a step runs, and whichever of the API and a workflow asks,
   * the provider is asked once and the payment records one transition per status. Nothing is
   * written before the provider's answer; the caller commits. A payment that is gone, or not in
   * the action's source status, is a `PaymentActionError` (retrying cannot help); a provider
   * error is thrown as it is (the workflow retries the step). PostgreSQL only: the local
   * provider's own transaction cannot run inside one on embedded PGlite.
   */
  async applyInTransaction(
    tx: SqlSession,
    tenantId: string,
    paymentId: string,
    action: StepAction,
  ): Promise<{ status: PaymentStatus; ref: string | null; already: boolean }> {
    if (this.db.dialect === "pglite")
      throw new PaymentActionError("payment nodes need PostgreSQL (embedded PGlite runs one transaction at a time)");
    const payment = await this.get(tx, tenantId, paymentId, true);
    if (!payment) throw new PaymentActionError(`payment ${paymentId} does not exist in this tenant`);
    const { from, to } = STEP[action];
    const { rows: reached } = await tx.query<{ providerRef: string | null }>(
      `SELECT "providerRef" FROM "payment_transition" WHERE "tenantId" = $1 AND "paymentId" = $2 AND "toStatus" = $3`,
      [tenantId, paymentId, to],
    );
    if (reached[0]) return { status: to, ref: reached[0].providerRef, already: true };
    if (payment.status !== from) throw new PaymentActionError(`the payment is ${payment.status}: it cannot be ${to}`);
    const key = callKey(payment.id, action);
    const call = { tenantId, idempotencyKey: key };
    const charge = { ref: payment.providerRef, amount: payment.amount, currency: payment.currency };
    const { ref } =
      action === "capture"
        ? await this.provider.capture(call, charge)
        : action === "refund"
          ? await this.provider.refund(call, charge)
          : await this.provider.transfer(call, {
              ...charge,
              paymentId: payment.id,
              payeeAccountId: payment.payeeAccountId,
            });
    const refColumn = action === "release" ? `, "transferRef" = $4` : action === "refund" ? `, "refundRef" = $4` : "";
    await tx.query(
      `UPDATE "payment" SET "status" = $3, "updatedAt" = now()${refColumn} WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, payment.id, to, ...(refColumn ? [ref] : [])],
    );
    await this.transition(tx, payment, from, to, key, ref, null);
    return { status: to, ref, already: false };
  }

  /** Runs due steps until none is left (tests, and the in-process worker's kick). */
  async drain(max = 1000): Promise<number> {
    let n = 0;
    while (n < max && (await this.runStep())) n++;
    return n;
  }

  /**
   * Applies a verified provider event: a dispute or a refund at the provider moves a captured
   * payment of this tenant to `disputed` or `refunded`, once per event (`webhook:<event id>`).
   */
  async applyEvent(tenantId: string, event: ProviderEvent): Promise<{ applied: boolean; paymentId: string | null }> {
    if (event.kind === "other" || !event.ref) return { applied: false, paymentId: null };
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<PaymentRow>(
        `SELECT ${COLUMNS} FROM "payment" WHERE "tenantId" = $1 AND "provider" = $2 AND "providerRef" = $3 FOR UPDATE`,
        [tenantId, this.provider.name, event.ref],
      );
      const payment = rows[0];
      if (!payment) return { applied: false, paymentId: null };
      const to: PaymentStatus = event.kind === "dispute" ? "disputed" : "refunded";
      const key = `webhook:${event.id}`;
      const seen = await tx.query(
        `SELECT 1 FROM "payment_transition" WHERE "tenantId" = $1 AND ("idempotencyKey" = $2 OR ("paymentId" = $3 AND "toStatus" = $4))`,
        [tenantId, key, payment.id, to],
      );
      if (payment.status !== "captured" || seen.rows.length) return { applied: false, paymentId: payment.id };
      await tx.query(`UPDATE "payment" SET "status" = $3, "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
        tenantId,
        payment.id,
        to,
      ]);
      await this.transition(tx, payment, "captured", to, key, null, null);
      return { applied: true, paymentId: payment.id };
    });
  }

  private async transition(
    tx: SqlSession,
    payment: PaymentRow,
    from: PaymentStatus | null,
    to: PaymentStatus,
    key: string,
    ref: string | null,
    actorId: string | null,
  ) {
    await tx.query(
      `INSERT INTO "payment_transition" ("tenantId", "paymentId", "fromStatus", "toStatus", "idempotencyKey", "providerRef", "actorId")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [payment.tenantId, payment.id, from, to, key, ref, actorId],
    );
  }

  /** A new request key when the client sent none. */
  static freshKey = () => randomUUID();
}
