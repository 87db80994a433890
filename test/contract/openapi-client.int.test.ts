/**
 * The tenant OpenAPI documents as a third-party client uses them: openapi-typescript generates
 * types from each shipped template's tenant document (with a tenant extension field), a typed
 * openapi-fetch client of every entity type-checks with TypeScript, and openapi-fetch (its
 * default serializer) exercises list (filter, sort, fields, include, cursor), get, create,
 * update (clearing with null), delete and bulk on every entity, plus their errors, each answer
 * validated with Ajv 2020 against the document the server served: 0 mismatches.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import createClient from "openapi-fetch";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { sampleCreateBody } from "../../engine/src/index.ts";
import { loadOpenApiDocuments } from "../../runtime/src/operations/load-openapi.ts";
import {
  allTemplates,
  createAccount,
  createTenant,
  createUser,
  startAuthzApp,
  type AuthzEnv,
} from "../../runtime/test/authz-support.ts";
import { creationOrder, entityIr } from "../../runtime/test/crud-support.ts";
import { newCounts, validatorOf } from "./contract-support.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Inside the repository, so the generated client resolves `openapi-fetch` from node_modules. */
const WORK = path.join(ROOT, "node_modules", `.mono-contract-${process.pid}`);
const EXTENSION = "contractNote";
const MISSING = "00000000-0000-4000-8000-000000000000";
const run = promisify(execFile);

let env: AuthzEnv;
let base: string;
const counts = newCounts();

const docs = new Map<string, any>();
const tokens = new Map<string, { token: string; accountId: string }>();

beforeAll(async () => {
  env = await startAuthzApp({
    extra: {
      openapi: await loadOpenApiDocuments(
        path.join(ROOT, "generated"),
        allTemplates.map((t) => t.id),
      ),
    },
  });
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  await mkdir(WORK, { recursive: true });
  for (const t of allTemplates) {
    const slug = `contract-${t.id}`;
    const tenantId = await createTenant(env.db, slug, [t.id]);
    const accountId = await createAccount(env.db, tenantId, "agency", "Contract agency");
    const admin = await createUser(env, tenantId, slug, { roles: [["tenant-admin", null]] });
    tokens.set(t.id, { token: admin.token, accountId });
    // A tenant extension field on the first entity: the tenant document must carry it everywhere.
    const first = creationOrder(t)[0];
    const put = await fetch(`${base}/api/v1/tenant/extensions/${first.apiName}`, {
      method: "PUT",
      headers: { "x-tenant": slug, authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ properties: { [EXTENSION]: { type: "string", maxLength: 80 } }, required: [] }),
    });
    expect(put.status, await put.text()).toBe(200);
    // The document is the caller's: the tenant admin's shows every entity and operation it exercises.
    const res = await fetch(`${base}/api/v1/tenant/openapi.json`, {
      headers: { "x-tenant": slug, authorization: `Bearer ${admin.token}` },
    });
    docs.set(t.id, await res.json());
  }
}, 60_000);

afterAll(async () => {
  console.log(
    `openapi client contract: ${counts.operations} operations exercised, ${counts.validated} responses validated, ${counts.mismatches.length} mismatches`,
  );
  await env?.app.close();
  await env?.close();
  await rm(WORK, { recursive: true, force: true });
});

const model = (e: EntityRegistry) => e.modelName;
const collectionPath = (e: EntityRegistry) => `/api/v1/tenant/entities/${e.apiName}`;

/** Update-schema properties that take null (optional fields). */
function clearable(
  doc: { components: { schemas: Record<string, { properties: Record<string, unknown> }> } },
  e: EntityRegistry,
) {
  const properties = doc.components.schemas[`${model(e)}Update`].properties as Record<
    string,
    { type?: unknown; anyOf?: { type?: string }[] }
  >;
  return Object.keys(properties).filter((key) => {
    const s = properties[key];
    return (Array.isArray(s.type) && s.type.includes("null")) || (s.anyOf ?? []).some((x) => x.type === "null");
  });
}

