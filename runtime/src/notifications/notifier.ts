import type { TenantContext } from "../context.ts";
import type { Database, SqlSession } from "../db/database.ts";
import type { EmailOutbox } from "../email/email-outbox.ts";
import { DEFAULT_CHANNELS } from "./notification-store.ts";

/** Text in one language, or per locale (`{ en: "…", de: "…" }`): each recipient gets theirs. */
export type Localized = string | Readonly<Record<string, string>>;

/** What happened, for whom to see: `notify(tenant, userIds, input)`. */
export interface NotificationInput {
  /** A generic name the sender chooses (`welcome`, `invitation-accepted`, …); preferences are per kind. */
  readonly kind: string;
  readonly title: Localized;
  readonly body?: Localized;
  /** Where it leads: an absolute http(s) URL, or a path under the tenant's public URL (`/…`). */
  readonly link?: string | null;
  /** The record it is about, if any. */
  readonly record?: { readonly entity: string; readonly id: string } | null;
  /** The cause: notifying again with the same key stores nothing new for a recipient who has it. */
  readonly dedupeKey?: string;
  /** False: never emailed, not even when left unread (the event sends an email of its own). */
  readonly email?: boolean;
  /** The language for recipients without one of their own (`profile.locale`), e.g. the request's. */
  readonly locale?: string;
}

export interface Notified {
  readonly userId: string;
  readonly id: string;
  /** True when the recipient already had a notification with this dedupe key. */
  readonly duplicate: boolean;
}

/** A notification as the recipient sees it in the list, handed to live listeners after its commit. */
export interface ShownNotification {
  readonly userId: string;
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  readonly record: { readonly entity: string; readonly id: string } | null;
  readonly createdAt: string;
}

export interface NotifierOptions {
  db: Database;
  outbox: EmailOutbox;
  /** The tenant's public URL (the studio's), for links in emails. */
  publicUrl: (tenant: TenantContext) => string;
  /** A tenant by id (the digest runs outside requests). */
  tenantById: (id: string) => Promise<TenantContext | null>;
  /** Minutes a notification may stay unread before it is emailed, unless the tenant sets its own (default 30). */
  emailAfterMinutes?: number;
  /** The digest goes out on the first run of a UTC day at or after this hour (default 8). */
  digestHourUtc?: number;
  /** The time (tests move it instead of sleeping). */
  now?: () => Date;
}

const KIND = /^[a-z0-9][a-z0-9._:-]{0,79}$/;

interface Recipient {
  id: string;
  email: string;
  name: string;
  status: string;
  locale: string | null;
  inApp: boolean;
  email_: boolean;
  digest: boolean;
}

/**
 * Stores notifications and plans their emails. A notification the recipient wants emailed is
 * persisted together with its email (`notification:<id>`, scheduled `emailAfterMinutes` later)
 * in one transaction; reading it withdraws the email. The daily digest collects the unread
 * notifications of kinds set to `digest` into one email per user and day.
 */
export class Notifier {
  readonly now: () => Date;
  private readonly emailAfterMinutes: number;
  private readonly digestHourUtc: number;
  private readonly listeners: ((tenant: TenantContext, shown: readonly ShownNotification[]) => void)[] = [];

  constructor(private readonly options: NotifierOptions) {
    this.now = options.now ?? (() => new Date());
    this.emailAfterMinutes = options.emailAfterMinutes ?? 30;
    this.digestHourUtc = options.digestHourUtc ?? 8;
  }

