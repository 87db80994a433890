import {
  canonicalJson,
  hasJsonType,
  isSchemaObject,
  jsonTypeOf,
  type JsonSchema,
  type JsonSchemaObject,
  type JsonType,
} from "./json-schema.ts";
import { defsRefName, resolveDefsRef } from "./local-ref.ts";
import { recursiveRefs } from "./recursive-refs.ts";
import { isSupportedSchema } from "./supported-schema.ts";
import { canonicalJsonCode, keyCode, listCode, literalCode, numberCode, unicodeRegexCode } from "./zod-code.ts";
import { formatAppliesTo, numberFormatRefine, stringFormatSchema } from "./zod-formats.ts";

export { SUPPORTED_SCHEMA_KEYWORDS, isSupportedSchema, type SupportResult } from "./supported-schema.ts";
export type { JsonSchema } from "./json-schema.ts";

export interface BuildZodOptions {
  /** The identifier of an already emitted schema for a `$ref` (e.g. "MoneySchema"); undefined → inline it. */
  readonly refs?: (ref: string) => string | undefined;
}

/**
 * The source of a zod 4 expression (using the identifier `z`) that accepts exactly the JSON values
 * `schema` accepts, as Ajv 2020 + ajv-formats (the runtime) judges them. Pure and deterministic.
 * Throws on a schema isSupportedSchema rejects.
 */
export function buildZodExpression(schema: JsonSchema, options: BuildZodOptions = {}): string {
  const support = isSupportedSchema(schema);
  if (!support.ok) {
    throw new Error(`Unsupported JSON Schema keyword "${support.keyword}" at "${support.pointer}"`);
  }
  return new ZodEmitter(schema, options).emitRoot();
}

/** Keywords that never change what validates. */
const ANNOTATIONS = new Set([
  "$schema", "$defs", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly", "deprecated",
]);
/** The branches a value can take, in emission order ("integer" is a number branch with a check). */
type Branch = "string" | "number" | "boolean" | "null" | "array" | "object";
const BRANCHES: readonly Branch[] = ["string", "number", "boolean", "null", "array", "object"];

