/**
 * Pure parts of the CRUD engine: value parsing, keyset predicates, cursors, filter parsing,
 * the tenant guard of every compiled subquery, extension definitions.
 */
import { describe, expect, it } from "vitest";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { checkExtensionSchema, extensionDef } from "../src/crud/extensions/extension-schema.ts";
import { entityByName, viewOf } from "../src/crud/model/view-cache.ts";
import type { SortKey } from "../src/crud/query/list-plan.ts";
import { parseListQuery } from "../src/crud/query/parse-list-query.ts";
import { parseValue } from "../src/crud/query/parse-value.ts";
import { nativeColumn } from "../src/crud/sql/column-expressions.ts";
import { compileList, listParams } from "../src/crud/sql/compile-list.ts";
import { compileInsert } from "../src/crud/sql/compile-write.ts";
import { CursorCodec } from "../src/crud/sql/cursor.ts";
import { keysetSql, orderBySql } from "../src/crud/sql/keyset.ts";
import { ApiError } from "../src/http/problem.ts";
import { parseQueryString } from "../src/http/query-string.ts";
import { allTemplates } from "./crud-support.ts";
import { platform } from "../../generated/registry.ts";

const agency = allTemplates.find((t) => t.id === "modeling-agency") as TemplateRegistry;
const entity = (name: string) => entityByName(agency, name) as EntityRegistry;
const profiles = viewOf(agency, entity("ModelProfile"));
const cursors = new CursorCodec("unit-secret");

