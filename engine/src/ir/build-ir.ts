import { ptr, type Diagnostic } from "../diagnostics.ts";
import type { RawEntity, RawRelation, RawSchemaObject, RawTemplate, RawWorkflow } from "../template/raw-template.ts";
import { normalizeAccessRule } from "./normalize-access.ts";
import { normalizeField } from "./normalize-field.ts";
import { pluralize, toKebabCase, toPascalCase, toSnakeCase } from "./naming.ts";
import { resolveRefs } from "./resolve-refs.ts";
import type {
  ComparisonIR,
  EmailIR,
  EntityIR,
  FieldIR,
  IndexIR,
  Labels,
  RelationIR,
  RoleIR,
  SeedIR,
  TemplateIR,
  WorkflowIR,
  WorkflowNodeType,
} from "./types.ts";

/**
 * Normalizes a template that passed the meta-schema into the IR. Problems found while
 * normalizing (unresolvable refs, untyped fields) are pushed to `diagnostics`; the semantic
 * checks run afterwards on the IR.
 */
export function buildTemplateIr(raw: RawTemplate, source: string, diagnostics: Diagnostic[]): TemplateIR {
  const defaultLocale = raw.defaultLocale ?? raw.locales[0];
  const modelPrefix = toPascalCase(raw.id);
  const tablePrefix = toSnakeCase(raw.id);
  const templateDraft = raw.draft === true;
  const entities = Object.entries(raw.entities).map(([name, entity]) =>
    buildEntity(raw, name, entity, { modelPrefix, tablePrefix, templateDraft }, diagnostics),
  );
  return {
    id: raw.id,
    version: raw.version,
    title: raw.title,
    description: raw.description ?? {},
    locales: raw.locales,
    defaultLocale,
    modelPrefix,
    tablePrefix,
    draft: templateDraft,
    roles: buildRoles(raw),
    signup: Object.entries(raw.signup ?? {}).map(([name, option]) => ({
      name,
      role: option.role,
      label: option.label,
      accountKind: option.account?.kind ?? null,
      accountLabel: option.account?.label ?? {},
      pointer: ptr("/signup", name),
    })),
    entities,
    workflows: Object.entries(raw.workflows ?? {}).map(([name, wf]) =>
      buildWorkflow(name, wf, Object.entries(raw.entities).find(([, e]) => e.status?.workflow === name)?.[0] ?? null),
    ),
    emails: buildEmails(raw, defaultLocale),
    seed: buildSeed(raw),
    tagging: raw.tagging ? { entities: raw.tagging.entities, pointer: "/tagging" } : null,
    collections: raw.collections ? { entities: raw.collections.entities, pointer: "/collections" } : null,
    matching: Object.entries(raw.matching ?? {}).map(([name, m]) => ({
      name,
      pointer: ptr("/matching", name),
      demand: m.demand,
      supply: m.supply,
      nearPoints: m.nearPoints ?? 0.5,
      criteria: Object.entries(m.criteria).map(([key, c]) => ({
        name: key,
        pointer: ptr("/matching", name, "criteria", key),
        kind: c.kind,
        requirement: c.requirement,
        attribute: c.attribute,
        weight: c.weight,
        tolerance: c.tolerance ?? null,
        unit: c.unit ?? null,
        rule: c.rule ?? null,
      })),
    })),
    source,
  };
}

interface Prefixes {
  modelPrefix: string;
  tablePrefix: string;
  templateDraft: boolean;
}

