import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  buildZodExpression,
  isSupportedSchema,
  SUPPORTED_SCHEMA_KEYWORDS,
  type JsonSchema,
} from "../src/zod/build-zod-expression.ts";
import { PHONE_PATTERN } from "../src/zod/zod-formats.ts";
import { addStoredFormats } from "../../engine/src/contract/stored-formats.ts";

const lines = (...l: string[]) => l.join("\n");

describe("buildZodExpression: emitted text", () => {
  test("string with length and pattern (lengths in code points, pattern with the u flag)", () => {
    expect(buildZodExpression({ type: "string", minLength: 2, maxLength: 80, pattern: "^[A-Z]" })).toBe(
      lines(
        "z.string()",
        '  .refine((s) => [...s].length >= 2, "Too small: expected string to have >=2 characters")',
        '  .refine((s) => [...s].length <= 80, "Too big: expected string to have <=80 characters")',
        "  .regex(/^[A-Z]/u)",
      ),
    );
    // min 1 / max 0 mean the same in UTF-16 units and code points: plain zod.
    expect(buildZodExpression({ type: "string", minLength: 1 })).toBe("z.string().min(1)");
  });

  test("enum of strings", () => {
    expect(buildZodExpression({ type: "string", enum: ["draft", "published", "archived"] })).toBe(
      'z.enum(["draft", "published", "archived"])',
    );
    expect(buildZodExpression({ enum: ["a", 1, null] })).toBe('z.literal(["a", 1]).nullable()');
  });

  test("integer range", () => {
    expect(buildZodExpression({ type: "integer", minimum: 1, exclusiveMaximum: 100, description: "qty" })).toBe(
      lines("z.number()", '  .refine(Number.isInteger, "Invalid input: expected integer")', "  .min(1)", "  .lt(100)"),
    );
  });

  test("email uses ajv-formats' pattern", () => {
    expect(buildZodExpression({ type: "string", format: "email" })).toBe(`z.email({ pattern: ${fullFormats.email} })`);
  });

  test("phone, date, and an unknown format (ignored, as Ajv does)", () => {
    expect(buildZodExpression({ type: "string", format: "phone" })).toBe(
      String.raw`z.stringFormat("phone", /^\+?[1-9]\d{6,14}$/)`,
    );
    // A date as PostgreSQL stores it: the shared check of engine/src/contract/stored-formats.ts.
    expect(buildZodExpression({ type: ["string", "null"], format: "date" })).toMatch(
      /^z\.stringFormat\("date", \(s\) => \{[\s\S]*y >= 1[\s\S]*\}\)\.nullable\(\)$/,
    );
    expect(buildZodExpression({ type: "string", format: "x-color" })).toBe("z.string()");
  });

  test("array of enum with uniqueItems", () => {
    expect(
      buildZodExpression({ type: "array", items: { enum: ["red", "green"] }, minItems: 1, uniqueItems: true }),
    ).toBe(
      lines(
        'z.array(z.enum(["red", "green"]))',
        "  .min(1)",
        '  .refine((a) => new Set(a).size === a.length, "Invalid array: items must be unique")',
      ),
    );
  });

  test("nested strict object with required", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        name: { type: "string", minLength: 1 },
        address: {
          type: "object",
          properties: { city: { type: "string" }, zip: { type: "string", pattern: "^\\d{5}$" } },
          required: ["city"],
          additionalProperties: false,
        },
      },
      required: ["name", "address"],
      additionalProperties: false,
    };
    expect(buildZodExpression(schema)).toBe(
      lines(
        "z.strictObject({",
        "  name: z.string().min(1),",
        "  address: z.strictObject({",
        "    city: z.string(),",
        "    zip: z.string().regex(/^\\d{5}$/u).optional(),",
        "  }),",
        "})",
      ),
    );
  });

  test("open objects keep unknown keys; additionalProperties as a schema is a catchall", () => {
    expect(buildZodExpression({ type: "object", properties: { note: { type: "string" } } })).toBe(
      "z.looseObject({ note: z.string().optional() })",
    );
    expect(buildZodExpression({ type: "object", required: ["id"], additionalProperties: { type: "string" } })).toBe(
      "z.object({ id: z.string() }).catchall(z.string())",
    );
  });

  test("nullable via type [string, null]", () => {
    expect(buildZodExpression({ type: ["string", "null"], minLength: 1 })).toBe("z.string().min(1).nullable()");
  });

  test("$ref to $defs: named by options.refs, or inlined", () => {
    const schema: JsonSchema = {
      $defs: { money: { type: "object" }, sku: { type: "string", pattern: "^[A-Z0-9-]+$" } },
      type: "object",
      properties: { price: { $ref: "#/$defs/money", description: "unit price" }, sku: { $ref: "#/$defs/sku" } },
    };
    const refs = (ref: string) => (ref === "#/$defs/money" ? "MoneySchema" : undefined);
    expect(buildZodExpression(schema, { refs })).toBe(
      lines(
        "z.looseObject({",
        "  price: MoneySchema.optional(),",
        "  sku: z.string().regex(/^[A-Z0-9-]+$/u).optional(),",
        "})",
      ),
    );
  });

  test("money-like object", () => {
    const money: JsonSchema = {
      type: "object",
      properties: { amount: { type: "integer" }, currency: { type: "string", pattern: "^[A-Z]{3}$" } },
      required: ["amount", "currency"],
      additionalProperties: false,
      "x-kind": "money",
    };
    expect(buildZodExpression(money)).toBe(
      lines(
        "z.strictObject({",
        '  amount: z.number().refine(Number.isInteger, "Invalid input: expected integer"),',
        "  currency: z.string().regex(/^[A-Z]{3}$/u),",
        "})",
      ),
    );
  });

  test("without `type`, a keyword constrains only its own type", () => {
    expect(buildZodExpression({ maxLength: 2 })).toBe(
      lines(
        "z.union([",
        "  z.string()",
        '    .refine((s) => [...s].length <= 2, "Too big: expected string to have <=2 characters"),',
        "  z.number(),",
        "  z.boolean(),",
        "  z.null(),",
        "  z.array(z.unknown()),",
        "  z.looseObject({}),",
        "])",
      ),
    );
    expect(buildZodExpression(true)).toBe("z.unknown()");
    expect(buildZodExpression({ title: "anything" })).toBe("z.unknown()");
    expect(buildZodExpression(false)).toBe("z.never()");
  });

  test("recursive $defs become z.lazy constants", () => {
    const tree: JsonSchema = {
      $defs: {
        node: {
          type: "object",
          properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
          required: ["label"],
        },
      },
      $ref: "#/$defs/node",
    };
    expect(buildZodExpression(tree)).toBe(
      lines(
        "(() => {",
        "  const $node = z.lazy(() => z.looseObject({",
        "    label: z.string(),",
        "    children: z.array($node).optional(),",
        "  }));",
        "  return $node;",
        "})()",
      ),
    );
  });

  test("same input, same bytes", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { b: { const: { y: 1, x: [2] } }, a: { enum: [1, "1", true] } },
    };
    expect(buildZodExpression(schema)).toBe(buildZodExpression(structuredClone(schema)));
  });
});

