import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Project, ts } from "ts-morph";
import { describe, expect, test } from "vitest";
import { assembleApp, compileTemplateValue, type AppIR } from "../../engine/src/index.ts";
import type { FileMap } from "../src/plugin.ts";
import { buildTemplateRegistry } from "../src/registry/build-template-registry.ts";
import { registryPlugin } from "../src/registry/index.ts";
import { tsLiteral } from "../src/registry/ts-literal.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, "../..");
const FIXTURE = path.join(ROOT, "engine/test/fixtures/minimal.json");
const GOLDEN = path.join(HERE, "__golden__/registry");

const minimal = (): Record<string, any> => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

function compileApp(template: unknown): AppIR {
  const compiled = compileTemplateValue(template, "fixture.json");
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  const app = assembleApp([compiled.ir]);
  if (!app.ok) throw new Error("assemble failed");
  return app.app;
}

/** minimal.json with Listing copied until the template has `entities` entities (the speed budget's size). */
function scaledTemplate(entities: number): Record<string, any> {
  const t = minimal();
  for (let i = 1; i < entities - 1; i++) {
    const copy = structuredClone(t.entities.Listing);
    copy.id = `ent_listing_${i}`;
    copy.relations.category.id = `rel_category_${i}`;
    copy.indexes[0].id = `ix_title_status_${i}`;
    for (const field of Object.values<any>(copy.schema.properties)) field["x-id"] = `${field["x-id"]}_${i}`;
    t.entities[`Listing${i}`] = copy;
  }
  return t;
}

/** Byte-for-byte golden comparison; `UPDATE_GOLDEN=1` rewrites the folder. `.ts` goldens get `.golden` so tsc skips them. */
function expectGolden(dir: string, files: FileMap): void {
  const goldenName = (file: string) => (file.endsWith(".ts") ? `${file}.golden` : file);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, goldenName(file))), { recursive: true });
      fs.writeFileSync(path.join(dir, goldenName(file)), content);
    }
  }
  const onDisk = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  const names = onDisk.map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/")).sort();
  expect(names).toEqual(Object.keys(files).map(goldenName).sort());
  for (const [file, content] of Object.entries(files)) expect(content, file).toBe(fs.readFileSync(path.join(dir, goldenName(file)), "utf8"));
}

/** minimal.json plus a translatable, user-scoped draft entity. */
function withDraftEntity(): Record<string, any> {
  const t = minimal();
  t.entities.Review = {
    id: "ent_review",
    scope: "user",
    draft: true,
    schema: {
      type: "object",
      properties: {
        body: { "x-id": "fld_body", type: "string", "x-translatable": true },
        rating: { "x-id": "fld_rating", type: "integer", default: 3 },
        photos: { "x-id": "fld_photos", type: "array", items: { type: "string", format: "uri" } },
        taken: { "x-id": "fld_taken", type: "array", items: { type: "string", format: "date-time" } },
      },
    },
  };
  return t;
}

/**
 * Type-checks generated registry files in memory, at their real paths under generated/, with
 * the real registry-types.ts, plus `extra` files. Returns "TSxxxx message" lines.
 */
function typeCheck(files: FileMap, extra: Record<string, string> = {}): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, noEmit: true },
  });
  // The contract and the IR type module it imports, at their repo paths.
  for (const file of ["generators/src/registry/registry-types.ts", "engine/src/ir/types.ts"]) {
    project.createSourceFile(`/repo/${file}`, fs.readFileSync(path.join(ROOT, file), "utf8"));
  }
  for (const [file, content] of Object.entries({ ...files, ...extra })) project.createSourceFile(`/repo/generated/${file}`, content);
  return project.getPreEmitDiagnostics().map((d) => `TS${d.getCode()} ${d.getSourceFile()?.getBaseName()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as never, " ")}`);
}

