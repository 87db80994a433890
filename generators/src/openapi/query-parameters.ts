import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema } from "../../../engine/src/index.ts";
import { Q_LIMIT, searchKind } from "../../../engine/src/contract/search.ts";
import { MAX_SORT_HOPS } from "../../../engine/src/contract/access-paths.ts";
import { isFieldSortable } from "../registry/query-capabilities.ts";
import { TAG_QUERY_LIMITS } from "../../../engine/src/contract/tag-query.ts";
import { systemColumns } from "../registry/system-columns.ts";

/** Page size limits of every list endpoint. */
export const LIST_LIMIT = { default: 20, maximum: 100, maxOffset: 100_000 } as const;

/** Parameters every entity shares, under `components.parameters`. */
export function sharedParameters(): Record<string, unknown> {
  return {
    Id: {
      name: "id",
      in: "path",
      required: true,
      description: "Record id.",
      schema: { type: "string", format: "uuid" },
    },
    Limit: {
      name: "limit",
      in: "query",
      description: "Page size.",
      schema: { type: "integer", minimum: 1, maximum: LIST_LIMIT.maximum, default: LIST_LIMIT.default },
    },
    Cursor: {
      name: "cursor",
      in: "query",
      description: "Opaque cursor: `nextCursor` of the previous page (with the same sort). Not with `offset`.",
      schema: { type: "string" },
    },
    Offset: {
      name: "offset",
      in: "query",
      description: "Records to skip (numbered pages). Not with `cursor`.",
      schema: { type: "integer", minimum: 0, maximum: LIST_LIMIT.maxOffset },
    },
    Total: {
      name: "total",
      in: "query",
      description: "`true`: the page carries `total`, the number of matching records.",
      schema: { type: "boolean", default: false },
    },
    Highlight: {
      name: "highlight",
      in: "query",
      description:
        "With `q`, `true`: each record carries `_highlight`, an object of field → snippet (`ts_headline`, matches in `<b>`…`</b>`, the text not HTML-escaped) for the searchable fields whose words matched.",
      schema: { type: "boolean", default: false },
    },
  };
}

const paramRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });

/**
 * `components.parameters` of one entity: `<Model>Filter`, `<Model>Sort`, `<Model>Fields` and
 * `<Model>Include` (when it has relations). Components, so a tenant's document can widen them
 * with its extension fields.
 */
export function entityParameters(template: TemplateIR, entity: EntityIR): Record<string, unknown> {
  const model = entity.modelName;
  const include = includeNames(template, entity);
  const searchable = searchableNames(entity);
  return {
    [`${model}Filter`]: {
      name: "filter",
      in: "query",
      style: "deepObject",
      explode: true,
      description:
        "`filter[field:op]=value`, e.g. `filter[createdAt:gte]=2024-01-01T00:00:00Z`; `filter[field]=value` is `eq`. The two-level `filter[field][op]=value` works too. Conditions are ANDed.",
      schema: { $ref: `#/components/schemas/${model}Filter` },
    },
    [`${model}Sort`]: {
      name: "sort",
      in: "query",
      description: `Comma-separated sort keys, \`-\` for descending. Sortable: ${sortableNames(entity).join(", ")}${sortRelations(entity)}.`,
      schema: { type: "string", pattern: sortPattern(template, entity) },
    },
    [`${model}Fields`]: {
      name: "fields",
      in: "query",
      description: "Comma-separated properties to return (sparse fieldset); `id` is always returned.",
      schema: { type: "string", pattern: listPattern(outputNames(entity), "") },
    },
    ...(searchable.length
      ? {
          [`${model}Search`]: {
            name: "q",
            in: "query",
            description: `Full-text search over ${searchable.join(", ")}: every word must match one of them, as a word or a word's beginning, in any of the template's languages (stemmed) or as written; misspelled words also match similar words (trigrams). Without \`sort\`, the best matches come first. 1–${Q_LIMIT.maxLength} characters, at most ${Q_LIMIT.maxWords} words, at least one letter or digit.`,
            schema: { type: "string", minLength: 1, maxLength: Q_LIMIT.maxLength },
          },
        }
      : {}),
    ...(isTranslated(entity) ? { [`${model}Locale`]: localeParameter(template, entity) } : {}),
    ...(isTaggable(template, entity) ? { [`${model}Tags`]: tagsParameter() } : {}),
    ...(include.length
      ? {
          [`${model}Include`]: {
            name: "include",
            in: "query",
            description: `Comma-separated relations to embed, two levels at most (\`a.b\`): ${entity.relations.map((r) => r.name).join(", ")}.`,
            schema: { type: "string", pattern: listPattern(include, "") },
          },
        }
      : {}),
  };
}

/** Does the entity have translatable fields (and so a `locale` parameter)? */
export const isTranslated = (entity: EntityIR): boolean => entity.fields.some((f) => f.translatable);

/** `locale`: the locale a request reads and writes the translatable fields in (runtime/src/crud/model/locale.ts). */
function localeParameter(template: TemplateIR, entity: EntityIR): Record<string, unknown> {
  const base = template.defaultLocale;
  const fields = entity.fields.filter((f) => f.translatable).map((f) => f.name);
  return {
    name: "locale",
    in: "query",
    description:
      `The locale of the translatable fields (${fields.join(", ")}); without it the tenant's default locale, else \`${base}\`. ` +
      `Reads: a field with no text in the locale gives the tenant's default locale's, then the \`${base}\` text. ` +
      `Writes in another locale than \`${base}\` store these fields' values as that locale's texts (a create also fills the record's \`${base}\` texts); \`null\` removes a locale's text. ` +
      `Filters, \`sort\` and \`q\` match the \`${base}\` texts. The response's \`Content-Language\` names the locale.`,
    schema: { type: "string", enum: [...template.locales] },
  };
}

