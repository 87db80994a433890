import type { EntityRegistry, TemplateRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { col, ident, literal } from "../sql/ident.ts";
import type { Storage } from "./types.ts";

/** A compiled entity: its own table; soft-deleted rows are invisible. */
export function nativeStorage(entity: EntityRegistry): Storage {
  const table = ident(entity.table);
  return entity.softDelete
    ? { kind: "native", table, scope: (a) => `${col(a, "deletedAt")} IS NULL` }
    : { kind: "native", table, scope: () => "" };
}

/** A draft entity: rows of `draft_record` tagged with template and entity. */
export function draftStorage(template: TemplateRegistry, entity: EntityRegistry): Storage {
  const tags = (a: string) =>
    `${col(a, "templateId")} = ${literal(template.id)} AND ${col(a, "entity")} = ${literal(entity.name)}`;
  return { kind: "draft", table: ident("draft_record"), scope: (a) => `${tags(a)} AND ${col(a, "deletedAt")} IS NULL` };
}

/** The rows a tenant can see: `$1` is always the tenant id, in every statement and subquery. */
export function visible(storage: Storage, alias: string): string {
  const scope = storage.scope(alias);
  return scope ? `${col(alias, "tenantId")} = $1 AND ${scope}` : `${col(alias, "tenantId")} = $1`;
}