function buildEntity(
  raw: RawTemplate,
  name: string,
  entity: RawEntity,
  prefixes: Prefixes,
  diagnostics: Diagnostic[],
): EntityIR {
  const pointer = ptr("/entities", name);
  const required = new Set(entity.schema.required ?? []);
  const fields: FieldIR[] = [];
  const comparisons: ComparisonIR[] = [];
  for (const [fieldName, rawField] of Object.entries(entity.schema.properties)) {
    const fieldPointer = ptr(pointer, "schema", "properties", fieldName);
    const resolved = resolveRefs(rawField, raw.$defs ?? {}, fieldPointer, diagnostics) as RawSchemaObject;
    const field = normalizeField(fieldName, resolved, required.has(fieldName), fieldPointer, diagnostics);
    if (!field) continue;
    for (const op of ["gt", "gte"] as const) {
      const than = resolved[`x-${op}`];
      if (typeof than === "string")
        comparisons.push({ field: fieldName, op, than, pointer: ptr(fieldPointer, `x-${op}`) });
    }
    const fieldAccess = entity.access?.fields?.[fieldName];
    fields.push({
      ...field,
      isStatus: entity.status?.field === fieldName,
      access: fieldAccess
        ? {
            read: fieldAccess.read === undefined ? null : normalizeAccessRule(fieldAccess.read),
            write: fieldAccess.write === undefined ? null : normalizeAccessRule(fieldAccess.write),
          }
        : null,
    });
  }
  const plural = pluralize(name);
  return {
    name,
    id: entity.id,
    template: raw.id,
    pointer,
    label: entity.label ?? { [raw.defaultLocale ?? raw.locales[0]]: name.replace(/([a-z])([A-Z])/g, "$1 $2") },
    pluralLabel: entity.pluralLabel ??
      entity.label ?? { [raw.defaultLocale ?? raw.locales[0]]: plural.replace(/([a-z])([A-Z])/g, "$1 $2") },
    description: entity.description ?? {},
    scope: entity.scope,
    softDelete: entity.softDelete === true,
    draft: prefixes.templateDraft || entity.draft === true,
    modelName: prefixes.modelPrefix + name,
    tableName: `${prefixes.tablePrefix}_${toSnakeCase(name)}`,
    apiName: toKebabCase(plural),
    fields,
    relations: buildRelations(raw, name, entity, pointer),
    indexes: buildIndexes(entity, fields, pointer),
    exclusions: (entity.exclusions ?? []).map((x, i) => ({
      id: x.id,
      pointer: ptr(pointer, "exclusions", i),
      start: x.range[0],
      end: x.range[1],
      per: x.per,
      unless: Object.entries(x.unless ?? {}).map(([field, values]) => ({ field, values })),
    })),
    access: {
      read: normalizeAccessRule(entity.access?.read),
      create: normalizeAccessRule(entity.access?.create),
      update: normalizeAccessRule(entity.access?.update),
      delete: normalizeAccessRule(entity.access?.delete),
    },
    status: entity.status ?? null,
    conversation: entity.conversation
      ? {
          participants: [entity.conversation.participants].flat(),
          moderators: [entity.conversation.moderators ?? []].flat(),
          pointer: ptr(pointer, "conversation"),
          participantsListed: Array.isArray(entity.conversation.participants),
          moderatorsListed: Array.isArray(entity.conversation.moderators),
        }
      : null,
    booking: entity.booking
      ? {
          pointer: ptr(pointer, "booking"),
          resource: entity.booking.resource,
          range: entity.booking.range ? [entity.booking.range[0], entity.booking.range[1]] : null,
          slotMinutes: entity.booking.slotMinutes ?? 60,
          capacity: entity.booking.capacity ?? 1,
          seats: entity.booking.seats ?? null,
          instantField: entity.booking.instantField ?? null,
          mode: entity.booking.mode ?? "instant",
          status: entity.booking.status,
          states: {
            pending: entity.booking.states.pending ?? null,
            confirmed: entity.booking.states.confirmed,
            waitlisted: entity.booking.states.waitlisted ?? null,
            cancelled: entity.booking.states.cancelled,
            declined: entity.booking.states.declined ?? null,
          },
        }
      : null,
    titleField: entity.titleField ?? fields.find((f) => f.kind === "string")?.name ?? null,
    ui: {
      groups: (entity.ui?.groups ?? []).map((g) => ({
        id: g.id,
        label: g.label,
        tab: g.tab === true,
        step: g.step ?? null,
      })),
      listColumns:
        entity.ui?.listColumns ??
        fields
          .filter((f) => f.kind !== "json")
          .slice(0, 5)
          .map((f) => f.name),
      icon: entity.ui?.icon ?? null,
      color: entity.ui?.color ?? null,
    },
    hasTranslations: fields.some((f) => f.translatable),
    comparisons,
  };
}

