/**
 * Tenant isolation, table-driven over every entity of every shipped template: two tenants with
 * the same templates and data in both, and tenant B trying every read, write, filter, sort,
 * include, bulk and extension path with tenant A's ids, with `tenantId` smuggled into bodies and
 * queries, and with A's cursors. Foreign ids are 404 (never 403: existence is not revealed),
 * foreign references 422; after every write attempt raw SQL proves nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import {
  allTemplates,
  client,
  createSamples,
  createTenant,
  creationOrder,
  entityIr,
  setupPostgres,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";

let env: CrudEnv;
let a: TestTenant;
let b: TestTenant;
let callA: Inject;
let callB: Inject;
/** Record ids per tenant slug → template id → entity name. */
const ids = new Map<string, Map<string, Map<string, string[]>>>();
/** Every id tenant A owns (records, account, user, tenant): none may ever reach tenant B, and vice versa. */
const owned = new Map<string, Set<string>>();

const idsOf = (tenant: TestTenant, templateId: string, entity: string) =>
  ids.get(tenant.slug)!.get(templateId)!.get(entity) ?? [];
const tableOf = (entity: EntityRegistry) => (entity.draft ? "draft_record" : entity.table);
const nameOf = (templateId: string, entity: EntityRegistry) => `${templateId}:${entity.apiName}`;
const fkRelations = (entity: EntityRegistry) =>
  entity.relations.filter((r) => r.kind === "many-to-one" && r.foreignKey);

beforeAll(async () => {
  env = await setupPostgres();
  a = await createTenant(env.db, "iso-a");
  b = await createTenant(env.db, "iso-b");
  callA = client(env.app, a);
  callB = client(env.app, b);
  for (const [tenant, call] of [
    [a, callA],
    [b, callB],
  ] as const) {
    const byTemplate = new Map<string, Map<string, string[]>>();
    ids.set(tenant.slug, byTemplate);
    for (const template of allTemplates) {
      const created = new Map<string, string[]>();
      byTemplate.set(template.id, created);
      // Different seeds per tenant: the two data sets differ, so a leak would show.
      for (const entity of creationOrder(template))
        await createSamples(call, template.id, entity, created, 2, tenant === a ? 1 : 101);
    }
    owned.set(
      tenant.slug,
      new Set([
        tenant.id,
        tenant.accountId,
        tenant.userId,
        ...[...byTemplate.values()].flatMap((m) => [...m.values()].flat()),
      ]),
    );
  }
}, 120_000);
afterAll(() => env?.close());

/** The `id` of every record inside an included value (objects, arrays, nested includes). */
function recordIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(recordIds);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === "id" && typeof v === "string" ? [v] : recordIds(v)));
}

