import { canonicalJson } from "./json-schema.ts";
import { canonicalJsonCode, listCode, literalCode } from "./zod-code.ts";

/** `enum` / `const` in zod: which values an instance may be (deep equality, as JSON Schema says). */

const isComposite = (v: unknown) => typeof v === "object" && v !== null;

/** The idiomatic schema for "one of these values": z.enum / z.literal / z.null, or a deep-equality check. */
export function valuesOnly(values: unknown[], indent: string): string {
  if (values.some(isComposite)) {
    const canon = values.map(canonicalJson);
    const test = canon.length === 1 ? `=== ${JSON.stringify(canon[0])}` : `(${JSON.stringify(canon)}).includes`;
    const check =
      canon.length === 1 ? `(v) => ${canonicalJsonCode("v")} ${test}` : `(v) => ${test}(${canonicalJsonCode("v")})`;
    return `z.unknown().refine(${check}, "Invalid input: expected ${canon.length === 1 ? "the constant value" : "one of the allowed values"}")`;
  }
  const nonNull = values.filter((v) => v !== null);
  if (nonNull.length === 0) return "z.null()";
  const nullable = nonNull.length < values.length ? ".nullable()" : "";
  const literals = nonNull.map(literalCode);
  if (nonNull.every((v) => typeof v === "string") && nonNull.length > 1) {
    return `${listCode("z.enum([", literals, "])", indent)}${nullable}`;
  }
  return `${nonNull.length === 1 ? `z.literal(${literals[0]})` : listCode("z.literal([", literals, "])", indent)}${nullable}`;
}

/** `.refine(...)` limiting an already typed schema to some values of that type. */
export function valueRefine(values: unknown[]): string {
  if (values.some(isComposite)) {
    const canon = values.map(canonicalJson);
    return `.refine((v) => ${JSON.stringify(canon)}.includes(${canonicalJsonCode("v")}), "Invalid input: expected one of the allowed values")`;
  }
  const literals = values.map(literalCode);
  return literals.length === 1
    ? `.refine((v) => v === ${literals[0]}, "Invalid input: expected ${literals[0].replace(/["\\]/g, "")}")`
    : `.refine((v) => [${literals.join(", ")}].includes(v), "Invalid option: expected one of the allowed values")`;
}