const validationKeywords = (s: JsonSchemaObject) => Object.keys(s).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-"));
const isTrivial = (s: unknown) => s === true || (isSchemaObject(s) && validationKeywords(s).length === 0);
const num = (s: JsonSchemaObject, k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
const branchOf = (value: unknown): Branch => jsonTypeOf(value);

class ZodEmitter {
  /** `$ref` → local constant, for refs that recurse (bound with z.lazy). */
  private readonly bindings = new Map<string, string>();

  constructor(
    private readonly root: JsonSchema,
    private readonly options: BuildZodOptions,
  ) {
    const taken = new Set<string>();
    for (const ref of recursiveRefs(root, (r) => this.options.refs?.(r) !== undefined)) {
      const base = `$${(defsRefName(ref) ?? "def").replace(/[^A-Za-z0-9_$]/g, "_")}`;
      let name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
      taken.add(name);
      this.bindings.set(ref, name);
    }
  }

  /** Recursive refs need names, so the expression becomes an arrow function called at once. */
  emitRoot(): string {
    if (this.bindings.size === 0) return this.schema(this.root, "");
    const lines = ["(() => {"];
    for (const [ref, name] of this.bindings) {
      const target = resolveDefsRef(this.root, ref);
      if (isSchemaObject(target) && validationKeywords(target).join() === "$ref") {
        throw new Error(`$ref cycle through "${ref}" never reaches a schema`); // z.lazy would loop forever
      }
      lines.push(`  const ${name} = z.lazy(() => ${this.inlineRef(ref, "  ")});`);
    }
    lines.push(`  return ${this.schema(this.root, "  ")};`, "})()");
    return lines.join("\n");
  }

  private schema(schema: JsonSchema, indent: string): string {
    if (schema === true) return "z.unknown()";
    if (schema === false) return "z.never()";
    if (typeof schema.$ref === "string") return this.refAndSiblings(schema, schema.$ref, indent);
    return this.typed(schema, indent);
  }

  // ---- $ref ----------------------------------------------------------------------------------

  private ref(ref: string, indent: string): string {
    return this.options.refs?.(ref) ?? this.bindings.get(ref) ?? this.inlineRef(ref, indent);
  }

  private inlineRef(ref: string, indent: string): string {
    const target = resolveDefsRef(this.root, ref);
    if (target === undefined) throw new Error(`Cannot resolve $ref "${ref}"`);
    return this.schema(target, indent);
  }

  /** In 2020-12 a `$ref` applies together with its sibling keywords (both must hold). */
  private refAndSiblings(schema: JsonSchemaObject, ref: string, indent: string): string {
    const { $ref: _ref, ...rest } = schema;
    if (validationKeywords(rest).length === 0) return this.ref(ref, indent);
    const target = resolveDefsRef(this.root, ref);
    const inlined = this.options.refs?.(ref) === undefined && !this.bindings.has(ref);
    if (inlined && target !== undefined) {
      if (target === false) return "z.never()";
      if (target === true) return this.schema(rest, indent);
      // Disjoint keywords can share one schema object, which reads better than an intersection.
      if (canMerge(target, rest)) return this.schema(mergeSchemas(target, rest), indent);
    }
    const left = this.ref(ref, indent);
    const right = this.schema(rest, indent);
    // z.intersection forgives a strict object's unknown key when the other side declares it,
    // which additionalProperties: false does not; a pipe (our schemas never transform) does not forgive.
    const closed = closesObject(this.root, target) || closesObject(this.root, rest);
    return closed ? `${left}.pipe(${right})` : `${left}.and(${right})`;
  }

  // ---- type branches -------------------------------------------------------------------------

  private typed(s: JsonSchemaObject, indent: string): string {
    const declared = declaredTypes(s);
    const integerOnly = declared !== undefined && declared.includes("integer") && !declared.includes("number");
    let values = allowedValues(s);
    if (values !== undefined) {
      values = values.filter((v) => declared === undefined || declared.some((t) => hasJsonType(v, t)));
      return this.restricted(s, values, indent); // values already have the declared types
    }
    const constrained = (b: Branch) => hasConstraints(s, b) || (b === "number" && integerOnly);
    let branches: Branch[];
    if (declared !== undefined) {
      branches = unique(declared.map((t) => (t === "integer" ? "number" : t)));
    } else {
      if (!BRANCHES.some(constrained)) return "z.unknown()";
      // Without `type`, each keyword constrains only its own type: every other type passes as is.
      branches = [...BRANCHES.filter(constrained), ...BRANCHES.filter((b) => !constrained(b))];
    }
    return this.union(
      branches.map((b) => (at: string) => this.branch(b, s, at, integerOnly)),
      indent,
    );
  }

  /** `enum` / `const`: the value must be one of `values` and satisfy the type's keywords. */
  private restricted(s: JsonSchemaObject, values: unknown[], indent: string): string {
    if (values.length === 0) return "z.never()";
    const branches = unique(values.map(branchOf));
    if (!branches.some((b) => hasConstraints(s, b))) return valuesOnly(values, indent);
    return this.union(
      branches.map((b) => (at: string) => {
        const own = values.filter((v) => branchOf(v) === b);
        return hasConstraints(s, b) ? this.branch(b, s, at, false) + valueRefine(own) : valuesOnly(own, at);
      }),
      indent,
    );
  }

  /** One schema per branch (each emits itself at a given indent): X, X.nullable() or z.union([...]). */
  private union(parts: ((indent: string) => string)[], indent: string): string {
    if (parts.length === 1) return parts[0](indent);
    const isNull = (part: (indent: string) => string) => part("") === "z.null()";
    if (parts.length === 2 && parts.some(isNull)) return `${parts.find((p) => !isNull(p))!(indent)}.nullable()`;
    return listCode("z.union([", parts.map((part) => part(indent + "  ")), "])", indent);
  }

  private branch(b: Branch, s: JsonSchemaObject, indent: string, integer: boolean): string {
    switch (b) {
      case "string":
        return this.string(s, indent);
      case "number":
        return this.number(s, integer);
      case "boolean":
        return "z.boolean()";
      case "null":
        return "z.null()";
      case "array":
        return this.array(s, indent);
      case "object":
        return this.object(s, indent);
    }
  }

  private string(s: JsonSchemaObject, indent: string): string {
    const format = typeof s.format === "string" ? stringFormatSchema(s.format, indent) : undefined;
    let code = format ?? "z.string()";
    // Lengths count code points, like Ajv: zod's .min/.max count UTF-16 units ("💩" is 2),
    // which agree only for "non-empty" (min 1) and "empty" (max 0).
    const min = num(s, "minLength");
    const max = num(s, "maxLength");
    if (min === 1) code += ".min(1)";
    else if (min !== undefined && min > 1) {
      code += `.refine((s) => [...s].length >= ${min}, "Too small: expected string to have >=${min} characters")`;
    }
    if (max === 0) code += ".max(0)";
    else if (max !== undefined) {
      code += `.refine((s) => [...s].length <= ${max}, "Too big: expected string to have <=${max} characters")`;
    }
    if (typeof s.pattern === "string") code += `.regex(${unicodeRegexCode(s.pattern)})`;
    return code;
  }

  private number(s: JsonSchemaObject, integer: boolean): string {
    // z.int() stops at 2^53; JSON Schema (and Ajv) accept any integral number, 1e20 and 1.0 included.
    let code = integer ? `z.number().refine(Number.isInteger, "Invalid input: expected int, received number")` : "z.number()";
    const bounds: [string, string][] = [["minimum", "min"], ["exclusiveMinimum", "gt"], ["maximum", "max"], ["exclusiveMaximum", "lt"]];
    for (const [keyword, method] of bounds) {
      const bound = num(s, keyword);
      if (bound !== undefined) code += `.${method}(${numberCode(bound)})`;
    }
    const step = num(s, "multipleOf");
    if (step !== undefined) {
      // Ajv's test (value / step is integral), not zod's .multipleOf with its float tolerance.
      code += `.refine((n) => Number.isInteger(n / ${numberCode(step)}), "Invalid number: must be a multiple of ${step}")`;
    }
    const format = typeof s.format === "string" ? numberFormatRefine(s.format) : undefined;
    if (format !== undefined) code += `.refine(${format})`;
    return code;
  }

  private array(s: JsonSchemaObject, indent: string): string {
    const items = s.items === undefined ? "z.unknown()" : this.schema(s.items as JsonSchema, indent);
    let code = `z.array(${items})`;
    const min = num(s, "minItems");
    const max = num(s, "maxItems");
    if (min !== undefined && min > 0) code += `.min(${min})`;
    if (max !== undefined) code += `.max(${max})`;
    if (s.uniqueItems === true) {
      // Scalars compare by value in a Set (1 and true stay apart); objects and arrays by canonical JSON.
      code += onlyScalars(this.root, s.items)
        ? `.refine((a) => new Set(a).size === a.length, "Invalid array: items must be unique")`
        : `.refine((a) => new Set(a.map((v) => ${canonicalJsonCode("v")})).size === a.length, "Invalid array: items must be unique")`;
    }
    return code;
  }

  private object(s: JsonSchemaObject, indent: string): string {
    const properties = isSchemaObject(s.properties) ? (s.properties as Record<string, JsonSchema>) : {};
    const required = unique(Array.isArray(s.required) ? (s.required as string[]) : []);
    const additional = s.additionalProperties as JsonSchema | undefined;
    const open = additional === undefined || isTrivial(additional);
    const inner = indent + "  ";
    // A required key that is not a property is an additional property: it must be present and match.
    const extra = () => (open ? "z.unknown()" : this.schema(additional!, inner));
    const entries = [
      ...Object.entries(properties).map(([key, sub]) => {
        const code = this.schema(sub, inner);
        return `${keyCode(key)}: ${required.includes(key) ? code : `${code}.optional()`}`;
      }),
      ...required.filter((key) => !Object.hasOwn(properties, key)).map((key) => `${keyCode(key)}: ${extra()}`),
    ];
    // Objects keep unknown keys (z.looseObject): a plain z.object would strip them.
    if (open) return listCode("z.looseObject({ ", entries, " })", indent, entries.length > 1);
    if (additional === false) return listCode("z.strictObject({ ", entries, " })", indent, entries.length > 1);
    return `${listCode("z.object({ ", entries, " })", indent, entries.length > 1)}.catchall(${this.schema(additional!, indent)})`;
  }
}

// ---- schema facts ------------------------------------------------------------------------------

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function declaredTypes(s: JsonSchemaObject): JsonType[] | undefined {
  if (s.type === undefined) return undefined;
  return Array.isArray(s.type) ? (s.type as JsonType[]) : [s.type as JsonType];
}

/** `enum` and `const` together: the values both allow (deep equality), or undefined if neither is set. */
function allowedValues(s: JsonSchemaObject): unknown[] | undefined {
  const hasConst = Object.hasOwn(s, "const");
  if (Array.isArray(s.enum)) {
    const values = s.enum as unknown[];
    return hasConst ? values.filter((v) => canonicalJson(v) === canonicalJson(s.const)) : values;
  }
  return hasConst ? [s.const] : undefined;
}

/** Whether `s` has a keyword that constrains instances of branch `b` (beyond the type itself). */
function hasConstraints(s: JsonSchemaObject, b: Branch): boolean {
  const has = (k: string) => s[k] !== undefined;
  const format = typeof s.format === "string" ? formatAppliesTo(s.format) : undefined;
  switch (b) {
    case "string":
      return (num(s, "minLength") ?? 0) > 0 || has("maxLength") || has("pattern") || format === "string";
    case "number":
      return ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some(has) || format === "number";
    case "array":
      return (has("items") && !isTrivial(s.items)) || (num(s, "minItems") ?? 0) > 0 || has("maxItems") || s.uniqueItems === true;
    case "object":
      return (
        (isSchemaObject(s.properties) && Object.keys(s.properties).length > 0) ||
        (Array.isArray(s.required) && s.required.length > 0) ||
        (has("additionalProperties") && !isTrivial(s.additionalProperties))
      );
    default:
      return false;
  }
}

/** Whether every instance `items` accepts is a string, number, boolean or null (so a Set can compare them). */
function onlyScalars(root: JsonSchema, items: unknown, seen = new Set<string>()): boolean {
  if (!isSchemaObject(items)) return items === false;
  const values = allowedValues(items);
  if (values !== undefined && values.every((v) => branchOf(v) !== "array" && branchOf(v) !== "object")) return true;
  const types = declaredTypes(items);
  if (types !== undefined && types.every((t) => t !== "array" && t !== "object")) return true;
  if (typeof items.$ref === "string" && !seen.has(items.$ref)) {
    return onlyScalars(root, resolveDefsRef(root, items.$ref), seen.add(items.$ref));
  }
  return false;
}

/** Whether the schema (or the one it references) has `additionalProperties: false` at its root. */
function closesObject(root: JsonSchema, schema: JsonSchema | undefined, seen = new Set<string>()): boolean {
  if (!isSchemaObject(schema)) return false;
  if (schema.additionalProperties === false) return true;
  const ref = schema.$ref;
  return typeof ref === "string" && !seen.has(ref) && closesObject(root, resolveDefsRef(root, ref), seen.add(ref));
}

/** Two schemas can be merged into one object when no validation keyword appears in both, and
 *  `additionalProperties` on one side does not meet `properties` on the other (it depends on them). */
function canMerge(a: JsonSchemaObject, b: JsonSchemaObject): boolean {
  const ka = validationKeywords(a);
  const kb = validationKeywords(b);
  if (ka.some((k) => kb.includes(k))) return false;
  const crosses = (x: string[], y: string[]) => x.includes("additionalProperties") && y.includes("properties");
  return !crosses(ka, kb) && !crosses(kb, ka);
}

function mergeSchemas(a: JsonSchemaObject, b: JsonSchemaObject): JsonSchemaObject {
  const merged: Record<string, unknown> = {};
  for (const s of [a, b]) for (const k of validationKeywords(s)) merged[k] = s[k];
  return merged;
}

// ---- value restrictions ------------------------------------------------------------------------

const isComposite = (v: unknown) => typeof v === "object" && v !== null;

/** The idiomatic schema for "one of these values": z.enum / z.literal / z.null, or a deep-equality check. */
function valuesOnly(values: unknown[], indent: string): string {
  if (values.some(isComposite)) {
    const canon = values.map(canonicalJson);
    const test = canon.length === 1 ? `=== ${JSON.stringify(canon[0])}` : `(${JSON.stringify(canon)}).includes`;
    const check = canon.length === 1 ? `(v) => ${canonicalJsonCode("v")} ${test}` : `(v) => ${test}(${canonicalJsonCode("v")})`;
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
function valueRefine(values: unknown[]): string {
  if (values.some(isComposite)) {
    const canon = values.map(canonicalJson);
    return `.refine((v) => ${JSON.stringify(canon)}.includes(${canonicalJsonCode("v")}), "Invalid input: expected one of the allowed values")`;
  }
  const literals = values.map(literalCode);
  return literals.length === 1
    ? `.refine((v) => v === ${literals[0]}, "Invalid input: expected ${literals[0].replace(/["\\]/g, "")}")`
    : `.refine((v) => [${literals.join(", ")}].includes(v), "Invalid option: expected one of the allowed values")`;
}
