/** Small pieces of zod source text shared by the emitter. */

/** Values JSON Schema compares with deep equality, as canonical JSON (see json-schema.ts canonicalJson). */
export function canonicalJsonCode(value: string): string {
  return (
    `JSON.stringify(${value}, (_, x) => (x && typeof x === "object" && !Array.isArray(x) ` +
    `? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x))`
  );
}

/** A JSON value as a JS literal (only primitives: objects go through canonical JSON strings). */
export function literalCode(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON Schema `pattern` as a regex literal with the `u` flag (as Ajv compiles it). */
export function unicodeRegexCode(pattern: string): string {
  return String(new RegExp(pattern, "u")); // RegExp#toString escapes "/" and line breaks; "" → /(?:)/u
}

/** A number as source text (JSON numbers are finite). */
export function numberCode(value: number): string {
  return String(value);
}

/** An object-literal key: bare when it is an identifier, quoted otherwise; `__proto__` must be computed. */
export function keyCode(key: string): string {
  if (key === "__proto__") return `["__proto__"]`; // a literal `__proto__:` would set the prototype
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * `open` + items + `close`: on one line when short (and not `multiline`), else one item per line
 * at `indent` + 2 (items must have been emitted for that indent).
 */
export function listCode(
  open: string,
  items: readonly string[],
  close: string,
  indent: string,
  multiline = false,
): string {
  const oneLine = `${open}${items.join(", ")}${close}`;
  const fits = items.every((item) => !item.includes("\n")) && indent.length + oneLine.length <= 80;
  if (items.length === 0) return `${open.trimEnd()}${close.trimStart()}`;
  if (fits && !multiline) return oneLine;
  const inner = items.map((item) => `${indent}  ${item},`).join("\n");
  return `${open.trimEnd()}\n${inner}\n${indent}${close.trimStart()}`;
}

/** `base` followed by method calls (".min(1)"): on one line when short, else one call per line. */
export function chainCode(base: string, calls: readonly string[], indent: string): string {
  const oneLine = base + calls.join("");
  if (calls.length === 0 || (!oneLine.includes("\n") && indent.length + oneLine.length <= 80)) return oneLine;
  return base + calls.map((call) => `\n${indent}  ${call}`).join("");
}
