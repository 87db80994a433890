/**
 * The `conversation` declaration of an entity (docs/templates.md#conversations): parties in the
 * workflow grammar, checked at their pointers, published resolved in the registry. Over the
 * repair-shop template of the workflow tests (fixtures/repair-shop.json), not a shipped one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { compileTemplateValue } from "../src/index.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "repair-shop.json"), "utf8"));

function compileWith(conversation: unknown) {
  const template = structuredClone(base);
  template.entities.RepairOrder.conversation = conversation;
  return compileTemplateValue(template, "repair-shop.json");
}

const AT = "/entities/RepairOrder/conversation";

test("a declaration over owner, relations, accounts, roles and user-id fields compiles into resolved parties", () => {
  const result = compileWith({
    participants: ["owner", "customer.owner", "workshop.account:mechanic", "mechanicUserId", "role:clerk"],
    moderators: "role:clerk",
  });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const registry = buildTemplateRegistry(result.ir!);
  const order = registry.entities.find((e) => e.name === "RepairOrder")!;
  expect(order.conversation).toEqual({
    participants: [
      { kind: "owner", path: [] },
      { kind: "owner", path: ["customer"] },
      { kind: "account", path: ["workshop"], roles: ["mechanic"] },
      { kind: "user-field", path: [], field: "mechanicUserId" },
      { kind: "role", role: "clerk" },
    ],
    moderators: [{ kind: "role", role: "clerk" }],
  });
  expect(registry.entities.find((e) => e.name === "Customer")!.conversation).toBeNull();
});

test.each([
  ["an unknown keyword, with the closest name", ["owner", "ownr"], `${AT}/participants/1`, '"owner"'],
  ["a relation by itself", ["customer"], `${AT}/participants/0`, '"customer.owner"'],
  ["a relation that does not exist", ["garage.owner"], `${AT}/participants/0`, undefined],
  ["an undefined role", ["role:mechanik"], `${AT}/participants/0`, '"mechanic"'],
  ["the runtime itself", ["system"], `${AT}/participants/0`, undefined],
  ["an email field", ["customer.email"], `${AT}/participants/0`, "user-id"],
])("%s is ENG_CONVERSATION_PARTY_UNKNOWN at its pointer", (_name, participants, pointer, hint) => {
  const result = compileWith({ participants });
  expect(result.ok).toBe(false);
  const found = result.diagnostics.filter((d) => d.code === "ENG_CONVERSATION_PARTY_UNKNOWN");
  expect(found.map((d) => d.pointer)).toEqual([pointer]);
  if (hint) expect(found[0].hint).toContain(hint);
});

test("a single moderator string points at the key itself", () => {
  const result = compileWith({ participants: "owner", moderators: "role:nobody" });
  expect(result.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
    ["ENG_CONVERSATION_PARTY_UNKNOWN", `${AT}/moderators`],
  ]);
});

test("the declaration's shape is checked by the meta-schema", () => {
  const missing = compileWith({ moderators: ["owner"] });
  expect(missing.diagnostics.map((d) => [d.code, d.pointer])).toContainEqual(["ENG_SCHEMA_REQUIRED", AT]);
  const extra = compileWith({ participants: ["owner"], readers: ["owner"] });
  expect(extra.diagnostics.map((d) => d.code)).toContain("ENG_SCHEMA_UNKNOWN_KEY");
});