function buildRelations(raw: RawTemplate, name: string, entity: RawEntity, pointer: string): RelationIR[] {
  return Object.entries(entity.relations ?? {}).map(([relName, rel]) => {
    const relPointer = ptr(pointer, "relations", relName);
    const through = rel.kind === "many-to-many" && rel.through ? findThrough(raw, name, rel.to, rel.through) : null;
    const kind = storedKind(rel);
    return {
      name: relName,
      id: rel.id,
      pointer: relPointer,
      kind,
      target: rel.to,
      label: rel.label ?? {},
      foreignKey: kind === "many-to-one" ? `${relName}Id` : null,
      required: kind === "many-to-one" && rel.required === true,
      onDelete: rel.onDelete ?? (kind === "many-to-one" && rel.required ? "cascade" : "setNull"),
      inverse: rel.inverse ?? null,
      through,
      oneToOne: rel.kind === "one-to-one",
    };
  });
}

/** A one-to-one is stored like the kind of its side: the key's side many-to-one, the inverse's one-to-many. */
function storedKind(rel: RawRelation): RelationIR["kind"] {
  if (rel.kind !== "one-to-one") return rel.kind;
  return rel.inverse ? "one-to-many" : "many-to-one";
}

/** The join entity's two many-to-one relations (source side first); empty names when absent. */
function findThrough(raw: RawTemplate, source: string, target: string, join: string) {
  const relations = Object.entries(raw.entities[join]?.relations ?? {}).filter(([, r]) => r.kind === "many-to-one");
  const sourceRelation = relations.find(([, r]) => r.to === source)?.[0] ?? "";
  const targetRelation = relations.find(([n, r]) => r.to === target && n !== sourceRelation)?.[0] ?? "";
  return { entity: join, sourceRelation, targetRelation };
}

function buildIndexes(entity: RawEntity, fields: FieldIR[], pointer: string): IndexIR[] {
  // The key side of a one-to-one: its foreign key is unique per tenant.
  const oneToOne: IndexIR[] = Object.entries(entity.relations ?? {})
    .filter(([, rel]) => rel.kind === "one-to-one" && !rel.inverse)
    .map(([name, rel]) => ({
      id: `${rel.id}_one`,
      pointer: ptr(pointer, "relations", name, "kind"),
      fields: [`${name}Id`],
      unique: true,
    }));
  const declared: IndexIR[] = (entity.indexes ?? []).map((index, i) => ({
    id: index.id,
    pointer: ptr(pointer, "indexes", i),
    fields: index.fields,
    unique: index.unique === true,
  }));
  const fromFields: IndexIR[] = fields
    .filter((f) => f.unique || f.indexed || f.isStatus)
    .map((f) => ({ id: f.id, pointer: f.pointer, fields: [f.name], unique: f.unique }));
  return [...fromFields, ...declared, ...oneToOne];
}

function buildRoles(raw: RawTemplate): RoleIR[] {
  return Object.entries(raw.roles ?? {}).map(([name, role]) => ({
    name,
    label: role.label,
    tier: role.tier,
    inherits: role.inherits ?? [],
    permissions: role.permissions ?? [],
    pointer: ptr("/roles", name),
  }));
}

function buildWorkflow(name: string, wf: RawWorkflow, boundEntity: string | null): WorkflowIR {
  const pointer = ptr("/workflows", name);
  return {
    name,
    id: wf.id,
    pointer,
    label: wf.label ?? {},
    entity: wf.entity ?? boundEntity,
    nodes: wf.nodes.map((node, i) => ({
      id: node.id,
      type: node.type as WorkflowNodeType,
      pointer: ptr(pointer, "nodes", i),
      label: node.label ?? {},
      config: node.config ?? {},
      position: node.position ?? null,
    })),
    edges: wf.edges.map((edge, i) => ({
      id: edge.id,
      pointer: ptr(pointer, "edges", i),
      source: edge.source,
      target: edge.target,
      branch: edge.branch ?? null,
      label: edge.label ?? {},
    })),
  };
}

function buildEmails(raw: RawTemplate, defaultLocale: string): EmailIR[] {
  return Object.entries(raw.emails ?? {}).map(([name, email]) => ({
    name,
    pointer: ptr("/emails", name),
    subject: email.subject,
    mjml: typeof email.mjml === "string" ? ({ [defaultLocale]: email.mjml } as Labels) : email.mjml,
    variables: email.variables ?? [],
  }));
}

function buildSeed(raw: RawTemplate): SeedIR[] {
  return Object.entries(raw.seed ?? {}).map(([entity, records]) => ({
    entity,
    pointer: ptr("/seed", entity),
    records,
  }));
}
