import { FIELD_TYPES, IDENTITY_KEYWORDS, type FieldTypeId } from "./field-types.ts";
import { humanize } from "./labels.ts";
import { toSnake } from "./naming.ts";
import type { RawEntity, RawSchemaObject, RawTemplate, RawWorkflow } from "./registry-types.ts";

/**
 * Every edit the schema designer makes to a template draft, as a serialisable change object.
 * `applySchemaChange` is pure (returns a new template; the input is never touched), so undo is
 * keeping the previous value and tests need no React.
 */
export type SchemaChange =
  | { type: "replaceTemplate"; template: RawTemplate }
  | { type: "setVersion"; version: string }
  | { type: "addEntity"; name: string; scope?: RawEntity["scope"] }
  | { type: "renameEntity"; from: string; to: string }
  | { type: "removeEntity"; name: string }
  | { type: "replaceEntity"; name: string; entity: RawEntity }
  | { type: "setEntityProp"; entity: string; key: "scope" | "titleField" | "softDelete" | "draft"; value: unknown }
  | {
      type: "setEntityLabel";
      entity: string;
      which: "label" | "pluralLabel" | "description";
      locale: string;
      text: string;
    }
  | { type: "addField"; entity: string; name: string; fieldType: FieldTypeId; required?: boolean }
  | { type: "renameField"; entity: string; from: string; to: string }
  | { type: "moveField"; entity: string; field: string; to: number }
  | { type: "removeField"; entity: string; field: string }
  | { type: "setFieldType"; entity: string; field: string; fieldType: FieldTypeId }
  | { type: "setFieldRequired"; entity: string; field: string; required: boolean }
  | { type: "setFieldKeyword"; entity: string; field: string; key: string; value: unknown }
  | {
      type: "setFieldUi";
      entity: string;
      field: string;
      key: "widget" | "group" | "order" | "hidden" | "help" | "placeholder";
      value: unknown;
    }
  | {
      type: "setFieldLabel";
      entity: string;
      field: string;
      which: "x-label" | "x-description";
      locale: string;
      text: string;
    }
  | { type: "addRelation"; entity: string; name: string; to: string; required?: boolean }
  | { type: "removeRelation"; entity: string; name: string }
  | { type: "setWorkflow"; name: string; workflow: RawWorkflow };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Applies one change; an impossible change (unknown entity, taken name) returns the input unchanged. */
export function applySchemaChange(template: RawTemplate, change: SchemaChange): RawTemplate {
  if (change.type === "replaceTemplate") return change.template;
  const next = structuredClone(template) as Mutable<RawTemplate>;
  return mutate(next, change) ? next : template;
}

/** Applies changes in order. */
export const applySchemaChanges = (template: RawTemplate, changes: readonly SchemaChange[]) =>
  changes.reduce(applySchemaChange, template);

const labelsFor = (t: RawTemplate, text: string) => Object.fromEntries(t.locales.map((l) => [l, text]));

/** A stable id not used anywhere in the template yet: `fld_job_title`, then `fld_job_title_2`… */
export function freshId(template: RawTemplate, base: string): string {
  const used = JSON.stringify(template);
  if (!used.includes(`"${base}"`)) return base;
  for (let n = 2; ; n++) if (!used.includes(`"${base}_${n}"`)) return `${base}_${n}`;
}

