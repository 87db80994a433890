import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { filterValueSchema } from "../openapi/filter-schema.ts";
import { fieldFilterOperators, foreignKeyFilterOperators } from "../registry/query-capabilities.ts";
import type { FilterControl, FilterForm } from "../../../engine/src/contract/form-spec.ts";
import type { FilterOperator } from "../../../engine/src/contract/registry-types.ts";
import { enumNames, relationUi } from "./field-ui.ts";
import { orderFormFields, recordFormFields, type FormField } from "./form-fields.ts";
import { JSON_SCHEMA_2020, propertyTitle } from "./form-schema.ts";
import { defaultLocales, type LabelLocales } from "./localized-label.ts";

interface FilterProperty {
  readonly control: FilterControl;
  readonly schema: Record<string, unknown>;
  readonly ui: Record<string, unknown>;
}

/**
 * The filter form of a list page: one optional property per filterable field of the record
 * (read-only and computed ones too: they are filterable columns). Controls are picked among
 * the operators the registry allows, so the form never builds a query the API rejects.
 */
export function buildFilterForm(template: TemplateIR, entity: EntityIR): FilterForm {
  const locales = defaultLocales(template);
  const ordered = orderFormFields(
    recordFormFields(template, entity, "output").filter((f) => f.field !== null || f.relation !== null),
  );
  const properties: Record<string, unknown> = {};
  const uiSchema: Record<string, unknown> = {};
  const operators: Record<string, FilterControl> = {};
  for (const formField of ordered) {
    const property = filterProperty(formField, locales);
    if (!property) continue;
    properties[formField.name] = { title: propertyTitle(formField, locales), ...property.schema };
    const ui = withReadAccess(property.ui, formField);
    if (Object.keys(ui).length) uiSchema[formField.name] = ui;
    operators[formField.name] = property.control;
  }
  return {
    schema: { $schema: JSON_SCHEMA_2020, type: "object", additionalProperties: false, properties },
    uiSchema: { "ui:order": [...Object.keys(properties), "*"], ...uiSchema },
    operators,
  };
}

function filterProperty(formField: FormField, locales: LabelLocales): FilterProperty | null {
  if (formField.relation && formField.target) {
    if (!foreignKeyFilterOperators(formField.relation).includes("eq")) return null;
    return { control: "eq", schema: { type: "string", format: "uuid" }, ui: relationUi(formField) };
  }
  const field = formField.field;
  if (!field || field.ui.hidden) return null;
  const ops = fieldFilterOperators(field);
  const value = filterValueSchema(field);
  if (!value) return null;
  if (field.kind === "enum" && ops.includes("in")) {
    // An array of enum values with uniqueItems renders as RJSF's multi-select.
    const names = enumNames(field, locales);
    return {
      control: "in",
      schema: { type: "array", items: value, uniqueItems: true },
      ui: names ? { items: { "ui:enumNames": names } } : {},
    };
  }
  if (has(ops, "gte", "lte")) {
    return {
      control: "range",
      schema: { type: "object", additionalProperties: false, properties: { gte: value, lte: value } },
      ui: {
        "ui:classNames": "mono-compact",
        "ui:options": { layout: "range" },
        gte: { "ui:title": "≥" },
        lte: { "ui:title": "≤" },
      },
    };
  }
  if (ops.includes("contains")) return { control: "contains", schema: value, ui: {} };
  // Booleans use a select: a checkbox cannot say "either".
  if (field.kind === "boolean" && ops.includes("eq"))
    return { control: "eq", schema: value, ui: { "ui:widget": "select" } };
  if (ops.includes("eq")) return { control: "eq", schema: value, ui: {} };
  return null;
}

/** Filtering on a field reveals its values: a UI hides it from users who may not read it. */
function withReadAccess(ui: Record<string, unknown>, formField: FormField): Record<string, unknown> {
  const read = formField.field?.access?.read;
  if (!read) return ui;
  return { ...ui, "ui:options": { ...(ui["ui:options"] as object), access: { read } } };
}

const has = (ops: readonly FilterOperator[], ...wanted: FilterOperator[]) => wanted.every((op) => ops.includes(op));
