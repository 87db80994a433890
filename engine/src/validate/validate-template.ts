import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import metaSchema from "../template/meta-schema.json" with { type: "json" };
import { diagnostic, ptr, type Diagnostic } from "../diagnostics.ts";
import { closestName } from "./closest-name.ts";

// One compiled validator per process: compiling the meta-schema is the slow part.
let validateMeta: ReturnType<Ajv2020["compile"]> | undefined;

function metaValidator() {
  if (!validateMeta) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, validateFormats: false });
    validateMeta = ajv.compile(metaSchema);
  }
  return validateMeta;
}

/** Checks a parsed template against the meta-schema; returns diagnostics, never throws. */
export function validateTemplateShape(template: unknown): Diagnostic[] {
  const validate = metaValidator();
  if (validate(template)) return [];
  return dedupe(pruneAlternatives(validate.errors ?? []).map(toDiagnostic));
}

/** JSON Schema keywords a reader may expect but the generated validators do not support. */
const UNSUPPORTED_JSON_SCHEMA_KEYWORDS = new Set([
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "minContains",
  "maxContains",
  "prefixItems",
  "minProperties",
  "maxProperties",
  "$dynamicRef",
  "$anchor",
  "$id",
  "contentMediaType",
  "contentEncoding",
]);

const NAME_HINTS: Record<string, string> = {
  entityName: "Entity names are PascalCase letters and digits, e.g. `ModelProfile`.",
  fieldName: "Field and relation names are camelCase letters and digits, e.g. `heightCm`.",
  kebabName: "Use kebab-case, e.g. `profile-review`.",
  roleName: "Role names are kebab-case, e.g. `agency-owner`.",
  locale: "Locales look like `en` or `de-CH`.",
  stableId: "Stable ids start with a letter and use letters, digits, `_`, `.` or `-`.",
};

function toDiagnostic(error: ErrorObject): Diagnostic {
  const at = error.instancePath;
  const namedDef = /#\/\$defs\/(\w+)\//.exec(error.schemaPath + "/")?.[1] ?? "";
  switch (error.keyword) {
    case "required": {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const hint =
        key === "x-id"
          ? 'Give every field a stable id, e.g. "x-id": "fld_<name>": a later rename then stays a rename.'
          : key === "id"
            ? "Give it a stable id that never changes, even when the name does."
            : undefined;
      return diagnostic("ENG_SCHEMA_REQUIRED", at, `Missing required key "${key}".`, hint);
    }
    case "additionalProperties": {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      if (UNSUPPORTED_JSON_SCHEMA_KEYWORDS.has(key)) {
        return diagnostic(
          "ENG_SCHEMA_UNKNOWN_KEY",
          ptr(at, key),
          `JSON Schema keyword "${key}" is not supported in templates.`,
          "Fields use the JSON Schema subset that every generated validator enforces alike (docs/templates.md#field-schemas): use enum, a nested object, or two fields.",
        );
      }
      const guess = closestName(key, allowed);
      const hint = guess
        ? `Did you mean "${guess}"?`
        : allowed.length
          ? `Allowed keys here: ${allowed.join(", ")}.`
          : undefined;
      return diagnostic("ENG_SCHEMA_UNKNOWN_KEY", ptr(at, key), `Unknown key "${key}".`, hint);
    }
    case "propertyNames": {
      const name = (error.params as { propertyName: string }).propertyName;
      return diagnostic(
        "ENG_SCHEMA_PATTERN",
        ptr(at, name),
        `"${name}" is not a valid name here.`,
        NAME_HINTS[namedDef],
      );
    }
    case "type":
      return diagnostic(
        "ENG_SCHEMA_TYPE",
        at,
        `Must be ${String((error.params as { type: string }).type).replace(",", " or ")}.`,
      );
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const guess = typeof error.data === "string" ? closestName(error.data, allowed.map(String)) : undefined;
      return diagnostic(
        "ENG_SCHEMA_ENUM",
        at,
        `${JSON.stringify(error.data)} is not allowed here; use one of: ${allowed.map((v) => JSON.stringify(v)).join(", ")}.`,
        guess ? `Did you mean "${guess}"?` : undefined,
      );
    }
    case "const":
      return diagnostic(
        "ENG_SCHEMA_ENUM",
        at,
        `Must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}.`,
      );
    case "pattern":
      return diagnostic(
        "ENG_SCHEMA_PATTERN",
        at,
        `${JSON.stringify(error.data)} does not have the expected form.`,
        NAME_HINTS[namedDef],
      );
    case "anyOf":
      return diagnostic("ENG_SCHEMA_INVALID", at, anyOfMessage(error));
    default:
      return diagnostic("ENG_SCHEMA_INVALID", at, `Value ${error.message ?? "is invalid"}.`);
  }
}

function anyOfMessage(error: ErrorObject): string {
  const defs = metaSchema.$defs as Record<string, unknown>;
  if (error.parentSchema === defs.accessRule) {
    return 'An access rule is a token such as "public" or "owner|account", a list of role names, or an object with roles/ownership/where.';
  }
  if (error.parentSchema === (defs.email as { properties: Record<string, unknown> }).properties.mjml) {
    return "mjml is either one MJML string or an object of MJML strings per locale.";
  }
  if (error.instancePath.endsWith("/type"))
    return 'type is one of "string", "integer", "number", "boolean", "array", "object", "null", or a list of them.';
  return "The value matches none of the allowed forms.";
}

/**
 * With allErrors, a failing anyOf reports every branch. When some branch failed deeper inside
 * the value, that branch matched the value's shape: keep its errors and drop the others.
 * Otherwise keep only the anyOf error, which gets one readable message.
 */
function pruneAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  errors.forEach((anyOf, index) => {
    if (anyOf.keyword !== "anyOf") return;
    // Ajv reports a failing anyOf's branch errors right before it (schema paths follow $refs,
    // so the contiguous run under the same value is the reliable way to find them).
    const within = (e: ErrorObject) =>
      e.instancePath === anyOf.instancePath || e.instancePath.startsWith(anyOf.instancePath + "/");
    const branch: ErrorObject[] = [];
    for (let i = index - 1; i >= 0 && within(errors[i]) && !dropped.has(errors[i]); i--) branch.push(errors[i]);
    const deeper = branch.filter((e) => e.instancePath.length > anyOf.instancePath.length);
    for (const e of branch) if (!deeper.includes(e)) dropped.add(e);
    if (deeper.length) dropped.add(anyOf);
  });
  // An allOf/if/propertyNames wrapper error adds nothing to the errors it wraps.
  return errors.filter(
    (e) =>
      !dropped.has(e) &&
      e.keyword !== "allOf" &&
      e.keyword !== "if" &&
      !(e.keyword === "pattern" && e.propertyName !== undefined),
  );
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.pointer}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
