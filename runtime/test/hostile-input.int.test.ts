/**
 * Malformed, oversized and hostile input against every endpoint (CRUD, bulk, extensions,
 * schemas, platform, health): hundreds of requests generated from the registry's schemas with a
 * seeded PRNG (set HOSTILE_SEED to replay another run). Whatever comes in, the answer is never a
 * 5xx, every error is `application/problem+json` with status/title/code, field errors carry JSON
 * pointers, and the server still answers a normal request afterwards.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, sampleCreateBody, sampleSchema } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { mapWriteError } from "../src/crud/store/db-errors.ts";
import { ApiError } from "../src/http/problem.ts";
import {
  allTemplates,
  client,
  createSamples,
  createTenant,
  creationOrder,
  entityIr,
  MIGRATIONS,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";
import { platform } from "../../generated/registry.ts";

const SEED = Number(process.env.HOSTILE_SEED ?? 20240611);
const ADMIN_TOKEN = "hostile-admin-token-0123456789";
const MB = 1024 * 1024;

type Json = Record<string, unknown>;
type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT" | "HEAD" | "OPTIONS";

/** One generated request and what we know it must answer (beyond "no 5xx, problem shape"). */
interface HostileRequest {
  readonly label: string;
  readonly method: Method;
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is (with the given content type). */
  readonly payload?: unknown;
  /** Exact status expected, or a list of acceptable ones. */
  readonly status?: number | readonly number[];
  /** A field error with this pointer (or a pointer under it) must be in `errors`. */
  readonly pointer?: string;
}

let env: CrudEnv;
let tenant: TestTenant;
let call: Inject;
/** Ids per template → entity. */
const made = new Map<string, Map<string, string[]>>();
const statuses = new Map<number, number>();
let sent = 0;

beforeAll(async () => {
  // As setupPostgres(), plus the platform API (it needs an admin token).
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  const app = await buildApp({
    db,
    registry: createRuntimeRegistry(allTemplates, platform),
    rateLimit: false,
    adminToken: ADMIN_TOKEN,
  });
  env = {
    db,
    app,
    async close() {
      await app.close();
      await db.close();
      await testDb.drop();
    },
  };
  tenant = await createTenant(env.db, "hostile");
  call = client(env.app, tenant);
  for (const template of allTemplates) {
    const created = new Map<string, string[]>();
    made.set(template.id, created);
    for (const entity of creationOrder(template)) await createSamples(call, template.id, entity, created, 1);
  }
}, 120_000);
afterAll(async () => {
  const distribution = Object.fromEntries([...statuses].sort((x, y) => x[0] - y[0]));
  console.log(`hostile-input: seed ${SEED}, ${sent} requests sent, status codes ${JSON.stringify(distribution)}`);
  await env?.close();
});

// ---------------------------------------------------------------- assertions

const POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

/** Sends one request and checks the invariants every answer must meet. */
async function send(request: HostileRequest): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...request.headers };
  let payload = request.payload;
  if (payload !== undefined && typeof payload !== "string" && !Buffer.isBuffer(payload))
    payload = JSON.stringify(payload);
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  const response = await env.app.inject({
    method: request.method,
    url: request.url,
    headers,
    payload: payload as string | Buffer | undefined,
  });
  sent++;
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  const what = `${request.label} — ${request.method} ${request.url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 400)}`;
  expect(response.statusCode, what).toBeLessThan(500);
  if (request.status !== undefined) expect([request.status].flat(), what).toContain(response.statusCode);
  if (
    response.statusCode < 300 &&
    request.method !== "HEAD" &&
    String(response.headers["content-type"]).startsWith("application/json")
  ) {
    expect(() => JSON.parse(response.body), `${what}: the answer is valid JSON`).not.toThrow();
  }
  if (response.statusCode >= 400 && request.method !== "HEAD") {
    expect(String(response.headers["content-type"]), what).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem.status, what).toBe(response.statusCode);
    expect(typeof problem.title === "string" && problem.title.length > 0, what).toBe(true);
    expect(problem.code, what).toMatch(/^RT_ERR_[A-Z_]+$/);
    expect(problem.type, what).toMatch(/^https:\/\//);
    expect(JSON.stringify(problem), `${what}: no stack trace`).not.toMatch(/\bat .+\.(?:ts|js):\d+/);
    for (const error of problem.errors ?? []) {
      expect(typeof error.message, what).toBe("string");
      expect(error.pointer, what).toMatch(POINTER);
    }
    if (request.pointer !== undefined) {
      const pointers: string[] = (problem.errors ?? []).map((e: { pointer: string }) => e.pointer);
      expect(
        pointers.some((p) => p === request.pointer || p.startsWith(`${request.pointer}/`)),
        `${what}: expected a pointer at ${request.pointer}`,
      ).toBe(true);
    }
  }
  return response;
}

