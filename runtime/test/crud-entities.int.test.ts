/**
 * Generic CRUD for every entity of every shipped template, against PostgreSQL: create from
 * engine samples (foreign keys from earlier records), read, list, patch, delete; tenant
 * isolation of ids, foreign keys and owners.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
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
/** Ids of tenant A's records per template and entity. */
const made = new Map<string, Map<string, string[]>>();

beforeAll(async () => {
  env = await setupPostgres();
  a = await createTenant(env.db, "tenant-a");
  b = await createTenant(env.db, "tenant-b");
  callA = client(env.app, a);
  callB = client(env.app, b);
});
afterAll(() => env?.close());

/** A patch that changes one plain writable field (not unique, not a key) to another sample's value. */
async function samplePatch(
  templateId: string,
  entityName: string,
  before: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const entity = allTemplates.find((t) => t.id === templateId)!.entities.find((e) => e.name === entityName)!;
  const irEntity = await entityIr(templateId, entityName);
  // A field of a cross-field fact (x-gt/x-gte) changed alone could break it (a 400, tested elsewhere).
  const compared = new Set(entity.comparisons.flatMap((c) => [c.field, c.than]));
  for (let seed = 500; seed < 560; seed++) {
    const other = sampleCreateBody(irEntity, seed);
    const field = entity.fields.find(
      (f) =>
        !f.unique &&
        !f.readOnly &&
        !compared.has(f.name) &&
        f.computed === null &&
        ["string", "integer", "number", "boolean", "enum", "money", "measurement"].includes(f.kind) &&
        other[f.name] !== undefined &&
        JSON.stringify(other[f.name]) !== JSON.stringify(before[f.name]),
    );
    if (field) return { [field.name]: other[field.name] };
  }
  return {};
}