describe.each(allTemplates.map((t) => [t.id, t] as const))("tenant document of %s", (id, template) => {
  test("carries the tenant's extension field in record, filter, sort and fields schemas", () => {
    const doc = docs.get(id);
    const first = creationOrder(template)[0];
    const m = model(first);
    expect(doc.components.schemas[m].properties[EXTENSION]).toBeDefined();
    expect(doc.components.schemas[`${m}Update`].properties[EXTENSION]).toBeDefined();
    expect(doc.components.schemas[`${m}Read`].properties[EXTENSION]).toBeDefined();
    expect(doc.components.schemas[`${m}Filter`].properties[`${EXTENSION}:contains`]).toEqual({ type: "string" });
    expect(new RegExp(doc.components.parameters[`${m}Sort`].schema.pattern).test(`-${EXTENSION},createdAt`)).toBe(true);
    expect(new RegExp(doc.components.parameters[`${m}Fields`].schema.pattern).test(`id,${EXTENSION}`)).toBe(true);
    expect(doc.paths["/api/v1/tenant/openapi.json"]).toBeUndefined();
    expect(Object.keys(doc.paths).some((p) => p.includes("{entity}/"))).toBe(false);
  });

  test("Redocly's recommended rules: 0 errors with the extension field in", async () => {
    const file = path.join(WORK, `tenant-${id}.json`);
    await writeFile(file, JSON.stringify(docs.get(id)));
    const result = await run(path.join(ROOT, "node_modules/.bin/redocly"), ["lint", file, "--format=json"], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const report = JSON.parse(result.stdout) as { totals: { errors: number }; problems: { severity: string }[] };
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  test("openapi-typescript's client of every entity type-checks", async () => {
    const doc = docs.get(id);
    await writeFile(path.join(WORK, `schema-${id}.ts`), astToString(await openapiTS(doc)));
    const lines = [
      `import createClient from "openapi-fetch";`,
      `import type { components, paths } from "./schema-${id}.ts";`,
      `type S = components["schemas"];`,
      `const client = createClient<paths>({ baseUrl: "http://localhost" });`,
      `export async function signIn(): Promise<string | undefined> {`,
      `  const login = await client.POST("/api/v1/user/auth/login", { body: { email: "a@b.test", password: "x" } });`,
      `  const problem: string | undefined = login.error?.title;`,
      `  void problem;`,
      `  return login.data?.accessToken;`,
      `}`,
    ];
    for (const e of template.entities) {
      const m = model(e);
      const c = collectionPath(e);
      const nulls = clearable(doc, e)
        .slice(0, 1)
        .map((k) => `${JSON.stringify(k)}: null`)
        .join(", ");
      lines.push(
        `export async function use${m}(body: S["${m}Create"]) {`,
        `  const list = await client.GET("${c}", { params: { query: { filter: { "createdAt:lte": "2030-01-01T00:00:00Z" }, limit: 2, total: true, fields: "id" } } });`,
        `  const rows: S["${m}Read"][] | undefined = list.data?.data;`,
        `  const next: string | null | undefined = list.data?.page.nextCursor;`,
        `  const created = await client.POST("${c}", { body });`,
        `  const id: string = created.data?.id ?? "";`,
        `  const one = await client.GET("${c}/{id}", { params: { path: { id } } });`,
        `  const readId: string | undefined = one.data?.id;`,
        `  const patched = await client.PATCH("${c}/{id}", { params: { path: { id } }, body: { ${nulls} } });`,
        `  const updated: S["${m}"] | undefined = patched.data;`,
        `  await client.DELETE("${c}/{id}", { params: { path: { id } } });`,
        `  const bulk = await client.POST("${c}/bulk", { body: { delete: [id] } });`,
        `  const failed: number | undefined = bulk.data?.failed;`,
        `  return [rows, next, readId, updated, failed, created.error?.errors] as const;`,
        `}`,
      );
    }
    const file = path.join(WORK, `client-${id}.ts`);
    await writeFile(file, lines.join("\n"));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  }, 60_000);

  test("openapi-fetch exercises every entity; every answer matches the document", async () => {
    const doc = docs.get(id);
    const check = validatorOf(doc, counts);
    const { token, accountId } = tokens.get(id)!;
    const api = createClient({
      baseUrl: base,
      headers: { "x-tenant": `contract-${id}`, authorization: `Bearer ${token}`, "x-account-id": accountId },
    }) as any;
    type Answer = { data?: any; error?: any; response: Response };
    const call = async (method: string, pathKey: string, init: Record<string, unknown> = {}): Promise<Answer> => {
      const answer: Answer = await api[method](pathKey, init);
      counts.operations++;
      const type = answer.response.headers.get("content-type") ?? "";
      check(pathKey, method.toLowerCase(), answer.response.status, { type, body: answer.data ?? answer.error ?? "" });
      return answer;
    };
    const created = new Map<string, string[]>();
    for (const entity of creationOrder(template)) {
      const c = collectionPath(entity);
      const record = `${c}/{id}`;
      const ir = await entityIr(id, entity.name);
      const made: string[] = [];
      for (let seed = 1; made.length < 3 && seed < 60; seed++) {
        const body = sampleCreateBody(ir, seed);
        entity.relations.forEach((relation, i) => {
          const targets = relation.foreignKey ? created.get(relation.target) : undefined;
          if (relation.foreignKey && targets?.length)
            body[relation.foreignKey] = targets[Math.floor(seed / 2 ** i) % targets.length];
        });
        if (entity === creationOrder(template)[0]) body[EXTENSION] = `note ${seed}`;
        const res = await call("POST", c, { body });
        if (res.response.status === 409) continue;
        expect(res.response.status, `${entity.name}: ${JSON.stringify(res.error)}`).toBe(201);
        made.push(res.data.id);
      }
      expect(made, entity.name).toHaveLength(3);
      const [first, second, doomed] = made;
      created.set(entity.name, [first, second]);

      // List: filter (one level), sort, cursor through two pages, total.
      const query = { filter: { "id:in": `${first},${second}` }, sort: "-createdAt,id", limit: 1, total: true };
      const page1 = await call("GET", c, { params: { query } });
      expect(page1.data.page.total, entity.name).toBe(2);
      const page2 = await call("GET", c, { params: { query: { ...query, cursor: page1.data.page.nextCursor } } });
      expect([...page1.data.data, ...page2.data.data].map((r: { id: string }) => r.id).sort()).toEqual(
        [first, second].sort(),
      );
      // A filter through a relation: the document's pattern names the key, the server applies it.
      const toOne = entity.relations.find(
        (r) => r.kind === "many-to-one" && r.foreignKey && created.get(r.target)?.length,
      );
      if (toOne) {
        const key = `${toOne.name}.id:eq`;
        const filterSchema = doc.components.schemas[`${model(entity)}Filter`] as {
          patternProperties?: Record<string, unknown>;
        };
        const patterns = Object.keys(filterSchema.patternProperties ?? {});
        expect(
          patterns.some((p) => new RegExp(p).test(key)),
          `${entity.name} documents ${key}`,
        ).toBe(true);
        expect(patterns.some((p) => new RegExp(p).test(`notARelation.id:eq`))).toBe(false);
        const related = created.get(toOne.target)![0];
        const through = await call("GET", c, {
          params: { query: { filter: { [key]: related }, fields: `id,${toOne.foreignKey}`, limit: 100 } },
        });
        expect(through.response.status, JSON.stringify(through.error)).toBe(200);
        for (const row of through.data.data) expect(row[toOne.foreignKey!]).toBe(related);
      }
      // Sparse rows and included relations.
      const include = entity.relations[0]?.name;
      const sparse = await call("GET", c, {
        params: { query: { fields: "id,createdAt", ...(include ? { include } : {}), limit: 5 } },
      });
      expect(Object.keys(sparse.data.data[0]).sort(), entity.name).toEqual(
        ["createdAt", "id", ...(include ? [include] : [])].sort(),
      );
      const one = await call("GET", record, {
        params: { path: { id: first }, query: include ? { include } : {} },
      });
      expect(one.data.id).toBe(first);
      // Update, clearing every optional field with null.
      const nulls = Object.fromEntries(clearable(doc, entity).map((k) => [k, null]));
      const patched = await call("PATCH", record, { params: { path: { id: second } }, body: nulls });
      expect(patched.response.status, `${entity.name}: ${JSON.stringify(patched.error)}`).toBe(200);
      for (const key of Object.keys(nulls)) expect(patched.data[key], `${entity.name}.${key}`).toBeNull();
      // Delete, then the errors of a missing record.
      expect((await call("DELETE", record, { params: { path: { id: doomed } } })).response.status).toBe(204);
      expect((await call("GET", record, { params: { path: { id: doomed } } })).response.status).toBe(404);
      expect((await call("DELETE", record, { params: { path: { id: MISSING } } })).response.status).toBe(404);
      // Bulk: an update that works and a delete that does not.
      const bulk = await call("POST", `${c}/bulk`, { body: { update: [{ id: first }], delete: [MISSING] } });
      expect(bulk.data.results.map((r: { status: number }) => r.status)).toEqual([200, 404]);
      // Invalid requests: an unknown body property, an unknown filter field.
      expect((await call("POST", c, { body: { notAField: 1 } })).response.status).toBe(400);
      expect((await call("GET", c, { params: { query: { filter: { "notAField:eq": "1" } } } })).response.status).toBe(
        400,
      );
    }
    // The extension field through the one-level filter.
    const first = creationOrder(template)[0];
    const noted = await call("GET", collectionPath(first), {
      params: { query: { filter: { [`${EXTENSION}:startsWith`]: "note" }, sort: `-${EXTENSION}`, total: true } },
    });
    // The first record keeps its note; the second had it cleared with null, the third is deleted.
    expect(noted.data.page.total).toBe(1);
    expect(counts.mismatches).toEqual([]);
  }, 60_000);
});

test("the checker does find mismatches (so 0 means something)", () => {
  const [template] = allTemplates;
  const doc = docs.get(template.id);
  const local = newCounts();
  const check = validatorOf(doc, local);
  const entity = creationOrder(template)[0];
  const c = collectionPath(entity);
  const json = "application/json; charset=utf-8";
  check(c, "get", 200, { type: json, body: { data: [{ id: "not-a-uuid" }], page: { limit: 1, nextCursor: null } } });
  check(c, "get", 200, { type: json, body: { data: [], page: { limit: 1, nextCursor: null }, extra: 1 } });
  check(c, "get", 418, { type: json, body: {} });
  check(`${c}/{id}`, "get", 404, { type: json, body: { title: "Not found", status: 404 } });
  check(`${c}/{id}`, "get", 404, { type: "application/problem+json", body: { title: "Not found", status: 404 } });
  expect(local.validated).toBe(5);
  expect(local.mismatches).toHaveLength(4);
});

/** Kept apart so a template list change shows here. */
test("every shipped template was exercised", () => {
  expect(allTemplates.map((t: TemplateRegistry) => t.id).sort()).toEqual([...docs.keys()].sort());
});