describe("isSupportedSchema", () => {
  test("accepts the supported keywords, annotations and x- keywords", () => {
    expect(SUPPORTED_SCHEMA_KEYWORDS).toContain("additionalProperties");
    expect(
      isSupportedSchema({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $defs: { id: { type: "string", format: "uuid" } },
        type: "object",
        properties: { id: { $ref: "#/$defs/id", readOnly: true }, tags: { type: "array", items: { type: "string" } } },
        "x-ui": { order: 1 },
      }),
    ).toEqual({ ok: true });
  });

  test("reports the first unsupported keyword with its JSON pointer", () => {
    expect(isSupportedSchema({ properties: { "a/b": { items: { oneOf: [] } } } })).toEqual({
      ok: false,
      keyword: "oneOf",
      pointer: "/properties/a~1b/items/oneOf",
    });
    expect(isSupportedSchema({ $ref: "#/properties/x" })).toEqual({ ok: false, keyword: "$ref", pointer: "/$ref" });
    expect(isSupportedSchema({ items: { $schema: "https://json-schema.org/draft/2020-12/schema" } })).toEqual({
      ok: false,
      keyword: "$schema",
      pointer: "/items/$schema",
    });
    expect(isSupportedSchema({ enum: [] })).toEqual({ ok: false, keyword: "enum", pointer: "/enum" });
    // A $ref chain back to itself never reaches a check (z.lazy would recurse forever).
    expect(
      isSupportedSchema({ $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" }),
    ).toEqual({
      ok: false,
      keyword: "$ref",
      pointer: "/$defs/a/$ref",
    });
  });

  test("buildZodExpression refuses what isSupportedSchema refuses", () => {
    expect(() => buildZodExpression({ anyOf: [{ type: "string" }] })).toThrow(/"anyOf" at "\/anyOf"/);
  });
});

/** Cases the official suite does not cover (it treats formats as annotations, has no bignums here...). */
describe("agrees with the runtime's Ajv beyond the test suite", () => {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
  const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  // As the runtime and the engine configure theirs: uuid, date and date-time as stored.
  addStoredFormats(ajv);
  ajv.addFormat("phone", PHONE_PATTERN);

  const cases: [string, JsonSchema, unknown[]][] = [
    [
      "email",
      { type: "string", format: "email" },
      ["a@b.c", "a#b@example.com", "x@localhost", "a.@b.co", "Jo@EXAMPLE.com", "a@b_c.com"],
    ],
    [
      "uuid",
      { type: "string", format: "uuid" },
      [
        "123e4567-e89b-12d3-a456-426614174000",
        "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-c456-42661417400z",
        "123e4567e89b12d3a456426614174000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "123E4567-E89B-12D3-A456-426614174000",
      ],
    ],
    [
      "date",
      { type: "string", format: "date" },
      ["2020-02-29", "2021-02-29", "2000-02-29", "1900-02-29", "2020-13-01", "2020-1-01", "0000-01-01", "0001-01-01"],
    ],
    [
      "date-time",
      { type: "string", format: "date-time" },
      [
        "2020-01-01T10:00:00Z",
        "2020-01-01t10:00:00z",
        "2020-01-01 10:00:00+01:00",
        "2020-01-01T10:00:00+0100",
        "2020-01-01T10:00:00+01",
        "2020-01-01T10:00:00",
        "2016-12-31T23:59:60Z",
        "2016-12-31T22:59:60-01:00",
        "2016-12-31T12:59:60Z",
        "2020-01-01T10:00:00.123456Z",
        "2020-02-30T10:00:00Z",
        "2020-01-01T10:00:00+15:59",
        "2020-01-01T10:00:00+16:00",
        "2020-01-01T10:00:00-1600",
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
      ],
    ],
    ["time", { type: "string", format: "time" }, ["10:00:00Z", "10:00:00", "23:59:60Z", "24:00:00Z", "10:00:00+25:00"]],
    [
      "uri",
      { type: "string", format: "uri" },
      ["https://example.com/a?b#c", "urn:isbn:0451450523", "example.com", "/relative", "http://[::1]:80/"],
    ],
    [
      "hostname",
      { type: "string", format: "hostname" },
      ["example.com", "-bad.com", "a".repeat(64) + ".com", "localhost"],
    ],
    ["ipv4/ipv6", { type: "string", format: "ipv4" }, ["192.168.0.1", "256.1.1.1", "01.1.1.1"]],
    ["ipv6", { type: "string", format: "ipv6" }, ["::1", "1:2:3:4:5:6:7:8", "1::2::3", "::ffff:192.168.0.1"]],
    [
      "phone",
      { type: "string", format: "phone" },
      ["+14155550123", "14155550123", "+0123456789", "123456", "+1 415 555"],
    ],
    ["byte", { type: "string", format: "byte" }, ["aGVsbG8=", "aGVsbG8", "!!!!\naGVsbG8="]],
    ["regex", { type: "string", format: "regex" }, ["^a+$", "(", "a\\Z"]],
    ["duration", { type: "string", format: "duration" }, ["P1D", "PT1H", "P", "P1W"]],
    ["int32 (numbers only)", { format: "int32" }, [1, 2 ** 31, -(2 ** 31), 1.5, "x"]],
    ["integer beyond 2^53", { type: "integer" }, [1e20, 2 ** 53 + 2, 1.0, 1.5]],
    ["multipleOf like Ajv", { multipleOf: 0.1 }, [0.3, 0.2, 1.1, 10]],
    ["code-point lengths", { type: "string", minLength: 2, maxLength: 3 }, ["💩", "💩💩", "abcd", "ab"]],
    [
      "required + additionalProperties schema",
      { type: "object", required: ["id"], additionalProperties: { type: "string" } },
      [{ id: "1" }, { id: 1 }, {}, { other: "x", id: "2" }],
    ],
    [
      "required key forbidden by additionalProperties: false",
      { type: "object", required: ["id"], additionalProperties: false },
      [{}, { id: 1 }],
    ],
    [
      "enum with type constraints",
      { enum: ["a", "abcd", 1, 2.5, null], maxLength: 3, type: ["string", "integer", "null"] },
      ["a", "abcd", 1, 2.5, null, "b"],
    ],
    [
      "uniqueItems of objects",
      { type: "array", items: { type: "object" }, uniqueItems: true },
      [
        [
          { a: 1, b: 2 },
          { b: 2, a: 1 },
        ],
        [{ a: 1 }, { a: 2 }],
      ],
    ],
    [
      "$ref merged with siblings",
      { $defs: { s: { type: "string" } }, $ref: "#/$defs/s", maxLength: 2 },
      ["ab", "abc", 1],
    ],
    [
      "$ref to a closed object plus sibling properties",
      {
        $defs: { base: { type: "object", properties: { id: { type: "string" } }, additionalProperties: false } },
        $ref: "#/$defs/base",
        properties: { extra: { type: "number" } },
      },
      [{ id: "x" }, { extra: 1 }, { id: "x", extra: "y" }, {}],
    ],
    [
      "$ref with overlapping siblings",
      { $defs: { n: { type: "number", minimum: 0 } }, $ref: "#/$defs/n", minimum: 10, type: "integer" },
      [5, 10, 10.5, 11],
    ],
    [
      "recursive tree",
      {
        $defs: {
          node: {
            type: "object",
            properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
            required: ["label"],
          },
        },
        $ref: "#/$defs/node",
      },
      [
        { label: "a", children: [{ label: "b", children: [] }] },
        { label: "a", children: [{ children: [] }] },
        { label: "a", children: [{ label: 1 }] },
      ],
    ],
  ];

  for (const [name, schema, data] of cases) {
    test(name, () => {
      const code = buildZodExpression(schema);
      const zodSchema = new Function("z", `return ${code}`)(z) as z.ZodType;
      const validate = ajv.compile(schema);
      for (const value of data) {
        expect(zodSchema.safeParse(value).success, `${JSON.stringify(value)}\n${code}`).toBe(validate(value));
      }
    });
  }
});