/** The `locale` parameter of an entity's operations (none without translatable fields). */
export const localeParameters = (entity: EntityIR): unknown[] =>
  isTranslated(entity) ? [paramRef(`${entity.modelName}Locale`)] : [];

/** List parameters of one entity, in the order the docs name them. */
export function listParameters(entity: EntityIR, template?: TemplateIR): unknown[] {
  const model = entity.modelName;
  return [
    paramRef(`${model}Filter`),
    paramRef(`${model}Sort`),
    paramRef("Limit"),
    paramRef("Cursor"),
    paramRef("Offset"),
    paramRef("Total"),
    paramRef(`${model}Fields`),
    ...(entity.relations.length ? [paramRef(`${model}Include`)] : []),
    ...(searchableNames(entity).length ? [paramRef(`${model}Search`), paramRef("Highlight")] : []),
    ...localeParameters(entity),
    ...(template && isTaggable(template, entity) ? [paramRef(`${model}Tags`)] : []),
  ];
}

/** Is the entity listed in the template's `tagging.entities` (so its list takes `tags`)? */
export const isTaggable = (template: TemplateIR, entity: EntityIR): boolean =>
  template.tagging?.entities.includes(entity.name) ?? false;

/** `tags`: the tag expression of a taggable entity's list (runtime/src/crud/query/parse-tags.ts). */
function tagsParameter(): Record<string, unknown> {
  return {
    name: "tags",
    in: "query",
    description: `Records by their tags (runtime/src/tags): tag slugs combined with \`AND\`, \`OR\`, \`NOT\` and parentheses, e.g. \`summer AND (beach OR lake) AND NOT sold-out\`; \`AND\` binds tighter than \`OR\`, and a slug also matches the records tagged with any tag below it in the tree. A slug no tag has matches nothing. At most ${TAG_QUERY_LIMITS.maxTerms} slugs, ${TAG_QUERY_LIMITS.maxDepth} levels of parentheses, ${TAG_QUERY_LIMITS.maxLength} characters. With \`filter\` and \`q\`, ANDed.`,
    schema: { type: "string", minLength: 1, maxLength: TAG_QUERY_LIMITS.maxLength },
  };
}
export const searchableNames = (entity: EntityIR): string[] =>
  entity.fields.filter((f) => searchKind(f) !== null).map((f) => f.name);

/** Parameters of the single-record GET. */
export function readParameters(entity: EntityIR): unknown[] {
  const model = entity.modelName;
  return [
    paramRef(`${model}Fields`),
    ...(entity.relations.length ? [paramRef(`${model}Include`)] : []),
    ...localeParameters(entity),
  ];
}

export const outputNames = (entity: EntityIR): string[] =>
  Object.keys(entityRecordSchema(entity, "output").properties as object);

/** Relation names and, one level down, `relation.relation` paths. */
function includeNames(template: TemplateIR, entity: EntityIR): string[] {
  const names: string[] = [];
  for (const relation of entity.relations) {
    names.push(relation.name);
    const target = template.entities.find((e) => e.name === relation.target);
    for (const next of target?.relations ?? []) names.push(`${relation.name}.${next.name}`);
  }
  return names;
}

/** Sortable fields, then the sortable system columns (ids and timestamps). */
export function sortableNames(entity: EntityIR): string[] {
  const fields = entity.fields.filter(isFieldSortable).map((f) => f.name);
  return [
    ...fields,
    ...systemColumns(entity)
      .filter((c) => c.sortable)
      .map((c) => c.name),
  ];
}

/** The many-to-one relations a sort key may follow, for the sort parameter's description. */
function sortRelations(entity: EntityIR): string {
  const relations = entity.relations.filter((r) => r.kind === "many-to-one").map((r) => r.name);
  if (!relations.length) return "";
  return `; through up to ${MAX_SORT_HOPS} many-to-one relations (${relations.join(", ")}), \`relation.field\` with the related record's sortable fields — records without one, or whose related record you may not read, sort last`;
}

/** The sort list's pattern: sortable names, and `relation.` before a related entity's, nested. */
function sortPattern(template: TemplateIR, entity: EntityIR): string {
  const one = `-?(?:${sortTargets(template, entity, MAX_SORT_HOPS)})`;
  return `^${one}(?:,${one})*$`;
}

function sortTargets(template: TemplateIR, entity: EntityIR, hops: number): string {
  const names = sortableNames(entity).map(escapeRegExp);
  if (hops > 0)
    for (const relation of entity.relations.filter((r) => r.kind === "many-to-one")) {
      const target = template.entities.find((e) => e.name === relation.target);
      if (target) names.push(`${escapeRegExp(relation.name)}\\.(?:${sortTargets(template, target, hops - 1)})`);
    }
  return names.join("|");
}

/** `^p?(a|b)(,p?(a|b))*$`: a comma-separated list drawn from `names`. */
export function listPattern(names: readonly string[], prefix: string): string {
  const one = `${prefix}(?:${names.map(escapeRegExp).join("|")})`;
  return `^${one}(?:,${one})*$`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
