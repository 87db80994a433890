import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { CursorCodec } from "../crud/sql/cursor.ts";
import { resolveEntity } from "../crud/routes/resolve-entity.ts";
import { findBodyProblem } from "../http/json-body.ts";
import { parsePageQuery } from "../http/page-query.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { isParty } from "./workflow-records.ts";
import { isTemporalRun } from "./temporal/temporal-runs.ts";
import { transitionHref } from "./workflow-actions.ts";
import { entityOf, loadRecord } from "./workflow-records.ts";
import type { PlanSource } from "./workflow-executor.ts";

export const INSTANCE_STATUSES = ["running", "waiting", "completed", "failed", "cancelled"] as const;
const CURSOR_ENTITY = "workflow-instance";
const CURSOR_SORT = "-createdAt";
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const ISO_OR_NULL = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE ${ISO(column)} END`;
const UUID = { type: "string", format: "uuid" } as const;
const NAME = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$" } as const;
const ANY = { type: "object", additionalProperties: true } as const;
const NULLABLE_TIME = { type: ["string", "null"], format: "date-time" } as const;

const INSTANCE = {
  type: "object",
  required: ["id", "workflow", "version", "status", "entity", "recordId", "currentNodeId", "createdAt", "completedAt"],
  properties: {
    id: UUID,
    workflow: { type: "string" },
    version: { type: "string" },
    status: { type: "string", enum: [...INSTANCE_STATUSES] },
    entity: { type: ["string", "null"] },
    recordId: { type: ["string", "null"] },
    parentInstanceId: { type: ["string", "null"] },
    currentNodeId: { type: ["string", "null"] },
    error: { type: ["string", "null"] },
    context: ANY,
    startedBy: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    completedAt: NULLABLE_TIME,
  },
} as const;

const STEP = {
  type: "object",
  required: ["id", "seq", "nodeId", "kind", "status", "attempts", "startedAt", "finishedAt", "durationMs"],
  properties: {
    id: UUID,
    seq: { type: "integer" },
    nodeId: { type: "string" },
    kind: { type: "string" },
    status: { type: "string" },
    compensation: { type: "boolean" },
    attempts: { type: "integer" },
    input: ANY,
    output: {},
    outcome: { type: ["string", "null"] },
    error: { type: ["string", "null"] },
    startedAt: NULLABLE_TIME,
    finishedAt: NULLABLE_TIME,
    durationMs: { type: ["integer", "null"] },
  },
} as const;

const TASK = {
  type: "object",
  required: ["id", "instanceId", "workflow", "nodeId", "status", "assigneeIds", "decisions", "dueAt", "createdAt"],
  properties: {
    id: UUID,
    instanceId: UUID,
    workflow: { type: "string" },
    nodeId: { type: "string" },
    status: { type: "string" },
    entity: { type: ["string", "null"] },
    recordId: { type: ["string", "null"] },
    minApprovals: { type: "integer" },
    assigneeIds: { type: "array", items: UUID },
    decisions: { type: "array", items: ANY },
    dueAt: NULLABLE_TIME,
    createdAt: { type: "string", format: "date-time" },
  },
} as const;

const TRANSITION = {
  type: "object",
  required: ["name", "to", "href"],
  properties: { name: { type: "string" }, to: { type: ["string", "null"] }, href: { type: "string" } },
} as const;

const PAGE = {
  type: "object",
  required: ["limit", "nextCursor"],
  properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
} as const;

const user = { config: { tenant: true, auth: "required", allowSuperAdmin: true } as const };
const idParams = { type: "object", required: ["id"], properties: { id: UUID } } as const;

const INSTANCE_COLUMNS = `"id", "workflowName" AS "workflow", "version", "status", "entity", "recordId", "parentInstanceId",
  "currentNodeId", "error", "context", "startedBy", ${ISO('"createdAt"')} AS "createdAt", ${ISO_OR_NULL('"completedAt"')} AS "completedAt"`;

/**
 * The tenant's workflow API: definitions, manual starts, instances with their timeline, cancel
 * and retry (tenant admins), transitions (their actors), the caller's task inbox and decisions
 * (assignees), and events for waits (tenant admins).
 */
export async function workflowRoutes(app: FastifyInstance, options: { cursorSecret?: string }) {
  const cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);
  const { executor, actions } = app.workflows;
  const admin = (request: FastifyRequest) => app.authz.requireAdmin(request);

  app.get(
    "/api/v1/tenant/workflows",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        response: {
          200: {
            type: "object",
            required: ["data"],
            properties: {
              data: {
                type: "array",
                items: {
                  type: "object",
                  required: ["name", "template", "entity", "runnable"],
                  properties: {
                    name: { type: "string" },
                    template: { type: "string" },
                    entity: { type: ["string", "null"] },
                    label: ANY,
                    runnable: { type: "boolean", description: "A plan exists (the engine compiled it)." },
                    version: { type: ["string", "null"] },
                    trigger: { type: ["string", "null"] },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      await app.authz.requireUser(request);
      const tenant = request.tenant!;
      const data = app.registry.templates
        .filter((t) => tenant.templates.has(t.id))
        .flatMap((t) =>
          t.workflows.map((w) => {
            const source = executor.options.planFor(tenant.id, w.name, t.id);
            const trigger = source?.plan.nodes[source.plan.start];
            return {
              name: w.name,
              template: t.id,
              entity: w.entity,
              label: w.label,
              runnable: Boolean(source),
              version: source?.plan.version ?? null,
              trigger: trigger?.kind === "trigger" ? trigger.trigger.on : null,
            };
          }),
        );
      return { data };
    },
  );

  app.post(
    "/api/v1/tenant/workflows/:workflow/instances",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        params: { type: "object", required: ["workflow"], properties: { workflow: NAME } },
        body: {
          type: "object",
          additionalProperties: false,
          properties: {
            recordId: UUID,
            input: { ...ANY, description: "The start payload (`trigger` in expressions)." },
            key: {
              type: "string",
              minLength: 1,
              maxLength: 200,
              description: "A start key of the caller's: a second start with the same key returns the first instance.",
            },
          },
        },
        response: {
          201: {
            type: "object",
            required: ["id", "created"],
            properties: { id: UUID, created: { type: "boolean" } },
          },
        },
      },
    },
    async (request, reply) => {
      const principal = await app.authz.requireUser(request);
      const tenant = request.tenant!;
      const { workflow: named } = request.params as { workflow: string };
      const body = (request.body ?? {}) as { recordId?: string; input?: Record<string, unknown>; key?: string };
      const { name: workflow, source } = tenantWorkflow(app, tenant, named);
      if (!source || !tenant.templates.has(source.templateId))
        throw new ApiError("RT_ERR_NOT_FOUND", `This marketplace has no runnable workflow "${workflow}".`);
      const trigger = source.plan.nodes[source.plan.start];
      if (trigger?.kind !== "trigger" || trigger.trigger.on !== "manual")
        throw new ApiError("RT_ERR_CONFLICT", `The workflow "${workflow}" is not started by hand.`);
      const template = app.registry.templates.find((t) => t.id === source.templateId)!;
      const entity = source.plan.entity ? entityOf(template, source.plan.entity) : null;
      if (entity && !body.recordId)
        throw new ApiError("RT_ERR_VALIDATION", "This workflow runs on a record.", [
          { pointer: "/body/recordId", message: `is required: the id of a ${entity.name}` },
        ]);
      const record = entity && body.recordId ? await loadRecord(app.db, tenant.id, entity, body.recordId) : null;
      if (entity && !record)
        throw new ApiError("RT_ERR_VALIDATION", "No such record.", [
          { pointer: "/body/recordId", message: `is not a ${entity.name} of this marketplace` },
        ]);
      const actor = await app.workflows.actor(request);
      const ctx = { tx: app.db, tenantId: tenant.id, template, entity, record };
      if (!principal.admin && !(await isParty(ctx, trigger.trigger.parties, actor)))
        throw new ApiError("RT_ERR_FORBIDDEN", `You may not start "${workflow}".`);
      const key = `${source.templateId}:${workflow}:manual:${body.key ?? randomUUID()}`;
      const started = await executor.start({
        tenantId: tenant.id,
        workflow,
        templateId: source.templateId,
        recordId: body.recordId ?? null,
        startKey: key,
        startedBy: actor.userId,
        trigger: { on: "manual", ...(body.input ?? {}) },
      });
      await started.dispatch();
      return reply.code(201).send({ id: started.id, created: started.created });
    },
  );

  app.get(
    "/api/v1/tenant/workflows/instances",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        response: {
          200: {
            type: "object",
            required: ["data", "page"],
            properties: { data: { type: "array", items: INSTANCE }, page: PAGE },
          },
        },
      },
    },
    async (request) => {
      await admin(request);
      const query = request.query as Record<string, unknown>;
      const errors: FieldError[] = [];
      const page = parsePageQuery(query, cursors, { entity: CURSOR_ENTITY, sort: CURSOR_SORT, maxLimit: 200 }, errors);
      const filter = (query.filter ?? {}) as Record<string, unknown>;
      if (query.filter !== undefined && (typeof query.filter !== "object" || query.filter === null))
        errors.push({
          pointer: "/query/filter",
          message: "must be filter[status], filter[workflow] or filter[recordId]",
        });
      const params: unknown[] = [request.tenant!.id];
      const where = [`"tenantId" = $1`];
      for (const [key, value] of Object.entries(typeof query.filter === "object" && query.filter ? filter : {})) {
        if (typeof value !== "string") {
          errors.push({ pointer: `/query/filter/${key}`, message: "must be one value" });
          continue;
        }
        if (key === "status") {
          if (!(INSTANCE_STATUSES as readonly string[]).includes(value))
            errors.push({ pointer: "/query/filter/status", message: `must be one of ${INSTANCE_STATUSES.join(", ")}` });
          params.push(value);
          where.push(`"status" = $${params.length}`);
        } else if (key === "workflow") {
          params.push(value);
          where.push(`"workflowName" = $${params.length}`);
        } else if (key === "recordId") {
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
            errors.push({ pointer: "/query/filter/recordId", message: "must be a uuid" });
          params.push(value);
          where.push(`"recordId" = $${params.length}::uuid`);
        } else
          errors.push({ pointer: `/query/filter/${key}`, message: "is not a filter (status, workflow, recordId)" });
      }
      if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
      const limit = page.limit ?? 50;
      if (page.after) {
        params.push(page.after.at, page.after.id);
        where.push(`("createdAt", "id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit + 1);
      const { rows } = await app.db.query<Record<string, unknown> & { __at: string; id: string }>(
        `SELECT ${INSTANCE_COLUMNS}, "createdAt"::text AS "__at" FROM "workflow_instance" WHERE ${where.join(" AND ")}
          ORDER BY "createdAt" DESC, "id" DESC LIMIT $${params.length}`,
        params,
      );
      const more = rows.length > limit;
      if (more) rows.pop();
      const last = rows[rows.length - 1];
      const nextCursor = more ? cursors.encode({ e: CURSOR_ENTITY, s: CURSOR_SORT, k: [last.__at, last.id] }) : null;
      return { data: rows.map(({ __at, ...r }) => r), page: { limit, nextCursor } };
    },
  );

  app.get(
    "/api/v1/tenant/workflows/instances/:id",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        params: idParams,
        response: {
          200: {
            type: "object",
            required: ["instance", "timeline"],
            properties: {
              instance: INSTANCE,
              timeline: { type: "array", items: STEP },
              tasks: { type: "array", items: TASK },
            },
          },
        },
      },
    },
    async (request) => {
      await admin(request);
      const tenantId = request.tenant!.id;
      const { id } = request.params as { id: string };
      const { rows } = await app.db.query(
        `SELECT ${INSTANCE_COLUMNS} FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, id],
      );
      if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", "No such workflow instance.");
      if (executor.temporal && isTemporalRun(rows[0].context)) {
        // A Temporal run's steps are its history: the state query's timeline (temporal/temporal-runs.ts).
        const { timeline } = await executor.temporal.timeline(app.db, { tenantId, instanceId: id });
        const { rows: synced } = await app.db.query(
          `SELECT ${INSTANCE_COLUMNS} FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2`,
          [tenantId, id],
        );
        return { instance: synced[0], timeline, tasks: await tasksOf(tenantId, { instanceId: id }) };
      }
      const { rows: timeline } = await app.db.query(
        `SELECT "id", "seq", "nodeId", "kind", "status", "compensation", "attempts", "input", "output", "outcome", "error",
                ${ISO_OR_NULL('"startedAt"')} AS "startedAt", ${ISO_OR_NULL('"finishedAt"')} AS "finishedAt",
                (extract(epoch FROM ("finishedAt" - "startedAt")) * 1000)::int AS "durationMs"
           FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 ORDER BY "seq"`,
        [tenantId, id],
      );
      return { instance: rows[0], timeline, tasks: await tasksOf(tenantId, { instanceId: id }) };
    },
  );

  for (const action of ["cancel", "retry"] as const)
    app.post(
      `/api/v1/tenant/workflows/instances/:id/${action}`,
      {
        ...user,
        schema: {
          tags: ["workflows"],
          params: idParams,
          response: { 200: { type: "object", required: ["status"], properties: { status: { type: "string" } } } },
        },
      },
      async (request) => {
        await admin(request);
        const { id } = request.params as { id: string };
        const tenantId = request.tenant!.id;
        const result =
          action === "cancel" ? await executor.cancel(tenantId, id) : await executor.retryRun(tenantId, id);
        if (result === "not-found") throw new ApiError("RT_ERR_NOT_FOUND", "No such workflow instance.");
        if (result === "ended") throw new ApiError("RT_ERR_CONFLICT", "The run has ended already.");
        if (result === "not-failed") throw new ApiError("RT_ERR_CONFLICT", "Only a failed run can be retried.");
        return { status: result === "queued" ? "running" : result };
      },
    );

  app.get(
    "/api/v1/tenant/entities/:entity/:id/transitions",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        params: { type: "object", required: ["entity", "id"], properties: { entity: { type: "string" }, id: UUID } },
        response: {
          200: {
            type: "object",
            required: ["data"],
            properties: {
              instanceId: { type: ["string", "null"] },
              status: { type: ["string", "null"] },
              data: { type: "array", items: TRANSITION },
            },
          },
        },
      },
    },
    async (request) => {
      await app.authz.requireUser(request);
      const { entity } = resolveEntity(app.registry, request);
      const { id } = request.params as { id: string };
      const tenantId = request.tenant!.id;
      // Only for a record the caller may read: the entity API itself answers (its rules, its 404).
      const readable = await app.inject({
        method: "GET",
        url: `/api/v1/tenant/entities/${encodeURIComponent((request.params as { entity: string }).entity)}/${id}?fields=id`,
        headers: forwardedIdentity(request),
      });
      if (readable.statusCode !== 200) throw new ApiError("RT_ERR_NOT_FOUND", `No such ${entity.name}.`);
      if (!entity.status) return { instanceId: null, status: null, data: [] };
      const { rows } = await app.db.query<{ id: string }>(
        `SELECT "id" FROM "workflow_instance" WHERE "tenantId" = $1 AND "entity" = $2 AND "recordId" = $3
            AND "workflowName" = $4 AND "status" IN ('running', 'waiting') ORDER BY "createdAt" DESC LIMIT 1`,
        [tenantId, entity.name, id, entity.status.workflow],
      );
      const instanceId = rows[0]?.id ?? null;
      const actor = await app.workflows.actor(request);
      const available = instanceId ? await executor.transitionsFor(app.db, tenantId, instanceId, actor) : [];
      const { rows: rec } = await app.db.query<{ status: string | null }>(
        `SELECT "${entity.status.field.replace(/"/g, '""')}"::text AS "status" FROM "${entity.table.replace(/"/g, '""')}"
          WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, id],
      );
      if (!rec[0]) throw new ApiError("RT_ERR_NOT_FOUND", `No such ${entity.name}.`);
      return {
        instanceId,
        status: rec[0].status,
        data: available.map((t) => ({ name: t.name, to: t.to, href: transitionHref(instanceId!, t.name) })),
      };
    },
  );

  app.post(
    "/api/v1/tenant/workflows/instances/:id/transitions/:name",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        params: { type: "object", required: ["id", "name"], properties: { id: UUID, name: NAME } },
        response: { 202: { type: "object", required: ["to"], properties: { to: { type: ["string", "null"] } } } },
      },
    },
    async (request, reply) => {
      await app.authz.requireUser(request);
      const { id, name } = request.params as { id: string; name: string };
      const result = await actions.transition(request.tenant!.id, id, name, await app.workflows.actor(request));
      return reply.code(202).send(result);
    },
  );

  async function tasksOf(tenantId: string, by: { instanceId?: string; assignee?: string; status?: string }) {
    const params: unknown[] = [tenantId];
    const where = [`t."tenantId" = $1`];
    if (by.instanceId) {
      params.push(by.instanceId);
      where.push(`t."instanceId" = $${params.length}`);
    }
    if (by.assignee) {
      params.push(by.assignee);
      where.push(`$${params.length}::uuid = ANY(t."assigneeIds")`);
    }
    if (by.status) {
      params.push(by.status);
      where.push(`t."status" = $${params.length}`);
    }
    const { rows } = await app.db.query(
      `SELECT t."id", t."instanceId", i."workflowName" AS "workflow", t."nodeId", t."status", i."entity", i."recordId",
              t."minApprovals", t."assigneeIds", t."decisions", ${ISO_OR_NULL('t."dueAt"')} AS "dueAt", ${ISO('t."createdAt"')} AS "createdAt"
         FROM "workflow_task" t JOIN "workflow_instance" i ON i."tenantId" = t."tenantId" AND i."id" = t."instanceId"
        WHERE ${where.join(" AND ")} ORDER BY t."createdAt" DESC, t."id" DESC LIMIT 200`,
      params,
    );
    return rows;
  }

  app.get(
    "/api/v1/tenant/workflows/tasks",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        response: { 200: { type: "object", required: ["data"], properties: { data: { type: "array", items: TASK } } } },
      },
    },
    async (request) => {
      const principal = await app.authz.requireUser(request);
      const query = request.query as { filter?: { status?: unknown } };
      const status = query.filter?.status ?? "open";
      const allowed = ["open", "approved", "rejected", "changes-requested", "expired", "cancelled"];
      if (typeof status !== "string" || !allowed.includes(status))
        throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
          { pointer: "/query/filter/status", message: `must be one of ${allowed.join(", ")}` },
        ]);
      return { data: await tasksOf(request.tenant!.id, { assignee: principal.userId!, status }) };
    },
  );

  app.post(
    "/api/v1/tenant/workflows/tasks/:id/decision",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        params: idParams,
        body: {
          type: "object",
          required: ["decision"],
          additionalProperties: false,
          properties: {
            decision: { type: "string", enum: ["approve", "reject", "request-changes"] },
            comment: { type: "string", maxLength: 5000 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["status", "decisions"],
            properties: { status: { type: "string" }, decisions: { type: "array", items: ANY } },
          },
        },
      },
    },
    async (request) => {
      await app.authz.requireUser(request);
      const { id } = request.params as { id: string };
      const body = request.body as { decision: "approve" | "reject" | "request-changes"; comment?: string };
      if (body.decision !== "approve" && !body.comment?.trim())
        throw new ApiError("RT_ERR_VALIDATION", "Say why.", [
          { pointer: "/body/comment", message: "is required when rejecting or requesting changes" },
        ]);
      return actions.decide(
        request.tenant!.id,
        id,
        await app.workflows.actor(request),
        body.decision,
        body.comment ?? "",
      );
    },
  );

  app.post(
    "/api/v1/tenant/workflows/events",
    {
      ...user,
      schema: {
        tags: ["workflows"],
        body: {
          type: "object",
          required: ["entity", "recordId", "event"],
          additionalProperties: false,
          properties: {
            entity: { type: "string", minLength: 1, maxLength: 120 },
            recordId: UUID,
            event: NAME,
            payload: ANY,
          },
        },
        response: {
          202: { type: "object", required: ["id", "woken"], properties: { id: UUID, woken: { type: "integer" } } },
        },
      },
    },
    async (request, reply) => {
      await admin(request);
      const body = request.body as {
        entity: string;
        recordId: string;
        event: string;
        payload?: Record<string, unknown>;
      };
      const tenant = request.tenant!;
      const template = app.registry.templates.find(
        (t) => tenant.templates.has(t.id) && t.entities.some((e) => e.name === body.entity),
      );
      if (!template)
        throw new ApiError("RT_ERR_VALIDATION", "Unknown entity.", [
          { pointer: "/body/entity", message: "is not an entity of this marketplace (use its name, e.g. Ticket)" },
        ]);
      const result = await actions.deliver(tenant.id, {
        entity: body.entity,
        recordId: body.recordId,
        name: body.event,
        payload: body.payload ?? {},
      });
      return reply.code(202).send(result);
    },
  );
}

