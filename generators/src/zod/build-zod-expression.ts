import { hasJsonType, isSchemaObject, type JsonSchema, type JsonSchemaObject } from "./json-schema.ts";
import { defsRefName, resolveDefsRef } from "./local-ref.ts";
import { recursiveRefs } from "./recursive-refs.ts";
import {
  allowedValues,
  BRANCHES,
  branchOf,
  type Branch,
  canMerge,
  closesObject,
  declaredTypes,
  hasConstraints,
  isTrivial,
  mergeSchemas,
  num,
  onlyScalars,
  unique,
  validationKeywords,
} from "./schema-facts.ts";
import { isSupportedSchema } from "./supported-schema.ts";
import { canonicalJsonCode, chainCode, keyCode, listCode, numberCode, unicodeRegexCode } from "./zod-code.ts";
import { numberFormatRefine, stringFormatSchema } from "./zod-formats.ts";
import { valueRefine, valuesOnly } from "./zod-values.ts";

export { SUPPORTED_SCHEMA_KEYWORDS, isSupportedSchema, type SupportResult } from "./supported-schema.ts";
export type { JsonSchema } from "./json-schema.ts";

export interface BuildZodOptions {
  /** The identifier of an already emitted schema for a `$ref` (e.g. "MoneySchema"); undefined → inline it. */
  readonly refs?: (ref: string) => string | undefined;
  /** The identifier of a declared checker function for a function format (e.g. "isDateTime"); undefined → inline it. */
  readonly formats?: (format: string) => string | undefined;
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

/**
 * Where a schema is emitted: the indent of its lines, and whether it is one side of a `$ref`
 * conjunction (then a closed object is closed by a refine, see refAndSiblings). Subschemas of
 * properties and items start a fresh position.
 */
interface Pos {
  readonly indent: string;
  readonly conjunct?: boolean;
}

class ZodEmitter {
  /** `$ref` → local constant, for refs that recurse (bound with z.lazy). */
  private readonly bindings = new Map<string, string>();
  /** Refs being copied for a conjunct (see ref()). */
  private readonly copying = new Set<string>();

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
    if (this.bindings.size === 0) return this.schema(this.root, { indent: "" });
    const lines = ["(() => {"];
    for (const [ref, name] of this.bindings) {
      lines.push(`  const ${name} = z.lazy(() => ${this.schema(this.resolve(ref), { indent: "  " })});`);
    }
    lines.push(`  return ${this.schema(this.root, { indent: "  " })};`, "})()");
    return lines.join("\n");
  }

  private schema(schema: JsonSchema, pos: Pos): string {
    if (schema === true) return "z.unknown()";
    if (schema === false) return "z.never()";
    if (typeof schema.$ref === "string") return this.refAndSiblings(schema, schema.$ref, pos);
    return this.typed(schema, pos);
  }

  // ---- $ref ----------------------------------------------------------------------------------

  private resolve(ref: string): JsonSchema {
    const target = resolveDefsRef(this.root, ref);
    if (target === undefined) throw new Error(`Cannot resolve $ref "${ref}"`);
    return target;
  }

  private ref(ref: string, pos: Pos): string {
    // A named schema closes its objects with z.strictObject: a conjunct needs its own copy
    // (once: a closed schema that refers to itself at its root keeps the name the second time).
    if (pos.conjunct && !this.copying.has(ref) && closesObject(this.root, this.resolve(ref))) {
      this.copying.add(ref);
      const copy = this.schema(this.resolve(ref), pos);
      this.copying.delete(ref);
      return copy;
    }
    return this.options.refs?.(ref) ?? this.bindings.get(ref) ?? this.schema(this.resolve(ref), pos);
  }