describe("@core/registry on minimal.json", () => {
  const app = compileApp(minimal());
  const files = registryPlugin.build({ app });
  const registry = buildTemplateRegistry(app.templates[0]);
  const listing = registry.entities.find((e) => e.name === "Listing")!;

  test("matches the golden files", () => expectGolden(GOLDEN, files));

  test("a module per template plus an index", () => {
    expect(Object.keys(files)).toEqual(["mini-market/registry.ts", "registry.ts"]);
    expect(files["mini-market/registry.ts"]).toMatch(/^\/\/ Generated by mono/);
    expect(files["mini-market/registry.ts"]).toContain('import type { TemplateRegistry } from "../../generators/src/registry/registry-types.ts";');
    expect(files["mini-market/registry.ts"]).toMatch(/\} as const satisfies TemplateRegistry;\n$/);
    expect(files["registry.ts"]).toContain('import { registry as miniMarketRegistry } from "./mini-market/registry.ts";');
  });

  test("money is stored in two columns", () => {
    const price = listing.fields.find((f) => f.name === "price")!;
    expect(price.columns).toEqual([
      { name: "priceAmount", part: "amount", pgType: "integer", nullable: false },
      { name: "priceCurrency", part: "currency", pgType: "char(3)", nullable: false },
    ]);
    expect(listing.fields.find((f) => f.name === "height")!.columns).toEqual([
      { name: "heightValue", part: "value", pgType: "double precision", nullable: true },
      { name: "heightUnit", part: "unit", pgType: "varchar(16)", nullable: true },
    ]);
  });

  test("column types mirror the Prisma schema", () => {
    const columns = Object.fromEntries(listing.fields.flatMap((f) => f.columns).map((c) => [c.name, c.pgType]));
    expect(columns).toMatchObject({ title: "varchar(120)", tags: "text[]", contact: "text", status: "text", details: "jsonb" });
    const prisma = path.join(HERE, "__golden__/prisma/mini-market/schema.prisma");
    if (fs.existsSync(prisma)) {
      // Cross-check against the prisma generator's golden: same native types, same order.
      const model = fs.readFileSync(prisma, "utf8").split(/\nmodel /).find((block) => block.startsWith("MiniMarketListing "))!;
      expect(model).toMatch(/title\s+String\s+@db\.VarChar\(120\)/);
      expect(model).toMatch(/priceCurrency\s+String\s+@db\.Char\(3\)/);
      expect(model).toMatch(/heightUnit\s+String\?\s+@db\.VarChar\(16\)/);
    }
  });

  test("system columns follow scope and soft delete", () => {
    expect(listing.systemColumns.map((c) => c.name)).toEqual(["id", "tenantId", "accountId", "ext", "createdAt", "updatedAt", "createdBy", "updatedBy", "deletedAt"]);
    const category = registry.entities.find((e) => e.name === "Category")!;
    expect(category.systemColumns.map((c) => c.name)).toEqual(["id", "tenantId", "ext", "createdAt", "updatedAt", "createdBy", "updatedBy"]);
  });

  test("entity metadata, relations, access, workflows, emails, seed", () => {
    expect(listing).toMatchObject({
      modelName: "MiniMarketListing",
      table: "mini_market_listing",
      apiName: "listings",
      scope: "account",
      softDelete: true,
      titleField: "title",
      status: { field: "status", workflow: "listing-review" },
    });
    expect(listing.access.update.ownership).toEqual(["owner", "account"]);
    expect(listing.relations[0]).toMatchObject({ name: "category", kind: "many-to-one", target: "Category", foreignKey: "categoryId", required: true, onDelete: "restrict" });
    expect(listing.fields.find((f) => f.name === "status")).toMatchObject({ default: "draft", enumValues: ["draft", "published", "archived"], isStatus: true });
    expect("default" in listing.fields.find((f) => f.name === "title")!).toBe(false);
    expect(registry.workflows[0].edges.map((e) => [e.source, e.target])).toEqual([["start", "draft"], ["draft", "published"]]);
    expect(registry.emails[0]).toEqual({ name: "listing-published", subject: { en: "{{ title }} is live", de: "{{ title }} ist online" }, mjml: expect.any(Object), variables: ["title"] });
    expect(registry.seed).toEqual([{ entity: "Category", records: [{ name: "Shoes" }, { name: "Bags" }] }]);
  });

  test("the emitted literal evaluates back to the registry value", () => {
    const text = files["mini-market/registry.ts"];
    const literal = text.slice(text.indexOf("export const registry = ") + "export const registry = ".length, text.lastIndexOf(" as const satisfies"));
    expect(new Function(`return (${literal});`)()).toEqual(JSON.parse(JSON.stringify(registry)));
  });

  test("the generated files type-check against the contract; helpers give literal types", () => {
    const usage = [
      'import type { EntityNames, FieldOf, FieldNames, ApiNames } from "../generators/src/registry/registry-types.ts";',
      'import type { registry } from "./mini-market/registry.ts";',
      'import type { TemplateId } from "./registry.ts";',
      "type R = typeof registry;",
      'const entity: EntityNames<R> = "Listing";',
      'const api: ApiNames<R> = "categories";',
      'const field: FieldNames<R, "Listing"> = "price";',
      'const pgType: FieldOf<R, "Listing", "price">["columns"][0]["pgType"] = "integer";',
      'const id: TemplateId = "mini-market";',
      "// @ts-expect-error not an entity",
      'const wrong: EntityNames<R> = "Nope";',
      "export { entity, api, field, pgType, id, wrong };",
    ].join("\n");
    expect(typeCheck(files, { "usage.ts": usage })).toEqual([]);
  });

  test("a registry that breaks the contract fails `satisfies`", () => {
    const broken = files["mini-market/registry.ts"].replace('pgType: "char(3)"', 'pgType: "money"');
    const errors = typeCheck({ ...files, "mini-market/registry.ts": broken });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^TS2322 registry\.ts/);
  });

  test("deterministic: two builds from two compilations are equal", () => {
    expect(registryPlugin.build({ app: compileApp(minimal()) })).toEqual(files);
  });
});

