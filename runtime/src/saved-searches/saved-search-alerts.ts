import type { AuthzService } from "../authz/authz-service.ts";
import type { TenantContext } from "../context.ts";
import { cursorEntity, cursorSignature, parseListQuery } from "../crud/query/parse-list-query.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import type { Database, SqlSession } from "../db/database.ts";
import type { EmailOutbox } from "../email/email-outbox.ts";
import { ApiError } from "../http/problem.ts";
import type { NotificationInput, Notified } from "../notifications/notifier.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { RecordAccess, type ServedEntity } from "../tags/record-access.ts";
import { listParams, SavedSearchService, type SavedQuery, type Viewer } from "./saved-search-service.ts";

/** The notification kind of an instant alert (the user's notification preferences for it apply). */
export const ALERT_KIND = "saved-search";
/** The system email of the daily digest. */
export const DIGEST_EMAIL = "saved-search-digest";
const ZERO_ID = "00000000-0000-0000-0000-000000000000";

export interface SavedSearchAlertOptions {
  db: Database;
  store: EntityStore;
  registry: RuntimeRegistry;
  service: SavedSearchService;
  authz: AuthzService;
  outbox: EmailOutbox;
  notify: (tenant: TenantContext, userIds: readonly string[], input: NotificationInput) => Promise<Notified[]>;
  tenantById: (id: string) => Promise<TenantContext | null>;
  publicUrl: (tenant: TenantContext) => string;
  /** Records per page of a sweep (default 100) and pages per subscription and run (default 50). */
  pageSize?: number;
  maxPages?: number;
  /**
   * Each sweep looks again at records updated this long before the mark (default 10 s): a
   * transaction that committed late with an earlier `updatedAt` is still found; the delivery
   * table's unique key keeps what was already alerted from being alerted again.
   */
  settleMs?: number;
  /** The digest goes out on the first run of a UTC day at or after this hour (default 8). */
  digestHourUtc?: number;
  now?: () => Date;
}

interface DueSubscription {
  id: string;
  savedSearchId: string;
  userId: string;
  alert: "instant" | "digest";
  since: string;
  from: string;
  markId: string;
  ownerId: string;
  name: string;
  templateId: string;
  entity: string;
  query: SavedQuery;
  visibility: "private" | "account";
  accountId: string | null;
}

export interface SweepReport {
  /** Subscriptions evaluated (others were locked by a concurrent sweeper, or not due). */
  swept: number;
  /** New delivery rows (new matches). */
  matched: number;
  /** Notifications stored by this run. */
  notified: number;
  /** Records the evaluations read (only those created or updated since each mark, less the settle time). */
  read: number;
}

/**
 * The alerts of saved searches (runtime/src/saved-searches/README.md). A sweep evaluates each
 * subscription's query incrementally, through the list endpoint's own parser and SQL with the
 * subscriber's rules, from its high-water mark on `(updatedAt, id)` (a list cursor), so only
 * records created or updated since are read. New matches become delivery rows (unique per
 * search, subscriber and record) in the transaction that holds the subscription's row lock and
 * moves its mark; instant ones are then notified (a dedupe key per delivery), digest ones wait
 * for the daily digest. Readability is checked again right before each alert goes out.
 */
export class SavedSearchAlerts {
  readonly now: () => Date;
  private readonly access: RecordAccess;

  constructor(private readonly o: SavedSearchAlertOptions) {
    this.now = o.now ?? (() => new Date());
    this.access = new RecordAccess(o.store, o.registry);
  }

  /** The user as the rules see them now (roles, accounts, tier), or null when not an active user of the tenant. */
  async viewer(tenant: TenantContext, userId: string): Promise<Viewer | null> {
    const record = await this.o.authz.record(tenant, userId);
    if (!record || record.status !== "active") return null;
    const principal = this.o.authz.principalOf(tenant, userId, record);
    return { userId, accountIds: principal.accountIds, access: this.o.authz.callerFor(tenant, principal) };
  }

