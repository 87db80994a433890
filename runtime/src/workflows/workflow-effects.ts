/**
 * The effects both workflow backends write, shared by the PostgreSQL executor
 * (workflow-executor.ts, on the step's transaction) and the Temporal activities
 * (temporal/postgres-activities.ts, on an activity's transaction): the effect row that makes an
 * effect once-only, the emails of an email node (the outbox, deduplicated per step key and
 * recipient), the signed webhook deliveries and the pick of an assign node. Every statement has
 * `"tenantId" = $1`.
 */
import { createHmac } from "node:crypto";
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { PlanParty } from "../../../engine/src/contract/workflow-plan.ts";
import type { SqlSession } from "../db/database.ts";
import type { SendEmail } from "../email/email-outbox.ts";
import { emailVariables } from "./email-variables.ts";
import type { TenantContext } from "../context.ts";
import { resolveParties, tenantContext, type RecordRow, quoteIdent } from "./workflow-records.ts";

/** The part of the email outbox workflows use (email-outbox.ts). */
export interface WorkflowMail {
  persist(request: SendEmail, session: SqlSession): Promise<{ dispatch: () => Promise<void> }>;
}

export interface EffectRow {
  readonly tenantId: string;
  readonly instanceId: string;
  readonly stepId: string;
  /** `<step key>:<effect>`: unique per tenant. */
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

/** Records one effect; false when an effect with this key is recorded already (a re-run). */
export async function recordEffect(tx: SqlSession, effect: EffectRow): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO "workflow_effect" ("tenantId", "instanceId", "stepId", "idempotencyKey", "kind", "detail")
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING RETURNING "id"`,
    [
      effect.tenantId,
      effect.instanceId,
      effect.stepId,
      effect.idempotencyKey,
      effect.kind,
      JSON.stringify(effect.detail),
    ],
    "workflow_effect",
  );
  return rows.length > 0;
}

/** The detail of a recorded effect, or null when none has this key. */
export async function effectDetail(
  tx: SqlSession,
  tenantId: string,
  idempotencyKey: string,
): Promise<Record<string, unknown> | null> {
  const { rows } = await tx.query<{ detail: Record<string, unknown> }>(
    `SELECT "detail" FROM "workflow_effect" WHERE "tenantId" = $1 AND "idempotencyKey" = $2`,
    [tenantId, idempotencyKey],
  );
  return rows[0]?.detail ?? null;
}

export interface RunEmails {
  readonly tenantId: string;
  readonly template: TemplateRegistry | null;
  readonly entity: EntityRegistry | null;
  readonly record: RecordRow | null;
  readonly relations: Record<string, RecordRow | null>;
  /** The template's email. */
  readonly email: string;
  readonly to: readonly PlanParty[];
  readonly locale: string | null;
  /** The run's variables (record fields, scope, `workflow`). */
  readonly variables: Record<string, unknown>;
  /** The step key: `dedupeKey` is `<key>:<address>`. */
  readonly key: string;
  /** The tenant and its settings when the step read them with the record (else read here). */
  readonly tenant?: TenantContext | null;
  readonly tenantSettings?: Record<string, unknown>;
}

/**
 * One email per recipient the parties resolve to, persisted in the outbox on `tx` with
 * `dedupeKey = <step key>:<address>`; the dispatches are for after the commit.
 */
export async function persistRunEmails(
  tx: SqlSession,
  mail: WorkflowMail,
  run: RunEmails,
): Promise<{ to: string[]; dispatches: (() => Promise<void>)[] }> {
  const parties = { tx, tenantId: run.tenantId, template: run.template, entity: run.entity, record: run.record };
  const { userIds, emails } = await resolveParties(parties, run.to);
  const { rows: users } = userIds.length
    ? await tx.query<{ email: string; name: string; locale: string | null }>(
        `SELECT "email", "name", CASE WHEN jsonb_typeof("profile"->'locale') = 'string' THEN "profile"->>'locale' END AS "locale"
           FROM "user" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) ORDER BY "id"`,
        [run.tenantId, userIds],
      )
    : { rows: [] };
  const tenant = run.tenant ?? (await tenantContext(tx, run.tenantId));
  const recipients = [
    ...users.map((u) => ({ to: u.email, name: u.name, locale: u.locale })),
    ...emails.filter((e) => !users.some((u) => u.email === e)).map((e) => ({ to: e, name: null, locale: null })),
  ];
  // The template's email declares its variables; the run fills what it has (record fields,
  // relations, context), then what the variables' names point at (email-variables.ts), and leaves
  // the rest empty, so the catalogue finds the email (it only offers an email whose declared
  // variables the sender provides).
  const declared = run.template?.emails.find((e) => e.name === run.email)?.variables ?? [];
  const to: string[] = [];
  const dispatches: (() => Promise<void>)[] = [];
  for (const r of recipients) {
    const locale = run.locale ?? r.locale ?? run.template?.defaultLocale ?? "en";
    const { dispatch } = await mail.persist(
      {
        tenant,
        template: run.email,
        to: r.to,
        recipientName: r.name,
        locale,
        variables: {
          ...run.variables,
          ...emailVariables(declared, run.variables, run.template, run.entity, run.relations, r.name, run.record),
        },
        // One email per step and recipient, whatever retries or re-dispatches happen.
        dedupeKey: `${run.key}:${r.to.toLowerCase()}`,
        // Read with the record, on this transaction.
        tenantSettings: run.tenant ? run.tenantSettings : undefined,
      },
      tx,
    );
    dispatches.push(dispatch);
    to.push(r.to);
  }
  return { to, dispatches };
}

export interface WebhookSubscription {
  event: string;
  url: string;
  secret: string;
}

/** The tenant setting webhook nodes post to: `settings.workflowWebhooks = [{ event, url, secret }]`. */
export const WEBHOOK_SETTING = "workflowWebhooks";

export function webhookSubscriptions(settings: Record<string, unknown>): WebhookSubscription[] {
  const list = settings[WEBHOOK_SETTING];
  if (!Array.isArray(list)) return [];
  return list.filter(
    (s): s is WebhookSubscription =>
      s !== null &&
      typeof s === "object" &&
      typeof s.event === "string" &&
      typeof s.url === "string" &&
      /^https?:\/\//.test(s.url) &&
      typeof s.secret === "string",
  );
}

export interface WebhookDelivery {
  readonly event: string;
  readonly method: "POST" | "PUT";
  /** The step key: `Idempotency-Key`. */
  readonly key: string;
  /** The JSON body (signed as sent). */
  readonly body: Record<string, unknown>;
}

/**
 * POSTs (or PUTs) the event to each URL the tenant subscribed to it (`event` `*` for all), signed
 * `X-Mono-Signature: sha256=<hex>` (HMAC-SHA256 of the body with the subscription's secret),
 * `Idempotency-Key` = the step's key. A non-2xx answer or a network error throws (the attempt
 * fails; receivers dedupe on the key). `signal` aborts a request in flight (a cancelled activity).
 */
export async function deliverWebhooks(
  settings: Record<string, unknown>,
  delivery: WebhookDelivery,
  options: { fetch?: typeof fetch; timeoutMs?: number; signal?: AbortSignal; beforeEach?: (url: string) => void } = {},
): Promise<{ url: string; status: number }[]> {
  const subscriptions = webhookSubscriptions(settings).filter((s) => s.event === delivery.event || s.event === "*");
  const body = JSON.stringify(delivery.body);
  const doFetch = options.fetch ?? fetch;
  const delivered: { url: string; status: number }[] = [];
  for (const s of subscriptions) {
    options.beforeEach?.(s.url);
    const signature = createHmac("sha256", s.secret).update(body).digest("hex");
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const response = await doFetch(s.url, {
      method: delivery.method,
      headers: {
        "content-type": "application/json",
        "idempotency-key": delivery.key,
        "x-mono-event": delivery.event,
        "x-mono-signature": `sha256=${signature}`,
      },
      body,
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
    await response.body?.cancel().catch(() => {});
    if (!response.ok) throw new Error(`webhook ${s.url} answered ${response.status}`);
    delivered.push({ url: s.url, status: response.status });
  }
  return delivered;
}

export interface AssignPick {
  readonly tenantId: string;
  readonly template: TemplateRegistry | null;
  readonly entity: EntityRegistry;
  readonly record: RecordRow | null;
  readonly role: string;
  readonly strategy: "round-robin" | "least-open";
  readonly field: string;
  readonly workflowName: string;
  readonly nodeId: string;
  /** The run doing the pick (left out of least-open's count). */
  readonly instanceId: string;
}

/**
 * The user an assign node writes, or null when nobody holds the role: `round-robin` after the
 * user the same node of the same workflow assigned last (its effect rows), in id order;
 * `least-open` the fewest records holding them in the field whose run of this workflow is open.
 */
export async function pickAssignee(tx: SqlSession, pick: AssignPick): Promise<string | null> {
  const { userIds } = await resolveParties(
    { tx, tenantId: pick.tenantId, template: pick.template, entity: pick.entity, record: pick.record },
    [{ kind: "role", role: pick.role }],
  );
  if (!userIds.length) return null;
  if (pick.strategy === "round-robin") {
    const { rows } = await tx.query<{ userId: string }>(
      `SELECT e."detail"->>'userId' AS "userId" FROM "workflow_effect" e
         JOIN "workflow_instance" i ON i."tenantId" = e."tenantId" AND i."id" = e."instanceId"
        WHERE e."tenantId" = $1 AND e."kind" = 'assign' AND i."workflowName" = $2 AND e."detail"->>'node' = $3
        ORDER BY e."createdAt" DESC, e."id" DESC LIMIT 1`,
      [pick.tenantId, pick.workflowName, pick.nodeId],
    );
    const index = rows[0] ? userIds.indexOf(rows[0].userId) : -1;
    return userIds[(index + 1) % userIds.length];
  }
  const { rows } = await tx.query<{ userId: string }>(
    `SELECT u."id" AS "userId" FROM unnest($2::uuid[]) AS u("id")
       LEFT JOIN ${quoteIdent(pick.entity.table)} r ON r."tenantId" = $1 AND r.${quoteIdent(pick.field)} = u."id"
       LEFT JOIN "workflow_instance" i ON i."tenantId" = $1 AND i."recordId" = r."id" AND i."workflowName" = $3
            AND i."status" IN ('running', 'waiting') AND i."id" <> $4
      GROUP BY u."id" ORDER BY count(i."id"), u."id" LIMIT 1`,
    [pick.tenantId, userIds, pick.workflowName, pick.instanceId],
  );
  return rows[0].userId;
}
