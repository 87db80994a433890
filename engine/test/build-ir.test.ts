import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateText, entityRecordSchema, type TemplateIR } from "../src/index.ts";

const text = readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8");

function compileMinimal(): TemplateIR {
  const result = compileTemplateText(text, "minimal.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.ir;
}

describe("buildTemplateIr", () => {
  test("names, prefixes and scopes", () => {
    const ir = compileMinimal();
    expect(ir).toMatchObject({
      id: "mini-market",
      version: "1.0.0",
      defaultLocale: "en",
      modelPrefix: "MiniMarket",
      tablePrefix: "mini_market",
    });
    expect(ir.entities.map((e) => [e.name, e.modelName, e.tableName, e.apiName, e.scope])).toEqual([
      ["Category", "MiniMarketCategory", "mini_market_category", "categories", "tenant"],
      ["Listing", "MiniMarketListing", "mini_market_listing", "listings", "account"],
    ]);
  });

  test("fields are classified and $refs resolved with sibling overrides", () => {
    const listing = compileMinimal().entities[1];
    const byName = Object.fromEntries(listing.fields.map((f) => [f.name, f]));
    expect(byName.price).toMatchObject({
      kind: "money",
      id: "fld_price",
      required: true,
      currencies: ["EUR", "USD"],
      label: { en: "Price", de: "Preis" },
    });
    expect(byName.price.schema).toEqual({
      type: "object",
      required: ["amount", "currency"],
      additionalProperties: false,
      properties: {
        amount: { type: "integer", description: "Amount in minor units (cents)", minimum: 0, maximum: 2147483647 },
        currency: { type: "string", enum: ["EUR", "USD"] },
      },
    });
    expect(byName.height).toMatchObject({ kind: "measurement", units: ["cm", "in"] });
    expect(byName.tags).toMatchObject({ kind: "array", itemKind: "string" });
    expect(byName.contact).toMatchObject({ kind: "string", format: "email", nullable: true, required: false });
    expect(byName.status).toMatchObject({
      kind: "enum",
      enumValues: ["draft", "published", "archived"],
      default: "draft",
      isStatus: true,
    });
    expect(byName.details).toMatchObject({ kind: "json" });
    expect(byName.title).toMatchObject({ searchable: true, maxLength: 120 });
    // x- annotations never reach the value schema the validators see.
    expect(JSON.stringify(listing.fields.map((f) => f.schema))).not.toContain("x-");
  });

  test("relations, indexes and access rules", () => {
    const listing = compileMinimal().entities[1];
    expect(listing.relations).toEqual([
      expect.objectContaining({
        name: "category",
        kind: "many-to-one",
        target: "Category",
        foreignKey: "categoryId",
        required: true,
        onDelete: "restrict",
      }),
    ]);
    expect(listing.indexes.map((i) => [i.id, i.fields, i.unique])).toEqual([
      ["fld_status", ["status"], false],
      ["ix_title_status", ["title", "status"], false],
    ]);
    expect(listing.access.read).toMatchObject({ public: true, roles: [] });
    expect(listing.access.create).toMatchObject({ public: false, roles: ["seller"] });
    expect(listing.access.update).toMatchObject({ ownership: ["owner", "account"] });
    expect(listing.access.delete.roles).toEqual(["seller"]);
  });

  test("the IR is frozen plain data", () => {
    const ir = compileMinimal();
    expect(Object.isFrozen(ir.entities[0].fields[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  });

  test("record schemas: create requires what has no default; update is partial; output allows null", () => {
    const listing = compileMinimal().entities[1];
    const create = entityRecordSchema(listing, "create");
    expect(create.required).toEqual(["title", "price", "categoryId"]);
    expect(create.additionalProperties).toBe(false);
    const update = entityRecordSchema(listing, "update");
    expect(update.required).toBeUndefined();
    expect((update.properties as any).status).toEqual({ enum: ["draft", "published", "archived"] });
    const output = entityRecordSchema(listing, "output");
    expect(output.required).toEqual(["id", "accountId", "title", "price", "tags", "status", "createdAt", "updatedAt"]);
    expect((output.properties as any).contact.type).toEqual(["string", "null"]);
    expect((output.properties as any).accountId).toEqual({ type: "string", format: "uuid" });
  });
});

describe("nested special types and nullable enums", () => {
  test("money inside an array of objects is expanded and validated; null in an enum makes it nullable", () => {
    const template = JSON.parse(text);
    template.entities.Listing.schema.properties.packages = {
      "x-id": "fld_packages",
      type: "array",
      items: {
        type: "object",
        required: ["price"],
        properties: { price: { "x-type": "money", "x-currencies": ["EUR"] } },
      },
    };
    template.entities.Listing.schema.properties.size = { "x-id": "fld_size", enum: ["s", "m", "l", null] };
    const result = compileTemplateText(JSON.stringify(template), "t.json");
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const fields = Object.fromEntries(result.ir.entities[1].fields.map((f) => [f.name, f]));
    const price = (fields.packages.schema as any).items.properties.price as Record<string, unknown>;
    expect(price).toMatchObject({
      type: "object",
      required: ["amount", "currency"],
      properties: { currency: { enum: ["EUR"] } },
    });
    expect(fields.size).toMatchObject({ kind: "enum", nullable: true, enumValues: ["s", "m", "l"] });
    expect((fields.size.schema as any).enum).toEqual(["s", "m", "l", null]);
  });
});