function mutate(t: Mutable<RawTemplate>, change: Exclude<SchemaChange, { type: "replaceTemplate" }>): boolean {
  switch (change.type) {
    case "setVersion":
      t.version = change.version;
      return true;
    case "addEntity": {
      if (t.entities[change.name]) return false;
      t.entities[change.name] = {
        id: freshId(t, `ent_${toSnake(change.name)}`),
        label: labelsFor(t, humanize(change.name)),
        pluralLabel: labelsFor(t, `${humanize(change.name)}s`),
        scope: change.scope ?? "tenant",
        schema: { type: "object", required: [], additionalProperties: false, properties: {} },
      };
      return true;
    }
    case "renameEntity":
      return renameEntity(t, change.from, change.to);
    case "removeEntity": {
      if (!t.entities[change.name]) return false;
      delete t.entities[change.name];
      for (const entity of Object.values(t.entities)) {
        for (const [name, relation] of Object.entries(entity.relations ?? {}))
          if (relation.to === change.name) delete entity.relations![name];
      }
      if (t.seed) delete t.seed[change.name];
      return true;
    }
    case "replaceEntity":
      if (!t.entities[change.name]) return false;
      t.entities[change.name] = change.entity;
      return true;
    case "setEntityProp": {
      const entity = t.entities[change.entity] as Mutable<RawEntity> | undefined;
      if (!entity) return false;
      setOrDelete(entity as Record<string, unknown>, change.key, change.value);
      return true;
    }
    case "setEntityLabel": {
      const entity = t.entities[change.entity] as Mutable<RawEntity> | undefined;
      if (!entity) return false;
      entity[change.which] = withLabel(entity[change.which], change.locale, change.text);
      if (!Object.keys(entity[change.which] ?? {}).length) delete entity[change.which];
      return true;
    }
    case "addField": {
      const entity = t.entities[change.entity];
      if (!entity || entity.schema.properties[change.name]) return false;
      entity.schema.properties[change.name] = {
        "x-id": freshId(t, `fld_${toSnake(change.entity)}_${toSnake(change.name)}`),
        "x-label": labelsFor(t, humanize(change.name)),
        ...structuredClone(FIELD_TYPES[change.fieldType].schema as RawSchemaObject),
      };
      if (change.required) entity.schema.required = [...(entity.schema.required ?? []), change.name];
      return true;
    }
    case "renameField":
      return renameField(t, change.entity, change.from, change.to);
    case "moveField": {
      const entity = t.entities[change.entity];
      if (!entity?.schema.properties[change.field]) return false;
      const names = Object.keys(entity.schema.properties).filter((n) => n !== change.field);
      const to = Math.max(0, Math.min(change.to, names.length));
      names.splice(to, 0, change.field);
      entity.schema.properties = Object.fromEntries(names.map((n) => [n, entity.schema.properties[n]]));
      return true;
    }
    case "removeField":
      return removeField(t, change.entity, change.field);
    case "setFieldType": {
      const field = fieldOf(t, change.entity, change.field);
      if (!field) return false;
      const kept = Object.fromEntries(IDENTITY_KEYWORDS.filter((k) => k in field).map((k) => [k, field[k]]));
      const ui = { ...(field["x-ui"] ?? {}) };
      delete ui.widget;
      const preset = structuredClone(FIELD_TYPES[change.fieldType].schema as RawSchemaObject);
      const merged: RawSchemaObject = { ...kept, ...preset };
      if (Object.keys(ui).length || preset["x-ui"]) merged["x-ui"] = { ...ui, ...(preset["x-ui"] ?? {}) };
      t.entities[change.entity].schema.properties[change.field] = merged;
      return true;
    }
    case "setFieldRequired": {
      const entity = t.entities[change.entity];
      if (!entity?.schema.properties[change.field]) return false;
      const others = (entity.schema.required ?? []).filter((n) => n !== change.field);
      entity.schema.required = change.required ? [...others, change.field] : others;
      return true;
    }
    case "setFieldKeyword": {
      const field = fieldOf(t, change.entity, change.field);
      if (!field || change.key === "x-id") return false;
      setOrDelete(field, change.key, change.value);
      return true;
    }
    case "setFieldUi": {
      const field = fieldOf(t, change.entity, change.field);
      if (!field) return false;
      const ui = { ...(field["x-ui"] ?? {}) } as Record<string, unknown>;
      setOrDelete(ui, change.key, change.value);
      if (Object.keys(ui).length) field["x-ui"] = ui;
      else delete field["x-ui"];
      return true;
    }
    case "setFieldLabel": {
      const field = fieldOf(t, change.entity, change.field);
      if (!field) return false;
      const labels = withLabel(field[change.which], change.locale, change.text);
      if (labels && Object.keys(labels).length) field[change.which] = labels;
      else delete field[change.which];
      return true;
    }
    case "addRelation": {
      const entity = t.entities[change.entity];
      if (!entity || !t.entities[change.to] || entity.relations?.[change.name] || entity.schema.properties[change.name])
        return false;
      entity.relations = {
        ...(entity.relations ?? {}),
        [change.name]: {
          id: freshId(t, `rel_${toSnake(change.entity)}_${toSnake(change.name)}`),
          to: change.to,
          kind: "many-to-one",
          ...(change.required ? { required: true } : {}),
        },
      };
      return true;
    }
    case "removeRelation": {
      const entity = t.entities[change.entity];
      if (!entity?.relations?.[change.name]) return false;
      delete entity.relations[change.name];
      if (!Object.keys(entity.relations).length) delete entity.relations;
      return true;
    }
    case "setWorkflow":
      t.workflows = { ...(t.workflows ?? {}), [change.name]: change.workflow };
      return true;
  }
}