  /** One sweep over every subscription with alerts on, across tenants. */
  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { swept: 0, matched: 0, notified: 0, read: 0 };
    const { rows } = await this.o.db.query<{ tenantId: string; id: string }>(
      `SELECT "tenantId", "id" FROM "saved_search_subscription" WHERE "alert" <> 'none'
        ORDER BY "sweptAt" NULLS FIRST, "id" LIMIT 10000`,
    );
    for (const { tenantId, id } of rows) {
      const tenant = await this.o.tenantById(tenantId);
      if (!tenant || tenant.status !== "active") continue;
      const one = await this.sweepOne(tenant, id);
      report.swept += one.swept;
      report.matched += one.matched;
      report.notified += one.notified;
      report.read += one.read;
    }
    return report;
  }

  /** Evaluates one subscription (skipped when another sweeper holds it), then sends its pending instant alerts. */
  async sweepOne(tenant: TenantContext, subscriptionId: string): Promise<SweepReport> {
    const settle = this.o.settleMs ?? 10_000;
    const found = await this.o.store.sessions.transaction(tenant.id, async (tx) => {
      const { rows } = await tx.query<DueSubscription>(
        `SELECT s."id", s."savedSearchId", s."userId", s."alert", s."markId",
                to_char(s."since" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "since",
                to_char((s."markAt" - $3 * interval '1 millisecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "from",
                q."ownerId", q."name", q."templateId", q."entity", q."query", q."visibility", q."accountId"
           FROM "saved_search_subscription" s
           JOIN "saved_search" q ON q."tenantId" = s."tenantId" AND q."id" = s."savedSearchId"
          WHERE s."tenantId" = $1 AND s."id" = $2 AND s."alert" <> 'none'
          FOR UPDATE OF s SKIP LOCKED`,
        [tenant.id, subscriptionId, settle],
      );
      const sub = rows[0];
      if (!sub) return null;
      const served = this.o.service.served(tenant, sub.templateId, sub.entity);
      const viewer = await this.viewer(tenant, sub.userId);
      const swept = async () =>
        tx.query(`UPDATE "saved_search_subscription" SET "sweptAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
          tenant.id,
          sub.id,
        ]);
      // A subscriber who left the account (or the marketplace) sees nothing of it any more.
      if (!served || !viewer || !SavedSearchService.canSee(sub, viewer)) {
        await swept();
        return null;
      }
      const matches = await this.matches(tenant, served, viewer, sub, tx);
      if (matches === null) {
        await swept();
        return null;
      }
      const since = Date.parse(sub.since);
      const fresh = matches.rows.filter((r) => Date.parse(r.updatedAt) > since);
      const { rows: inserted } = await tx.query<{ recordId: string }>(
        `INSERT INTO "saved_search_delivery" ("tenantId", "savedSearchId", "userId", "recordId", "label", "alert")
         SELECT $1, $2, $3, r."id", r."label", $4 FROM unnest($5::uuid[], $6::text[]) AS r("id", "label")
         ON CONFLICT ("tenantId", "savedSearchId", "userId", "recordId") DO NOTHING RETURNING "recordId"`,
        [tenant.id, sub.savedSearchId, sub.userId, sub.alert, fresh.map((r) => r.id), fresh.map((r) => r.label)],
      );
      const last = matches.last;
      await tx.query(
        `UPDATE "saved_search_subscription" SET "sweptAt" = now(),
           "markAt" = CASE WHEN ($3::timestamptz, $4::uuid) > ("markAt", "markId") THEN $3::timestamptz ELSE "markAt" END,
           "markId" = CASE WHEN ($3::timestamptz, $4::uuid) > ("markAt", "markId") THEN $4::uuid ELSE "markId" END
         WHERE "tenantId" = $1 AND "id" = $2`,
        [tenant.id, sub.id, last?.updatedAt ?? sub.from, last?.id ?? ZERO_ID],
      );
      return { sub, served, viewer, matched: inserted.length, read: matches.rows.length };
    });
    if (!found) return { swept: 0, matched: 0, notified: 0, read: 0 };
    const notified = await this.deliverInstant(tenant, found.sub, found.served, found.viewer);
    return { swept: 1, matched: found.matched, notified, read: found.read };
  }

  /**
   * The records matching the search that were created or updated after the mark (less the
   * settle time), oldest first: the list endpoint's own statement for this query and caller,
   * sorted by `updatedAt` and started at a cursor on the mark. Null when the query no longer
   * runs for this subscriber (a field or the entity left their rules, the query went stale).
   */
  private async matches(
    tenant: TenantContext,
    served: ServedEntity,
    viewer: Viewer,
    sub: DueSubscription,
    tx: SqlSession,
  ): Promise<{
    rows: { id: string; updatedAt: string; label: string | null }[];
    last: { id: string; updatedAt: string } | null;
  } | null> {
    const target = await this.o.service.target(tenant.id, served, viewer.access);
    const base = { ...listParams(sub.query), sort: "updatedAt", limit: String(this.o.pageSize ?? 100) };
    const out: { id: string; updatedAt: string; label: string | null }[] = [];
    let cursor: string;
    try {
      const plan = parseListQuery(base, target.view, this.o.store.cursors, tenant.id);
      cursor = this.o.store.cursors.encode({
        e: cursorEntity(target.view, tenant.id),
        s: cursorSignature(plan.sort, plan.search),
        k: [sub.from, sub.markId],
      });
    } catch (err) {
      if (err instanceof ApiError) return null;
      throw err;
    }
    const title = served.entity.titleField;
    for (let page = 0; page < (this.o.maxPages ?? 50); page++) {
      let result;
      try {
        result = await this.o.store.list(target, { ...base, cursor }, tx);
      } catch (err) {
        if (err instanceof ApiError) return null;
        throw err;
      }
      for (const row of result.rows) {
        const label = title && typeof row[title] === "string" ? (row[title] as string).slice(0, 200) : null;
        out.push({ id: row.id as string, updatedAt: row.updatedAt as string, label });
      }
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    const last = out[out.length - 1] ?? null;
    return { rows: out, last };
  }

  /**
   * The subscriber's pending instant alerts of one search: each record they may read now is
   * notified (dedupe key `saved-search:<search>:<record>`, so a retry after a crash between the
   * notification and the row update stores nothing new), the others are skipped.
   */
  private async deliverInstant(
    tenant: TenantContext,
    sub: Pick<DueSubscription, "savedSearchId" | "userId" | "name">,
    served: ServedEntity,
    viewer: Viewer,
  ): Promise<number> {
    return this.o.store.sessions.transaction(tenant.id, async (tx) => {
      const { rows } = await tx.query<{ id: string; recordId: string; label: string | null }>(
        `SELECT "id", "recordId"::text AS "recordId", "label" FROM "saved_search_delivery"
          WHERE "tenantId" = $1 AND "savedSearchId" = $2 AND "userId" = $3 AND "status" = 'pending' AND "alert" = 'instant'
          ORDER BY "createdAt", "id" LIMIT 1000 FOR UPDATE SKIP LOCKED`,
        [tenant.id, sub.savedSearchId, sub.userId],
      );
      if (!rows.length) return 0;
      const rights = await this.access.rights(
        tenant.id,
        served,
        viewer.access,
        rows.map((r) => r.recordId),
        tx,
      );
      let notified = 0;
      for (const d of rows) {
        if (!rights.readable.has(d.recordId)) {
          await this.mark(tx, tenant.id, [d.id], "skipped");
          continue;
        }
        const out = await this.o.notify(tenant, [sub.userId], {
          kind: ALERT_KIND,
          title: { en: `New match for “${sub.name}”`, de: `Neuer Treffer für „${sub.name}“` },
          body: d.label ?? served.entity.label.en ?? served.entity.name,
          record: { entity: served.entity.name, id: d.recordId },
          dedupeKey: `saved-search:${sub.savedSearchId}:${d.recordId}`,
        });
        notified += out.filter((n) => !n.duplicate).length;
        await tx.query(
          `UPDATE "saved_search_delivery" SET "status" = 'notified', "notificationId" = $3, "deliveredAt" = now()
            WHERE "tenantId" = $1 AND "id" = $2`,
          [tenant.id, d.id, out[0]?.id ?? null],
        );
      }
      return notified;
    });
  }

  private async mark(tx: SqlSession, tenantId: string, ids: readonly string[], status: "skipped" | "digested") {
    if (!ids.length) return;
    await tx.query(
      `UPDATE "saved_search_delivery" SET "status" = $3, "deliveredAt" = now() WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
      [tenantId, ids, status],
    );
  }

  /**
   * The daily digest: for each user with pending digest matches, one `saved-search-digest`
   * email (`saved-search-digest:<user>:<UTC day>`) listing those they may read now, grouped by
   * search, and the rows marked in the same transaction; a second run the same day sends
   * nothing (what was found since waits for the next day). Returns the digests sent.
   */
  async runDigest(at: Date = this.now()): Promise<number> {
    if (at.getUTCHours() < (this.o.digestHourUtc ?? 8)) return 0;
    const day = at.toISOString().slice(0, 10);
    const { rows: due } = await this.o.db.query<{ tenantId: string; userId: string }>(
      `SELECT DISTINCT "tenantId", "userId" FROM "saved_search_delivery"
        WHERE "status" = 'pending' AND "alert" = 'digest' AND "createdAt" <= $1::timestamptz LIMIT 10000`,
      [at.toISOString()],
    );
    let sent = 0;
    for (const { tenantId, userId } of due) {
      const tenant = await this.o.tenantById(tenantId);
      if (!tenant || tenant.status !== "active") continue;
      const viewer = await this.viewer(tenant, userId);
      if (!viewer) continue;
      // On the pool, as the notifications' digest: the email outbox is not a tenant session's table.
      const dispatch = await this.o.db.transaction((tx) => this.digestOne(tx, tenant, viewer, at, day));
      if (dispatch) {
        sent++;
        await dispatch();
      }
    }
    return sent;
  }

  private async digestOne(tx: SqlSession, tenant: TenantContext, viewer: Viewer, at: Date, day: string) {
    const { rows } = await tx.query<{
      id: string;
      recordId: string;
      label: string | null;
      savedSearchId: string;
      name: string;
      templateId: string;
      entity: string;
      ownerId: string;
      visibility: "private" | "account";
      accountId: string | null;
    }>(
      `SELECT d."id", d."recordId"::text AS "recordId", d."label", d."savedSearchId", q."name", q."templateId", q."entity",
              q."ownerId", q."visibility", q."accountId"
         FROM "saved_search_delivery" d JOIN "saved_search" q ON q."tenantId" = d."tenantId" AND q."id" = d."savedSearchId"
        WHERE d."tenantId" = $1 AND d."userId" = $2 AND d."status" = 'pending' AND d."alert" = 'digest'
          AND d."createdAt" <= $3::timestamptz
        ORDER BY q."name", q."id", d."createdAt", d."id" LIMIT 1000 FOR UPDATE OF d SKIP LOCKED`,
      [tenant.id, viewer.userId, at.toISOString()],
    );
    if (!rows.length) return null;
    const readable = new Set<string>();
    const groups = new Map<string, { served: ServedEntity; ids: string[] }>();
    for (const r of rows) {
      if (!SavedSearchService.canSee(r, viewer)) continue;
      const key = `${r.templateId}:${r.entity}`;
      if (!groups.has(key)) {
        const served = this.o.service.served(tenant, r.templateId, r.entity);
        if (!served) continue;
        groups.set(key, { served, ids: [] });
      }
      groups.get(key)!.ids.push(r.recordId);
    }
    for (const [key, { served, ids }] of groups) {
      // The caller's read rules, through a tenant session like any entity read.
      const rights = await this.access.rights(tenant.id, served, viewer.access, ids);
      for (const id of rights.readable) readable.add(`${key}:${id}`);
    }
    const shown = rows.filter((r) => readable.has(`${r.templateId}:${r.entity}:${r.recordId}`));
    const hidden = rows.filter((r) => !shown.includes(r)).map((r) => r.id);
    if (!shown.length) {
      await this.mark(tx, tenant.id, hidden, "skipped");
      return null;
    }
    const { rows: users } = await tx.query<{ email: string; name: string; status: string; locale: string | null }>(
      `SELECT "email", "name", "status",
              CASE WHEN jsonb_typeof("profile"->'locale') = 'string' THEN "profile"->>'locale' END AS "locale"
         FROM "user" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenant.id, viewer.userId],
    );
    const user = users[0];
    if (!user || user.status !== "active") return null;
    const url = this.o.publicUrl(tenant).replace(/\/+$/, "");
    const { sent, dispatch } = await this.o.outbox.persist(
      {
        tenant,
        template: DIGEST_EMAIL,
        to: user.email,
        recipientName: user.name,
        ...(user.locale ? { locale: user.locale } : {}),
        variables: {
          site: tenant.name,
          url,
          count: shown.length,
          items: shown.map((r) => ({ title: r.name, body: r.label ?? "", url })),
        },
        dedupeKey: `saved-search-digest:${viewer.userId}:${day}`,
      },
      tx,
    );
    // Already sent today: these wait for tomorrow's.
    if (sent.duplicate) return null;
    await this.mark(
      tx,
      tenant.id,
      shown.map((r) => r.id),
      "digested",
    );
    await this.mark(tx, tenant.id, hidden, "skipped");
    return dispatch;
  }
}
