import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { entityRecordSchema } from "../../engine/src/index.ts";
import { openapiPlugin } from "../src/openapi/index.ts";
import { compileApp, expectGolden, minimal, scaledTemplate } from "./support/plugin-fixtures.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(HERE, "__golden__/openapi");

/** Every `$ref` target of a document, as JSON pointers. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

const resolvePointer = (doc: any, ref: string) =>
  ref
    .slice(2)
    .split("/")
    .reduce((node, token) => node?.[token.replace(/~1/g, "/").replace(/~0/g, "~")], doc);

describe("@core/openapi on minimal.json", () => {
  const app = compileApp(minimal());
  const files = openapiPlugin.build({ app });
  const doc = JSON.parse(files["mini-market/openapi.json"]);
  const schemas = doc.components.schemas;

  test("matches the golden files", () => expectGolden(GOLDEN, files));

  test("an OpenAPI 3.1 document on the 2020-12 dialect", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.info).toMatchObject({ title: "Mini market", version: "1.0.0" });
  });

  test("Create/Update/output/List schemas per entity, named by model", () => {
    expect(Object.keys(schemas)).toEqual([
      ...["MiniMarketCategory", "MiniMarketListing"].flatMap((m) => [
        `${m}Create`,
        `${m}Update`,
        m,
        `${m}Read`,
        `${m}List`,
        `${m}Filter`,
        `${m}BulkRequest`,
        `${m}BulkResult`,
      ]),
      "Problem",
    ]);
    expect(schemas.MiniMarketListingCreate.required).toEqual(["title", "price", "categoryId"]);
    expect(schemas.MiniMarketListingList).toMatchObject({
      required: ["data", "page"],
      properties: {
        data: { items: { $ref: "#/components/schemas/MiniMarketListingRead" } },
        page: {
          required: ["limit", "nextCursor"],
          properties: { nextCursor: { type: ["string", "null"] }, total: { type: "integer" } },
        },
      },
    });
  });

  test("record schemas are entityRecordSchema's, only annotated", () => {
    const listing = app.templates[0].entities[1];
    // Annotations only: the record's description, and value labels on the labelled enum.
    const unannotated = ({ description: _d, ...schema }: any) => {
      const { description: _s, ...status } = schema.properties.status;
      return { ...schema, properties: { ...schema.properties, status } };
    };
    expect(unannotated(schemas.MiniMarketListingCreate)).toEqual(entityRecordSchema(listing, "create"));
    expect(unannotated(schemas.MiniMarketListing)).toEqual(entityRecordSchema(listing, "output"));
  });

  test("an enum whose values have labels describes value → label in the default locale", () => {
    const expected = "Values: draft = Draft, published = Published, archived = Archived.";
    for (const name of [
      "MiniMarketListingCreate",
      "MiniMarketListingUpdate",
      "MiniMarketListing",
      "MiniMarketListingRead",
    ])
      expect(schemas[name].properties.status.description, name).toBe(expected);
    // A field without labels gets no description.
    expect(schemas.MiniMarketListingCreate.properties.title.description).toBeUndefined();
  });

  test("labels inside an object value become titles of its properties, in the default locale", () => {
    const template = minimal();
    template.entities.Listing.schema.properties.pickup = {
      "x-id": "fld_pickup",
      type: "object",
      properties: { street: { type: "string", "x-label": { en: "Street", de: "Straße" } }, note: { type: "string" } },
    };
    const labelled = JSON.parse(openapiPlugin.build({ app: compileApp(template) })["mini-market/openapi.json"])
      .components.schemas;
    for (const name of ["MiniMarketListingCreate", "MiniMarketListingUpdate", "MiniMarketListing"]) {
      expect(labelled[name].properties.pickup.properties.street.title, name).toBe("Street");
      expect(labelled[name].properties.pickup.properties.note.title, name).toBeUndefined();
    }
  });

  test("CRUD paths with list query parameters and problem+json errors", () => {
    const collection = doc.paths["/api/v1/tenant/entities/listings"];
    const record = doc.paths["/api/v1/tenant/entities/listings/{id}"];
    expect(Object.keys(collection)).toEqual(["parameters", "get", "post"]);
    expect(Object.keys(record)).toEqual(["parameters", "get", "patch", "delete"]);
    const bulk = doc.paths["/api/v1/tenant/entities/listings/bulk"].post;
    expect(bulk.operationId).toBe("bulkMiniMarketListing");
    expect(bulk.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/MiniMarketListingBulkRequest",
    );
    expect(collection.parameters.map((p: any) => p.$ref)).toEqual([
      "#/components/parameters/XTenant",
      "#/components/parameters/XAccountId",
    ]);
    const params = collection.get.parameters.map((p: any) => doc.components.parameters[p.$ref.split("/").pop()].name);
    expect(params).toEqual([
      "filter",
      "sort",
      "limit",
      "cursor",
      "offset",
      "total",
      "fields",
      "include",
      "q",
      "highlight",
    ]);
    // `q` only where there is something to search
    for (const [p, item] of Object.entries(doc.paths as Record<string, any>)) {
      const list = item.get?.parameters?.map((x: any) => x.$ref?.split("/").pop());
      if (!list || p.endsWith("}")) continue;
      const model = (item.get.operationId as string).replace(/^list/, "");
      const searchable = Object.values(doc.components.schemas[`${model}Read`]?.properties ?? {}).length
        ? "_highlight" in doc.components.schemas[`${model}Read`].properties
        : false;
      expect(list.includes(`${model}Search`), p).toBe(searchable);
    }
    expect(doc.components.parameters.MiniMarketListingFilter).toMatchObject({
      in: "query",
      style: "deepObject",
      explode: true,
    });
    for (const item of Object.values<any>(doc.paths))
      for (const [method, op] of Object.entries<any>(item)) {
        if (method === "parameters") continue;
        expect(op.operationId && op.summary, method).toBeTruthy();
        expect(op.security).toEqual(
          method === "get"
            ? [{ bearerAuth: [] }, { accessCookie: [] }, {}]
            : [{ bearerAuth: [] }, { accessCookie: [], csrfHeader: [] }, {}],
        );
        expect(op.responses["429"]).toEqual({ $ref: "#/components/responses/TooManyRequests" });
        expect(op.responses["431"]).toEqual({ $ref: "#/components/responses/HeadersTooLarge" });
      }
    expect(doc.components.responses.TooManyRequests.headers["Retry-After"].schema.type).toBe("integer");
    expect(collection.post.responses["415"]).toEqual({ $ref: "#/components/responses/UnsupportedMediaType" });
    expect(Object.keys(doc.components.securitySchemes)).toContain("bearerAuth");
    expect(collection.post.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/MiniMarketListingCreate",
    );
    expect(record.patch.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/MiniMarketListingUpdate",
    );
    expect(collection.post.responses["400"]).toEqual({ $ref: "#/components/responses/BadRequest" });
    expect(doc.components.responses.BadRequest.content["application/problem+json"].schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
    expect(schemas.Problem.properties.errors.items.required).toEqual(["pointer", "message"]);
    // Category is the target of a restrict relation: deleting it can conflict.
    expect(doc.paths["/api/v1/tenant/entities/categories/{id}"].delete.responses["409"]).toBeDefined();
    expect(record.delete.description).toMatch(/Soft delete/);
  });

  test("filter operators per field kind", () => {
    // One level, as OpenAPI's deepObject describes it: `field` (eq) and `field:op`.
    const filter = schemas.MiniMarketListingFilter.properties;
    const opsOf = (field: string) =>
      Object.keys(filter)
        .filter((k) => k.startsWith(`${field}:`))
        .map((k) => k.slice(field.length + 1));
    expect(opsOf("title")).toEqual(["eq", "ne", "in", "nin", "contains", "startsWith"]);
    expect(filter.title).toEqual({ type: "string" });
    expect(opsOf("contact")).toContain("isNull");
    expect(opsOf("categoryId")).toEqual(["eq", "ne", "in", "nin"]);
    expect(filter.tags).toBeUndefined();
    expect(filter["tags:has"]).toEqual({ type: "string" });
    expect(filter["tags:hasSome"]).toEqual({ type: "string", description: "Comma-separated values." });
    expect(filter["createdAt:gte"]).toEqual({ type: "string", format: "date-time" });
    expect(Object.values(filter).every((v: any) => v.type !== "object")).toBe(true);
    expect(filter.price).toBeUndefined();
    expect(filter.tenantId).toBeUndefined();
  });

  test("sort and include patterns accept lists of known names only", () => {
    const sort = doc.components.parameters.MiniMarketListingSort;
    const pattern = new RegExp(sort.schema.pattern);
    expect(pattern.test("title,-createdAt")).toBe(true);
    expect(pattern.test("price")).toBe(false);
    expect(pattern.test("title;drop")).toBe(false);
  });

  test("every $ref resolves inside the document", () => {
    const refs = [...new Set(refsOf(doc))];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  test("component schemas compile under Ajv2020 strict and validate bodies", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const text = JSON.stringify(schemas).replaceAll(
      "#/components/schemas/",
      "https://mono.test/mini-market.json#/$defs/",
    );
    ajv.addSchema({ $id: "https://mono.test/mini-market.json", $defs: JSON.parse(text) });
    const create = ajv.getSchema("https://mono.test/mini-market.json#/$defs/MiniMarketListingCreate")!;
    const body = {
      title: "Red shoes",
      price: { amount: 1999, currency: "EUR" },
      categoryId: "0b5a3a4e-9a55-4a8e-9a57-1f2d3c4b5a69",
    };
    expect(create(body), JSON.stringify(create.errors)).toBe(true);
    expect(create({ title: "Red shoes", price: { amount: 1999, currency: "GBP" } })).toBe(false);
    const list = ajv.getSchema("https://mono.test/mini-market.json#/$defs/MiniMarketCategoryList")!;
    const row = {
      id: "0b5a3a4e-9a55-4a8e-9a57-1f2d3c4b5a69",
      name: "Shoes",
      createdAt: "2024-01-01T00:00:00Z",
      updatedAt: "2024-01-01T00:00:00Z",
    };
    expect(list({ data: [row], page: { limit: 20, nextCursor: null } }), JSON.stringify(list.errors)).toBe(true);
    expect(list({ data: [row], nextCursor: null })).toBe(false);
    const problem = ajv.getSchema("https://mono.test/mini-market.json#/$defs/Problem")!;
    expect(
      problem({
        type: "about:blank",
        title: "Bad Request",
        status: 400,
        errors: [{ pointer: "/title", message: "too short" }],
      }),
    ).toBe(true);
  });

  test("deterministic: two builds from two compilations are equal", () => {
    expect(openapiPlugin.build({ app: compileApp(minimal()) })).toEqual(files);
  });
});

// Speed is measured by `npm run bench:generate`, never asserted in a test.
test("a 15-entity template: every entity gets its output, twice the same", () => {
  const app = compileApp(scaledTemplate(15));
  expect(app.templates[0].entities).toHaveLength(15);
  const files = openapiPlugin.build({ app });
  expect(
    Object.keys(JSON.parse(Object.values(files)[0]).components.schemas).filter((n) => n.endsWith("Create")),
  ).toHaveLength(15);
  expect(openapiPlugin.build({ app })).toEqual(files);
});

test("an entity with translatable fields takes `locale` on its record operations and answers Content-Language", () => {
  const template = minimal();
  template.entities.Listing.schema.properties.title["x-translatable"] = true;
  const doc = JSON.parse(Object.values(openapiPlugin.build({ app: compileApp(template) }))[0]);
  const model = "MiniMarketListing";
  const ref = { $ref: `#/components/parameters/${model}Locale` };
  expect(doc.components.parameters[`${model}Locale`]).toMatchObject({
    name: "locale",
    in: "query",
    schema: { type: "string", enum: template.locales },
  });
  expect(doc.components.parameters[`${model}Locale`].description).toContain("(title)");
  const collection = doc.paths["/api/v1/tenant/entities/listings"];
  const record = doc.paths["/api/v1/tenant/entities/listings/{id}"];
  const bulk = doc.paths["/api/v1/tenant/entities/listings/bulk"];
  for (const [operation, status] of [
    [collection.get, "200"],
    [collection.post, "201"],
    [record.get, "200"],
    [record.patch, "200"],
    [bulk.post, "200"],
  ] as const) {
    expect(operation.parameters).toContainEqual(ref);
    expect(Object.keys(operation.responses[status].headers)).toContain("Content-Language");
  }
  expect(record.delete.parameters).toBeUndefined();
  // Entities without translatable fields have neither.
  const categories = doc.paths["/api/v1/tenant/entities/categories"];
  expect(JSON.stringify(categories)).not.toContain("Locale");
  expect(categories.get.responses["200"].headers).toBeUndefined();
});
