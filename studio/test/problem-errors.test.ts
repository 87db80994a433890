import { describe, expect, test } from "vitest";
import { pointerPath, problemToErrors } from "../src/core/problem-errors.ts";

describe("problem+json → RJSF extraErrors", () => {
  test("pointers under /body land on their (nested) fields", () => {
    const mapped = problemToErrors({
      status: 400,
      detail: "Some fields are invalid.",
      errors: [
        { pointer: "/body/slug", message: "is already used by another record" },
        { pointer: "/body/location/city", message: "must NOT have fewer than 1 characters" },
        { pointer: "/body/tags/1", message: "must be string" },
        { pointer: "/body/slug", message: "must match pattern" },
      ],
    });
    expect(mapped.errorSchema).toEqual({
      slug: { __errors: ["is already used by another record", "must match pattern"] },
      location: { city: { __errors: ["must NOT have fewer than 1 characters"] } },
      tags: { 1: { __errors: ["must be string"] } },
    });
    expect(mapped.fields).toEqual(["slug", "location", "tags"]);
    expect(mapped.formErrors).toEqual([]);
  });

  test("body-level and non-body errors, and problems without errors, go above the form", () => {
    expect(
      problemToErrors({
        status: 400,
        errors: [
          { pointer: "/body", message: "must be an object" },
          { pointer: "/query/x", message: "bad" },
        ],
      }).formErrors,
    ).toEqual(["must be an object", "bad"]);
    expect(problemToErrors({ status: 422, detail: "A referenced record does not exist." }).formErrors).toEqual([
      "A referenced record does not exist.",
    ]);
  });

  test("pointer tokens are unescaped (RFC 6901)", () => {
    expect(pointerPath("/body/a~1b/c~0d")).toEqual(["a/b", "c~d"]);
    expect(pointerPath("/bodyx/a")).toBeNull();
  });
});