  /** In 2020-12 a `$ref` applies together with its sibling keywords (both must hold). */
  private refAndSiblings(schema: JsonSchemaObject, ref: string, pos: Pos): string {
    const { $ref: _ref, ...rest } = schema;
    if (validationKeywords(rest).length === 0) return this.ref(ref, pos);
    const target = this.resolve(ref);
    const inlined = this.options.refs?.(ref) === undefined && !this.bindings.has(ref);
    if (target === false) return "z.never()";
    if (target === true) return this.schema(rest, pos);
    // Disjoint keywords can share one schema object, which reads better than an intersection.
    if (inlined && canMerge(target, rest)) return this.schema(mergeSchemas(target, rest), pos);
    // The siblings only judge what the target accepted: give them its type when they have none.
    const right = rest.type === undefined && target.type !== undefined ? { type: target.type, ...rest } : rest;
    // z.intersection forgives a strict object's unknown key when the other side declares it
    // (additionalProperties: false does not), so conjuncts close their objects with a refine.
    const conjunct = { indent: pos.indent, conjunct: true };
    return chainCode(
      this.ref(ref, conjunct),
      [`.and(${this.schema(right, { ...conjunct, indent: pos.indent + "  " })})`],
      pos.indent,
    );
  }

  // ---- type branches -------------------------------------------------------------------------

  private typed(s: JsonSchemaObject, pos: Pos): string {
    const declared = declaredTypes(s);
    const integerOnly = declared !== undefined && declared.includes("integer") && !declared.includes("number");
    let values = allowedValues(s);
    if (values !== undefined) {
      values = values.filter((v) => declared === undefined || declared.some((t) => hasJsonType(v, t)));
      return this.restricted(s, values, pos); // values already have the declared types
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
      branches.map((b) => (at: Pos) => this.branch(b, s, at, integerOnly)),
      pos,
    );
  }

  /** `enum` / `const`: the value must be one of `values` and satisfy the type's keywords. */
  private restricted(s: JsonSchemaObject, values: unknown[], pos: Pos): string {
    if (values.length === 0) return "z.never()";
    const branches = unique(values.map(branchOf));
    if (!branches.some((b) => hasConstraints(s, b))) return valuesOnly(values, pos.indent);
    return this.union(
      branches.map((b) => (at: Pos) => {
        const own = values.filter((v) => branchOf(v) === b);
        return hasConstraints(s, b)
          ? chainCode(this.branch(b, s, at, false), [valueRefine(own)], at.indent)
          : valuesOnly(own, at.indent);
      }),
      pos,
    );
  }

  /** One schema per branch (each emits itself at a given position): X, X.nullable() or z.union([...]). */
  private union(parts: ((at: Pos) => string)[], pos: Pos): string {
    if (parts.length === 1) return parts[0](pos);
    const isNull = (part: (at: Pos) => string) => part({ indent: "" }) === "z.null()";
    if (parts.length === 2 && parts.some(isNull)) return `${parts.find((p) => !isNull(p))!(pos)}.nullable()`;
    const inner = { ...pos, indent: pos.indent + "  " };
    return listCode(
      "z.union([",
      parts.map((part) => part(inner)),
      "])",
      pos.indent,
    );
  }

  private branch(b: Branch, s: JsonSchemaObject, pos: Pos, integer: boolean): string {
    switch (b) {
      case "string":
        return this.string(s, pos.indent);
      case "number":
        return this.number(s, integer, pos.indent);
      case "boolean":
        return "z.boolean()";
      case "null":
        return "z.null()";
      case "array":
        return this.array(s, pos.indent);
      case "object":
        return this.object(s, pos);
    }
  }

  private string(s: JsonSchemaObject, indent: string): string {
    const format =
      typeof s.format === "string" ? stringFormatSchema(s.format, indent, this.options.formats) : undefined;
    const calls: string[] = [];
    // Lengths count code points, like Ajv: zod's .min/.max count UTF-16 units ("💩" is 2),
    // which agree only for "non-empty" (min 1) and "empty" (max 0).
    const min = num(s, "minLength");
    const max = num(s, "maxLength");
    if (min === 1) calls.push(".min(1)");
    else if (min !== undefined && min > 1) {
      calls.push(`.refine((s) => [...s].length >= ${min}, "Too small: expected string to have >=${min} characters")`);
    }
    if (max === 0) calls.push(".max(0)");
    else if (max !== undefined) {
      calls.push(`.refine((s) => [...s].length <= ${max}, "Too big: expected string to have <=${max} characters")`);
    }
    if (typeof s.pattern === "string") calls.push(`.regex(${unicodeRegexCode(s.pattern)})`);
    return chainCode(format ?? "z.string()", calls, indent);
  }

