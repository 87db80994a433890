import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { searchConfigs, searchDocument, searchKind, searchVector } from "../../../engine/src/contract/search.ts";
import { fieldFilterOperators } from "../registry/query-capabilities.ts";
import { constraintName } from "./constraint-names.ts";
import { fieldColumns } from "./field-columns.ts";

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Indexes Prisma's schema language cannot state, as `CREATE INDEX` statements keyed by name
 * (the migration builder diffs them between snapshots):
 * - full-text search: per `x-searchable` string field, one GIN index per text-search
 *   configuration over the very `to_tsvector` expression the runtime's `q` queries
 *   (engine/src/contract/search.ts), and one trigram GIN index (`gin_trgm_ops`, needs
 *   `pg_trgm`) for the fallback on misspelled words;
 * - array fields filterable with `has`/`hasSome`: a GIN index (`@>`, `&&`);
 * - (in entity-model.ts) the unique keys of a soft-deleting entity, partial over the live rows.
 * Searchable string arrays are searched through `array_to_string`, which is not immutable and
 * cannot be indexed; their `has` index still serves filters.
 */
export function entitySqlIndexes(
  template: TemplateIR,
  entity: EntityIR,
  key: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const table = q(entity.tableName);
  const configs = searchConfigs(template.locales);
  for (const field of entity.fields) {
    const column = fieldColumns(field)[0]?.name;
    if (!column) continue;
    if (searchKind(field) === "text") {
      const doc = searchDocument(q(column));
      for (const config of configs) {
        const name = constraintName("ix", ...key, field.id, "fts", config);
        out[name] = `CREATE INDEX ${q(name)} ON ${table} USING gin (${searchVector(config, doc)});`;
      }
      const name = constraintName("ix", ...key, field.id, "trgm");
      out[name] = `CREATE INDEX ${q(name)} ON ${table} USING gin (${doc} gin_trgm_ops);`;
    }
    if (field.kind === "array" && fieldFilterOperators(field).some((op) => op === "has" || op === "hasSome")) {
      const name = constraintName("ix", ...key, field.id, "gin");
      out[name] = `CREATE INDEX ${q(name)} ON ${table} USING gin (${q(column)});`;
    }
  }
  return out;
}
