import { isSchemaObject, type JsonSchema } from "./json-schema.ts";

/**
 * The `$defs` entry a local `$ref` names ("#/$defs/money" → "money"), or undefined for any other
 * reference. The fragment is a URI-encoded JSON Pointer: percent-decode, then unescape ~1 and ~0.
 */
export function defsRefName(ref: string): string | undefined {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  if (!match) return undefined;
  let token: string;
  try {
    token = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The schema a local `#/$defs/x` reference points at in `root`, or undefined. */
export function resolveDefsRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  const name = defsRefName(ref);
  if (name === undefined || !isSchemaObject(root)) return undefined;
  const defs = root.$defs;
  if (!isSchemaObject(defs) || !Object.hasOwn(defs, name)) return undefined;
  const target = defs[name];
  return typeof target === "boolean" || isSchemaObject(target) ? (target as JsonSchema) : undefined;
}
