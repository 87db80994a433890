import { diagnostic, ptr } from "../diagnostics.ts";
import { compileValueSchema } from "./value-validator.ts";
import type { CheckContext } from "./check-context.ts";

/** Field-level consistency: required names, defaults, patterns and ranges. */
export function checkFields({ raw, ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const rawEntity = raw.entities[entity.name];
    const names = new Set(Object.keys(rawEntity.schema.properties));
    (rawEntity.schema.required ?? []).forEach((name, i) => {
      if (!names.has(name)) {
        report(
          diagnostic(
            "ENG_REQUIRED_UNKNOWN",
            ptr(entity.pointer, "schema", "required", i),
            `"${name}" is required but not defined in properties.`,
            `Add "${name}" to properties or remove it from required.`,
          ),
        );
      }
    });
    for (const field of entity.fields) {
      const schema = field.schema as Record<string, unknown>;
      checkPatterns(schema, field.pointer, report);
      checkRange(schema, field.pointer, report);
      if (field.default === undefined) continue;
      const at = ptr(field.pointer, "default");
      if (field.enumValues && field.kind === "enum" && !field.enumValues.includes(field.default as string)) {
        report(
          diagnostic(
            "ENG_DEFAULT_NOT_IN_ENUM",
            at,
            `Default ${JSON.stringify(field.default)} is not one of the enum values.`,
            `Use one of: ${field.enumValues.map((v) => JSON.stringify(v)).join(", ")}.`,
          ),
        );
        continue;
      }
      const validate = compileValueSchema(field.schema);
      if (!validate(field.default)) {
        const why = validate.errors?.[0];
        report(
          diagnostic(
            "ENG_DEFAULT_INVALID",
            at,
            `Default ${JSON.stringify(field.default)} is invalid: ${why?.instancePath || "value"} ${why?.message ?? ""}.`.trim(),
          ),
        );
      }
    }
  }
}

function checkPatterns(schema: Record<string, unknown>, pointer: string, report: CheckContext["report"]): void {
  if (typeof schema.pattern === "string") {
    try {
      new RegExp(schema.pattern, "u");
    } catch (error) {
      report(
        diagnostic("ENG_PATTERN_INVALID", ptr(pointer, "pattern"), `Invalid pattern: ${(error as Error).message}.`),
      );
    }
  }
  const items = schema.items;
  if (items && typeof items === "object")
    checkPatterns(items as Record<string, unknown>, ptr(pointer, "items"), report);
}

function checkRange(schema: Record<string, unknown>, pointer: string, report: CheckContext["report"]): void {
  const pairs: [string, string][] = [
    ["minimum", "maximum"],
    ["minLength", "maxLength"],
    ["minItems", "maxItems"],
  ];
  for (const [low, high] of pairs) {
    if (
      typeof schema[low] === "number" &&
      typeof schema[high] === "number" &&
      (schema[low] as number) > (schema[high] as number)
    ) {
      report(
        diagnostic(
          "ENG_RANGE_EMPTY",
          ptr(pointer, low),
          `${low} ${schema[low]} is greater than ${high} ${schema[high]}: no value can pass.`,
        ),
      );
    }
  }
}