/** Sends them all, collecting every broken invariant (one run shows every problem, not the first). */
async function sendAll(requests: readonly HostileRequest[]): Promise<string[]> {
  const failures: string[] = [];
  for (const request of requests) {
    try {
      await send(request);
    } catch (error) {
      failures.push((error as Error).message.split("\n")[0].slice(0, 600));
    }
  }
  return failures;
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates too, as U+FFFD). */
const encode = (text: string) =>
  [...Buffer.from(text, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

// ---------------------------------------------------------------- generators

const entities = () =>
  allTemplates.flatMap((template) =>
    template.entities.map((entity) => ({ template, entity, name: `${template.id}:${entity.apiName}` })),
  );
const idOf = (template: TemplateRegistry, entity: EntityRegistry) => made.get(template.id)!.get(entity.name)![0];
const escapeToken = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

async function validPayload(template: TemplateRegistry, entity: EntityRegistry, seed: number): Promise<Json> {
  const payload = sampleCreateBody(await entityIr(template.id, entity.name), seed);
  for (const relation of entity.relations) {
    const targets = relation.foreignKey ? made.get(template.id)!.get(relation.target) : undefined;
    if (relation.foreignKey && targets?.length) payload[relation.foreignKey] = targets[0];
  }
  return payload;
}

const typesOf = (schema: Json): string[] =>
  Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];

/** Values of a JSON type the schema does not allow (integer is a number; 1.5 is not an integer). */
function wrongValues(schema: Json): unknown[] {
  if (Array.isArray(schema.enum))
    return ["\u2603-not-a-member", 987654.25, [], { value: 1 }].filter((v) => !(schema.enum as unknown[]).includes(v));
  const types = typesOf(schema);
  if (!types.length) return [];
  const candidates: [string, unknown][] = [
    ["string", "12"],
    ["string", "true"],
    ["string", ""],
    ["number", 1.5],
    ["number", -0.001],
    ["integer", 2_147_483_648],
    // eslint-disable-next-line no-loss-of-precision -- the point: a value no column can hold
    ["integer", 9_223_372_036_854_775_807],
    ["boolean", true],
    ["boolean", false],
    ["null", null],
    ["array", []],
    ["array", ["x", 1]],
    ["object", {}],
    ["object", { nested: { deeper: [1] } }],
  ];
  return candidates
    .filter(([type, value]) => {
      if (types.includes(type)) return false;
      if (type === "integer" && types.includes("number")) return false;
      if (type === "number" && types.includes("integer") && Number.isInteger(value)) return false;
      return true;
    })
    .map(([, value]) => value);
}

/** A wrong value somewhere inside a property (nested objects and array items too), and its pointer. */
function corrupt(
  schema: Json,
  valid: unknown,
  pointer: string,
  random: () => number,
): { value: unknown; pointer: string } | null {
  const properties = schema.properties as Record<string, Json> | undefined;
  if (properties && random() < 0.5 && typeof valid === "object" && valid !== null && !Array.isArray(valid)) {
    const keys = Object.keys(properties);
    const key = keys[Math.floor(random() * keys.length)];
    const inner = corrupt(
      properties[key],
      (valid as Json)[key] ?? sampleSchema(properties[key] as never, random),
      `${pointer}/${escapeToken(key)}`,
      random,
    );
    if (inner) return { value: { ...(valid as Json), [key]: inner.value }, pointer: inner.pointer };
  }
  const items = schema.items as Json | undefined;
  if (items && random() < 0.5) {
    const inner = corrupt(items, sampleSchema(items as never, random), `${pointer}/0`, random);
    if (inner) return { value: [inner.value], pointer: inner.pointer };
  }
  const wrong = wrongValues(schema);
  return wrong.length ? { value: wrong[Math.floor(random() * wrong.length)], pointer } : null;
}

/** Values JSON Schema's formats accept and PostgreSQL cannot store, per format. */
const UNSTORABLE: Record<string, readonly string[]> = {
  "date-time": [
    "2024-05-01T10:00:00+16:00",
    "2024-05-01T10:00:00-17:30",
    "0000-01-01T00:00:00Z",
    "2024-06-30T23:59:60Z",
  ],
  date: ["0000-01-01"],
  uuid: ["urn:uuid:00000000-0000-4000-8000-000000000000"],
};

/**
 * Every date-time, date and uuid field of every entity (foreign keys included), given a value
 * the database would refuse or change: a 400 pointing at the field on create and patch, and a
 * per-item 400 in bulk beside an item that is stored.
 */
async function unstorableFormatRequests(): Promise<HostileRequest[]> {
  const out: HostileRequest[] = [];
  for (const { template, entity, name } of entities()) {
    const schema = entity.schemas.create as { properties: Record<string, Json> };
    for (const [field, property] of Object.entries(schema.properties)) {
      const format = (property.format ?? (property.anyOf as Json[] | undefined)?.find((b) => b.format)?.format) as
        string | undefined;
      const values = format ? UNSTORABLE[format] : undefined;
      if (!values) continue;
      for (const value of values) {
        const valid = await validPayload(template, entity, 1 + (out.length % 997));
        const pointer = `/body/${escapeToken(field)}`;
        out.push(
          {
            label: `unstorable ${format} ${entity.name}.${field} (create)`,
            method: "POST",
            url: url(name),
            headers: tenant.headers,
            payload: { ...valid, [field]: value },
            status: 400,
            pointer,
          },
          {
            label: `unstorable ${format} ${entity.name}.${field} (patch)`,
            method: "PATCH",
            url: url(name, `/${idOf(template, entity)}`),
            headers: tenant.headers,
            payload: { [field]: value },
            status: 400,
            pointer,
          },
        );
      }
    }
  }
  return out;
}

/** Wrong types per field from the registry's create schemas: POST, PATCH and bulk variants. */
async function wrongTypeRequests(random: () => number): Promise<HostileRequest[]> {
  const out: HostileRequest[] = [];
  for (const { template, entity, name } of entities()) {
    const schema = entity.schemas.create as { properties: Record<string, Json> };
    const names = Object.keys(schema.properties);
    for (let i = 0; i < 4; i++) {
      const field = names[Math.floor(random() * names.length)];
      const valid = await validPayload(template, entity, 1 + Math.floor(random() * 1000));
      const bad = corrupt(
        schema.properties[field],
        valid[field] ?? sampleSchema(schema.properties[field] as never, random),
        `/body/${escapeToken(field)}`,
        random,
      );
      if (!bad) continue;
      const body = { ...valid, [field]: bad.value };
      const variant = i % 3;
      if (variant === 0)
        out.push({
          label: `wrong type ${entity.name}.${field} (create)`,
          method: "POST",
          url: url(name),
          headers: tenant.headers,
          payload: body,
          status: 400,
          pointer: bad.pointer,
        });
      // null is wrong on create, but clears an optional field on PATCH (crud-entities tests that).
      else if (variant === 1 && bad.value !== null)
        out.push({
          label: `wrong type ${entity.name}.${field} (patch)`,
          method: "PATCH",
          url: url(name, `/${idOf(template, entity)}`),
          headers: tenant.headers,
          payload: { [field]: bad.value },
          status: 400,
          pointer: bad.pointer,
        });
      else
        out.push({
          label: `wrong type ${entity.name}.${field} (bulk)`,
          method: "POST",
          url: url(name, "/bulk"),
          headers: tenant.headers,
          payload: { create: [body] },
          status: 200,
        });
    }
    out.push({
      label: `body is not an object (${entity.name})`,
      method: "POST",
      url: url(name),
      headers: tenant.headers,
      payload: [random() < 0.5 ? "[1,2]" : '"text"', "42", "null", "true"][Math.floor(random() * 4)],
      status: 400,
    });
  }
  return out;
}

const UNKNOWN_KEYS = [
  "zzUnknown",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "prototype",
  "isAdmin",
  "",
  "a/b~c",
  "ключ",
  "🔑",
  "x".repeat(5000),
  "tenantId",
  "id",
  "createdAt",
  "deletedAt",
  "ext",
];

async function unknownFieldRequests(random: () => number): Promise<HostileRequest[]> {
  const out: HostileRequest[] = [];
  const list = entities();
  for (const key of UNKNOWN_KEYS) {
    const { template, entity, name } = list[Math.floor(random() * list.length)];
    const body = { ...(await validPayload(template, entity, 7)), [key]: random() < 0.5 ? 1 : { deep: "x" } };
    out.push({
      label: `unknown key ${JSON.stringify(key.slice(0, 20))} (create)`,
      method: "POST",
      url: url(name),
      headers: tenant.headers,
      payload: body,
      status: 400,
      pointer: `/body/${escapeToken(key)}`,
    });
    out.push({
      label: `unknown key ${JSON.stringify(key.slice(0, 20))} (patch)`,
      method: "PATCH",
      url: url(name, `/${idOf(template, entity)}`),
      headers: tenant.headers,
      payload: { [key]: "x" },
      status: 400,
      pointer: `/body/${escapeToken(key)}`,
    });
  }
  return out;
}

/** Nested `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels, as JSON text. */
const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number, key = "a") => `{"${key}":`.repeat(depth) + "1" + "}".repeat(depth);