/**
 * The tenant's workflow a route names: `<name>`, or `<template>:<name>` where two installed
 * templates have a workflow of that name (then the bare name is a 409 listing both). Workflow
 * names are unique within a template only; the plan is looked up in the template that has it.
 */
function tenantWorkflow(
  app: FastifyInstance,
  tenant: NonNullable<FastifyRequest["tenant"]>,
  named: string,
): { name: string; source: PlanSource | null } {
  const colon = named.indexOf(":");
  const templateId = colon > 0 ? named.slice(0, colon) : undefined;
  const name = colon > 0 ? named.slice(colon + 1) : named;
  const holders = app.registry.templates.filter(
    (t) =>
      tenant.templates.has(t.id) &&
      (templateId === undefined || t.id === templateId) &&
      t.workflows.some((w) => w.name === name),
  );
  if (holders.length > 1)
    throw new ApiError("RT_ERR_CONFLICT", `Two templates of this marketplace have a workflow "${name}".`, [
      { pointer: "/params/workflow", message: `name one of ${holders.map((t) => `${t.id}:${name}`).join(", ")}` },
    ]);
  // A lookup of the caller's own (tests) may know plans the registry's templates do not list.
  return { name, source: app.workflows.executor.options.planFor(tenant.id, name, holders[0]?.id ?? templateId) };
}

