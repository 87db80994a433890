import {
  entityRecordSchema,
  type AccessRuleIR,
  type EntityIR,
  type FieldIR,
  type RelationIR,
  type TemplateIR,
} from "../../../engine/src/index.ts";
import { compilePlan } from "../../../engine/src/workflows/compile-plan.ts";
import { conversationParties } from "../../../engine/src/checks/check-conversations.ts";
import { resolveMatching } from "../../../engine/src/checks/check-matching.ts";
import { fieldPgColumns } from "./field-pg-columns.ts";
import { fieldFilterOperators, foreignKeyFilterOperators, isFieldSortable } from "./query-capabilities.ts";
import type {
  AccessRule,
  BookingRegistry,
  EntityRegistry,
  FieldRegistry,
  JsonObject,
  JsonValue,
  MatchingRegistry,
  RelationRegistry,
  TemplateRegistry,
} from "../../../engine/src/contract/registry-types.ts";
import { systemColumns } from "./system-columns.ts";

/**
 * The registry value of one template: the IR minus what only the compiler needs (pointers,
 * prefixes, source file), plus the storage columns and query capabilities the runtime uses.
 * Keys come in a fixed order, so the emitted file is stable.
 */
export function buildTemplateRegistry(template: TemplateIR): TemplateRegistry {
  return {
    id: template.id,
    version: template.version,
    title: template.title,
    description: template.description,
    locales: template.locales,
    defaultLocale: template.defaultLocale,
    draft: template.draft,
    roles: template.roles.map((role) => ({
      name: role.name,
      label: role.label,
      tier: role.tier,
      inherits: role.inherits,
      permissions: role.permissions,
    })),
    signup: template.signup.map((option) => ({
      name: option.name,
      role: option.role,
      label: option.label,
      accountKind: option.accountKind,
      accountLabel: option.accountLabel,
    })),
    entities: template.entities.map((e) => entityRegistry(template, e)),
    workflows: template.workflows.map((workflow) => ({
      name: workflow.name,
      id: workflow.id,
      label: workflow.label,
      entity: workflow.entity,
      nodes: workflow.nodes.map((node) => ({
        id: node.id,
        type: node.type,
        label: node.label,
        config: node.config as JsonObject,
        position: node.position,
      })),
      edges: workflow.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        branch: edge.branch,
        label: edge.label,
      })),
      plan: compilePlan(workflow, template),
    })),
    emails: template.emails.map((email) => ({
      name: email.name,
      subject: email.subject,
      mjml: email.mjml,
      variables: email.variables,
    })),
    seed: template.seed.map((seed) => ({ entity: seed.entity, records: seed.records as readonly JsonObject[] })),
    // Only when declared (and only entities that exist), so templates without them keep their registry bytes.
    ...entityList("tagging", template.tagging, template),
    ...entityList("collections", template.collections, template),
    ...matchings(template),
  };
}

/** The template's matchings, resolved (only when declared, so other templates keep their registry bytes). */
function matchings(template: TemplateIR): { matching?: readonly MatchingRegistry[] } {
  const resolved = template.matching.flatMap((m) => resolveMatching(template, m).registry ?? []);
  return resolved.length ? { matching: resolved } : {};
}

function entityList<K extends "tagging" | "collections">(
  key: K,
  list: TemplateIR["tagging"],
  template: TemplateIR,
): { [P in K]?: { entities: readonly string[] } } {
  const entities = list?.entities.filter((name) => template.entities.some((e) => e.name === name)) ?? [];
  return (entities.length ? { [key]: { entities } } : {}) as unknown as { [P in K]?: { entities: readonly string[] } };
}

function entityRegistry(template: TemplateIR, entity: EntityIR): EntityRegistry {
  return {
    name: entity.name,
    id: entity.id,
    modelName: entity.modelName,
    table: entity.tableName,
    apiName: entity.apiName,
    scope: entity.scope,
    softDelete: entity.softDelete,
    draft: entity.draft,
    titleField: entity.titleField,
    label: entity.label,
    pluralLabel: entity.pluralLabel,
    description: entity.description,
    status: entity.status ? { field: entity.status.field, workflow: entity.status.workflow } : null,
    conversation: entity.conversation
      ? {
          participants: conversationParties(template, entity, entity.conversation.participants),
          moderators: conversationParties(template, entity, entity.conversation.moderators),
        }
      : null,
    access: {
      read: accessRule(entity.access.read),
      create: accessRule(entity.access.create),
      update: accessRule(entity.access.update),
      delete: accessRule(entity.access.delete),
    },
    systemColumns: systemColumns(entity),
    fields: entity.fields.map(fieldRegistry),
    relations: entity.relations.map(relationRegistry),
    indexes: entity.indexes.map((index) => ({ id: index.id, fields: index.fields, unique: index.unique })),
    ...(entity.exclusions.length
      ? {
          exclusions: entity.exclusions.map((x) => ({
            id: x.id,
            start: x.start,
            end: x.end,
            per: x.per,
            unless: x.unless.map((u) => ({ field: u.field, values: u.values })),
          })),
        }
      : {}),
    ...(entity.booking ? { booking: bookingRegistry(entity) } : {}),
    listColumns: entity.ui.listColumns,
    schemas: {
      create: entityRecordSchema(entity, "create") as JsonObject,
      update: entityRecordSchema(entity, "update") as JsonObject,
      output: entityRecordSchema(entity, "output") as JsonObject,
    },
    comparisons: entity.comparisons.map((c) => ({ field: c.field, op: c.op, than: c.than })),
  };
}

