/** Values whose one-line form fits this width print on one line; others break one member per line. */
const MAX_LINE = 100;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key as TS source: bare when it is an identifier, quoted otherwise. */
export const tsPropertyKey = (key: string): string => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/**
 * A JSON-like value as readable TS source (bare keys, two-space indent). Members print in
 * insertion order, which the builders fix, so equal values give equal text. `undefined`
 * members are dropped, as JSON would. `lead` is the width of what precedes the value on its line.
 */
export function tsLiteral(value: unknown, indent = "", lead = 0): string {
  if (value === null || typeof value !== "object") return scalar(value);
  const flat = oneLine(value);
  if (indent.length + lead + flat.length <= MAX_LINE) return flat;
  const inner = indent + "  ";
  const lines = Array.isArray(value)
    ? value.map((item) => `${inner}${tsLiteral(item, inner)},`)
    : members(value).map(([key, item]) => `${inner}${tsPropertyKey(key)}: ${tsLiteral(item, inner, tsPropertyKey(key).length + 2)},`);
  return Array.isArray(value) ? `[\n${lines.join("\n")}\n${indent}]` : `{\n${lines.join("\n")}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (value === null || typeof value !== "object") return scalar(value);
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  const entries = members(value);
  return entries.length ? `{ ${entries.map(([key, item]) => `${tsPropertyKey(key)}: ${oneLine(item)}`).join(", ")} }` : "{}";
}

const members = (value: object): [string, unknown][] => Object.entries(value).filter(([, item]) => item !== undefined);

function scalar(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  throw new Error(`Not a JSON value: ${String(value)}`);
}