declare module "fastify" {
  interface FastifyRequest {
    /** The JSON body as sent (the webhook trigger verifies its signature over these bytes). */
    rawJson?: string;
  }
}

/**
 * `POST /api/v1/tenant/workflows/{workflow}/hook`: the incoming-webhook trigger. The sender signs
 * the body as sent with the tenant setting the trigger names (`secretSetting`):
 * `X-Mono-Signature: sha256=<hex HMAC-SHA256>`; a missing or wrong signature is 401. The body is
 * the run's `trigger` (its `recordId`, if any, the run's record); `Idempotency-Key` (else the
 * body's hash) keys the start, so a redelivered hook starts nothing new.
 */
export async function workflowHookRoutes(app: FastifyInstance) {
  // This context keeps the raw text of JSON bodies (encapsulated: other routes keep the app's parser).
  // Fastify's JSON parser (prototype-poisoning checks), the app's body rules, and the raw text kept.
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    request.rawJson = String(body);
    if (!request.rawJson.length) return done(null, {});
    parse(request, request.rawJson, (error: Error | null, value?: unknown) => {
      if (error) return done(error);
      const problem = findBodyProblem(value);
      if (problem) return done(new ApiError("RT_ERR_VALIDATION", "The body cannot be stored as it is.", [problem]));
      done(null, value);
    });
  });
  const { executor } = app.workflows;
  app.post(
    "/api/v1/tenant/workflows/:workflow/hook",
    {
      config: { tenant: true },
      schema: {
        tags: ["workflows"],
        params: { type: "object", required: ["workflow"], properties: { workflow: NAME } },
        body: { type: "object", additionalProperties: true, properties: { recordId: UUID } },
        response: {
          202: { type: "object", required: ["id", "created"], properties: { id: UUID, created: { type: "boolean" } } },
        },
      },
    },
    async (request, reply) => {
      const tenant = request.tenant!;
      const { workflow: named } = request.params as { workflow: string };
      const { name: workflow, source } = tenantWorkflow(app, tenant, named);
      const trigger = source?.plan.nodes[source.plan.start];
      if (
        !source ||
        !tenant.templates.has(source.templateId) ||
        trigger?.kind !== "trigger" ||
        trigger.trigger.on !== "webhook"
      )
        throw new ApiError("RT_ERR_NOT_FOUND", `This marketplace has no webhook-started workflow "${workflow}".`);
      const { rows } = await app.db.query<{ secret: unknown }>(
        `SELECT "settings"->$2 AS "secret" FROM "tenant" WHERE "id" = $1`,
        [tenant.id, trigger.trigger.secretSetting],
      );
      const secret = rows[0]?.secret;
      const given = request.headers["x-mono-signature"];
      const raw = request.rawJson ?? "";
      const expected =
        typeof secret === "string" && secret
          ? `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`
          : null;
      if (
        !expected ||
        typeof given !== "string" ||
        given.length !== expected.length ||
        !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      )
        throw new ApiError("RT_ERR_UNAUTHENTICATED", "The X-Mono-Signature header does not sign this body.");
      const body = (request.body ?? {}) as Record<string, unknown> & { recordId?: string };
      const template = app.registry.templates.find((t) => t.id === source.templateId)!;
      const entity = source.plan.entity ? entityOf(template, source.plan.entity) : null;
      if (entity && (!body.recordId || !(await loadRecord(app.db, tenant.id, entity, body.recordId))))
        throw new ApiError("RT_ERR_VALIDATION", "This workflow runs on a record.", [
          { pointer: "/body/recordId", message: `must be the id of a ${entity.name} of this marketplace` },
        ]);
      const key = request.headers["idempotency-key"];
      const cause =
        typeof key === "string" && key.length > 0 && key.length <= 200
          ? key
          : createHash("sha256").update(raw).digest("hex");
      const started = await executor.start({
        tenantId: tenant.id,
        workflow,
        templateId: source.templateId,
        recordId: body.recordId ?? null,
        startKey: `${source.templateId}:${workflow}:hook:${cause}`,
        trigger: { on: "webhook", ...body },
      });
      await started.dispatch();
      return reply.code(202).send({ id: started.id, created: started.created });
    },
  );
}

/** The headers that carry who is asking and for which tenant (for an inner request on their behalf). */
function forwardedIdentity(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["authorization", "cookie", "x-tenant", "host", "x-account-id"]) {
    const value = request.headers[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}
