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
  const flat = oneLine(value, MAX_LINE - indent.length - lead);
  if (flat !== null) return flat;
  const inner = indent + "  ";
  const lines = Array.isArray(value)
    ? value.map((item) => `${inner}${tsLiteral(item, inner)},`)
    : members(value).map(
        ([key, item]) => `${inner}${tsPropertyKey(key)}: ${tsLiteral(item, inner, tsPropertyKey(key).length + 2)},`,
      );
  return Array.isArray(value) ? `[\n${lines.join("\n")}\n${indent}]` : `{\n${lines.join("\n")}\n${indent}}`;
}

/** The one-line form, or null as soon as it would exceed `budget` characters. */
function oneLine(value: unknown, budget: number): string | null {
  if (value === null || typeof value !== "object") return scalar(value);
  const parts: string[] = [];
  // Brackets (`[]` or `{  }`) plus ", " between members.
  let used = Array.isArray(value) ? 2 : 4;
  const items: [string, unknown][] = Array.isArray(value) ? value.map((item) => ["", item]) : members(value);
  for (const [key, item] of items) {
    const separator = parts.length ? 2 : 0;
    const prefix = Array.isArray(value) ? "" : `${tsPropertyKey(key)}: `;
    const text = oneLine(item, budget - used - separator - prefix.length);
    if (text === null) return null;
    parts.push(prefix + text);
    used += separator + prefix.length + text.length;
    if (used > budget) return null;
  }
  if (Array.isArray(value)) return `[${parts.join(", ")}]`;
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}

const members = (value: object): [string, unknown][] => Object.entries(value).filter(([, item]) => item !== undefined);

function scalar(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  throw new Error(`Not a JSON value: ${String(value)}`);
}