function bodyAbuseRequests(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const json = { "content-type": "application/json", ...tenant.headers };
  const free = "modeling-agency:saved-searches";
  const savedSearch = `{"name":"deep","target":"model-profiles","filters":`;
  const targets: [string, Method][] = [
    [url("job-categories"), "POST"],
    [url("job-categories", `/${made.get("modeling-agency")!.get("JobCategory")![0]}`), "PATCH"],
    [url("job-categories", "/bulk"), "POST"],
    ["/api/v1/tenant/extensions/job-categories", "PUT"],
    ["/api/v1/platform/tenants", "POST"],
  ];
  for (const [path, method] of targets) {
    const headers = path.startsWith("/api/v1/platform") ? { ...json, authorization: `Bearer ${ADMIN_TOKEN}` } : json;
    // Oversized: 413 before anything is parsed.
    out.push({
      label: "1 MB+ body",
      method,
      url: path,
      headers,
      payload: JSON.stringify({ name: "x".repeat(MB + 10) }),
      status: 413,
    });
    out.push({ label: "4 MB of whitespace", method, url: path, headers, payload: " ".repeat(4 * MB), status: 413 });
    // Deep nesting: 10k levels.
    out.push({
      label: "10k-deep array body",
      method,
      url: path,
      headers,
      payload: deepArray(10_000),
      status: [400, 422],
    });
    out.push({
      label: "10k-deep object body",
      method,
      url: path,
      headers,
      payload: deepObject(10_000),
      status: [400, 422],
    });
    // Prototype pollution.
    out.push({
      label: "__proto__ body",
      method,
      url: path,
      headers,
      payload: `{"__proto__":{"isAdmin":true},"name":"x"}`,
      status: 400,
    });
    out.push({
      label: "constructor.prototype body",
      method,
      url: path,
      headers,
      payload: `{"constructor":{"prototype":{"isAdmin":true}}}`,
      status: 400,
    });
    out.push({
      label: "nested __proto__",
      method,
      url: path,
      headers,
      payload: `{"create":[{"name":{"__proto__":{"polluted":1}}}],"properties":{"x":{"__proto__":{}}}}`,
      status: 400,
    });
    // Bad JSON.
    for (const text of [
      "{",
      '{"a":}',
      "[1,]",
      "NaN",
      '{"a":NaN}',
      "{'a':1}",
      '{"a":1}{"b":2}',
      '{"a":1} trailing',
      '"unterminated',
      '{"a":"\\x41"}',
      '{"a":01}',
      '{"a":1e99999}',
      "\u0000",
    ]) {
      out.push({
        label: `bad JSON ${JSON.stringify(text)}`,
        method,
        url: path,
        headers,
        payload: text,
        status: [400, 422],
      });
    }
    out.push({ label: "empty JSON body", method, url: path, headers, payload: "", status: [400, 422] });
    // Bad UTF-8 bytes: invalid, overlong, lone continuation, truncated sequence.
    for (const bytes of [
      [0xff, 0xfe],
      [0xc0, 0xaf],
      [0x80, 0x80],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ]) {
      out.push({
        label: `bad UTF-8 ${Buffer.from(bytes).toString("hex")}`,
        method,
        url: path,
        headers,
        payload: Buffer.concat([
          Buffer.from(`{"name":"x`),
          Buffer.from(bytes),
          Buffer.from(`y","slug":"utf-${Buffer.from(bytes).toString("hex")}","icon":"x","color":"#000000"}`),
        ]),
      });
    }
    out.push({
      label: "bad UTF-8 structure bytes",
      method,
      url: path,
      headers,
      payload: Buffer.from([0x7b, 0xff, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d]),
      status: [400, 422],
    });
    out.push({
      label: "UTF-16 body",
      method,
      url: path,
      headers,
      payload: Buffer.from('\ufeff{"name":"x"}', "utf16le"),
      status: [400, 415, 422],
    });
    // Wrong content types.
    for (const type of [
      "text/plain",
      "application/xml",
      "multipart/form-data; boundary=xyz",
      "application/x-www-form-urlencoded",
      "application/jsonx",
      "image/png",
      "application/json-patch+json",
      "application/json; charset=utf-16",
      "*/*",
      ";;;",
      "application/json\u0000",
    ]) {
      out.push({
        label: `content type ${JSON.stringify(type)}`,
        method,
        url: path,
        headers: { ...headers, "content-type": type },
        payload: `{"name":"x"}`,
        status: [400, 415],
      });
    }
  }
  // Deep nesting inside a free-form JSON field that is stored in JSONB.
  for (const depth of [100, 1000, 10_000]) {
    out.push({
      label: `${depth}-deep object in a JSONB field`,
      method: "POST",
      url: url(free),
      headers: json,
      payload: `${savedSearch}${deepObject(depth)}}`,
      status: [201, 400],
    });
    out.push({
      label: `${depth}-deep array in a JSONB field`,
      method: "POST",
      url: url(free),
      headers: json,
      payload: `${savedSearch}{"x":${deepArray(depth)}}}`,
      status: [201, 400],
    });
  }
  out.push({
    label: "__proto__ inside a JSONB field",
    method: "POST",
    url: url(free),
    headers: json,
    payload: `${savedSearch}{"__proto__":{"polluted":true}}}`,
    status: 400,
  });
  out.push({
    label: "constructor key inside a JSONB field",
    method: "POST",
    url: url(free),
    headers: json,
    payload: `${savedSearch}{"constructor":{"prototype":{"polluted":true}}}}`,
    status: 400,
  });
  out.push({
    label: "900 KB string (under the body limit)",
    method: "POST",
    url: url("job-categories"),
    headers: json,
    payload: { name: "x".repeat(900_000), slug: "huge", icon: "x", color: "#000000" },
    status: 400,
    pointer: "/body/name",
  });
  out.push({
    label: "900 KB string in JSONB",
    method: "POST",
    url: url(free),
    headers: json,
    payload: { name: "big", target: "model-profiles", filters: { text: "y".repeat(900_000) } },
    status: [201, 400],
  });
  out.push({
    label: "100k keys object",
    method: "POST",
    url: url(free),
    headers: json,
    payload: {
      name: "wide",
      target: "model-profiles",
      filters: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])),
    },
    status: [201, 400, 413],
  });
  return out;
}