describe("parseValue", () => {
  it.each([
    ["175", "integer", 175],
    ["-3", "integer", -3],
    ["1.5", "number", 1.5],
    ["1e3", "number", 1000],
    ["true", "boolean", true],
    ["2024-02-29", "date", "2024-02-29"],
    ["2024-05-01T12:00:00+02:00", "datetime", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T12:00", "datetime", "2024-05-01T12:00:00.000Z"],
    ["2024-05-01", "datetime", "2024-05-01T00:00:00.000Z"],
    ["0D5B3F1E-0000-4000-8000-000000000000", "uuid", "0d5b3f1e-0000-4000-8000-000000000000"],
  ] as const)("%s as %s", (text, type, value) => {
    expect(parseValue(text, type)).toEqual({ ok: true, value });
  });

  it.each([
    ["abc", "integer"],
    ["1.5", "integer"],
    ["99999999999999999", "integer"],
    ["1,5", "number"],
    ["Infinity", "number"],
    ["yes", "boolean"],
    ["2023-02-29", "date"],
    ["2024-13-01T00:00:00Z", "datetime"],
    ["tomorrow", "datetime"],
    ["1234", "uuid"],
  ] as const)("rejects %s as %s", (text, type) => {
    expect(parseValue(text, type).ok).toBe(false);
  });

  it("checks enum members", () => {
    expect(parseValue("red", "text", ["red", "blue"]).ok).toBe(true);
    expect(parseValue("green", "text", ["red", "blue"])).toEqual({
      ok: false,
      message: 'must be one of: "red", "blue"',
    });
  });
});

describe("keyset predicates", () => {
  const key = (name: string, nullable: boolean, desc: boolean): SortKey => ({
    path: name,
    expr: nativeColumn(name, "integer", nullable),
    desc,
  });
  const id: SortKey = { path: "id", expr: nativeColumn("id", "uuid", false), desc: true };

  it("uses a row comparison when every key is non-null and in one direction", () => {
    expect(keysetSql([key("createdAt", false, true), id], ["$2::timestamptz", "$3::uuid"], "t")).toBe(
      `(t."createdAt", t."id") < ($2::timestamptz, $3::uuid)`,
    );
  });

  it("expands mixed directions and NULLS LAST into an OR chain", () => {
    const sort = [key("a", true, false), key("b", false, true), { ...id, desc: false }];
    expect(keysetSql(sort, ["$2", "$3", "$4"], "t")).toBe(
      `((t."a" > $2 OR t."a" IS NULL) OR (t."a" = $2 AND t."b" < $3) OR (t."a" = $2 AND t."b" = $3 AND t."id" > $4))`,
    );
    // The last row had NULL in `a`: only rows with NULL there can follow.
    expect(keysetSql(sort, [null, "$2", "$3"], "t")).toBe(
      `((t."a" IS NULL AND t."b" < $2) OR (t."a" IS NULL AND t."b" = $2 AND t."id" > $3))`,
    );
    expect(orderBySql(sort, "t")).toBe(`t."a", t."b" DESC, t."id"`);
    expect(orderBySql([key("a", true, true)], "t")).toBe(`t."a" DESC NULLS LAST`);
  });
});

describe("cursors", () => {
  const payload = {
    e: "modeling-agency:ModelProfile",
    s: "-createdAt,-id",
    k: ["2024-01-01 00:00:00+00", "0d5b3f1e-0000-4000-8000-000000000000"],
  };

  it("round-trip, and are bound to their entity, sort and secret", () => {
    const cursor = cursors.encode(payload);
    expect(cursor).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(cursors.decode(cursor, payload.e, payload.s, 2)).toEqual(payload);
    expect(cursors.decode(cursor, "modeling-agency:Job", payload.s, 2)).toBeNull();
    expect(cursors.decode(cursor, payload.e, "title,id", 2)).toBeNull();
    expect(new CursorCodec("other").decode(cursor, payload.e, payload.s, 2)).toBeNull();
  });

  it("reject tampering and garbage without throwing", () => {
    const [body, mac] = cursors.encode(payload).split(".");
    const forged = Buffer.from(JSON.stringify({ ...payload, k: ["x", "y"] })).toString("base64url");
    for (const text of [`${forged}.${mac}`, `${body}.`, body, "", ".", "a.b", `${body}.${mac}x`, "x".repeat(5000)]) {
      expect(cursors.decode(text, payload.e, payload.s, 2)).toBeNull();
    }
  });
});

describe("list compilation", () => {
  it("guards the main table and every subquery with the tenant parameter", () => {
    const collections = viewOf(agency, entity("Collection"));
    const plan = parseListQuery(
      { include: "models,items,models.agency", filter: { name: { contains: "a" } } },
      collections,
      cursors,
    );
    const sql = compileList(collections, plan).text;
    const tables = sql.match(/FROM "modeling_agency_\w+" AS (\w+)|JOIN "modeling_agency_\w+" AS (\w+)/g)!;
    expect(tables.length).toBe(5);
    for (const match of tables) {
      const alias = match.split(" AS ")[1];
      expect(sql, alias).toContain(`${alias}."tenantId" = $1`);
    }
  });

  it("binds values as parameters, never as SQL text", () => {
    const hostile = "x'); DROP TABLE tenant; --";
    const plan = parseListQuery(
      { filter: { stageName: { eq: hostile }, city: { in: `${hostile},b` }, bio: { contains: "50%_\\" } } },
      profiles,
      cursors,
    );
    const sql = compileList(profiles, plan).text;
    expect(sql).not.toContain("DROP");
    expect(listParams("tenant", plan)).toEqual(["tenant", hostile, [hostile, "b"], "%50\\%\\_\\\\%", 21]);
  });

  it("reports every bad parameter at once with pointers", () => {
    try {
      parseListQuery(
        {
          filter: { heightCm: { gte: "abc" }, nope: { eq: "1" } },
          sort: "skills",
          limit: "500",
          fields: "zzz",
          include: "a.b.c",
        },
        profiles,
        cursors,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).errors!.map((e) => e.pointer)).toEqual([
        "/query/filter/heightCm/gte",
        "/query/filter/nope",
        "/query/sort",
        "/query/limit",
        "/query/fields",
        "/query/include",
      ]);
    }
  });

  it("inserts through one statement that checks owner and foreign keys of this tenant", () => {
    const { statement, checks } = compileInsert(viewOf(agency, entity("Job")));
    expect(statement.text).toMatch(/^INSERT INTO "modeling_agency_job" AS t \(/);
    expect(statement.text).toContain(`EXISTS (SELECT 1 FROM "account" AS o WHERE o."tenantId" = $1`);
    expect(statement.text).toContain(
      `EXISTS (SELECT 1 FROM "modeling_agency_job_category" AS c WHERE c."tenantId" = $1`,
    );
    expect(checks.map((c) => c.pointer)).toEqual([
      { header: "x-account-id" },
      { body: "categoryId" },
      { body: "clientId" },
    ]);
  });
});

describe("extension definitions", () => {
  const venue = entityByName(
    allTemplates.find((t) => t.id === "luxury-club")!,
    "Venue",
  )!;

  it("derive query capabilities from the declared types", () => {
    const def = extensionDef({
      properties: {
        level: { type: "integer" },
        tags: { type: "array", items: { type: "string" } },
        since: { type: "string", format: "date" },
      },
    })!;
    expect(def.properties.map((p) => [p.name, p.valueType, p.array, p.sortable])).toEqual([
      ["level", "integer", false, true],
      ["tags", "text", true, false],
      ["since", "date", false, true],
    ]);
    expect(def.properties[0].ops).toContain("between");
    expect(def.properties[1].ops).toEqual(["has", "hasSome"]);
    expect(extensionDef({ properties: {} })).toBeNull();
  });

  it("refuse collisions and unsupported keywords", () => {
    expect(
      checkExtensionSchema({ properties: { capacity: { type: "integer" } } }, venue, platform.systemColumns),
    ).toEqual([{ pointer: "/body/properties/capacity", message: "collides with a field of the entity" }]);
    expect(
      checkExtensionSchema({ properties: { events: { type: "integer" } } }, venue, platform.systemColumns)[0].message,
    ).toMatch(/collides/);
    expect(
      checkExtensionSchema({ properties: { x: { type: "string", $ref: "#/x" } } }, venue, platform.systemColumns)[0]
        .pointer,
    ).toBe("/body/properties/x/$ref");
    expect(
      checkExtensionSchema({ properties: { x: { enum: ["a", 1] } } }, venue, platform.systemColumns)[0].pointer,
    ).toBe("/body/properties/x/enum");
    expect(
      checkExtensionSchema(
        { properties: { x: { type: "string", "x-label": { en: "X" } } }, required: ["x"] },
        venue,
        platform.systemColumns,
      ),
    ).toEqual([]);
  });
});

describe("parseQueryString", () => {
  it("nests bracketed keys and collects repeated ones", () => {
    expect(parseQueryString("filter[heightCm][gte]=175&sort=-createdAt&tag=a&tag=b")).toEqual({
      filter: { heightCm: { gte: "175" } },
      sort: "-createdAt",
      tag: ["a", "b"],
    });
  });

  it("keeps malformed or too deep keys as literal keys, so routes report them instead of dropping them", () => {
    expect(parseQueryString("dryRun[]=true")).toEqual({ "dryRun[]": "true" });
    expect(parseQueryString("a[b][c][d][e][f]=1")).toEqual({ "a[b][c][d][e][f]": "1" });
    expect(parseQueryString("x]y=1")).toEqual({ "x]y": "1" });
  });

  it("keeps prototype-named keys as plain data (for a 400 downstream) without reaching any prototype", () => {
    const parsed = parseQueryString("__proto__[polluted]=1&filter[constructor][prototype]=1&ok=1");
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(Object.keys(parsed)).toEqual(["__proto__", "filter", "ok"]);
    expect(Object.keys(parsed.filter as object)).toEqual(["constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