function fieldOf(t: RawTemplate, entity: string, field: string): RawSchemaObject | undefined {
  return t.entities[entity]?.schema.properties[field];
}

function setOrDelete(target: Record<string, unknown>, key: string, value: unknown) {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0))
    delete target[key];
  else target[key] = value;
}

function withLabel(
  labels: Record<string, string> | undefined,
  locale: string,
  text: string,
): Record<string, string> | undefined {
  const next = { ...(labels ?? {}) };
  if (text.trim()) next[locale] = text;
  else delete next[locale];
  return next;
}

function renameField(t: Mutable<RawTemplate>, entityName: string, from: string, to: string): boolean {
  const entity = t.entities[entityName] as Mutable<RawEntity> | undefined;
  if (!entity?.schema.properties[from] || from === to || entity.schema.properties[to] || entity.relations?.[to])
    return false;
  // Same position, same x-id: generate sees a rename, not a drop and an add.
  entity.schema.properties = Object.fromEntries(
    Object.entries(entity.schema.properties).map(([n, s]) => [n === from ? to : n, s]),
  );
  const swap = (n: string) => (n === from ? to : n);
  if (entity.schema.required) entity.schema.required = entity.schema.required.map(swap);
  if (entity.titleField === from) entity.titleField = to;
  if (entity.ui?.listColumns) entity.ui = { ...entity.ui, listColumns: entity.ui.listColumns.map(swap) };
  if (entity.indexes) entity.indexes = entity.indexes.map((i) => ({ ...i, fields: i.fields.map(swap) }));
  if (entity.status?.field === from) entity.status = { ...entity.status, field: to };
  if (entity.access?.fields?.[from]) {
    entity.access.fields = Object.fromEntries(Object.entries(entity.access.fields).map(([n, a]) => [swap(n), a]));
  }
  for (const workflow of Object.values(t.workflows ?? {})) {
    const bound = workflow.entity === entityName || entity.status?.workflow === workflowName(t, workflow);
    if (!bound) continue;
    for (const node of workflow.nodes) {
      const set = node.config?.set as Record<string, unknown> | undefined;
      if (node.type === "update" && set && from in set)
        node.config = { ...node.config, set: Object.fromEntries(Object.entries(set).map(([k, v]) => [swap(k), v])) };
    }
  }
  return true;
}

function workflowName(t: RawTemplate, workflow: RawWorkflow): string | undefined {
  return Object.entries(t.workflows ?? {}).find(([, w]) => w === workflow)?.[0];
}

function removeField(t: Mutable<RawTemplate>, entityName: string, field: string): boolean {
  const entity = t.entities[entityName] as Mutable<RawEntity> | undefined;
  if (!entity?.schema.properties[field]) return false;
  delete entity.schema.properties[field];
  if (entity.schema.required) entity.schema.required = entity.schema.required.filter((n) => n !== field);
  if (entity.titleField === field) delete entity.titleField;
  if (entity.ui?.listColumns)
    entity.ui = { ...entity.ui, listColumns: entity.ui.listColumns.filter((n) => n !== field) };
  if (entity.indexes) {
    entity.indexes = entity.indexes
      .map((i) => ({ ...i, fields: i.fields.filter((n) => n !== field) }))
      .filter((i) => i.fields.length);
    if (!entity.indexes.length) delete entity.indexes;
  }
  if (entity.access?.fields?.[field]) delete entity.access.fields[field];
  return true;
}

function renameEntity(t: Mutable<RawTemplate>, from: string, to: string): boolean {
  if (!t.entities[from] || t.entities[to] || from === to) return false;
  t.entities = Object.fromEntries(Object.entries(t.entities).map(([n, e]) => [n === from ? to : n, e]));
  for (const entity of Object.values(t.entities)) {
    for (const relation of Object.values(entity.relations ?? {})) if (relation.to === from) relation.to = to;
  }
  for (const workflow of Object.values(t.workflows ?? {})) if (workflow.entity === from) workflow.entity = to;
  if (t.seed?.[from]) t.seed = Object.fromEntries(Object.entries(t.seed).map(([n, s]) => [n === from ? to : n, s]));
  return true;
}
