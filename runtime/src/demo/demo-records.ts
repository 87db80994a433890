import type {
  EntityRegistry,
  FieldComparisonRegistry,
  JsonObject,
  TemplateRegistry,
} from "../../../engine/src/contract/registry-types.ts";
import type { EntityStores } from "../crud/index.ts";
import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import { creationOrder } from "../../../engine/src/contract/creation-order.ts";
import type { DemoCast } from "./demo-people.ts";

/** One draw of a create body (the engine's sample generator, passed in by the server entry). */
export type SampleRecord = (
  schema: JsonObject,
  seed: number,
  options: { entityName: string; omit: readonly string[]; comparisons: readonly FieldComparisonRegistry[] },
) => { ok: boolean; record: Record<string, unknown>; problems?: readonly string[] };

/** A record the seeder could not write, and why: reported, never fatal. */
export interface SkippedRecord {
  readonly entity: string;
  readonly reason: string;
}

export interface RecordsResult {
  readonly created: number;
  readonly skipped: readonly SkippedRecord[];
  /** Entities that hold fewer records than asked because their unique values ran out. */
  readonly exhausted: readonly string[];
}

/** Draws per record before it is given up: new values, other referenced records. */
const ATTEMPTS = 8;

/**
 * Sample records for every compiled entity of a template, through the CRUD store (the API's
 * own validation and SQL) inside the caller's transaction. Each record runs under a savepoint:
 * one the database refuses is drawn again, then skipped and reported, and the rest go on.
 */
export async function seedRecords(
  tx: SqlSession,
  stores: EntityStores,
  tenantId: string,
  template: TemplateRegistry,
  cast: DemoCast,
  sample: SampleRecord,
  perEntity: number,
): Promise<RecordsResult> {
  const created = new Map<string, string[]>();
  const skipped: SkippedRecord[] = [];
  const exhausted: string[] = [];
  let count = 0;
  let seed = 1;
  for (const entity of creationOrder(template.entities.filter((e) => !e.draft))) {
    const ids: string[] = [];
    created.set(entity.name, ids);
    const missing = entity.relations.find(
      (r) => r.kind === "many-to-one" && r.required && r.target !== entity.name && !created.get(r.target)?.length,
    );
    if (missing) {
      skipped.push({ entity: entity.name, reason: `no ${missing.target} record for the required "${missing.name}"` });
      continue;
    }
    const owners = ownersFor(entity, cast);
    for (let n = 0; n < perEntity; n++) {
      const outcome = await createOne(tx, stores, tenantId, template, entity, created, owners, n, sample, () => seed++);
      if (outcome.id) {
        ids.push(outcome.id);
        count++;
      } else if (outcome.duplicate) {
        // Every draw collided with a unique value already taken: this entity holds no more.
        exhausted.push(entity.name);
        break;
      } else {
        skipped.push({ entity: entity.name, reason: outcome.reason ?? "unknown" });
      }
    }
  }
  return { created: count, skipped, exhausted };
}

/** The new record's id; or every draw hit a unique value (`duplicate`); or why the last draw failed. */
type Outcome = { id?: string; duplicate?: boolean; reason?: string };

async function createOne(
  tx: SqlSession,
  stores: EntityStores,
  tenantId: string,
  template: TemplateRegistry,
  entity: EntityRegistry,
  created: Map<string, string[]>,
  owners: Owners,
  n: number,
  sample: SampleRecord,
  nextSeed: () => number,
): Promise<Outcome> {
  const foreignKeys = entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : []));
  let reason = "";
  let duplicates = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const seed = nextSeed();
    const drawn = sample(entity.schemas.create, seed, {
      entityName: entity.name,
      // Media ids name uploaded files: demo records have none.
      omit: [...foreignKeys, ...entity.fields.filter((f) => f.media).map((f) => f.name)],
      comparisons: entity.comparisons,
    });
    if (!drawn.ok) {
      reason = `no valid sample: ${(drawn.problems ?? []).slice(0, 3).join("; ")}`;
      continue;
    }
    const payload = { ...drawn.record };
    for (const relation of entity.relations) {
      if (!relation.foreignKey) continue;
      const targets = created.get(relation.target) ?? [];
      if (targets.length && (relation.required || (seed * 7) % 10 < 7))
        payload[relation.foreignKey] = targets[(seed * 31 + attempt) % targets.length];
    }
    const owner = {
      accountId: owners.accounts.length ? owners.accounts[(n + attempt) % owners.accounts.length] : undefined,
      userId: owners.users.length ? owners.users[(n + attempt) % owners.users.length] : undefined,
    };
    await tx.query("SAVEPOINT demo_record");
    try {
      const row = await stores.create(tenantId, template.id, entity.name, payload, owner, { session: tx });
      await tx.query("RELEASE SAVEPOINT demo_record");
      return { id: row.id as string };
    } catch (error) {
      await tx.query("ROLLBACK TO SAVEPOINT demo_record");
      if (error instanceof ApiError && error.status === 409) duplicates++;
      reason =
        error instanceof ApiError
          ? `${error.status} ${error.message} ${JSON.stringify(error.errors ?? [])}`.slice(0, 300)
          : String(error).slice(0, 300);
    }
  }
  return duplicates === ATTEMPTS ? { duplicate: true } : { reason };
}

interface Owners {
  readonly accounts: readonly string[];
  readonly users: readonly string[];
}

/**
 * Who owns the records of an entity: the demo users (and their accounts) whose roles the
 * entity's create rule names, so a profile belongs to someone who may create it; everyone
 * when the rule names no demo role.
 */
function ownersFor(entity: EntityRegistry, cast: DemoCast): Owners {
  const named = new Set(entity.access.create.roles.map((r) => r.replace(/:\*$/, "")));
  const chosen = cast.people.filter((p) => named.has(p.role));
  const people = chosen.length ? chosen : cast.people.filter((p) => p.role !== "tenant-admin");
  const pool = people.length ? people : cast.people;
  const accounts = [...new Set(pool.flatMap((p) => (p.accountId ? [p.accountId] : [])))];
  return {
    accounts: accounts.length ? accounts : cast.accounts,
    users: pool.map((p) => p.userId),
  };
}