/** `\u0000` in every place a string reaches the database: PostgreSQL rejects it in text and jsonb. */
function nulRequests(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = tenant.headers;
  const category = made.get("modeling-agency")!.get("JobCategory")![0];
  const search = made.get("modeling-agency")!.get("SavedSearch")![0];
  const nul = "a\u0000b";
  out.push({
    label: "NUL in a text field (create)",
    method: "POST",
    url: url("job-categories"),
    headers,
    payload: { name: `Na${nul}me`, slug: "nul-slug", icon: "x", color: "#000000" },
    status: 400,
    pointer: "/body/name",
  });
  out.push({
    label: "NUL in a text field (patch)",
    method: "PATCH",
    url: url("job-categories", `/${category}`),
    headers,
    payload: { description: nul },
    status: 400,
    pointer: "/body/description",
  });
  out.push({
    label: "NUL in a JSONB field value",
    method: "POST",
    url: url("saved-searches"),
    headers,
    payload: { name: "n", target: "model-profiles", filters: { q: nul } },
    status: 400,
    pointer: "/body/filters/q",
  });
  out.push({
    label: "NUL in a JSONB field key",
    method: "PATCH",
    url: url("saved-searches", `/${search}`),
    headers,
    payload: { filters: { [nul]: 1 } },
    status: 400,
    pointer: `/body/filters/${nul}`,
  });
  out.push({
    label: "NUL in a text array item",
    method: "PATCH",
    url: url("modeling-agency:model-profiles", `/${made.get("modeling-agency")!.get("ModelProfile")![0]}`),
    headers,
    payload: { skills: [nul] },
    status: 400,
    pointer: "/body/skills/0",
  });
  out.push({
    label: "NUL in bulk create",
    method: "POST",
    url: url("job-categories", "/bulk"),
    headers,
    payload: { create: [{ name: nul, slug: "nul-bulk", icon: "x", color: "#000000" }] },
    status: 400,
    pointer: "/body/create/0/name",
  });
  for (const query of [
    `filter[name][eq]=${encodeURIComponent(nul)}`,
    `filter[name][contains]=%00`,
    `filter[name][startsWith]=%00`,
    `filter[name][in]=a,%00`,
    `filter[location.city][eq]=%00`,
    "sort=%00",
    "fields=%00",
    "include=%00",
    "cursor=%00",
    "limit=%00",
    `filter[%00][eq]=1`,
  ]) {
    const path = query.startsWith("filter[location") ? url("jobs", `?${query}`) : url("job-categories", `?${query}`);
    out.push({ label: `NUL in query ${query}`, method: "GET", url: path, headers, status: 400 });
  }
  out.push({ label: "NUL in an id", method: "GET", url: url("job-categories", "/%00"), headers, status: 404 });
  out.push({ label: "NUL in an entity name", method: "GET", url: url("job%00categories"), headers, status: 404 });
  out.push({
    label: "NUL in an extension schema",
    method: "PUT",
    url: "/api/v1/tenant/extensions/job-categories",
    headers,
    payload: { properties: { note: { type: "string", description: nul } } },
    status: 400,
    pointer: "/body/properties/note/description",
  });
  out.push({
    label: "NUL in an extension field value",
    method: "PUT",
    url: "/api/v1/tenant/extensions/venues",
    headers,
    payload: { properties: { nickname: { type: "string", maxLength: 50 } } },
    status: 200,
  });
  out.push({
    label: "NUL in an extension value",
    method: "PATCH",
    url: url("venues", `/${made.get("luxury-club")!.get("Venue")![0]}`),
    headers,
    payload: { nickname: nul },
    status: 400,
    pointer: "/body/nickname",
  });
  out.push({
    label: "NUL in a tenant name",
    method: "POST",
    url: "/api/v1/platform/tenants",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { slug: "nul-tenant", name: nul },
    status: 400,
    pointer: "/body/name",
  });
  out.push({
    label: "NUL in a domain",
    method: "POST",
    url: "/api/v1/platform/tenants/hostile/domains",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { domain: `a${nul}.example` },
    status: 400,
    pointer: "/body/domain",
  });
  return out;
}

