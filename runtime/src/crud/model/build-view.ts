import type {
  EntityRegistry,
  FieldRegistry,
  FilterOperator,
  RelationRegistry,
  TemplateRegistry,
} from "../../../../engine/src/contract/registry-types.ts";
import { searchConfigs, searchKind } from "../../../../engine/src/contract/search.ts";
import type { ExtensionDef } from "../extensions/extension-schema.ts";
import { jsonbValue, jsonTextPath, nativeColumn } from "../sql/column-expressions.ts";
import { col, literal } from "../sql/ident.ts";
import {
  columnOf,
  jsonbMember,
  jsonbText,
  nativeFieldRaw,
  nativeFieldValue,
  timestampOutput,
  type SqlOf,
} from "./outputs.ts";
import { computedAtRead } from "./computed-at-read.ts";
import { draftStorage, nativeStorage } from "./storage.ts";
import type {
  ColumnExpr,
  EntityView,
  OutputColumn,
  QueryTarget,
  SearchField,
  ValueType,
  WritableField,
} from "./types.ts";

const NUMERIC_OPS: FilterOperator[] = ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "between"];
const CODE_OPS: FilterOperator[] = ["eq", "ne", "in", "nin"];
const withNull = (ops: FilterOperator[], nullable: boolean) => (nullable ? [...ops, "isNull" as const] : ops);

let serial = 0;

/**
 * One entity as one tenant sees it: outputs, filter/sort targets and writable fields, over its
 * table or (while draft) over `draft_record.data`. Pure; the view cache calls it once per
 * (entity, extension schema).
 */
export function buildView(template: TemplateRegistry, entity: EntityRegistry, ext: ExtensionDef | null): EntityView {
  const draft = entity.draft;
  const storage = draft ? draftStorage(template, entity) : nativeStorage(entity);
  const targets = new Map<string, QueryTarget>();
  const jsonFields = new Map<string, (segments: readonly string[]) => ColumnExpr>();
  const foreignKeys = new Map<string, ColumnExpr>();
  const searchable: SearchField[] = [];
  const target = (path: string, expr: ColumnExpr, ops: readonly FilterOperator[], sortable: boolean) => {
    if (ops.length || sortable) targets.set(path, { path, expr, ops, sortable });
  };

  const id = nativeColumn("id", "uuid", false);
  for (const system of entity.systemColumns) {
    if (system.name === "id" || system.name === "createdAt" || system.name === "updatedAt") {
      target(system.name, nativeColumn(system.name, system.pgType, system.nullable), system.filterOps, system.sortable);
    } else if (system.name === "accountId" || system.name === "userId") {
      target(
        system.name,
        draft ? jsonbValue("data", [system.name], "uuid") : nativeColumn(system.name, "uuid", false),
        system.filterOps,
        system.sortable,
      );
    } else if (!draft) {
      target(system.name, nativeColumn(system.name, system.pgType, system.nullable), system.filterOps, system.sortable);
    }
  }

  for (const field of entity.fields) {
    if (field.kind === "money" || field.kind === "measurement") {
      const [first, second] = field.columns;
      const [p1, p2] = field.kind === "money" ? ["amount", "currency"] : ["value", "unit"];
      const codes = field.kind === "money" ? field.currencies : field.units;
      const e1 = draft
        ? jsonbValue("data", [field.name, p1], field.kind === "money" ? "integer" : "number")
        : nativeColumn(first.name, first.pgType, first.nullable);
      const e2 = draft
        ? jsonbValue("data", [field.name, p2], "text", { enumValues: codes.length ? codes : null })
        : nativeColumn(second.name, second.pgType, second.nullable, codes.length ? codes : null);
      // Parts sort too: "sort by price" is what a marketplace list needs.
      target(`${field.name}.${p1}`, e1, withNull(NUMERIC_OPS, e1.nullable), true);
      target(`${field.name}.${p2}`, e2, withNull(CODE_OPS, e2.nullable), false);
      if (e1.nullable) target(field.name, e1, ["isNull"], false);
    } else if (field.kind === "json") {
      const root: SqlOf = draft
        ? (a) => `${col(a, "data")}->${literal(field.name)}`
        : (a) => col(a, field.columns[0].name);
      jsonFields.set(field.name, (segments) => jsonTextPath(root, segments));
      const isNull = draft
        ? jsonbValue("data", [field.name], "text")
        : nativeColumn(field.columns[0].name, "jsonb", field.columns[0].nullable);
      if (isNull.nullable) target(field.name, isNull, ["isNull"], false);
    } else {
      const column = field.columns[0];
      const atRead = computedAtRead(entity, field);
      const expr: ColumnExpr = atRead
        ? { ...nativeColumn(column.name, column.pgType, true), sql: atRead }
        : draft
          ? jsonbValue("data", [field.name], draftValueType(field), {
              array: field.kind === "array",
              enumValues: field.enumValues,
            })
          : nativeColumn(column.name, column.pgType, column.nullable, field.enumValues);
      target(field.name, expr, field.filterOps, field.sortable);
      if (searchKind(field)) searchable.push({ name: field.name, expr });
    }
  }

  for (const relation of entity.relations) {
    if (relation.kind !== "many-to-one" || !relation.foreignKey) continue;
    const expr = draft
      ? jsonbValue("data", [relation.foreignKey], "uuid")
      : nativeColumn(relation.foreignKey, "uuid", !relation.required);
    foreignKeys.set(relation.name, expr);
    target(relation.foreignKey, expr, relation.filterOps, false);
  }

  for (const property of ext?.properties ?? []) {
    const expr = jsonbValue(draft ? "data" : "ext", [property.name], property.valueType, {
      array: property.array,
      enumValues: property.enumValues,
    });
    target(property.name, expr, property.ops, property.sortable);
  }

  const outputs = buildOutputs(entity, ext, draft);
  return {
    key: `${template.id}:${entity.name}#${++serial}:${ext?.hash ?? "-"}`,
    template,
    entity,
    storage,
    ext,
    outputs,
    outputByName: new Map(outputs.map((o) => [o.name, o])),
    targets,
    jsonFields,
    id,
    foreignKey(relation: RelationRegistry) {
      const expr = foreignKeys.get(relation.name);
      if (!expr) throw new Error(`${entity.name}.${relation.name} has no foreign key`);
      return expr;
    },
    writable: buildWritable(entity, ext),
    searchable,
    searchConfigs: searchable.length ? searchConfigs(template.locales) : [],
  };
}

