import type { RelationRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { rowSql, type AccessCompile } from "../model/access.ts";
import { visible } from "../model/storage.ts";
import type { EntityView } from "../model/types.ts";
import { entityByName, viewOf } from "../model/view-cache.ts";
import type { Body } from "../records/codec.ts";

/**
 * Who a new record belongs to. With identity: the signed-in user and their active account
 * (runtime/src/authz fills it). Apps without identity keep the `X-Account-Id` / `X-User-Id`
 * header seam. `createdBy` (native tables) is the `owner` of tenant- and account-scoped rows.
 */
export interface Owner {
  readonly accountId?: string;
  readonly userId?: string;
  readonly createdBy?: string;
}

/**
 * A reference a write must not dangle: a foreign key or the owner. Checked inside the write
 * statement itself, against rows of the same tenant (`$1`), so another tenant's id is a 422.
 */
export interface RefCheck {
  /** Where the error points: a body key, or a request header. */
  readonly pointer: { readonly body: string } | { readonly header: string };
  readonly message: string;
  /** `EXISTS (…)` for the uuid in `placeholder`; with access, only rows the caller may read count. */
  exists(placeholder: string, ac?: AccessCompile): string;
  value(body: Body, owner: Owner): unknown;
}

export function ownerCheck(view: EntityView): RefCheck | null {
  const scope = view.entity.scope;
  if (scope === "tenant") return null;
  const table = scope === "account" ? `"account"` : `"user"`;
  const key = scope === "account" ? "accountId" : "userId";
  return {
    pointer: { header: `x-${scope}-id` },
    message: `does not name ${scope === "account" ? "an account" : "a user"} of this marketplace`,
    exists: (p) => `EXISTS (SELECT 1 FROM ${table} AS o WHERE o."tenantId" = $1 AND o."id" = ${p})`,
    value: (_body, owner) => owner[key] ?? null,
  };
}

export function foreignKeyCheck(view: EntityView, relation: RelationRegistry): RefCheck {
  const target = viewOf(view.template, entityByName(view.template, relation.target)!);
  const key = relation.foreignKey!;
  return {
    pointer: { body: key },
    message: `does not reference an existing ${relation.target}`,
    // A record the caller cannot see is, to them, no record: referencing it fails like a dangling id.
    exists: (p, ac) => {
      const rule = rowSql(ac, target, "read", "c");
      return `EXISTS (SELECT 1 FROM ${target.storage.table} AS c WHERE ${visible(target.storage, "c")}${rule ? ` AND ${rule}` : ""} AND ${target.id.sql("c")} = ${p})`;
    },
    value: (body) => body[key] ?? null,
  };
}

/** The checks' SQL, given the number of the first check placeholder; NULL keys need no check. */
export function checksSql(checks: readonly RefCheck[], first: number, ac?: AccessCompile): string {
  return checks
    .map((check, i) => {
      const p = `$${first + i}::uuid`;
      return "header" in check.pointer ? check.exists(p) : `(${p} IS NULL OR ${check.exists(p, ac)})`;
    })
    .join(" AND ");
}

/** Foreign-key relations of an entity by key name. */
export function foreignKeyRelations(view: EntityView): Map<string, RelationRegistry> {
  return new Map(
    view.entity.relations
      .filter((r) => r.kind === "many-to-one" && r.foreignKey)
      .map((r) => [r.foreignKey!, r] as const),
  );
}