/** Query strings: filters, sorts, fields, includes, cursors, limits and offsets, hostile values. */
function queryRequests(random: () => number): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = tenant.headers;
  const lists = [url("model-profiles"), url("jobs"), url("events"), url("membership-tiers"), url("job-categories")];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const bad400 = (label: string, query: string, list = pick(lists)) =>
    out.push({ label, method: "GET", url: `${list}?${query}`, headers, status: 400 });
  for (const value of [
    "0",
    "-1",
    "101",
    "1e3",
    "99999999999999999999",
    "abc",
    "",
    " 5",
    "5.0",
    "0x10",
    "Infinity",
    "NaN",
    "1,2",
    "٣",
  ])
    bad400(`limit=${value}`, `limit=${encodeURIComponent(value)}`);
  for (const value of ["-1", "100001", "1e308", "99999999999999999999999", "NaN", "-Infinity", "0.5"])
    bad400(`offset=${value}`, `offset=${encodeURIComponent(value)}`);
  bad400("limit twice", "limit=1&limit=2");
  bad400("limit as object", "limit[a]=1");
  bad400("total=yes", "total=yes");
  // Numbers in filters: NaN/Infinity-like, beyond int4/int8/float8.
  const numeric: [string, string][] = [
    ["heightCm", "model-profiles"],
    ["rank", "membership-tiers"],
    ["capacity", "events"],
    ["positions", "jobs"],
    ["sortOrder", "job-categories"],
  ];
  for (const value of [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-1e309",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "99999999999999999999",
    "0x1A",
    "1_000",
    "+1",
    " 1",
    "1 ",
    "١٢٣",
    "1e",
    ".",
    "--1",
    "1.5.5",
    "∞",
  ]) {
    const [field, entity] = pick(numeric);
    const op = pick(["eq", "gt", "gte", "lt", "ne", "in", "between"]);
    const text = op === "between" ? `1,${value}` : op === "in" ? `1,${value}` : value;
    bad400(`filter ${field} ${op} ${value}`, `filter[${field}][${op}]=${encodeURIComponent(text)}`, url(entity));
  }
  for (const value of [
    "Infinity",
    "epoch",
    "9999-99-99",
    "2024-02-30",
    "0000-01-01",
    "275760-09-13T00:00:00.001Z",
    "2024-01-01T25:00:00Z",
    "now()",
    "1700000000",
  ]) {
    bad400(`date filter ${value}`, `filter[createdAt][gte]=${encodeURIComponent(value)}`);
  }
  for (const value of [
    "not-a-uuid",
    "' OR 1=1 --",
    "00000000-0000-0000-0000-00000000000g",
    "{00000000-0000-4000-8000-000000000000}",
  ])
    bad400(`uuid filter ${value}`, `filter[id][eq]=${encodeURIComponent(value)}`);
  // SQL-injection-looking values: parameters, never SQL.
  for (const value of [
    "' OR '1'='1",
    "1; DROP TABLE tenant; --",
    "$1",
    "\\",
    "%",
    "_",
    "'); SELECT pg_sleep(5); --",
    '" OR ""="',
    '1\' UNION SELECT * FROM "user" --',
  ]) {
    out.push({
      label: `injection in eq ${value}`,
      method: "GET",
      url: url("job-categories", `?filter[name][eq]=${encodeURIComponent(value)}`),
      headers,
      status: 200,
    });
    out.push({
      label: `injection in contains ${value}`,
      method: "GET",
      url: url("jobs", `?filter[location.city][contains]=${encodeURIComponent(value)}`),
      headers,
      status: 200,
    });
  }
  for (const sort of [
    "name;DROP TABLE tenant",
    "createdAt desc",
    "(select 1)",
    "--createdAt",
    "-",
    ",",
    "name,name",
    "a,b,c,d,e,f",
    '"name"',
    "createdAt)--",
    "location.city",
    "__proto__",
    "constructor",
  ])
    bad400(`sort=${sort}`, `sort=${encodeURIComponent(sort)}`);
  for (const fields of ["id,(select 1)", "*", "__proto__", "constructor", "toString", "name,,", "x".repeat(3000)])
    bad400(`fields=${fields.slice(0, 20)}`, `fields=${encodeURIComponent(fields)}`);
  for (const include of [
    "category;--",
    "__proto__",
    "constructor",
    "jobs.category.jobs",
    "a.b.c",
    Array.from({ length: 11 }, () => "jobs").join(","),
    "x".repeat(3000),
  ])
    bad400(`include=${include.slice(0, 20)}`, `include=${encodeURIComponent(include)}`, url("job-categories"));
  bad400("unknown filter field", "filter[nope][eq]=1");
  bad400("unknown operator", "filter[name][regex]=.*", url("job-categories"));
  bad400("filter without field", "filter=1");
  bad400("JSON path too deep", `filter[location.${"a.".repeat(10)}b][eq]=1`, url("jobs"));
  bad400("JSON path injection", `filter[location.city'--][eq]=1`, url("jobs"));
  bad400(
    "31 filters",
    Array.from({ length: 31 }, (_, i) => `filter[name][ne]=x${i}`)
      .join("&")
      .replace(
        /filter\[name\]\[ne\]=x(\d+)/g,
        (_m, i) =>
          `filter[${["name", "slug", "icon", "color", "description", "sortOrder"][i % 6]}][${["ne", "eq", "in", "nin", "contains"][Math.floor(i / 6) % 5]}]=${i}`,
      ),
    url("job-categories"),
  );
  bad400(
    "101 values in",
    `filter[id][in]=${Array.from({ length: 101 }, () => "00000000-0000-4000-8000-000000000000").join(",")}`,
  );
  bad400("1001-char contains", `filter[name][contains]=${"x".repeat(1001)}`, url("job-categories"));
  bad400("unknown parameter", "select=*");
  // Cursors: forged, truncated, oversized, arrays, combined with offset.
  for (const cursor of [
    "x",
    ".",
    "a.b",
    "eyJlIjoiIn0.AAAAAAAAAAAAAAAAAAAAAA",
    Buffer.from(JSON.stringify({ e: "modeling-agency:JobCategory", s: "-createdAt,-id", k: ["x", "y"] })).toString(
      "base64url",
    ) + ".abc",
    "x".repeat(5000),
    "%ZZ",
    "null",
    "[]",
  ]) {
    bad400(`cursor ${cursor.slice(0, 20)}`, `cursor=${encodeURIComponent(cursor)}`);
  }
  bad400("cursor twice", "cursor=a&cursor=b");
  bad400("cursor and offset", "cursor=a&offset=1");
  // Prototype-named keys are ordinary unknown names: a 400 pointing at them, never dropped.
  for (const [query, pointer] of [
    ["__proto__[x]=1", "/query"],
    ["__proto__=1", "/query"],
    ["constructor[prototype][x]=1", "/query"],
    ["filter[__proto__][eq]=1", "/query/filter/__proto__"],
    ["filter[constructor][prototype]=1", "/query/filter/constructor"],
    ["filter[prototype]=1", "/query/filter/prototype"],
    ["filter[name][__proto__]=1", "/query/filter/name/__proto__"],
    ["filter[name][constructor]=1", "/query/filter/name/constructor"],
  ] as const) {
    out.push({
      label: `prototype query ${query}`,
      method: "GET",
      url: `${url("job-categories")}?${query}`,
      headers,
      status: 400,
      pointer,
    });
  }
  out.push({
    label: "query key too deep",
    method: "GET",
    url: `${url("job-categories")}?a[b][c][d][e][f][g]=1`,
    headers,
    status: 400,
  });
  out.push({
    label: "10k-deep query key",
    method: "GET",
    url: `${url("job-categories")}?${"filter" + "[a]".repeat(10_000)}=1`,
    headers,
    status: [200, 400],
  });
  out.push({
    label: "5000 query parameters",
    method: "GET",
    url: `${url("job-categories")}?${Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join("&")}`,
    headers,
    status: 400,
  });
  out.push({
    label: "percent garbage in query",
    method: "GET",
    url: `${url("job-categories")}?filter[name][eq]=%E0%A4%A&sort=%`,
    headers,
    status: [200, 400],
  });
  out.push({
    label: "invalid UTF-8 percent-encoding",
    method: "GET",
    url: `${url("job-categories")}?filter[name][eq]=%FF%FE`,
    headers,
    status: 200,
  });
  return out;
}

function pathRequests(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = tenant.headers;
  const ids = [
    "not-a-uuid",
    "' OR 1=1--",
    "00000000-0000-4000-8000-00000000000Z",
    "{00000000-0000-4000-8000-000000000000}",
    "x".repeat(200),
    "1",
    "-1",
    "null",
    "undefined",
    "__proto__",
    "constructor",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "00000000-0000-4000-8000-000000000000",
  ];
  for (const id of ids) {
    for (const method of ["GET", "DELETE"] as const)
      out.push({ label: `id ${id.slice(0, 20)}`, method, url: url("job-categories", `/${id}`), headers, status: 404 });
    out.push({
      label: `patch id ${id.slice(0, 20)}`,
      method: "PATCH",
      url: url("job-categories", `/${id}`),
      headers,
      payload: {},
      status: 404,
    });
  }
  out.push({
    label: "10k-char id",
    method: "GET",
    url: url("job-categories", `/${"a".repeat(10_000)}`),
    headers,
    status: 404,
  });
  out.push({
    label: "201-char id",
    method: "DELETE",
    url: url("job-categories", `/${"a".repeat(201)}`),
    headers,
    status: 404,
  });
  out.push({
    label: "upper-case uuid",
    method: "GET",
    url: url("job-categories", `/${made.get("modeling-agency")!.get("JobCategory")![0].toUpperCase()}`),
    headers,
    status: [200, 404],
  });
  for (const entity of [
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "job-categories';--",
    "evеnts",
    "JOB-CATEGORIES",
    "x".repeat(250),
    "modeling-agency:",
    ":jobs",
    "luxury-club:job-categories",
    "a:b:c",
    "%ZZ",
    "%FF%FE",
    "job%2Fcategories",
  ]) {
    out.push({ label: `entity ${entity.slice(0, 20)}`, method: "GET", url: url(entity), headers, status: [400, 404] });
    out.push({
      label: `extensions of ${entity.slice(0, 20)}`,
      method: "PUT",
      url: `/api/v1/tenant/extensions/${entity}`,
      headers,
      payload: { properties: {} },
      status: [400, 404],
    });
    out.push({
      label: `schemas of ${entity.slice(0, 20)}`,
      method: "GET",
      url: `/api/v1/tenant/schemas/${entity}`,
      headers,
      status: [400, 404],
    });
  }
  // Tenant and owner headers.
  for (const slug of [
    "__proto__",
    "constructor",
    "UPPER",
    "a' OR '1'='1",
    "x".repeat(10_000),
    "",
    "-a",
    "a..b",
    "ünïcode",
    "hostile ",
  ]) {
    out.push({
      label: `x-tenant ${slug.slice(0, 20)}`,
      method: "GET",
      url: url("job-categories"),
      headers: { "x-tenant": slug },
      status: 404,
    });
  }
  out.push({ label: "no tenant at all", method: "GET", url: url("job-categories"), status: 404 });
  out.push({
    label: "hostile Host header",
    method: "GET",
    url: url("job-categories"),
    headers: { host: `${"a.".repeat(200)}localhost` },
    status: 404,
  });
  for (const owner of ["not-a-uuid", "' OR 1=1--", "00000000-0000-4000-8000-000000000000", "x".repeat(5000)]) {
    out.push({
      label: `x-account-id ${owner.slice(0, 20)}`,
      method: "POST",
      url: url("jobs"),
      headers: { "x-tenant": tenant.slug, "x-account-id": owner, "x-user-id": tenant.userId },
      payload: {
        title: "A job title",
        jobType: "casting",
        description: "Long enough description text",
        startDate: "2030-01-01T00:00:00Z",
        categoryId: made.get("modeling-agency")!.get("JobCategory")![0],
      },
      status: [400, 422],
      pointer: "/headers/x-account-id",
    });
  }
  out.push({
    label: "hostile x-request-id",
    method: "GET",
    url: url("job-categories"),
    headers: { ...headers, "x-request-id": "../../etc/passwd\r\nX-Injected: 1" },
    status: 200,
  });
  // Methods and routes that do not exist.
  for (const [method, path] of [
    ["PUT", url("job-categories")],
    ["DELETE", url("job-categories")],
    ["PATCH", url("job-categories")],
    ["OPTIONS", url("job-categories")],
    ["POST", "/health/ready"],
    ["DELETE", "/openapi.json"],
    ["GET", "/api/v1/tenant/entities"],
    ["GET", "/api/v2/tenant/entities/jobs"],
    ["GET", "/%ZZ"],
    ["GET", `/${"x/".repeat(2000)}`],
  ] as const) {
    out.push({ label: `no route ${method} ${path.slice(0, 30)}`, method, url: path, headers, status: [400, 404, 405] });
  }
  return out;
}

