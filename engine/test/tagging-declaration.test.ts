/**
 * The template's `tagging` and `collections` declarations (docs/templates.md#tagging-and-collections):
 * entity names checked at their pointers with the nearest name, published in the registry only
 * when declared. Over the repair-shop template of the workflow tests, not a shipped one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { compileTemplateValue } from "../src/index.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "repair-shop.json"), "utf8"));

function compileWith(extra: Record<string, unknown>) {
  return compileTemplateValue({ ...structuredClone(base), ...extra }, "repair-shop.json");
}

test("declared entities are published in the registry; without a declaration the registry has no such key", () => {
  const result = compileWith({
    tagging: { entities: ["RepairOrder", "Customer"] },
    collections: { entities: ["Workshop"] },
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const registry = buildTemplateRegistry(result.ir!);
  expect(registry.tagging).toEqual({ entities: ["RepairOrder", "Customer"] });
  expect(registry.collections).toEqual({ entities: ["Workshop"] });
  const plain = buildTemplateRegistry(compileWith({}).ir!);
  expect("tagging" in plain || "collections" in plain).toBe(false);
});

test.each([
  [
    "tagging",
    "ENG_TAGGING_UNKNOWN_ENTITY",
    ["RepairOrder", "Custommer"],
    "/tagging/entities/1",
    'Did you mean "Customer"?',
  ],
  [
    "collections",
    "ENG_COLLECTIONS_UNKNOWN_ENTITY",
    ["Invoice"],
    "/collections/entities/0",
    "Entities: Workshop, Customer, RepairOrder.",
  ],
])("%s naming an unknown entity is %s at its pointer, with a hint", (key, code, entities, pointer, hint) => {
  const result = compileWith({ [key]: { entities } });
  expect(result.ok).toBe(false);
  const found = result.diagnostics.filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ severity: "error", pointer, hint });
});

test("the declaration's shape is the meta-schema's: a list of at least one entity name, no other keys", () => {
  for (const bad of [{ entities: [] }, { entities: "RepairOrder" }, { entities: ["RepairOrder"], extra: true }, {}]) {
    const result = compileWith({ tagging: bad });
    expect(result.ok, JSON.stringify(bad)).toBe(false);
    expect(
      result.diagnostics.some((d) => d.pointer.startsWith("/tagging")),
      JSON.stringify(result.diagnostics),
    ).toBe(true);
  }
});