  private number(s: JsonSchemaObject, integer: boolean, indent: string): string {
    // z.int() stops at 2^53; JSON Schema (and Ajv) accept any integral number, 1e20 and 1.0 included.
    const calls = integer ? [`.refine(Number.isInteger, "Invalid input: expected integer")`] : [];
    const bounds: [string, string][] = [
      ["minimum", "min"],
      ["exclusiveMinimum", "gt"],
      ["maximum", "max"],
      ["exclusiveMaximum", "lt"],
    ];
    for (const [keyword, method] of bounds) {
      const bound = num(s, keyword);
      if (bound !== undefined) calls.push(`.${method}(${numberCode(bound)})`);
    }
    const step = num(s, "multipleOf");
    if (step !== undefined) {
      // Ajv's test (value / step is integral), not zod's .multipleOf with its float tolerance.
      calls.push(
        `.refine((n) => Number.isInteger(n / ${numberCode(step)}), "Invalid number: must be a multiple of ${step}")`,
      );
    }
    const format = typeof s.format === "string" ? numberFormatRefine(s.format) : undefined;
    if (format !== undefined) calls.push(`.refine(${format})`);
    return chainCode("z.number()", calls, indent);
  }

  private array(s: JsonSchemaObject, indent: string): string {
    const items = s.items === undefined ? "z.unknown()" : this.schema(s.items as JsonSchema, { indent });
    const calls: string[] = [];
    const min = num(s, "minItems");
    const max = num(s, "maxItems");
    if (min !== undefined && min > 0) calls.push(`.min(${min})`);
    if (max !== undefined) calls.push(`.max(${max})`);
    if (s.uniqueItems === true) {
      // Scalars compare by value in a Set (1 and true stay apart); objects and arrays by canonical JSON.
      calls.push(
        onlyScalars(this.root, s.items)
          ? `.refine((a) => new Set(a).size === a.length, "Invalid array: items must be unique")`
          : `.refine((a) => new Set(a.map((v) => ${canonicalJsonCode("v")})).size === a.length, "Invalid array: items must be unique")`,
      );
    }
    return chainCode(`z.array(${items})`, calls, indent);
  }

  private object(s: JsonSchemaObject, pos: Pos): string {
    const properties = isSchemaObject(s.properties) ? (s.properties as Record<string, JsonSchema>) : {};
    const required = unique(Array.isArray(s.required) ? (s.required as string[]) : []);
    const additional = s.additionalProperties as JsonSchema | undefined;
    const open = additional === undefined || isTrivial(additional);
    const inner = { indent: pos.indent + "  " };
    // A required key that is not a property is an additional property: it must be present and match.
    const extra = () => (open ? "z.unknown()" : this.schema(additional!, inner));
    const entries = [
      ...Object.entries(properties).map(([key, sub]) => {
        const code = this.schema(sub, inner);
        return `${keyCode(key)}: ${required.includes(key) ? code : `${code}.optional()`}`;
      }),
      ...required.filter((key) => !Object.hasOwn(properties, key)).map((key) => `${keyCode(key)}: ${extra()}`),
    ];
    const shape = (builder: string) => listCode(`${builder}({ `, entries, " })", pos.indent, entries.length > 1);
    // Objects keep unknown keys (z.looseObject): a plain z.object would strip them.
    if (open) return shape("z.looseObject");
    if (additional === false && pos.conjunct) {
      const known = JSON.stringify([
        ...Object.keys(properties),
        ...required.filter((k) => !Object.hasOwn(properties, k)),
      ]);
      const check = `.refine((o) => Object.keys(o).every((k) => ${known}.includes(k)), "Unrecognized key")`;
      return chainCode(shape("z.looseObject"), [check], pos.indent);
    }
    if (additional === false) return shape("z.strictObject");
    return `${shape("z.object")}.catchall(${this.schema(additional!, { indent: pos.indent })})`;
  }
}