function bulkAndExtensionRequests(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = tenant.headers;
  const bulk = url("job-categories", "/bulk");
  const category = made.get("modeling-agency")!.get("JobCategory")![0];
  for (const [payload, status] of [
    [[], 400],
    ["x", 400],
    [null, 400],
    [{}, 400],
    [{ create: "x" }, 400],
    [{ create: {} }, 400],
    [{ nope: [] }, 400],
    [{ create: [] }, 400],
    [{ create: Array.from({ length: 501 }, () => ({})) }, 400],
    [{ delete: Array.from({ length: 501 }, () => category) }, 400],
    [{ create: [null, 5, "x", [], true] }, 200],
    [{ update: [{}, { id: "x" }, { id: 5 }, null, { id: category, tenantId: tenant.id }] }, 200],
    [{ delete: ["not-a-uuid", 5, null, {}, "00000000-0000-4000-8000-000000000000"] }, 200],
    [{ create: [{ name: "x" }], update: [{ id: category, name: 5 }], delete: [category, category] }, 200],
  ] as const) {
    out.push({
      label: `bulk ${JSON.stringify(payload).slice(0, 60)}`,
      method: "POST",
      url: bulk,
      headers,
      payload: payload === null ? "null" : (payload as unknown),
      status,
    });
  }
  out.push({ label: "bulk with no body", method: "POST", url: bulk, headers, status: 400 });
  const ext = "/api/v1/tenant/extensions/job-categories";
  const schemas: [unknown, string][] = [
    [{ properties: { x: { type: "string", pattern: "(a+)+$" } } }, "/body/properties/x/pattern"],
    [{ properties: { x: { type: "string", format: "regex" } } }, "/body/properties/x/format"],
    [{ properties: { x: { type: "string", minLength: -1 } } }, "/body/properties/x/minLength"],
    [{ properties: { x: { type: "string", maxLength: 1e10 } } }, "/body/properties/x/maxLength"],
    [{ properties: { x: { type: "integer", minimum: "0" } } }, "/body/properties/x/minimum"],
    [{ properties: { x: { enum: Array.from({ length: 10_000 }, (_, i) => `v${i}`) } } }, "/body/properties/x/enum"],
    [{ properties: { x: { enum: [1, "a"] } } }, "/body/properties/x/enum"],
    [
      { properties: { x: { type: "array", items: { type: "array", items: { type: "string" } } } } },
      "/body/properties/x/items",
    ],
    [{ properties: { x: { type: "integer", default: "one" } } }, "/body/properties/x/default"],
    [{ properties: { tenantId: { type: "string" } } }, "/body/properties/tenantId"],
    [{ properties: { name: { type: "string" } } }, "/body/properties/name"],
    [{ properties: { "Bad-Name": { type: "string" } } }, "/body/properties/Bad-Name"],
    [
      { properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, { type: "string" }])) },
      "/body/properties",
    ],
    [{ properties: { x: { type: "string" } }, required: "x" }, "/body/required"],
    [{ properties: { x: { type: "string" } }, required: [5, "y"] }, "/body/required/0"],
    [{ properties: { x: { type: "object" } } }, "/body/properties/x/type"],
    [{ properties: { x: { $ref: "#/definitions/evil" } } }, "/body/properties/x"],
    [{ properties: { x: { type: "string", "x-label": { en: { deep: 1 } } } } }, "/body/properties/x/x-label"],
    [{ properties: "x" }, "/body/properties"],
    [{ properties: { x: { type: "string" } }, additionalProperties: true }, "/body/additionalProperties"],
  ];
  for (const [schema, pointer] of schemas)
    out.push({
      label: `extension schema ${JSON.stringify(schema).slice(0, 60)}`,
      method: "PUT",
      url: ext,
      headers,
      payload: schema,
      status: 400,
      pointer,
    });
  out.push({
    label: "extension schema 5k-deep items",
    method: "PUT",
    url: ext,
    headers,
    payload: `{"properties":{"x":${`{"type":"array","items":`.repeat(5000)}{"type":"string"}${"}".repeat(5000)}}}`,
    status: 400,
  });
  // Names that are Object.prototype members are plain field names here, and must stay harmless.
  out.push({
    label: "extension field named constructor",
    method: "PUT",
    url: ext,
    headers,
    payload: {
      properties: {
        constructor: { type: "string" },
        toString: { type: "integer" },
        hasOwnProperty: { type: "boolean" },
      },
    },
    status: 400,
    pointer: "/body/properties/toString",
  });
  out.push({
    label: "write prototype-named extension fields",
    method: "PATCH",
    url: url("job-categories", `/${category}`),
    headers,
    payload: { constructor: "x", toString: 1, hasOwnProperty: true },
    status: [200, 400],
  });
  out.push({
    label: "read prototype-named extension fields",
    method: "GET",
    url: url("job-categories", "?sort=toString&filter[constructor][eq]=x&fields=id,constructor"),
    headers,
    status: [200, 400],
  });
  out.push({
    label: "extension with an infinite default",
    method: "PUT",
    url: ext,
    headers,
    payload: `{"properties":{"n":{"type":"integer","default":1e400}}}`,
    status: [200, 400],
  });
  out.push({
    label: "create after a hostile extension",
    method: "POST",
    url: url("job-categories"),
    headers,
    payload: { name: "After ext", slug: "after-ext", icon: "x", color: "#000000" },
    status: [201, 400],
  });
  out.push({ label: "reset extension", method: "PUT", url: ext, headers, payload: { properties: {} }, status: 200 });
  for (const entity of ["job-categories", "model-profiles", "events", "luxury-club:members"]) {
    out.push({
      label: `schemas with junk query ${entity}`,
      method: "GET",
      url: `/api/v1/tenant/schemas/${entity}?__proto__=1&x[y]=2`,
      headers,
      status: 200,
    });
  }
  return out;
}

