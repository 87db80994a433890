import { diagnostic, ptr, type Diagnostic } from "../diagnostics.ts";
import type { RawSchema } from "../template/raw-template.ts";

/**
 * Inlines local `$ref: "#/$defs/Name"` references. Keys written beside a `$ref` override the
 * definition's (so a field can reuse `Money` and still carry its own `x-id` and label).
 * Unknown targets and loops become diagnostics at the `$ref` itself.
 */
export function resolveRefs(
  schema: RawSchema,
  defs: Readonly<Record<string, RawSchema>>,
  pointer: string,
  diagnostics: Diagnostic[],
  stack: readonly string[] = [],
): RawSchema {
  if (typeof schema === "boolean") return schema;
  let result: Record<string, unknown> = {};
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace(/^#\/\$defs\//, "");
    if (!(name in defs)) {
      diagnostics.push(
        diagnostic("ENG_REF_UNRESOLVED", ptr(pointer, "$ref"), `No definition "${name}" in $defs.`, hintForDefs(defs)),
      );
    } else if (stack.includes(name)) {
      diagnostics.push(
        diagnostic(
          "ENG_REF_CYCLE",
          ptr(pointer, "$ref"),
          `$defs ${[...stack, name].join(" → ")} refer to each other in a loop.`,
          "Stored values must be finite: break the loop with a relation between entities.",
        ),
      );
    } else {
      const target = resolveRefs(defs[name], defs, `/$defs/${name}`, diagnostics, [...stack, name]);
      if (typeof target === "boolean") return target;
      result = { ...target };
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$ref") continue;
    result[key] = resolveChild(key, value, defs, ptr(pointer, key), diagnostics, stack);
  }
  return result;
}

function resolveChild(
  key: string,
  value: unknown,
  defs: Readonly<Record<string, RawSchema>>,
  pointer: string,
  diagnostics: Diagnostic[],
  stack: readonly string[],
): unknown {
  if (key === "items" || key === "additionalProperties") {
    return resolveRefs(value as RawSchema, defs, pointer, diagnostics, stack);
  }
  if (key === "properties" && value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, RawSchema>).map(([name, sub]) => [
        name,
        resolveRefs(sub, defs, ptr(pointer, name), diagnostics, stack),
      ]),
    );
  }
  return value;
}

function hintForDefs(defs: Readonly<Record<string, RawSchema>>): string {
  const names = Object.keys(defs);
  return names.length ? `Defined here: ${names.join(", ")}.` : "The template has no $defs: add one at the top level.";
}