/** Output keys in the order of the entity's output schema, then extension fields. */
function buildOutputs(entity: EntityRegistry, ext: ExtensionDef | null, draft: boolean): OutputColumn[] {
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  const foreignKeys = new Set(entity.relations.map((r) => r.foreignKey).filter((k): k is string => k !== null));
  const properties = Object.keys((entity.schemas.output as { properties?: object }).properties ?? {});
  const outputs = properties.map((name): OutputColumn => {
    const field = fields.get(name);
    if (field) {
      if (draft) return { name, sql: jsonbMember("data", name, field.kind === "array" ? "[]" : null) };
      const atRead = computedAtRead(entity, field);
      if (atRead) return { name, sql: atRead };
      const raw = nativeFieldRaw(field);
      return raw ? { name, sql: nativeFieldValue(field), raw } : { name, sql: nativeFieldValue(field) };
    }
    if (name === "createdAt" || name === "updatedAt" || name === "deletedAt") return timestampOutput(name);
    if (draft && (foreignKeys.has(name) || name === "accountId" || name === "userId"))
      return { name, sql: jsonbText("data", name) };
    return { name, sql: columnOf(name) };
  });
  for (const property of ext?.properties ?? []) {
    outputs.push({
      name: property.name,
      sql: jsonbMember(draft ? "data" : "ext", property.name, property.array ? "[]" : null),
    });
  }
  return outputs;
}

function buildWritable(entity: EntityRegistry, ext: ExtensionDef | null): Map<string, WritableField> {
  const writable = new Map<string, WritableField>();
  for (const field of entity.fields) {
    if (!field.readOnly && field.computed === null)
      writable.set(field.name, { name: field.name, source: "field", field, relation: null });
  }
  for (const relation of entity.relations) {
    if (relation.kind === "many-to-one" && relation.foreignKey) {
      writable.set(relation.foreignKey, { name: relation.foreignKey, source: "foreignKey", field: null, relation });
    }
  }
  for (const property of ext?.properties ?? [])
    writable.set(property.name, { name: property.name, source: "ext", field: null, relation: null });
  return writable;
}

/** How a draft's JSON value of a template field compares. */
function draftValueType(field: FieldRegistry): ValueType {
  const kind = field.kind === "array" ? field.itemKind : field.kind;
  if (kind === "integer" || kind === "number" || kind === "boolean") return kind;
  if (kind === "enum") return field.enumValues?.every((v) => typeof v === "number") ? "number" : "text";
  if (field.format === "date") return "date";
  if (field.format === "date-time") return "datetime";
  if (field.format === "uuid") return "uuid";
  return "text";
}