/** Numbers beyond what the columns hold, and the JSON number edge cases. */
function numberRequests(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = { ...tenant.headers, "content-type": "application/json" };
  const tier = made.get("luxury-club")!.get("MembershipTier")![0];
  const profile = made.get("modeling-agency")!.get("PhotographerProfile")![0];
  for (const literal of [
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1e20",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "0.1e1",
    "123456789012345678901234567890",
  ]) {
    out.push({
      label: `integer field = ${literal}`,
      method: "PATCH",
      url: url("membership-tiers", `/${tier}`),
      headers,
      payload: `{"guestAllowance":${literal}}`,
      status: [200, 400],
    });
    out.push({
      label: `number field = ${literal}`,
      method: "PATCH",
      url: url("photographer-profiles", `/${profile}`),
      headers,
      payload: `{"yearsExperience":${literal}}`,
      status: [200, 400],
    });
    out.push({
      label: `money amount = ${literal}`,
      method: "PATCH",
      url: url("membership-tiers", `/${tier}`),
      headers,
      payload: `{"annualFee":{"amount":${literal},"currency":"EUR"}}`,
      status: [200, 400],
    });
  }
  return out;
}

function unicodeRequests(random: () => number): HostileRequest[] {
  const out: HostileRequest[] = [];
  const headers = tenant.headers;
  const texts = [
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "\u202eevil\u202c",
    "\ufeffBOM",
    "\ud800",
    "\udfff\ud800",
    "\uffff\ufffe",
    "e\u0301".repeat(500),
    "𝕳𝖊𝖑𝖑𝖔",
    "ＡＢＣ１２３",
    "\u200b\u200c\u200d",
    "ا\u0644عربية",
    "\t\r\n\v\f",
    "\u0085\u2028\u2029",
    "<script>alert(1)</script>",
    "${7*7}{{7*7}}",
    "../../etc/passwd",
  ];
  for (const text of texts) {
    const n = Math.floor(random() * 1e9);
    out.push({
      label: `unicode create ${JSON.stringify(text).slice(0, 30)}`,
      method: "POST",
      url: url("job-categories"),
      headers,
      payload: { name: `${text}`.slice(0, 80) || "x", slug: `u-${n}`, icon: "x", color: "#000000" },
      status: [201, 400],
    });
    out.push({
      label: `unicode filter ${JSON.stringify(text).slice(0, 30)}`,
      method: "GET",
      url: url("job-categories", `?filter[name][contains]=${encode(text)}`),
      headers,
      status: 200,
    });
    out.push({
      label: `unicode slug ${JSON.stringify(text).slice(0, 30)}`,
      method: "POST",
      url: url("job-categories"),
      headers,
      payload: { name: "Unicode slug", slug: text, icon: "x", color: "#000000" },
      status: 400,
      pointer: "/body/slug",
    });
  }
  out.push({
    label: "BOM before JSON",
    method: "POST",
    url: url("job-categories"),
    headers: { ...headers, "content-type": "application/json" },
    payload: `\ufeff{"name":"bom","slug":"bom-${Math.floor(random() * 1e9)}","icon":"x","color":"#000000"}`,
    status: [201, 400],
  });
  out.push({
    label: "100k-char uri",
    method: "PATCH",
    url: url("photographer-profiles", `/${made.get("modeling-agency")!.get("PhotographerProfile")![0]}`),
    headers,
    payload: { website: `https://${"a".repeat(100_000)}.example/` },
    status: [200, 400],
  });
  out.push({
    label: "100k-char email",
    method: "PATCH",
    url: url("photographer-profiles", `/${made.get("modeling-agency")!.get("PhotographerProfile")![0]}`),
    headers,
    payload: { website: `${"a@".repeat(50_000)}x` },
    status: 400,
    pointer: "/body/website",
  });
  out.push({
    label: "uri ReDoS probe",
    method: "PATCH",
    url: url("photographer-profiles", `/${made.get("modeling-agency")!.get("PhotographerProfile")![0]}`),
    headers,
    payload: { website: `http://${"%".repeat(30_000)}` },
    status: 400,
  });
  return out;
}