describe.each(allTemplates.map((t) => [t.id, t] as const))("every entity of %s", (templateId, template) => {
  it("creates, reads, lists, patches and deletes records", async () => {
    const created = new Map<string, string[]>();
    made.set(templateId, created);
    for (const entity of creationOrder(template)) {
      const name = `${templateId}:${entity.apiName}`;
      const [first, second, doomed] = await createSamples(callA, templateId, entity, created, 3);
      created.get(entity.name)!.pop(); // nothing may point at the one we delete
      expect(first.id, entity.name).toMatch(/^[0-9a-f-]{36}$/);
      expect(first.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      if (entity.scope === "account") expect(first.accountId).toBe(a.accountId);
      if (entity.scope === "user") expect(first.userId).toBe(a.userId);

      const read = await callA({ method: "GET", url: url(name, `/${first.id}`) });
      expect(read.statusCode, `${entity.name}: ${read.body}`).toBe(200);
      expect(read.json()).toEqual(first);

      const list = await callA({ method: "GET", url: url(name, "?limit=100") });
      expect(list.statusCode, list.body).toBe(200);
      expect(
        list
          .json()
          .data.map((r: { id: string }) => r.id)
          .sort(),
      ).toEqual([first.id, second.id, doomed.id].sort());

      const patch = await samplePatch(templateId, entity.name, first);
      const patched = await callA({ method: "PATCH", url: url(name, `/${first.id}`), payload: patch });
      expect(patched.statusCode, `${entity.name} ${JSON.stringify(patch)}: ${patched.body}`).toBe(200);
      expect(patched.json()).toMatchObject(patch);
      expect(patched.json().createdAt).toBe(first.createdAt);
      expect(Date.parse(patched.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.updatedAt as string));

      const deleted = await callA({ method: "DELETE", url: url(name, `/${doomed.id}`) });
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect((await callA({ method: "GET", url: url(name, `/${doomed.id}`) })).statusCode).toBe(404);
      expect((await callA({ method: "DELETE", url: url(name, `/${doomed.id}`) })).statusCode).toBe(404);
      expect((await callA({ method: "PATCH", url: url(name, `/${doomed.id}`), payload: {} })).statusCode).toBe(404);
      const after = await callA({ method: "GET", url: url(name, "?limit=100&total=true") });
      expect(after.json().page.total).toBe(2);
      const { rows } = await env.db.query(
        `SELECT ${entity.softDelete ? `"deletedAt" IS NOT NULL AS "gone"` : "true AS gone"} FROM "${entity.table}" WHERE "id" = $1`,
        [doomed.id],
      );
      expect(rows.length, `${entity.name} soft delete keeps the row`).toBe(entity.softDelete ? 1 : 0);
      if (entity.softDelete) expect(rows[0].gone).toBe(true);
    }
  });
});

describe.each(allTemplates.map((t) => [t.id, t] as const))(
  "null clears optional fields of %s",
  (templateId, template) => {
    it("PATCH {field: null} for every field the update schema lets be null; a required field refuses null", async () => {
      let cleared = 0;
      for (const entity of creationOrder(template)) {
        const name = `${templateId}:${entity.apiName}`;
        const id = made.get(templateId)?.get(entity.name)?.[0];
        expect(id, `${entity.name}: a record from the CRUD test`).toBeDefined();
        const properties = (
          entity.schemas.update as { properties: Record<string, { type?: unknown; anyOf?: unknown[] }> }
        ).properties;
        const nullable = Object.keys(properties).filter((key) => {
          const schema = properties[key];
          const types = Array.isArray(schema.type) ? schema.type : [schema.type];
          return types.includes("null") || (schema.anyOf ?? []).some((s) => (s as { type?: string }).type === "null");
        });
        if (nullable.length) {
          const patch = Object.fromEntries(nullable.map((key) => [key, null]));
          const res = await callA({ method: "PATCH", url: url(name, `/${id}`), payload: patch });
          expect(res.statusCode, `${entity.name} ${JSON.stringify(patch)}: ${res.body}`).toBe(200);
          const read = (await callA({ method: "GET", url: url(name, `/${id}`) })).json();
          for (const key of nullable) expect(read[key], `${entity.name}.${key}`).toBeNull();
          cleared += nullable.length;
        }
        const required = entity.fields.find(
          (f) => f.required && !f.nullable && !f.readOnly && f.computed === null && f.kind !== "array",
        );
        if (required) {
          const res = await callA({ method: "PATCH", url: url(name, `/${id}`), payload: { [required.name]: null } });
          expect(res.statusCode, `${entity.name}.${required.name}: ${res.body}`).toBe(400);
          expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body/${required.name}`);
        }
      }
      expect(cleared).toBeGreaterThan(20);
    });
  },
);

describe("tenant isolation", () => {
  const jobCategory = () => made.get("modeling-agency")!.get("JobCategory")![0];

  it("answers 404 for another tenant's ids, on every verb", async () => {
    const id = jobCategory();
    expect((await callA({ method: "GET", url: url("job-categories", `/${id}`) })).statusCode).toBe(200);
    for (const method of ["GET", "DELETE"] as const) {
      const response = await callB({ method, url: url("job-categories", `/${id}`) });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    expect(
      (await callB({ method: "PATCH", url: url("job-categories", `/${id}`), payload: { name: "Stolen" } })).statusCode,
    ).toBe(404);
    expect((await callB({ method: "GET", url: url("job-categories") })).json().data).toEqual([]);
    expect((await callA({ method: "GET", url: url("job-categories", `/${id}`) })).json().name).not.toBe("Stolen");
  });

  it("rejects a foreign key to another tenant's row (or to nothing) with 422 at the key", async () => {
    const irJob = await entityIr("modeling-agency", "Job");
    for (const categoryId of [jobCategory(), "00000000-0000-4000-8000-000000000000"]) {
      const response = await callB({
        method: "POST",
        url: url("jobs"),
        payload: { ...sampleCreateBody(irJob, 1), categoryId },
      });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().code).toBe("RT_ERR_UNPROCESSABLE");
      expect(response.json().errors).toEqual([
        { pointer: "/body/categoryId", message: "does not reference an existing JobCategory" },
      ]);
    }
    const own = await createSamples(
      callB,
      "modeling-agency",
      allTemplates.find((t) => t.id === "modeling-agency")!.entities.find((e) => e.name === "JobCategory")!,
      new Map(),
      1,
    );
    const job = await callB({
      method: "POST",
      url: url("jobs"),
      payload: { ...sampleCreateBody(irJob, 1), categoryId: own[0].id },
    });
    expect(job.statusCode, job.body).toBe(201);
    const repoint = await callB({
      method: "PATCH",
      url: url("jobs", `/${job.json().id}`),
      payload: { categoryId: jobCategory() },
    });
    expect(repoint.statusCode).toBe(422);
    expect(repoint.json().errors[0].pointer).toBe("/body/categoryId");
  });

  it("requires the owner header of account/user-scoped entities and checks it belongs to the tenant", async () => {
    const irJob = await entityIr("modeling-agency", "Job");
    const categoryId = made.get("modeling-agency")!.get("JobCategory")![0];
    const payload = { ...sampleCreateBody(irJob, 2), categoryId };
    const missing = await env.app.inject({
      method: "POST",
      url: url("jobs"),
      headers: { "x-tenant": a.slug },
      payload,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ pointer: "/headers/x-account-id", message: "is required" }]);
    const foreign = await env.app.inject({
      method: "POST",
      url: url("jobs"),
      headers: { "x-tenant": a.slug, "x-account-id": b.accountId },
      payload,
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors).toEqual([
      { pointer: "/headers/x-account-id", message: "does not name an account of this marketplace" },
    ]);
  });

  it("never trusts server-owned keys in a body", async () => {
    const payload = {
      name: "Xy",
      slug: "x-cat",
      icon: "x",
      color: "#000000",
      id: "00000000-0000-4000-8000-000000000000",
      tenantId: b.id,
      createdAt: "2020-01-01T00:00:00Z",
    };
    const response = await callA({ method: "POST", url: url("job-categories"), payload });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/createdAt", "/body/id", "/body/tenantId"]);
    const readOnly = await callA({ method: "POST", url: url("model-profiles"), payload: { heightCm: 180 } });
    expect(readOnly.json().errors).toContainEqual({
      pointer: "/body/heightCm",
      message: "is computed and cannot be written",
    });
  });

  it("maps unique violations to 409 with the field, per tenant", async () => {
    const payload = { name: "Dup", slug: "dup-slug", icon: "x", color: "#000000" };
    expect((await callA({ method: "POST", url: url("job-categories"), payload })).statusCode).toBe(201);
    const again = await callA({ method: "POST", url: url("job-categories"), payload });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "RT_ERR_UNIQUE", errors: [{ pointer: "/body/slug" }] });
    expect((await callB({ method: "POST", url: url("job-categories"), payload })).statusCode).toBe(201);
  });

  it("refuses to hard-delete a record others still reference (409)", async () => {
    const response = await callA({ method: "DELETE", url: url("job-categories", `/${jobCategory()}`) });
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().code).toBe("RT_ERR_CONFLICT");
  });

  it("validates bodies with pointers, never 5xx", async () => {
    const bad = await callA({
      method: "POST",
      url: url("model-profiles"),
      payload: { stageName: 5, height: { value: "tall", unit: "cm" }, hourlyRate: { amount: -1, currency: "XXX" } },
    });
    expect(bad.statusCode).toBe(400);
    const pointers = bad.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        "/body/stageName",
        "/body/height/value",
        "/body/hourlyRate/amount",
        "/body/hourlyRate/currency",
        "/body/gender",
      ]),
    );
    for (const payload of ["[]", "null", '"x"', "{"]) {
      const response = await env.app.inject({
        method: "POST",
        url: url("job-categories"),
        headers: { ...a.headers, "content-type": "application/json" },
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
    }
    expect((await callA({ method: "GET", url: url("no-such-entity") })).statusCode).toBe(404);
    expect((await callA({ method: "GET", url: url("job-categories", "/not-a-uuid") })).statusCode).toBe(404);
    expect(
      (await env.app.inject({ method: "GET", url: url("job-categories"), headers: { "x-tenant": "nobody" } }))
        .statusCode,
    ).toBe(404);
  });

  it("accepts templateId:apiName and rejects entities of templates the tenant lacks", async () => {
    const only = await createTenant(env.db, "only-club", ["luxury-club"]);
    const call = client(env.app, only);
    expect((await call({ method: "GET", url: url("job-categories") })).statusCode).toBe(404);
    expect((await call({ method: "GET", url: url("modeling-agency:job-categories") })).statusCode).toBe(404);
    expect((await call({ method: "GET", url: url("luxury-club:venues") })).statusCode).toBe(200);
  });
});
