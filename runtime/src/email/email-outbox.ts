import { DEFAULT_BRANDING, type EmailBranding } from "../../../engine/src/contract/email-source.ts";
import { parseFontFamily } from "../../../engine/src/contract/branding.ts";
import type { TenantContext } from "../context.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { meterEmail, readPlanLimit } from "../plans/plan-sql.ts";
import type { EmailCatalogue } from "./email-catalogue.ts";
import type { EmailQueue } from "./email-queue.ts";
import type { EmailRenderer } from "./email-renderer.ts";

/** One email someone asks for. */
export interface SendEmail {
  /** The tenant it is sent for; null for the platform's own mail (a super admin's password reset). */
  readonly tenant: TenantContext | null;
  /** Email key: a system email (`verify-email`, …) or one of an installed template's. */
  readonly template: string;
  readonly to: string;
  readonly recipientName?: string | null;
  /** The recipient's locale; falls back to the template's default locale, then English. */
  readonly locale?: string;
  readonly variables: Record<string, unknown>;
  /**
   * The cause, unique per email that should exist (`invitation:<id>`, `<workflow step id>`):
   * asking again with the same key, after a crash or retry, never mails twice.
   */
  readonly dedupeKey: string;
  /** Higher goes first (default 0). */
  readonly priority?: number;
  /** A scheduled send: not before this time. */
  readonly sendAt?: Date;
  /**
   * The tenant's `settings` as the caller's transaction read them already (a workflow step): the
   * outbox then reads them no second time.
   */
  readonly tenantSettings?: Record<string, unknown>;
}

export interface SentEmail {
  readonly id: string;
  readonly status: string;
  /** True when an email with this dedupe key already existed (nothing new was queued). */
  readonly duplicate: boolean;
}

export interface TenantEmailSettings {
  readonly brand: EmailBranding;
  readonly currency: string;
}

interface InsertedRow {
  id: string;
  status: string;
  tenantId: string | null;
  priority: number;
  sendAfter: string;
  inserted: boolean;
}

/**
 * The front of the pipeline: resolve the template (tenant override > installed template >
 * platform), render it (cached MJML, per-message Nunjucks), persist the email, then dispatch it.
 * The row exists before any queue hears of it, so a crash after this returns loses nothing.
 */
export class EmailOutbox {
  constructor(
    private readonly options: {
      db: Database;
      catalogue: EmailCatalogue;
      renderer: EmailRenderer;
      queue: EmailQueue;
      /** `Name <address>`: the address emails come from; the name becomes the tenant's sender name. */
      from: string;
      maxAttempts: number;
      log?: (error: unknown, message: string) => void;
    },
  ) {}

  async send(request: SendEmail): Promise<SentEmail> {
    const { sent, dispatch } = await this.persist(request);
    await dispatch();
    return sent;
  }

  /**
   * Renders and inserts the email on `session` (a caller's transaction, so the email exists
   * exactly when the caller's own rows do) without dispatching it: call `dispatch` after the
   * commit. A dispatch that never comes loses nothing: the database queue polls, the BullMQ
   * sweeper re-dispatches due rows.
   */
  async persist(
    request: SendEmail,
    session: SqlSession = this.options.db,
  ): Promise<{ sent: SentEmail; dispatch: () => Promise<void> }> {
    const { catalogue, renderer, queue } = this.options;
    const db = session;
    const none = async () => {};
    const tenantId = request.tenant?.id ?? null;
    if (!tenantId) {
      // No unique index catches a null tenant: look first (platform mail is rare and low-volume).
      const { rows } = await db.query<{ id: string; status: string }>(
        `SELECT "id", "status" FROM "email_message" WHERE "tenantId" IS NULL AND "dedupeKey" = $1`,
        [request.dedupeKey],
      );
      if (rows[0]) return { sent: { ...rows[0], duplicate: true }, dispatch: none };
    }
    // A tenant on a plan: the email is counted (and past `emailsPerMonth` refused) with its insert.
    // On the pool, except on PGlite: its one connection is the caller's transaction's, so a pool
    // read from inside that transaction would wait for it forever.
    const planDb = this.options.db.dialect === "pglite" ? session : this.options.db;
    const plan = tenantId ? await readPlanLimit(planDb, tenantId, "emailsPerMonth") : null;
    if (plan && session === this.options.db) return this.options.db.transaction((tx) => this.persist(request, tx));
    const locale = request.locale ?? "en";
    const resolved = await catalogue.resolve(
      request.tenant,
      request.template,
      locale,
      Object.keys(request.variables),
      db,
    );
    if (!resolved) throw new Error(`no email template "${request.template}" for this tenant`);
    const settings = await this.settings(request.tenant, db, request.tenantSettings);
    const rendered = await renderer.renderSource(resolved.source, request.variables, {
      locale: resolved.locale,
      currency: settings.currency,
      brand: settings.brand,
      recipient: { email: request.to, name: request.recipientName ?? null },
    });
    const { rows } = await db.query<InsertedRow>(
      `INSERT INTO "email_message" ("tenantId", "dedupeKey", "templateKey", "locale", "recipient", "sender",
         "subject", "html", "text", "priority", "maxAttempts", "sendAfter")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12::timestamptz, now()))
       ON CONFLICT ("tenantId", "dedupeKey") DO UPDATE SET "dedupeKey" = EXCLUDED."dedupeKey"
       RETURNING "id", "status", "tenantId", "priority", "sendAfter", (xmax = 0) AS "inserted"`,
      [
        tenantId,
        request.dedupeKey,
        request.template,
        resolved.locale,
        request.to,
        this.sender(settings.brand.senderName || request.tenant?.name || ""),
        rendered.subject,
        rendered.html,
        rendered.text,
        request.priority ?? 0,
        this.options.maxAttempts,
        request.sendAt?.toISOString() ?? null,
      ],
      "email_outbox_insert",
    );
    const row = rows[0];
    if (!row.inserted) return { sent: { id: row.id, status: row.status, duplicate: true }, dispatch: none };
    if (plan && tenantId) await meterEmail(db, tenantId, plan, request.template);
    // Persisted: if the queue is down, the sweeper (or the database queue's poll) sends it later.
    const dispatch = () =>
      queue
        .dispatch({ id: row.id, tenantId, priority: row.priority, sendAfter: new Date(row.sendAfter).toISOString() })
        .catch((error: unknown) => this.options.log?.(error, "email persisted, dispatch deferred to the sweeper"));
    return { sent: { id: row.id, status: row.status, duplicate: false }, dispatch };
  }