function platformRequests(random: () => number): HostileRequest[] {
  const out: HostileRequest[] = [];
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  for (const authorization of [
    undefined,
    "",
    "Bearer",
    "Bearer ",
    `Bearer ${ADMIN_TOKEN}x`,
    `bearer ${ADMIN_TOKEN}`,
    `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString("base64")}`,
    `Bearer ${"x".repeat(10_000)}`,
    `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
  ]) {
    out.push({
      label: `platform auth ${String(authorization).slice(0, 20)}`,
      method: "GET",
      url: "/api/v1/platform/tenants",
      headers: authorization === undefined ? {} : { authorization },
      status: 401,
    });
  }
  const slugs = ["UPPER", "-lead", "trail-", "a".repeat(64), "", "admin", "a b", "ünï", "a_b", "' OR 1=1", "__proto__"];
  for (const slug of slugs)
    out.push({
      label: `tenant slug ${slug.slice(0, 20)}`,
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug, name: "X" },
      status: [400, 409],
      pointer: "/body/slug",
    });
  for (const body of [
    {},
    { slug: "ok-slug" },
    { slug: 5, name: "x" },
    { slug: "ok-slug", name: "" },
    { slug: "ok-slug", name: "x".repeat(201) },
    { slug: "ok-slug", name: "x", extra: 1 },
    { slug: ["a"], name: "x" },
    { slug: "ok-slug", name: { a: 1 } },
  ]) {
    out.push({
      label: `tenant body ${JSON.stringify(body).slice(0, 40)}`,
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: body,
      status: 400,
    });
  }
  for (const query of [
    "limit=0",
    "limit=abc",
    "limit=1e9",
    "limit=-5",
    "after=' OR 1=1",
    "after=UPPER",
    "x=1",
    "limit=1&limit=2",
    "after[x]=1",
  ]) {
    out.push({
      label: `tenants ${query}`,
      method: "GET",
      url: `/api/v1/platform/tenants?${query}`,
      headers: auth,
      status: 400,
    });
  }
  for (const slug of ["UPPER", "' OR 1=1", "x".repeat(199), "__proto__", "nobody-here"]) {
    out.push({
      label: `tenant ${slug.slice(0, 20)}`,
      method: "GET",
      url: `/api/v1/platform/tenants/${encodeURIComponent(slug)}`,
      headers: auth,
      status: [400, 404],
    });
    out.push({
      label: `suspend ${slug.slice(0, 20)}`,
      method: "POST",
      url: `/api/v1/platform/tenants/${encodeURIComponent(slug)}/suspend`,
      headers: auth,
      status: [400, 404],
    });
  }
  for (const body of [
    { templateId: 5 },
    { templateId: "__proto__" },
    { templateId: "constructor" },
    { templateId: "x".repeat(41) },
    { templateId: "luxury-club", version: "999.0.0" },
    { templateId: "luxury-club", version: { $gt: "" } },
    {},
  ]) {
    out.push({
      label: `install ${JSON.stringify(body).slice(0, 40)}`,
      method: "POST",
      url: "/api/v1/platform/tenants/hostile/templates",
      headers: auth,
      payload: body,
      status: [400, 409, 422],
    });
  }
  for (const domain of ["not a domain", "a".repeat(300), "-bad.example", "' OR 1=1", "", "xn--"]) {
    out.push({
      label: `domain ${domain.slice(0, 20)}`,
      method: "POST",
      url: "/api/v1/platform/tenants/hostile/domains",
      headers: auth,
      payload: { domain },
      status: 400,
    });
  }
  for (const query of ["dryRun=maybe", "acceptBreaking=2", "dryRun=false&x=1", "dryRun=true&dryRun=false"]) {
    out.push({
      label: `upgrade ${query}`,
      method: "POST",
      url: `/api/v1/platform/tenants/hostile/templates/luxury-club/upgrade?${query}`,
      headers: auth,
      status: 400,
    });
  }
  out.push({
    label: "upgrade unknown template",
    method: "POST",
    url: "/api/v1/platform/tenants/hostile/templates/__proto__/upgrade",
    headers: auth,
    status: [400, 404],
  });
  out.push({
    label: "upgrade long template id",
    method: "POST",
    url: `/api/v1/platform/tenants/hostile/templates/${"x".repeat(150)}/upgrade`,
    headers: auth,
    status: [400, 404],
  });
  // Health, metrics and documents with junk.
  for (const path of [
    "/health/live?x=1",
    "/health/ready?__proto__[a]=1",
    "/health/ready",
    "/metrics?x=%FF",
    "/openapi.json?x=1",
    `/health/live?${"a".repeat(20_000)}=1`,
  ]) {
    out.push({
      label: `operations ${path.slice(0, 30)}`,
      method: random() < 0.8 ? "GET" : "HEAD",
      url: path,
      status: 200,
    });
  }
  return out;
}

// ---------------------------------------------------------------- the suite

describe("hostile input", () => {
  it("never answers 5xx, always problem+json with pointers, across every endpoint", async () => {
    const random = prng(SEED);
    const requests = [
      ...(await wrongTypeRequests(random)),
      ...(await unstorableFormatRequests()),
      ...(await unknownFieldRequests(random)),
      ...bodyAbuseRequests(),
      ...nulRequests(),
      ...queryRequests(random),
      ...pathRequests(),
      ...bulkAndExtensionRequests(),
      ...numberRequests(),
      ...unicodeRequests(random),
      ...platformRequests(random),
    ];
    expect(requests.length).toBeGreaterThanOrEqual(300);
    expect(await sendAll(requests)).toEqual([]);
  });

  it("a bulk item with a value the database cannot store fails alone, with its pointer; the others are stored", async () => {
    const { template, entity, name, field } = entities()
      .flatMap((e) =>
        Object.entries((e.entity.schemas.create as { properties: Record<string, Json> }).properties)
          .filter(([, p]) => p.format === "date-time")
          .map(([field]) => ({ ...e, field })),
      )
      .find((e) => e.entity.relations.every((r) => !r.foreignKey || made.get(e.template.id)!.get(r.target)?.length))!;
    const good = await validPayload(template, entity, 4242);
    const response = await send({
      label: "bulk with an unstorable date-time",
      method: "POST",
      url: url(name, "/bulk"),
      headers: tenant.headers,
      payload: {
        create: [{ ...(await validPayload(template, entity, 4243)), [field]: "2024-05-01T10:00:00+16:00" }, good],
      },
      status: 200,
    });
    const [bad, stored] = response.json().results;
    expect(bad.status).toBe(400);
    expect(bad.errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body/create/0/${field}`);
    expect(stored.status).toBe(201);
  });

  it("maps a cast error PostgreSQL raises past validation to a 400 pointing at the field that holds the value", async () => {
    const cases: [string, string, unknown][] = [
      ["timestamptz", "2024-05-01T10:00:00+16:00", { startsAt: "2024-05-01T10:00:00+16:00", tags: ["x"] }],
      [
        "uuid",
        "urn:uuid:00000000-0000-4000-8000-000000000000",
        { parent: { id: "urn:uuid:00000000-0000-4000-8000-000000000000" } },
      ],
      ["int4", "99999999999", { count: 99999999999 }],
    ];
    for (const [type, value, body] of cases) {
      const error = await env.db.query(`SELECT $1::${type}`, [value]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, type).not.toBeNull();
      const mapped = mapWriteError(error, { entity: { name: "X", fields: [] } } as never, "/body", body);
      expect(mapped).toBeInstanceOf(ApiError);
      expect((mapped as ApiError).status).toBe(400);
      const pointers = ((mapped as ApiError).errors ?? []).map((e) => e.pointer);
      expect(pointers, type).toEqual([
        type === "timestamptz" ? "/body/startsAt" : type === "uuid" ? "/body/parent/id" : "/body/count",
      ]);
    }
  });

  it("reports bulk items with pointers under the item", async () => {
    const response = await send({
      label: "bulk item pointers",
      method: "POST",
      url: url("job-categories", "/bulk"),
      headers: tenant.headers,
      payload: {
        create: [{ name: 5 }],
        update: [{ id: made.get("modeling-agency")!.get("JobCategory")![0], sortOrder: "x" }],
      },
      status: 200,
    });
    const [created, updated] = response.json().results;
    expect(created.status).toBe(400);
    expect(created.errors.map((e: { pointer: string }) => e.pointer)).toContain("/body/create/0/name");
    expect(updated.status).toBe(400);
    expect(updated.errors.map((e: { pointer: string }) => e.pointer)).toContain("/body/update/0/sortOrder");
  });

  it("still answers normal requests afterwards, with the data intact", async () => {
    const list = await send({
      label: "normal list",
      method: "GET",
      url: url("job-categories", "?limit=5&sort=-createdAt"),
      headers: tenant.headers,
      status: 200,
    });
    expect(list.json().data.length).toBeGreaterThan(0);
    const created = await send({
      label: "normal create",
      method: "POST",
      url: url("job-categories"),
      headers: tenant.headers,
      payload: { name: "After the storm", slug: "after-the-storm", icon: "x", color: "#000000" },
      status: 201,
    });
    await send({
      label: "normal get",
      method: "GET",
      url: url("job-categories", `/${created.json().id}`),
      headers: tenant.headers,
      status: 200,
    });
    await send({ label: "health", method: "GET", url: "/health/ready", status: 200 });
    const { rows } = await env.db.query(`SELECT count(*)::int AS "n" FROM "tenant"`);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
    // Nothing polluted Object.prototype along the way.
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
