import { tsPropertyKey } from "../registry/ts-literal.ts";

type SchemaObject = { readonly [keyword: string]: unknown };

/** A printed type; unions and intersections need parentheses as `(A | B)[]`. */
interface TsType {
  readonly text: string;
  readonly kind: "simple" | "union" | "intersection";
}

/**
 * The TS type of a JSON Schema from the template subset (type/enum/const, objects, arrays,
 * anyOf/oneOf/allOf). Synchronous and dependency-free: json-schema-to-typescript is async,
 * slow with prettier, and turns `maxItems` into tuple unions. `indent` is the indentation of
 * the line the type starts on; nested objects print one property per line.
 */
export function schemaToTs(schema: unknown, indent = ""): string {
  return render(schema, indent).text;
}

function render(schema: unknown, indent: string): TsType {
  if (schema === false) return simple("never");
  if (typeof schema !== "object" || schema === null) return simple("unknown");
  const s = schema as SchemaObject;
  if ("const" in s) return simple(literal(s.const));
  if (Array.isArray(s.enum)) return union(enumValuesOfType(s.enum, typesOf(s)).map((v) => simple(literal(v))));
  const alternatives = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
  if (alternatives) return union(alternatives.map((m) => render(m, indent)));
  if (Array.isArray(s.allOf)) return intersection(s.allOf.map((m) => render(m, indent)));
  const types = typesOf(s) ?? (s.properties ? ["object"] : s.items ? ["array"] : null);
  if (!types) return simple("unknown");
  return union(types.map((type) => typeToTs(type, s, indent)));
}

function typeToTs(type: string, s: SchemaObject, indent: string): TsType {
  switch (type) {
    case "string":
      return simple("string");
    case "integer":
    case "number":
      return simple("number");
    case "boolean":
      return simple("boolean");
    case "null":
      return simple("null");
    case "array":
      return simple(s.items === undefined ? "unknown[]" : `${parenthesized(render(s.items, indent))}[]`);
    case "object":
      return simple(objectToTs(s, indent));
    default:
      return simple("unknown");
  }
}

/** Closed objects (`additionalProperties: false`) list their properties only; open ones add an index signature. */
function objectToTs(s: SchemaObject, indent: string): string {
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set((s.required ?? []) as string[]);
  const inner = indent + "  ";
  const lines = Object.entries(properties).map(([name, property]) => {
    const doc = docComment(propertyDocLines(property), inner);
    return `${doc}${inner}${tsPropertyKey(name)}${required.has(name) ? "" : "?"}: ${schemaToTs(property, inner)};`;
  });
  const extra = s.additionalProperties;
  if (extra !== false) {
    // Declared properties must fit the index signature, so it is `unknown` next to them.
    const value = lines.length || extra === undefined || extra === true ? "unknown" : schemaToTs(extra, inner);
    lines.push(`${inner}[key: string]: ${value};`);
  }
  return lines.length ? `{\n${lines.join("\n")}\n${indent}}` : "Record<string, never>";
}

/** Doc lines of a property: label (or schema title), description, then its tags. */
export function propertyDocLines(schema: unknown, label?: string): string[] {
  const s = typeof schema === "object" && schema !== null ? (schema as SchemaObject) : {};
  const title = label ?? (typeof s.title === "string" ? s.title : undefined);
  const description = typeof s.description === "string" && s.description !== title ? s.description : undefined;
  return [...(title ? [title] : []), ...(description ? [description] : []), ...schemaDocTags(schema)];
}

/** `@format` and `@default` tags of a schema. */
export function schemaDocTags(schema: unknown): string[] {
  const s = typeof schema === "object" && schema !== null ? (schema as SchemaObject) : {};
  const tags: string[] = [];
  if (typeof s.format === "string") tags.push(`@format ${s.format}`);
  if ("default" in s) tags.push(`@default ${JSON.stringify(s.default)}`);
  return tags;
}

/** `/** text *\/` on one line, or a block for several lines; "" for none. */
export function docComment(lines: readonly string[], indent: string): string {
  const safe = lines.map((line) => line.replace(/\*\//g, "*\\/"));
  if (!safe.length) return "";
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((line) => `${indent} * ${line}`).join("\n")}\n${indent} */\n`;
}

function typesOf(s: SchemaObject): string[] | null {
  if (typeof s.type === "string") return [s.type];
  return Array.isArray(s.type) ? (s.type as string[]) : null;
}

/** An enum next to a `type` admits only the values of that type. */
function enumValuesOfType(values: readonly unknown[], types: string[] | null): unknown[] {
  return types ? values.filter((value) => types.some((type) => isOfType(value, type))) : [...values];
}

function isOfType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

function literal(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  return `{ ${Object.entries(value)
    .map(([key, item]) => `${tsPropertyKey(key)}: ${literal(item)}`)
    .join("; ")} }`;
}

const simple = (text: string): TsType => ({ text, kind: "simple" });

function union(members: readonly TsType[]): TsType {
  const unique = members.filter((m, i) => members.findIndex((other) => other.text === m.text) === i);
  if (unique.length <= 1) return unique[0] ?? simple("never");
  // Nested unions flatten as they are; intersections get parentheses for readability.
  return { text: unique.map((m) => (m.kind === "intersection" ? `(${m.text})` : m.text)).join(" | "), kind: "union" };
}

function intersection(members: readonly TsType[]): TsType {
  if (members.length <= 1) return members[0] ?? simple("unknown");
  return { text: members.map(parenthesized).join(" & "), kind: "intersection" };
}

const parenthesized = (type: TsType): string => (type.kind === "simple" ? type.text : `(${type.text})`);
