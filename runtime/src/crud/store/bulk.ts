import type { SqlSession } from "../../db/database.ts";
import { toApiError } from "../../http/error-handler.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import type { Owner } from "../sql/ref-checks.ts";
import { isUuid } from "../../../../engine/src/contract/patterns.ts";
import type { EntityStore, Row, Target } from "./entity-store.ts";

export const MAX_BULK_ITEMS = 500;

type Op = "create" | "update" | "delete";

export interface BulkItemResult {
  readonly op: Op;
  readonly index: number;
  readonly status: number;
  readonly id?: string;
  readonly record?: Row;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
}

export interface BulkResult {
  readonly results: BulkItemResult[];
  readonly succeeded: number;
  readonly failed: number;
}

const OPS: Op[] = ["create", "update", "delete"];

function envelope(body: unknown): Record<Op, unknown[]> {
  const errors: FieldError[] = [];
  const lists: Record<Op, unknown[]> = { create: [], update: [], delete: [] };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(
      "RT_ERR_VALIDATION",
      "The body must be { create: [...] }, { update: [...] } or { delete: [...] }.",
      [{ pointer: "/body", message: "must be an object" }],
    );
  }
  for (const [key, value] of Object.entries(body)) {
    if (!OPS.includes(key as Op)) errors.push({ pointer: `/body/${key}`, message: "is not a known field" });
    else if (!Array.isArray(value)) errors.push({ pointer: `/body/${key}`, message: "must be an array" });
    else lists[key as Op] = value;
  }
  const count = lists.create.length + lists.update.length + lists.delete.length;
  if (!errors.length && count === 0) errors.push({ pointer: "/body", message: "must contain at least one item" });
  if (count > MAX_BULK_ITEMS)
    errors.push({ pointer: "/body", message: `must contain at most ${MAX_BULK_ITEMS} items` });
  if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "The bulk request is invalid.", errors);
  return lists;
}

/**
 * Creates, updates and deletes in one transaction, each item inside its own savepoint: a bad
 * item is rolled back alone and reported; the others are committed. Only a server-side failure
 * (5xx) aborts the whole batch.
 */
export async function runBulk(
  store: EntityStore,
  target: Target,
  body: unknown,
  owner: Owner,
  /** Runs in the transaction before any item, with the number of creates (it may refuse the batch). */
  guard?: (tx: SqlSession, creates: number) => Promise<void>,
): Promise<BulkResult> {
  const lists = envelope(body);
  const results: BulkItemResult[] = [];
  await store.sessions.transaction(target.tenantId, async (tx) => {
    if (guard && lists.create.length) await guard(tx, lists.create.length);
    for (const op of OPS) {
      for (let index = 0; index < lists[op].length; index++) {
        const item = lists[op][index];
        const prefix = `/body/${op}/${index}`;
        await tx.query("SAVEPOINT bulk_item");
        try {
          results.push(await runItem(store, target, op, item, index, prefix, owner, tx));
          await tx.query("RELEASE SAVEPOINT bulk_item");
        } catch (error) {
          await tx.query("ROLLBACK TO SAVEPOINT bulk_item");
          const api = toApiError(error);
          if (api.status >= 500) throw error;
          results.push({
            op,
            index,
            status: api.status,
            code: api.code,
            // Bulk results keep the default messages (the template's per-locale ones are not sent).
            errors: api.errors?.length
              ? api.errors.map(({ messages: _messages, ...e }) => e)
              : [{ pointer: prefix, message: api.message }],
          });
        }
      }
    }
  });
  const succeeded = results.filter((r) => r.status < 300).length;
  return { results, succeeded, failed: results.length - succeeded };
}

async function runItem(
  store: EntityStore,
  target: Target,
  op: Op,
  item: unknown,
  index: number,
  prefix: string,
  owner: Owner,
  tx: Parameters<EntityStore["get"]>[3],
): Promise<BulkItemResult> {
  if (op === "create") {
    const record = await store.create(target, item, owner, tx, prefix);
    return { op, index, status: 201, id: record.id as string, record };
  }
  if (op === "delete") {
    if (!isUuid(item))
      throw new ApiError("RT_ERR_VALIDATION", "Not an id.", [{ pointer: prefix, message: "must be a uuid" }]);
    await store.remove(target, item, tx);
    return { op, index, status: 204, id: item };
  }
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new ApiError("RT_ERR_VALIDATION", "Not an object.", [
      { pointer: prefix, message: "must be an object with an id" },
    ]);
  }
  const { id, ...patch } = item as Record<string, unknown>;
  if (!isUuid(id))
    throw new ApiError("RT_ERR_VALIDATION", "Missing id.", [
      { pointer: `${prefix}/id`, message: "must be the uuid of the record to update" },
    ]);
  const record = await store.update(target, id, patch, tx, prefix);
  return { op, index, status: 200, id, record };
}