describe("@core/registry details", () => {
  test("draft, user-scoped, translatable entity: userId and translations columns, array types", () => {
    const registry = buildTemplateRegistry(compileApp(withDraftEntity()).templates[0]);
    const review = registry.entities.find((e) => e.name === "Review")!;
    expect(review.draft).toBe(true);
    expect(review.systemColumns.map((c) => c.name)).toEqual(["id", "tenantId", "userId", "ext", "translations", "createdAt", "updatedAt", "createdBy", "updatedBy"]);
    const columns = Object.fromEntries(review.fields.map((f) => [f.name, f.columns[0]]));
    expect(columns.body).toEqual({ name: "body", part: "value", pgType: "text", nullable: true });
    expect(columns.rating).toEqual({ name: "rating", part: "value", pgType: "integer", nullable: false });
    expect(columns.photos).toEqual({ name: "photos", part: "value", pgType: "text[]", nullable: false });
    expect(columns.taken.pgType).toBe("timestamptz[]");
    expect(review.fields.find((f) => f.name === "rating")!.filterOps).toEqual(["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "between"]);
  });

  test("tsLiteral: bare identifier keys, quoted others, breaks long values", () => {
    expect(tsLiteral({ a: 1, "b-c": [true, null], d: "x" })).toBe('{ a: 1, "b-c": [true, null], d: "x" }');
    const long = tsLiteral({ items: Array.from({ length: 30 }, (_, i) => `item-${i}`) });
    expect(long.split("\n").length).toBeGreaterThan(3);
    expect(new Function(`return (${long});`)()).toEqual({ items: Array.from({ length: 30 }, (_, i) => `item-${i}`) });
  });
});

test("speed: a 15-entity template builds in under 150 ms warm", () => {
  const app = compileApp(scaledTemplate(15));
  expect(app.templates[0].entities).toHaveLength(15);
  registryPlugin.build({ app });
  const start = performance.now();
  registryPlugin.build({ app });
  expect(performance.now() - start).toBeLessThan(150);
});
