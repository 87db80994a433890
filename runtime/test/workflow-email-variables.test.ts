import { describe, expect, test } from "vitest";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { emailVariables, relationsNamedBy } from "../src/workflows/email-variables.ts";

// A kennel's stay: the dog (title field `callName`) and the kennel it is in.
const stay = {
  name: "Stay",
  relations: [
    { name: "dog", kind: "many-to-one", target: "Dog" },
    { name: "kennel", kind: "many-to-one", target: "Kennel" },
    { name: "visits", kind: "one-to-many", target: "Visit" },
  ],
} as unknown as EntityRegistry;
const template = {
  entities: [stay, { name: "Dog", titleField: "callName" }, { name: "Kennel", titleField: null }],
} as unknown as TemplateRegistry;

describe("email variables a run reads by their names", () => {
  test("the relations they name by prefix, many-to-one only", () => {
    expect(relationsNamedBy(stay, ["dogCallName", "kennelCity", "visitsCount", "doghouse", "startDate"])).toEqual([
      "dog",
      "kennel",
    ]);
  });

  test("a related field, a related title, the recipient's name; the rest stays empty; known values untouched", () => {
    const values = emailVariables(
      ["dogBreed", "dogName", "kennelCity", "kennelName", "recipientName", "startDate", "mystery"],
      { startDate: "2027-01-01" },
      template,
      stay,
      { dog: { callName: "Rex", breed: "Beagle" }, kennel: { city: "Leeds" } },
      "Sam",
    );
    expect(values).toEqual({
      dogBreed: "Beagle",
      dogName: "Rex",
      kennelCity: "Leeds",
      kennelName: null,
      recipientName: "Sam",
      mystery: null,
    });
  });

  test("the run's own record by the entity's name or its last word", () => {
    const values = emailVariables(
      ["stayNotes", "stayName", "dogStayName"],
      {},
      template,
      { ...stay, name: "DogStay", titleField: "label" } as EntityRegistry,
      {},
      null,
      { notes: "Twice a day", label: "Rex in June" },
    );
    expect(values).toEqual({ stayNotes: "Twice a day", stayName: "Rex in June", dogStayName: "Rex in June" });
  });

  test("a relation without a record gives empty values", () => {
    expect(emailVariables(["dogBreed"], {}, template, stay, { dog: null }, null)).toEqual({ dogBreed: null });
  });
});