  /**
   * Withdraws the tenant's emails of these causes that no worker has taken yet (status
   * `cancelled`); one already being sent goes out. Returns how many were withdrawn.
   */
  async cancel(session: SqlSession, tenantId: string, dedupeKeys: readonly string[]): Promise<number> {
    if (!dedupeKeys.length) return 0;
    const { rowCount } = await session.query(
      `UPDATE "email_message" SET "status" = 'cancelled', "updatedAt" = now()
        WHERE "tenantId" = $1 AND "dedupeKey" = ANY($2::varchar[]) AND "status" = 'queued'`,
      [tenantId, [...dedupeKeys]],
    );
    return rowCount;
  }

  /**
   * Waits until the email's first attempt is over: "sent", or "failed" when that attempt failed
   * (retries go on; the delivery log shows them), or "queued" when no attempt ended in time.
   */
  async settle(id: string, timeoutMs = 10_000): Promise<"sent" | "failed" | "queued"> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.options.db.query<{ status: string; lastError: string | null }>(
        `SELECT "status", "lastError" FROM "email_message" WHERE "id" = $1`,
        [id],
      );
      const row = rows[0];
      if (row?.status === "sent") return "sent";
      if (row && (row.status === "failed" || row.status === "bounced" || row.lastError)) return "failed";
      if (Date.now() > deadline) return "queued";
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** A tenant's branding and currency (`settings.branding`, `settings.currency` of the tenant row). */
  async settings(
    tenant: TenantContext | null,
    db: SqlSession = this.options.db,
    known?: Record<string, unknown>,
  ): Promise<TenantEmailSettings> {
    const fallback = { brand: { ...DEFAULT_BRANDING, senderName: tenant?.name ?? "Mono" }, currency: "EUR" };
    if (!tenant) return fallback;
    const s =
      known ??
      (
        await db.query<{ settings: Record<string, unknown> | null }>(
          `SELECT "settings" FROM "tenant" WHERE "id" = $1`,
          [tenant.id],
          "email_tenant_settings",
        )
      ).rows[0]?.settings ??
      {};
    const branding = (s.branding && typeof s.branding === "object" ? s.branding : {}) as Partial<EmailBranding>;
    return {
      brand: {
        ...fallback.brand,
        ...branding,
        senderName: branding.senderName || tenant.name,
        // The tenant branding's font list (runtime/src/branding), quoted for an MJML attribute.
        fontFamily: parseFontFamily(branding.fontFamily)?.replaceAll('"', "'") ?? fallback.brand.fontFamily,
      },
      currency: typeof s.currency === "string" ? s.currency : "EUR",
    };
  }

  private sender(name: string): string {
    const from = this.options.from;
    const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
    const clean = name.replace(/["\\\r\n]/g, "").trim();
    return clean ? `"${clean}" <${address}>` : from;
  }
}
