import type { FastifyInstance, FastifyRequest } from "fastify";
import { CursorCodec } from "../crud/sql/cursor.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { parsePageQuery } from "../http/page-query.ts";
import type { EmailProblem } from "./email-renderer.ts";
import { listDeliveries, type DeliveryQuery, DELIVERY_STATUSES } from "./delivery-log.ts";

const CURSOR_ENTITY = "email-delivery";
const CURSOR_SORT = "-createdAt";
const LOCALE = { type: "string", pattern: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", maxLength: 16 } as const;
const KEY = { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,119}$" } as const;
const STRING_MAP = { type: "object", additionalProperties: { type: "string" } } as const;

const DELIVERY = {
  type: "object",
  required: [
    "id",
    "status",
    "recipient",
    "template",
    "locale",
    "subject",
    "attempts",
    "lastError",
    "createdAt",
    "sendAfter",
    "sentAt",
  ],
  properties: {
    id: { type: "string", format: "uuid" },
    status: { type: "string", enum: [...DELIVERY_STATUSES] },
    recipient: { type: "string" },
    template: { type: "string" },
    locale: { type: "string" },
    subject: { type: "string" },
    attempts: { type: "integer" },
    lastError: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    sendAfter: { type: "string", format: "date-time" },
    sentAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;

const DELIVERY_PAGE = {
  type: "object",
  required: ["data", "page"],
  properties: {
    data: { type: "array", items: DELIVERY },
    page: {
      type: "object",
      required: ["limit", "nextCursor"],
      properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
    },
  },
} as const;

const OVERRIDE = {
  type: "object",
  required: ["key", "locale", "subject", "mjml", "version", "updatedAt"],
  properties: {
    key: { type: "string" },
    locale: { type: "string" },
    subject: { type: "string" },
    mjml: { type: "string" },
    version: { type: "integer" },
    updatedAt: { type: "string", format: "date-time" },
  },
} as const;

const TEMPLATE_LIST = {
  type: "object",
  required: ["data"],
  properties: {
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["key", "level", "templateId", "locales", "variables", "subject", "mjml", "overrides"],
        properties: {
          key: { type: "string" },
          level: { type: "string", enum: ["template", "platform"] },
          templateId: { type: ["string", "null"] },
          locales: { type: "array", items: { type: "string" } },
          variables: { type: "array", items: { type: "string" } },
          subject: STRING_MAP,
          mjml: STRING_MAP,
          overrides: { type: "array", items: OVERRIDE },
        },
      },
    },
  },
} as const;

const PREVIEW = {
  type: "object",
  required: ["key", "locale", "level", "subject", "html", "text", "variables"],
  properties: {
    key: { type: "string" },
    locale: { type: "string" },
    level: { type: "string", enum: ["tenant", "template", "platform"] },
    subject: { type: "string" },
    html: { type: "string" },
    text: { type: "string" },
    variables: { type: "object", additionalProperties: true },
  },
} as const;

const BRANDING = {
  type: "object",
  additionalProperties: false,
  properties: {
    logoUrl: { type: ["string", "null"], format: "uri", maxLength: 2000 },
    primaryColor: { type: "string", pattern: "^#[0-9a-fA-F]{6}$" },
    textColor: { type: "string", pattern: "^#[0-9a-fA-F]{6}$" },
    backgroundColor: { type: "string", pattern: "^#[0-9a-fA-F]{6}$" },
    footer: { type: "string", maxLength: 500 },
    senderName: { type: "string", maxLength: 100 },
    currency: { type: "string", pattern: "^[A-Z]{3}$" },
  },
} as const;

const admin = { config: { tenant: true, auth: "required", allowSuperAdmin: true } as const };

/**
 * The tenant admin's side of email: the delivery log, the templates with their overrides
 * (validated like `mono validate` validates a template's), a preview, and the branding.
 */
export async function emailRoutes(app: FastifyInstance, options: { cursorSecret?: string }) {
  const cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);
  const { catalogue, renderer, outbox } = app.email;

  app.get(
    "/api/v1/tenant/email/deliveries",
    { ...admin, schema: { tags: ["email"], response: { 200: DELIVERY_PAGE } } },
    async (request) => {
      await app.authz.requireAdmin(request);
      const query = parseDeliveryQuery(request.query as Record<string, unknown>, cursors);
      const rows = await listDeliveries(app.db, request.tenant!.id, query);
      const more = rows.length > query.limit;
      if (more) rows.pop();
      const last = rows[rows.length - 1];
      const nextCursor = more ? cursors.encode({ e: CURSOR_ENTITY, s: CURSOR_SORT, k: [last.__at, last.id] }) : null;
      return { data: rows.map(({ __at, ...row }) => row), page: { limit: query.limit, nextCursor } };
    },
  );

  app.get(
    "/api/v1/tenant/email/templates",
    { ...admin, schema: { tags: ["email"], response: { 200: TEMPLATE_LIST } } },
    async (request) => {
      await app.authz.requireAdmin(request);
      const tenant = request.tenant!;
      const overrides = await catalogue.overrides(tenant.id);
      return {
        data: catalogue.definitions(tenant).map((d) => ({ ...d, overrides: overrides.filter((o) => o.key === d.key) })),
      };
    },
  );

  app.put(
    "/api/v1/tenant/email/templates/:key/:locale",
    {
      ...admin,
      schema: {
        tags: ["email"],
        params: { type: "object", required: ["key", "locale"], properties: { key: KEY, locale: LOCALE } },
        body: {
          type: "object",
          required: ["subject", "mjml"],
          additionalProperties: false,
          properties: {
            subject: { type: "string", minLength: 1, maxLength: 500 },
            mjml: { type: "string", minLength: 1, maxLength: 200_000 },
          },
        },
        response: { 200: OVERRIDE },
      },
    },
    async (request) => {
      await app.authz.requireAdmin(request);
      const { key, locale } = request.params as { key: string; locale: string };
      const body = request.body as { subject: string; mjml: string };
      const definition = catalogue.definition(request.tenant!, key);
      if (!definition) throw new ApiError("RT_ERR_NOT_FOUND", `No email template "${key}" in this marketplace.`);
      const problems = await renderer.problems(body, definition.variables);
      if (problems.length) throw overrideProblems(problems);
      return serializeOverride(await catalogue.saveOverride(request.tenant!.id, { key, locale, ...body }));
    },
  );

  app.delete(
    "/api/v1/tenant/email/templates/:key/:locale",
    {
      ...admin,
      schema: {
        tags: ["email"],
        params: { type: "object", required: ["key", "locale"], properties: { key: KEY, locale: LOCALE } },
        response: {
          204: { type: "null", description: "The override is gone; the template's own text applies again." },
        },
      },
    },
    async (request, reply) => {
      await app.authz.requireAdmin(request);
      const { key, locale } = request.params as { key: string; locale: string };
      if (!(await catalogue.deleteOverride(request.tenant!.id, key, locale)))
        throw new ApiError("RT_ERR_NOT_FOUND", `No override of "${key}" in "${locale}".`);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/v1/tenant/email/preview",
    {
      ...admin,
      schema: {
        tags: ["email"],
        body: {
          type: "object",
          required: ["template"],
          additionalProperties: false,
          properties: {
            template: KEY,
            locale: LOCALE,
            variables: {
              type: "object",
              additionalProperties: true,
              description: "Values to render with; missing declared variables get sample values.",
            },
            record: {
              type: "object",
              required: ["entity", "id"],
              additionalProperties: false,
              description: "A real record (read with the caller's permissions) whose fields become variables.",
              properties: {
                entity: { type: "string", pattern: "^[A-Za-z0-9:_-]{1,120}$" },
                id: { type: "string", format: "uuid" },
              },
            },
            subject: {
              type: "string",
              maxLength: 500,
              description: "Unsaved text to preview instead of the stored one.",
            },
            mjml: { type: "string", maxLength: 200_000 },
          },
        },
        response: { 200: PREVIEW },
      },
    },
    async (request) => {
      await app.authz.requireAdmin(request);
      const tenant = request.tenant!;
      const body = request.body as {
        template: string;
        locale?: string;
        variables?: Record<string, unknown>;
        record?: { entity: string; id: string };
        subject?: string;
        mjml?: string;
      };
      const wanted = body.locale ?? catalogue.fallbacks(tenant, "en")[1] ?? "en";
      const resolved = await catalogue.resolve(tenant, body.template, wanted);
      if (!resolved)
        throw new ApiError("RT_ERR_NOT_FOUND", `No email template "${body.template}" in this marketplace.`, [
          { pointer: "/body/template", message: "does not exist" },
        ]);
      const source = { subject: body.subject ?? resolved.source.subject, mjml: body.mjml ?? resolved.source.mjml };
      if (body.subject !== undefined || body.mjml !== undefined) {
        // A previewed record is there as `record` too.
        const problems = await renderer.problems(source, [...resolved.variables, ...(body.record ? ["record"] : [])]);
        if (problems.length) throw overrideProblems(problems);
      }
      const record = body.record ? await readRecord(app, request, body.record) : {};
      const variables: Record<string, unknown> = {
        ...Object.fromEntries(resolved.variables.map((v) => [v.split(".")[0], `‹${v.split(".")[0]}›`])),
        ...record,
        ...(body.record ? { record } : {}),
        ...body.variables,
      };
      const settings = await outbox.settings(tenant);
      const out = await renderer.renderSource(source, variables, {
        locale: resolved.locale,
        currency: settings.currency,
        brand: settings.brand,
      });
      return {
        key: resolved.key,
        locale: resolved.locale,
        level: body.mjml || body.subject ? "tenant" : resolved.level,
        ...out,
        variables,
      };
    },
  );

  app.get(
    "/api/v1/tenant/email/branding",
    { ...admin, schema: { tags: ["email"], response: { 200: BRANDING } } },
    async (request) => {
      await app.authz.requireAdmin(request);
      const settings = await outbox.settings(request.tenant!);
      return { ...settings.brand, currency: settings.currency };
    },
  );

  app.put(
    "/api/v1/tenant/email/branding",
    { ...admin, schema: { tags: ["email"], body: BRANDING, response: { 200: BRANDING } } },
    async (request) => {
      await app.authz.requireAdmin(request);
      const { currency, ...branding } = request.body as Record<string, unknown>;
      await app.db.query(
        `UPDATE "tenant" SET "settings" = jsonb_set(
           jsonb_set(COALESCE("settings", '{}'::jsonb), '{branding}', COALESCE("settings"->'branding', '{}'::jsonb) || $2::jsonb),
           '{currency}', COALESCE($3::jsonb, "settings"->'currency', '"EUR"'::jsonb)), "updatedAt" = now()
         WHERE "id" = $1`,
        [request.tenant!.id, JSON.stringify(branding), currency === undefined ? null : JSON.stringify(currency)],
      );
      const settings = await outbox.settings(request.tenant!);
      return { ...settings.brand, currency: settings.currency };
    },
  );
}

function serializeOverride<T extends { updatedAt: string }>(o: T): T {
  return { ...o, updatedAt: new Date(o.updatedAt).toISOString() };
}

function overrideProblems(problems: readonly EmailProblem[]): ApiError {
  return new ApiError(
    "RT_ERR_VALIDATION",
    "The email template does not validate.",
    problems.map((p) => ({ pointer: `/body/${p.part}`, message: p.message })),
  );
}

/** A record through the entity API itself, so the caller's permissions and field rules apply. */
async function readRecord(app: FastifyInstance, request: FastifyRequest, ref: { entity: string; id: string }) {
  const headers: Record<string, string> = {};
  for (const h of ["authorization", "cookie", "x-tenant", "host"]) {
    const v = request.headers[h];
    if (typeof v === "string") headers[h] = v;
  }
  const res = await app.inject({
    method: "GET",
    url: `/api/v1/tenant/entities/${encodeURIComponent(ref.entity)}/${ref.id}`,
    headers,
  });
  if (res.statusCode !== 200)
    throw new ApiError(
      res.statusCode === 404 ? "RT_ERR_NOT_FOUND" : "RT_ERR_VALIDATION",
      "The record cannot be read.",
      [
        {
          pointer: "/body/record",
          message: res.statusCode === 404 ? "no such record" : `cannot be read (${res.statusCode})`,
        },
      ],
    );
  return res.json() as Record<string, unknown>;
}

function parseDeliveryQuery(query: Record<string, unknown>, cursors: CursorCodec): DeliveryQuery {
  const errors: FieldError[] = [];
  const out: DeliveryQuery = { limit: 50 };
  for (const key of Object.keys(query))
    if (!["filter", "limit", "cursor"].includes(key))
      errors.push({ pointer: `/query/${key}`, message: "is not a known parameter" });
  const filter = query.filter;
  if (filter !== undefined && (typeof filter !== "object" || filter === null || Array.isArray(filter)))
    errors.push({ pointer: "/query/filter", message: "must be written filter[field]=value" });
  for (const [name, raw] of Object.entries((typeof filter === "object" && filter) || {})) {
    const pointer = `/query/filter/${name}`;
    if (!["status", "recipient", "template", "locale"].includes(name)) {
      errors.push({ pointer, message: "is not a filterable field (status, recipient, template, locale)" });
      continue;
    }
    if (typeof raw !== "string" || raw.length > 254) {
      errors.push({ pointer, message: "must be given once, as text" });
      continue;
    }
    if (name === "status" && !(DELIVERY_STATUSES as readonly string[]).includes(raw)) {
      errors.push({ pointer, message: `must be one of ${DELIVERY_STATUSES.join(", ")}` });
      continue;
    }
    out[name as "status" | "recipient" | "template" | "locale"] = name === "recipient" ? raw.toLowerCase() : raw;
  }
  Object.assign(
    out,
    parsePageQuery(query, cursors, { entity: CURSOR_ENTITY, sort: CURSOR_SORT, maxLimit: 200 }, errors),
  );
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return out;
}
