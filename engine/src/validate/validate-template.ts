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
      return diagnostic("ENG_SCHEMA_PATTERN", ptr(at, name), `"${name}" is not a valid name here.`, NAME_HINTS[namedDef]);
    }
    case "type":
      return diagnostic("ENG_SCHEMA_TYPE", at, `Must be ${String((error.params as { type: string }).type).replace(",", " or ")}.`);
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
      return diagnostic("ENG_SCHEMA_ENUM", at, `Must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}.`);
    case "pattern":
      return diagnostic("ENG_SCHEMA_PATTERN", at, `${JSON.stringify(error.data)} does not have the expected form.`, NAME_HINTS[namedDef]);
    case "anyOf":
      return diagnostic("ENG_SCHEMA_INVALID", at, anyOfMessage(error.schemaPath));
    default:
      return diagnostic("ENG_SCHEMA_INVALID", at, `Value ${error.message ?? "is invalid"}.`);
  }
}

function anyOfMessage(schemaPath: string): string {
  if (schemaPath.includes("accessRule")) {
    return 'An access rule is a token such as "public" or "owner|account", a list of role names, or an object with roles/ownership/where.';
  }
  if (schemaPath.includes("mjml")) return "mjml is either one MJML string or an object of MJML strings per locale.";
  if (schemaPath.includes("/type/")) return 'type is one of "string", "integer", "number", "boolean", "array", "object", "null", or a list of them.';
  return "The value matches none of the allowed forms.";
}

/**
 * With allErrors, a failing anyOf reports every branch. When some branch failed deeper inside
 * the value, that branch matched the value's shape: keep its errors and drop the others.
 * Otherwise keep only the anyOf error, which gets one readable message.
 */
function pruneAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === "anyOf");
  let kept = errors;
  for (const anyOf of anyOfs) {
    const base = anyOf.schemaPath.slice(0, -"/anyOf".length) + "/anyOf/";
    const branch = kept.filter((e) => e.schemaPath.startsWith(base));
    const deeper = branch.filter((e) => e.instancePath.length > anyOf.instancePath.length);
    kept = kept.filter((e) => !e.schemaPath.startsWith(base) || deeper.includes(e));
    if (deeper.length) kept = kept.filter((e) => e !== anyOf);
  }
  // An allOf/propertyNames wrapper error adds nothing to the errors it wraps.
  return kept.filter((e) => e.keyword !== "allOf" && !(e.keyword === "pattern" && e.propertyName !== undefined));
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
