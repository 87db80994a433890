import type { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { EntityRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { createRouteAjv } from "../../http/ajv-compiler.ts";
import { ajvErrorsToFieldErrors } from "../../http/ajv-errors.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import type { ExtensionDef } from "../extensions/extension-schema.ts";
import type { EntityView } from "../model/types.ts";

type Schema = Record<string, unknown>;
type Mode = "create" | "update" | "output";

/** An extension property as it appears in a record schema (outputs may always be null). */
function extensionProperty(schema: Readonly<Schema>, mode: Mode, required: boolean): Schema {
  const { "x-label": _label, ...rest } = schema;
  if (mode === "create" || (mode === "update" && required)) return rest;
  return { anyOf: [rest, { type: "null" }] };
}

/**
 * An entity's record schema with a tenant's extension fields merged in: the same properties,
 * plus the extension's (and its required ones on create). additionalProperties stays false.
 */
export function effectiveSchema(entity: EntityRegistry, ext: ExtensionDef | null, mode: Mode): Schema {
  const base = entity.schemas[mode] as Schema;
  if (!ext) return base;
  const properties = { ...(base.properties as Schema) };
  for (const p of ext.properties) properties[p.name] = extensionProperty(p.schema, mode, p.required);
  const required = [
    ...((base.required as string[] | undefined) ?? []),
    ...(mode === "create" ? ext.properties.filter((p) => p.required).map((p) => p.name) : []),
  ];
  return { ...base, ...(required.length ? { required } : {}), properties };
}

/**
 * Ajv 2020 validators of create and update bodies, compiled once per view (entity + extension
 * schema). Create fills defaults into the body; update never does.
 */
export class RecordValidators {
  private readonly ajv: Ajv2020 = createRouteAjv();
  private readonly compiled = new WeakMap<EntityView, { create?: ValidateFunction; update?: ValidateFunction }>();

  /** Validates (and, on create, completes) `body`; throws a 400 with pointers under `prefix`. */
  check(
    view: EntityView,
    mode: "create" | "update",
    body: unknown,
    prefix: string,
  ): asserts body is Record<string, unknown> {
    const errors = this.errors(view, mode, body, prefix);
    if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some fields are invalid.", errors);
  }

  errors(view: EntityView, mode: "create" | "update", body: unknown, prefix: string): FieldError[] {
    let entry = this.compiled.get(view);
    if (!entry) this.compiled.set(view, (entry = {}));
    const validate = (entry[mode] ??= this.ajv.compile(effectiveSchema(view.entity, view.ext, mode)));
    if (validate(body)) return [];
    return ajvErrorsToFieldErrors(validate.errors, prefix, (error) => templateMessages(view, error)).map((e) =>
      explainUnknown(view, e, prefix),
    );
  }
}

/**
 * The template's `x-errorMessages` for a failed rule of a top-level field: `required` when the
 * body lacks the field, otherwise the rule that failed anywhere inside the field's value.
 */
function templateMessages(view: EntityView, error: ErrorObject): Readonly<Record<string, string>> | undefined {
  const [, first] = error.instancePath.split("/");
  const name =
    error.instancePath === ""
      ? error.keyword === "required"
        ? (error.params as { missingProperty?: string }).missingProperty
        : undefined
      : error.keyword === "required"
        ? undefined
        : first.replace(/~1/g, "/").replace(/~0/g, "~");
  if (name === undefined) return undefined;
  return view.entity.fields.find((f) => f.name === name)?.errorMessages?.[error.keyword];
}

/** "is not a known field" → "is set by the server" / "is read-only" where that is why. */
function explainUnknown(view: EntityView, error: FieldError, prefix: string): FieldError {
  if (error.message !== "is not a known field") return error;
  const key = error.pointer.slice(prefix.length + 1);
  // The entity's system columns, as the generated registry lists them.
  if (view.entity.systemColumns.some((c) => c.name === key))
    return { pointer: error.pointer, message: "is set by the server and cannot be written" };
  const field = view.entity.fields.find((f) => f.name === key);
  if (field && (field.readOnly || field.computed !== null))
    return {
      pointer: error.pointer,
      message: field.computed !== null ? "is computed and cannot be written" : "is read-only",
    };
  return error;
}