/** No id of `victim` appears anywhere in a response meant for the other tenant. */
function expectNoLeak(body: string, victim: TestTenant, what: string) {
  const leaked = [...owned.get(victim.slug)!].filter((id) => body.includes(id));
  expect(leaked, `${what} leaked ${victim.slug}'s ids`).toEqual([]);
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string },
  status: number,
  what: string,
) {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 400)}`).toBe(status);
  expect(String(response.headers["content-type"]), what).toContain("application/problem+json");
  expect(response.json().status, what).toBe(status);
}

/** Count and content hash of a whole table (both tenants' rows, every column incl. updatedAt). */
async function snapshot(entity: EntityRegistry): Promise<string> {
  const { rows } = await env.db.query<{ n: number; h: string }>(
    `SELECT count(*)::int AS "n", coalesce(md5(string_agg(t::text, '|' ORDER BY t."id")), '') AS "h" FROM "${tableOf(entity)}" AS t`,
  );
  return `${rows[0].n}:${rows[0].h}`;
}

async function victimRow(
  entity: EntityRegistry,
  id: string,
): Promise<{ tenantId: string; updatedAt: Date; row: unknown }> {
  const { rows } = await env.db.query(
    `SELECT t."tenantId", t."updatedAt", to_jsonb(t) AS "row" FROM "${tableOf(entity)}" AS t WHERE t."id" = $1`,
    [id],
  );
  expect(rows.length, `victim row ${id}`).toBe(1);
  return rows[0];
}

/** Runs a write attempt and proves, with raw SQL, that neither the table nor the victim's row changed. */
async function unchanged<T>(entity: EntityRegistry, victimId: string, attempt: () => Promise<T>): Promise<T> {
  const before = await snapshot(entity);
  const victim = await victimRow(entity, victimId);
  const result = await attempt();
  expect(await snapshot(entity), `${entity.name}: table changed`).toBe(before);
  const after = await victimRow(entity, victimId);
  expect(after.tenantId).toBe(a.id);
  expect(after.updatedAt.getTime(), `${entity.name}: victim updatedAt`).toBe(victim.updatedAt.getTime());
  expect(after.row).toEqual(victim.row);
  return result;
}

/** A valid create payload of tenant B (its own foreign keys), before any tampering. */
async function payloadOf(
  tenant: TestTenant,
  templateId: string,
  entity: EntityRegistry,
  seed: number,
): Promise<Record<string, unknown>> {
  const payload = sampleCreateBody(await entityIr(templateId, entity.name), seed);
  for (const relation of fkRelations(entity)) {
    const targets = idsOf(tenant, templateId, relation.target);
    if (targets.length) payload[relation.foreignKey!] = targets[0];
  }
  return payload;
}

/** A patch of one plain writable field (valid for the update schema). */
async function patchOf(templateId: string, entity: EntityRegistry): Promise<Record<string, unknown>> {
  const irEntity = await entityIr(templateId, entity.name);
  for (let seed = 700; seed < 760; seed++) {
    const sample = sampleCreateBody(irEntity, seed);
    const field = entity.fields.find(
      (f) =>
        !f.unique &&
        !f.readOnly &&
        f.computed === null &&
        ["string", "integer", "number", "boolean", "enum"].includes(f.kind) &&
        sample[f.name] !== undefined,
    );
    if (field) return { [field.name]: sample[field.name] };
  }
  return {};
}

const cases = allTemplates.flatMap((template) =>
  template.entities.map((entity) => [`${template.id}:${entity.name}`, template, entity] as const),
);

describe.each(cases)("%s", (_label, template: TemplateRegistry, entity: EntityRegistry) => {
  const name = nameOf(template.id, entity);
  const victim = () => idsOf(a, template.id, entity.name)[0];
  const own = () => idsOf(b, template.id, entity.name)[0];

  it("answers 404 (never 403) to get, patch and delete of the other tenant's ids, changing nothing", async () => {
    const id = victim();
    expect((await callA({ method: "GET", url: url(name, `/${id}`) })).statusCode).toBe(200);
    expectProblem(await callB({ method: "GET", url: url(name, `/${id}`) }), 404, "get");
    expectProblem(
      await callB({ method: "GET", url: url(name, `/${id}?fields=id&include=${entity.relations[0]?.name ?? ""}`) }),
      404,
      "get with fields",
    );
    const patch = await patchOf(template.id, entity);
    await unchanged(entity, id, async () => {
      expectProblem(
        await callB({ method: "PATCH", url: url(name, `/${id}`), payload: patch }),
        404,
        `patch ${JSON.stringify(patch)}`,
      );
      expectProblem(await callB({ method: "PATCH", url: url(name, `/${id}`), payload: {} }), 404, "empty patch");
      expectProblem(await callB({ method: "DELETE", url: url(name, `/${id}`) }), 404, "delete");
      // Tenant A's own id with A's account header, but B's tenant: still B's view.
      expectProblem(
        await callB({
          method: "DELETE",
          url: url(name, `/${id}`),
          headers: { "x-account-id": a.accountId, "x-user-id": a.userId },
        }),
        404,
        "delete with A's owner headers",
      );
    });
  });

  it("bulk update and delete with foreign ids: per-item 404, nothing changed", async () => {
    const [first, second] = idsOf(a, template.id, entity.name);
    const patch = await patchOf(template.id, entity);
    const response = await unchanged(entity, first, () =>
      callB({
        method: "POST",
        url: url(name, "/bulk"),
        payload: { update: [{ id: first, ...patch }, { id: second }], delete: [first, second] },
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.succeeded).toBe(0);
    expect(result.failed).toBe(4);
    expect(result.results.map((r: { status: number }) => r.status)).toEqual([404, 404, 404, 404]);
    expectNoLeak(response.body.replaceAll(first, "").replaceAll(second, ""), a, "bulk result");
    expect((await victimRow(entity, second)).tenantId).toBe(a.id);
  });

  it("finds nothing of the other tenant by filter, and lists only its own rows", async () => {
    const foreign = idsOf(a, template.id, entity.name);
    for (const query of [
      `filter[id][eq]=${foreign[0]}`,
      `filter[id][in]=${foreign.join(",")}`,
      `filter[id][ne]=${own()}&limit=100`,
      "limit=100&total=true",
    ]) {
      const response = await callB({ method: "GET", url: url(name, `?${query}`) });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      expectNoLeak(response.body, a, query);
      expect(
        response
          .json()
          .data.every((r: { id: string }) => owned.get(b.slug)!.has(r.id) || !owned.get(a.slug)!.has(r.id)),
      ).toBe(true);
    }
    const all = await callB({ method: "GET", url: url(name, "?limit=100&total=true") });
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "${tableOf(entity)}" AS t WHERE t."tenantId" = $1${entity.softDelete ? ` AND t."deletedAt" IS NULL` : ""}`,
      [b.id],
    );
    expect(all.json().page.total).toBe(rows[0].n);
    for (const relation of fkRelations(entity)) {
      const targets = idsOf(a, template.id, relation.target);
      if (!targets.length) continue;
      const response = await callB({
        method: "GET",
        url: url(name, `?filter[${relation.foreignKey}][in]=${targets.join(",")}`),
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data, `${relation.foreignKey} in A's ids`).toEqual([]);
    }
    if (entity.scope !== "tenant") {
      const key = entity.scope === "account" ? "accountId" : "userId";
      const response = await callB({ method: "GET", url: url(name, `?filter[${key}][eq]=${a[key]}`) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().data).toEqual([]);
    }
  });

  it("includes never pull the other tenant's rows", async () => {
    const relations = entity.relations.slice(0, 10).map((r) => r.name);
    if (!relations.length) return;
    const list = await callB({ method: "GET", url: url(name, `?limit=100&include=${relations.join(",")}`) });
    expect(list.statusCode, list.body).toBe(200);
    expectNoLeak(list.body, a, "list include");
    const one = await callB({ method: "GET", url: url(name, `/${own()}?include=${relations.join(",")}`) });
    expect(one.statusCode, one.body).toBe(200);
    expectNoLeak(one.body, a, "get include");
  });

  it("rejects foreign keys and owners of the other tenant with 422, writing nothing", async () => {
    const relations = fkRelations(entity).filter((r) => idsOf(a, template.id, r.target).length);
    for (const relation of relations) {
      const key = relation.foreignKey!;
      const foreignTarget = idsOf(a, template.id, relation.target)[0];
      const payload = { ...(await payloadOf(b, template.id, entity, 301)), [key]: foreignTarget };
      await unchanged(entity, victim(), async () => {
        const created = await callB({ method: "POST", url: url(name), payload });
        expectProblem(created, 422, `create with ${key}`);
        expect(created.json().errors).toContainEqual({
          pointer: `/body/${key}`,
          message: `does not reference an existing ${relation.target}`,
        });
        const patched = await callB({
          method: "PATCH",
          url: url(name, `/${own()}`),
          payload: { [key]: foreignTarget },
        });
        expectProblem(patched, 422, `patch ${key}`);
        expect(patched.json().errors[0].pointer).toBe(`/body/${key}`);
        const bulk = await callB({
          method: "POST",
          url: url(name, "/bulk"),
          payload: { create: [payload], update: [{ id: own(), [key]: foreignTarget }] },
        });
        expect(bulk.statusCode, bulk.body).toBe(200);
        expect(bulk.json().results.map((r: { status: number }) => r.status)).toEqual([422, 422]);
        expect(bulk.json().results[0].errors).toContainEqual({
          pointer: `/body/create/0/${key}`,
          message: `does not reference an existing ${relation.target}`,
        });
        expect(bulk.json().results[1].errors[0].pointer).toBe(`/body/update/0/${key}`);
      });
    }
    if (entity.scope !== "tenant") {
      const header = entity.scope === "account" ? "x-account-id" : "x-user-id";
      const payload = await payloadOf(b, template.id, entity, 302);
      await unchanged(entity, victim(), async () => {
        const response = await callB({
          method: "POST",
          url: url(name),
          payload,
          headers: { [header]: entity.scope === "account" ? a.accountId : a.userId },
        });
        expectProblem(response, 422, `owner ${header}`);
        expect(response.json().errors).toEqual([
          {
            pointer: `/headers/${header}`,
            message: `does not name ${entity.scope === "account" ? "an account" : "a user"} of this marketplace`,
          },
        ]);
      });
    }
  });

  const createSchema = entity.schemas.create as { properties: Record<string, { format?: string }> };
  const dateTimes = Object.keys(createSchema.properties).filter(
    (k) => createSchema.properties[k].format === "date-time",
  );
  // Registered only for entities with a foreign key or a date-time field.
  if (fkRelations(entity).length > 0 || dateTimes.length > 0)
    it("refuses the other tenant's ids spelled urn:uuid:, and values the database cannot store (400, pointer, nothing written)", async () => {
      const relations = fkRelations(entity).filter((r) => idsOf(a, template.id, r.target).length);
      const cases: [string, unknown][] = [
        ...relations.map((r): [string, unknown] => [r.foreignKey!, `urn:uuid:${idsOf(a, template.id, r.target)[0]}`]),
        ...dateTimes.flatMap((k): [string, unknown][] => [
          [k, "2024-05-01T10:00:00+16:00"],
          [k, "0000-01-01T00:00:00Z"],
        ]),
      ];
      expect(cases.length).toBeGreaterThan(0);
      for (const [key, value] of cases) {
        const payload = { ...(await payloadOf(b, template.id, entity, 305)), [key]: value };
        await unchanged(entity, victim(), async () => {
          for (const response of [
            await callB({ method: "POST", url: url(name), payload }),
            await callB({ method: "PATCH", url: url(name, `/${own()}`), payload: { [key]: value } }),
          ]) {
            expectProblem(response, 400, `${key}=${value}`);
            expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body/${key}`);
          }
        });
        // Filters take the same values: 400, never a cast error or another tenant's rows.
        const filtered = await callB({
          method: "GET",
          url: `${url(name)}?filter[${key}]=${encodeURIComponent(String(value))}`,
        });
        expect([400, 401, 403], `filter ${key}`).toContain(filtered.statusCode);
      }
    });

  it("rejects tenantId smuggled into bodies, filters, sorts and fields (400), writing nothing", async () => {
    const payload = await payloadOf(b, template.id, entity, 303);
    await unchanged(entity, victim(), async () => {
      const attempts: ["POST" | "PATCH", string, Record<string, unknown>, string][] = [
        ["POST", "", { ...payload, tenantId: a.id }, "/body/tenantId"],
        ["PATCH", `/${own()}`, { tenantId: a.id }, "/body/tenantId"],
        ["PATCH", `/${own()}`, { id: victim() }, "/body/id"],
        ["PATCH", `/${victim()}`, { tenantId: b.id }, "/body/tenantId"],
      ];
      if (entity.scope !== "tenant")
        attempts.push([
          "PATCH",
          `/${own()}`,
          { [`${entity.scope}Id`]: entity.scope === "account" ? a.accountId : a.userId },
          `/body/${entity.scope}Id`,
        ]);
      for (const [method, path, body, pointer] of attempts) {
        const response = await callB({ method, url: url(name, path), payload: body });
        expectProblem(response, 400, `${method} ${JSON.stringify(body)}`);
        expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      }
      const bulk = await callB({
        method: "POST",
        url: url(name, "/bulk"),
        payload: { create: [{ ...payload, tenantId: a.id }], update: [{ id: own(), tenantId: a.id }] },
      });
      expect(bulk.statusCode, bulk.body).toBe(200);
      expect(bulk.json().results.map((r: { status: number }) => r.status)).toEqual([400, 400]);
      expect(bulk.json().results[0].errors.map((e: { pointer: string }) => e.pointer)).toContain(
        "/body/create/0/tenantId",
      );
    });
    for (const query of [
      `filter[tenantId][eq]=${a.id}`,
      `filter[tenantId]=${a.id}`,
      `filter[tenantId][in]=${a.id},${b.id}`,
      "filter[tenantId][isNull]=false",
      "sort=tenantId",
      "sort=-tenantId",
      "sort=-createdAt,tenantId",
      "fields=tenantId",
      "fields=id,tenantId",
      "include=tenant",
    ]) {
      const response = await callB({ method: "GET", url: url(name, `?${query}`) });
      expectProblem(response, 400, query);
      expect(response.json().errors[0].pointer, query).toMatch(/^\/query\//);
    }
    for (const query of ["fields=tenantId", "include=tenant"])
      expectProblem(await callB({ method: "GET", url: url(name, `/${own()}?${query}`) }), 400, `get ${query}`);
  });

  it("rejects the other tenant's cursors (400) and accepts its own", async () => {
    for (const sort of ["-createdAt", "id"]) {
      const first = await callA({ method: "GET", url: url(name, `?limit=1&sort=${sort}`) });
      const cursor = first.json().page.nextCursor as string;
      expect(cursor, `${entity.name}: A has two rows`).toBeTruthy();
      expect(
        (await callA({ method: "GET", url: url(name, `?limit=1&sort=${sort}&cursor=${encodeURIComponent(cursor)}`) }))
          .statusCode,
      ).toBe(200);
      const stolen = await callB({
        method: "GET",
        url: url(name, `?limit=1&sort=${sort}&cursor=${encodeURIComponent(cursor)}`),
      });
      expectProblem(stolen, 400, `B with A's cursor (${sort})`);
      expect(stolen.json().errors).toEqual([
        { pointer: "/query/cursor", message: "is not a valid cursor for this list and sort" },
      ]);
    }
  });

  it("keeps extension schemas per tenant", async () => {
    const field = `secret${entity.name}`.slice(0, 40);
    const put = await callA({
      method: "PUT",
      url: `/api/v1/tenant/extensions/${name}`,
      payload: { properties: { [field]: { type: "string", maxLength: 20 } } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const mine = await callB({ method: "GET", url: `/api/v1/tenant/extensions/${name}` });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual({ properties: {}, required: [] });
    const schemas = await callB({ method: "GET", url: `/api/v1/tenant/schemas/${name}` });
    expect(schemas.statusCode).toBe(200);
    expect(schemas.body).not.toContain(field);
    for (const query of [`filter[${field}][eq]=x`, `sort=${field}`, `fields=${field}`])
      expectProblem(await callB({ method: "GET", url: url(name, `?${query}`) }), 400, `B ${query}`);
    await unchanged(entity, victim(), async () => {
      const response = await callB({ method: "PATCH", url: url(name, `/${own()}`), payload: { [field]: "x" } });
      expectProblem(response, 400, "B writes A's extension field");
      expect(response.json().errors).toEqual([{ pointer: `/body/${field}`, message: "is not a known field" }]);
    });
    expect(
      (await callA({ method: "GET", url: url(name, `?filter[${field}][isNull]=true&fields=id,${field}`) })).statusCode,
    ).toBe(200);
    // B's own definition under the same name does not touch A's.
    expect(
      (
        await callB({
          method: "PUT",
          url: `/api/v1/tenant/extensions/${name}`,
          payload: { properties: { [field]: { type: "integer" } } },
        })
      ).statusCode,
    ).toBe(200);
    expect((await callA({ method: "GET", url: `/api/v1/tenant/extensions/${name}` })).json().properties[field]).toEqual(
      { type: "string", maxLength: 20 },
    );
    expect(
      (await callB({ method: "PATCH", url: url(name, `/${own()}`), payload: { [field]: "not a number" } })).statusCode,
    ).toBe(400);
    for (const tenant of [a, b])
      expect(
        (
          await client(
            env.app,
            tenant,
          )({ method: "PUT", url: `/api/v1/tenant/extensions/${name}`, payload: { properties: {} } })
        ).statusCode,
      ).toBe(200);
  });
});

describe("references corrupted behind the API's back (defence in depth)", () => {
  it("refuses a foreign key across tenants even in raw SQL; includes follow only same-tenant rows", async () => {
    // Point one row of B per relation at A's target (raw SQL: the API refuses to), and the reverse:
    // the composite (tenantId, id) foreign keys refuse every one of them.
    const wired: string[] = [];
    let refused = 0;
    for (const template of allTemplates) {
      for (const entity of template.entities) {
        for (const relation of fkRelations(entity)) {
          for (const [from, to] of [
            [b, a],
            [a, b],
          ] as const) {
            const row = idsOf(from, template.id, entity.name)[1];
            const target = idsOf(to, template.id, relation.target)[0];
            if (!row || !target || entity.draft) continue;
            try {
              await env.db.query(`UPDATE "${entity.table}" SET "${relation.foreignKey}" = $2 WHERE "id" = $1`, [
                row,
                target,
              ]);
              wired.push(`${entity.name}.${relation.foreignKey}`);
            } catch (error) {
              expect((error as { code?: string }).code).toBe("23503");
              refused++;
            }
          }
        }
      }
    }
    expect(wired).toEqual([]);
    expect(refused).toBeGreaterThan(20);
    let seen = 0;
    for (const template of allTemplates) {
      for (const entity of template.entities) {
        const relations = entity.relations.map((r) => r.name);
        if (!relations.length) continue;
        // Nested includes too: one level deeper through each relation's own relations.
        const nested = entity.relations.flatMap((r) =>
          (template.entities.find((e) => e.name === r.target)?.relations ?? [])
            .slice(0, 1)
            .map((n) => `${r.name}.${n.name}`),
        );
        for (const include of [relations.slice(0, 10), nested.slice(0, 10)]) {
          if (!include.length) continue;
          for (const [tenant, call, other] of [
            [b, callB, a],
            [a, callA, b],
          ] as const) {
            const name = nameOf(template.id, entity);
            const list = await call({ method: "GET", url: url(name, `?limit=100&include=${include.join(",")}`) });
            expect(list.statusCode, `${tenant.slug} ${name} include=${include}: ${list.body.slice(0, 300)}`).toBe(200);
            // Never one of the other tenant's records, at any include depth.
            const included = list
              .json()
              .data.flatMap((r: Record<string, unknown>) => include.flatMap((p) => recordIds(r[p.split(".")[0]])));
            expect(
              included.filter((id: string) => owned.get(other.slug)!.has(id)),
              `${tenant.slug} ${name} include=${include}`,
            ).toEqual([]);
            seen += included.length;
          }
        }
      }
    }
    // The sweep was not vacuous: includes did return same-tenant records.
    expect(seen).toBeGreaterThan(100);
  });
});
