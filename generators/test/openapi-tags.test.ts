/**
 * The `tags` list parameter in the generated OpenAPI (runtime/src/crud/query/parse-tags.ts): on
 * the list operation of entities the template lists in `tagging`, and nowhere else. Over the
 * repair-shop template of the engine's workflow tests, not a shipped one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { compileTemplateValue } from "../../engine/src/index.ts";
import { buildOpenApiDocument } from "../src/openapi/build-openapi-document.ts";

const raw = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "..", "engine", "test", "fixtures", "repair-shop.json"), "utf8"),
);

test("a taggable entity's list documents tags=; the others do not", () => {
  const compiled = compileTemplateValue({ ...raw, tagging: { entities: ["RepairOrder"] } }, "repair-shop.json");
  expect(compiled.ok).toBe(true);
  const doc = buildOpenApiDocument(compiled.ir!) as {
    paths: Record<string, { get?: { parameters: { $ref?: string }[] } }>;
    components: { parameters: Record<string, { name: string; in: string; description: string; schema: object }> };
  };
  const order = compiled.ir!.entities.find((e) => e.name === "RepairOrder")!;
  const customer = compiled.ir!.entities.find((e) => e.name === "Customer")!;
  const listOf = (apiName: string) =>
    Object.entries(doc.paths)
      .find(([p]) => p.endsWith(`/entities/${apiName}`))![1]
      .get!.parameters.map((x) => x.$ref);
  expect(listOf(order.apiName)).toContain(`#/components/parameters/${order.modelName}Tags`);
  expect(listOf(customer.apiName).some((r) => r?.endsWith("Tags"))).toBe(false);
  const param = doc.components.parameters[`${order.modelName}Tags`];
  expect(param).toMatchObject({ name: "tags", in: "query", schema: { type: "string", minLength: 1, maxLength: 1000 } });
  expect(param.description).toContain("AND");
  expect(doc.components.parameters[`${customer.modelName}Tags`]).toBeUndefined();
});