  /**
   * Called after each `notify` commits, with its new in-app notifications (the messaging socket
   * pushes them live). A listener that throws is not the sender's problem: it is ignored.
   */
  onShown(listener: (tenant: TenantContext, shown: readonly ShownNotification[]) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Notifies each of `userIds` who is a user of `tenant` (others are skipped: a tenant never
   * notifies another tenant's users) according to their channels for the kind.
   */
  async notify(tenant: TenantContext, userIds: readonly string[], input: NotificationInput): Promise<Notified[]> {
    if (!KIND.test(input.kind)) throw new Error(`notification kind "${input.kind}" must match ${KIND}`);
    if (input.link && !/^(https?:\/\/|\/)/.test(input.link))
      throw new Error(`notification link "${input.link}" must be an http(s) URL or start with /`);
    const ids = [...new Set(userIds)];
    if (!ids.length) return [];
    const { db, outbox } = this.options;
    const now = this.now();
    const dispatches: (() => Promise<void>)[] = [];
    const shown: ShownNotification[] = [];
    const out = await db.transaction(async (tx) => {
      const delay = await this.delayMinutes(tx, tenant.id);
      const { rows: recipients } = await tx.query<Recipient>(
        `SELECT u."id", u."email", u."name", u."status",
                CASE WHEN jsonb_typeof(u."profile"->'locale') = 'string' THEN u."profile"->>'locale' END AS "locale",
                COALESCE(p."inApp", $4) AS "inApp", COALESCE(p."email", $5) AS "email_", COALESCE(p."digest", $6) AS "digest"
           FROM "user" u
           LEFT JOIN "notification_preference" p ON p."tenantId" = u."tenantId" AND p."userId" = u."id" AND p."kind" = $3
          WHERE u."tenantId" = $1 AND u."id" = ANY($2::uuid[])
          ORDER BY u."id"`,
        [tenant.id, ids, input.kind, DEFAULT_CHANNELS.inApp, DEFAULT_CHANNELS.email, DEFAULT_CHANNELS.digest],
      );
      const notified: Notified[] = [];
      for (const r of recipients) {
        r.locale ??= input.locale ?? null;
        if (!r.inApp && !r.email_ && !r.digest) continue;
        const title = pick(input.title, r.locale).slice(0, 500);
        const body = input.body === undefined ? "" : pick(input.body, r.locale);
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO "notification" ("tenantId", "userId", "kind", "title", "body", "link", "recordEntity", "recordId",
             "inApp", "dedupeKey", "createdAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz)
           ON CONFLICT ("tenantId", "userId", "dedupeKey") DO NOTHING RETURNING "id"`,
          [
            tenant.id,
            r.id,
            input.kind,
            title,
            body,
            input.link ?? null,
            input.record?.entity ?? null,
            input.record?.id ?? null,
            r.inApp,
            input.dedupeKey ?? null,
            now.toISOString(),
          ],
        );
        if (!rows[0]) {
          const { rows: had } = await tx.query<{ id: string }>(
            `SELECT "id" FROM "notification" WHERE "tenantId" = $1 AND "userId" = $2 AND "dedupeKey" = $3`,
            [tenant.id, r.id, input.dedupeKey],
          );
          notified.push({ userId: r.id, id: had[0].id, duplicate: true });
          continue;
        }
        const id = rows[0].id;
        notified.push({ userId: r.id, id, duplicate: false });
        if (r.inApp)
          shown.push({
            userId: r.id,
            id,
            kind: input.kind,
            title,
            body,
            link: input.link ?? null,
            record: input.record ?? null,
            createdAt: now.toISOString(),
          });
        // The digest lists it instead; not in-app: nothing to wait for, mail it now.
        if (!r.email_ || r.digest || input.email === false || r.status !== "active") continue;
        const { dispatch } = await outbox.persist(
          {
            tenant,
            template: "notification",
            to: r.email,
            recipientName: r.name,
            ...(r.locale ? { locale: r.locale } : {}),
            variables: { site: tenant.name, url: this.url(tenant, input.link), title, body },
            dedupeKey: notificationEmailKey(id),
            sendAt: new Date(now.getTime() + (r.inApp ? delay * 60_000 : 0)),
          },
          tx,
        );
        dispatches.push(dispatch);
      }
      return notified;
    });
    for (const dispatch of dispatches) await dispatch();
    if (shown.length)
      for (const listener of this.listeners) {
        try {
          listener(tenant, shown);
        } catch {
          // A live push is best effort: the list has the notification.
        }
      }
    return out;
  }

  /** Read notifications need no email: withdraw the ones not yet taken by a worker. */
  async withdrawEmails(session: SqlSession, tenantId: string, notificationIds: readonly string[]): Promise<number> {
    return this.options.outbox.cancel(session, tenantId, notificationIds.map(notificationEmailKey));
  }

  /**
   * The daily digest: for each user with unread, not yet digested notifications of kinds set to
   * `digest`, one email listing them (`notification-digest:<user>:<UTC day>`), and the rows
   * marked digested in the same transaction. Running again the same day sends nothing new:
   * what arrived since waits for the next day's digest. Returns the number of digests sent.
   */
  async runDigest(at: Date = this.now()): Promise<number> {
    if (at.getUTCHours() < this.digestHourUtc) return 0;
    const { db, outbox } = this.options;
    const day = at.toISOString().slice(0, 10);
    const { rows: due } = await db.query<{ tenantId: string; userId: string }>(
      `SELECT DISTINCT n."tenantId", n."userId" FROM "notification" n
         JOIN "notification_preference" p ON p."tenantId" = n."tenantId" AND p."userId" = n."userId" AND p."kind" = n."kind" AND p."digest"
        WHERE n."readAt" IS NULL AND n."digestedAt" IS NULL AND n."createdAt" <= $1::timestamptz
        LIMIT 10000`,
      [at.toISOString()],
    );
    let sent = 0;
    for (const { tenantId, userId } of due) {
      const tenant = await this.options.tenantById(tenantId);
      if (!tenant || tenant.status !== "active") continue;
      const dispatch = await db.transaction(async (tx) => {
        const { rows: items } = await tx.query<{ id: string; title: string; body: string; link: string | null }>(
          `SELECT n."id", n."title", n."body", n."link" FROM "notification" n
             JOIN "notification_preference" p ON p."tenantId" = n."tenantId" AND p."userId" = n."userId" AND p."kind" = n."kind" AND p."digest"
            WHERE n."tenantId" = $1 AND n."userId" = $2 AND n."readAt" IS NULL AND n."digestedAt" IS NULL
              AND n."createdAt" <= $3::timestamptz
            ORDER BY n."createdAt", n."id" FOR UPDATE OF n SKIP LOCKED`,
          [tenantId, userId, at.toISOString()],
        );
        if (!items.length) return null;
        const { rows: users } = await tx.query<{ email: string; name: string; status: string; locale: string | null }>(
          `SELECT "email", "name", "status",
                  CASE WHEN jsonb_typeof("profile"->'locale') = 'string' THEN "profile"->>'locale' END AS "locale"
             FROM "user" WHERE "tenantId" = $1 AND "id" = $2`,
          [tenantId, userId],
        );
        const user = users[0];
        if (!user || user.status !== "active") return null;
        const { sent: email, dispatch } = await outbox.persist(
          {
            tenant,
            template: "notification-digest",
            to: user.email,
            recipientName: user.name,
            ...(user.locale ? { locale: user.locale } : {}),
            variables: {
              site: tenant.name,
              url: this.url(tenant, null),
              count: items.length,
              items: items.map((i) => ({ title: i.title, body: i.body, url: this.url(tenant, i.link) })),
            },
            dedupeKey: `notification-digest:${userId}:${day}`,
          },
          tx,
        );
        if (email.duplicate) return null;
        await tx.query(`UPDATE "notification" SET "digestedAt" = $2::timestamptz WHERE "id" = ANY($1::uuid[])`, [
          items.map((i) => i.id),
          at.toISOString(),
        ]);
        return dispatch;
      });
      if (dispatch) {
        sent++;
        await dispatch();
      }
    }
    return sent;
  }

  /** `settings.notifications.emailAfterMinutes` of the tenant, else the configured default. */
  private async delayMinutes(session: SqlSession, tenantId: string): Promise<number> {
    const { rows } = await session.query<{ minutes: unknown }>(
      `SELECT "settings"->'notifications'->'emailAfterMinutes' AS "minutes" FROM "tenant" WHERE "id" = $1`,
      [tenantId],
    );
    const m = rows[0]?.minutes;
    return typeof m === "number" && Number.isFinite(m) && m >= 0 ? m : this.emailAfterMinutes;
  }

  private url(tenant: TenantContext, link: string | null | undefined): string {
    const base = this.options.publicUrl(tenant).replace(/\/+$/, "");
    if (!link) return base;
    return link.startsWith("/") ? base + link : link;
  }
}

/** The dedupe key of a notification's fallback email. */
export const notificationEmailKey = (notificationId: string): string => `notification:${notificationId}`;

/** The recipient's text: their locale, its language, English, else the first given. */
export function pick(text: Localized, locale: string | null): string {
  if (typeof text === "string") return text;
  const base = locale?.split("-")[0];
  return (locale && text[locale]) ?? (base && text[base]) ?? text.en ?? Object.values(text)[0] ?? "";
}