/** The booking declaration with its names resolved (the checks have refused unresolvable ones). */
function bookingRegistry(entity: EntityIR): BookingRegistry {
  const b = entity.booking!;
  const relation = entity.relations.find((r) => r.name === b.resource)!;
  const format = b.range ? entity.fields.find((f) => f.name === b.range![0])?.format : null;
  const states = Object.fromEntries(
    Object.entries(b.states).filter(([, v]) => v !== null),
  ) as BookingRegistry["states"];
  return {
    resource: { entity: relation.target, foreignKey: relation.foreignKey! },
    unit: !b.range ? "whole" : format === "date" ? "nights" : "slots",
    ...(b.range ? { range: { start: b.range[0], end: b.range[1] } } : {}),
    slotMinutes: b.slotMinutes,
    capacity: typeof b.capacity === "number" ? { value: b.capacity } : { field: b.capacity },
    ...(b.seats ? { seats: b.seats } : {}),
    ...(b.instantField ? { instantField: b.instantField } : {}),
    mode: b.mode,
    status: b.status,
    states,
  };
}

function fieldRegistry(field: FieldIR): FieldRegistry {
  return {
    name: field.name,
    id: field.id,
    kind: field.kind,
    format: field.format,
    required: field.required,
    nullable: field.nullable,
    readOnly: field.readOnly,
    computed: field.computed,
    unique: field.unique,
    indexed: field.indexed,
    searchable: field.searchable,
    translatable: field.translatable,
    enumValues: field.enumValues,
    itemKind: field.itemKind,
    maxLength: field.maxLength,
    // `undefined` is not JSON: a field without default has no `default` key.
    ...(field.default !== undefined ? { default: field.default as JsonValue } : {}),
    currencies: field.currencies,
    units: field.units,
    isStatus: field.isStatus,
    ...(field.media ? { media: field.media } : {}),
    label: field.label,
    description: field.description,
    ...(Object.keys(field.enumLabels).length ? { enumLabels: field.enumLabels } : {}),
    ...(Object.keys(field.errorMessages).length ? { errorMessages: field.errorMessages } : {}),
    access: field.access
      ? {
          read: field.access.read && accessRule(field.access.read),
          write: field.access.write && accessRule(field.access.write),
        }
      : null,
    columns: fieldPgColumns(field),
    filterOps: fieldFilterOperators(field),
    sortable: isFieldSortable(field),
  };
}

function relationRegistry(relation: RelationIR): RelationRegistry {
  return {
    name: relation.name,
    id: relation.id,
    kind: relation.kind,
    target: relation.target,
    foreignKey: relation.foreignKey,
    required: relation.required,
    onDelete: relation.onDelete,
    inverse: relation.inverse,
    through: relation.through
      ? {
          entity: relation.through.entity,
          sourceRelation: relation.through.sourceRelation,
          targetRelation: relation.through.targetRelation,
        }
      : null,
    oneToOne: relation.oneToOne,
    label: relation.label,
    filterOps: relation.kind === "many-to-one" && relation.foreignKey ? foreignKeyFilterOperators(relation) : [],
  };
}

function accessRule(rule: AccessRuleIR): AccessRule {
  return {
    public: rule.public,
    authenticated: rule.authenticated,
    roles: rule.roles,
    ownership: rule.ownership,
    where: rule.where as JsonObject | null,
    tiers: rule.tiers,
    requireVerified: rule.requireVerified,
    ...(rule.check ? { check: rule.check as JsonObject } : {}),
    ...(rule.any ? { any: rule.any.map(accessRule) } : {}),
    ...(rule.all ? { all: rule.all.map(accessRule) } : {}),
    ...(rule.not ? { not: accessRule(rule.not) } : {}),
  };
}
