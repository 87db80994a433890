import type { EntityRegistry, TemplateRegistry } from "../../../../generators/src/registry/registry-types.ts";
import type { Database, SqlSession } from "../../db/database.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { ExtensionStore } from "../extensions/extension-store.ts";
import type { EntityView } from "../model/types.ts";
import { viewOf } from "../model/view-cache.ts";
import { cursorEntity, parseListQuery, parseRecordQuery, sortSignature } from "../query/parse-list-query.ts";
import type { Body } from "../records/codec.ts";
import { compileCount, compileGet, compileList, includeShape, listParams, listShape } from "../sql/compile-list.ts";
import { compileDelete, compileExists, compileInsert, compileUpdate, updateShape, type WritePlan } from "../sql/compile-write.ts";
import { CursorCodec } from "../sql/cursor.ts";
import type { Owner, RefCheck } from "../sql/ref-checks.ts";
import { StatementCache, type Statement } from "../sql/statement-cache.ts";
import { RecordValidators } from "../validation/record-validators.ts";
import { mapDeleteError, mapWriteError } from "./db-errors.ts";

/** A row as the API returns it (list rows also carry `__k*` cursor keys and `__total`). */
export type Row = Record<string, unknown>;

/** An entity as one tenant sees it: what every operation acts on. */
export interface Target {
  readonly tenantId: string;
  readonly view: EntityView;
}

export interface ListResult {
  readonly rows: Row[];
  readonly limit: number;
  readonly offset: number | null;
  readonly nextCursor: string | null;
  readonly total: number | null;
}

export interface StoreOptions {
  /**
   * HMAC key of list cursors; servers behind one load balancer must share it. Default:
   * MONO_CURSOR_SECRET, else a random key per process (cursors then die with the process).
   */
  cursorSecret?: string;
  /** How long a tenant's extension schemas are cached (other processes' writes show after this). */
  extensionTtlMs?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** Statements compiled once per view (no shape beyond the entity). */
function memo<T>(build: (view: EntityView) => T): (view: EntityView) => T {
  const cache = new WeakMap<EntityView, T>();
  return (view) => {
    let value = cache.get(view);
    if (value === undefined) cache.set(view, (value = build(view)));
    return value;
  };
}

/**
 * The generic CRUD engine behind the routes and the programmatic API: validates with Ajv, runs
 * statements compiled ahead of time per entity (prepared on PostgreSQL), one statement per
 * request. Every method takes an optional session, so callers can compose a transaction.
 */
export class EntityStore {
  readonly extensions: ExtensionStore;
  readonly validators: RecordValidators = new RecordValidators();
  readonly cursors: CursorCodec;
  private readonly statements = new StatementCache();
  private readonly updates = new Map<string, WritePlan>();
  private readonly insertPlan = memo(compileInsert);
  private readonly deleteStatement = memo(compileDelete);
  private readonly existsStatement = memo(compileExists);
  private readonly getStatement = memo((view): Statement => {
    const text = compileGet(view, null, []);
    return this.statements.get(`G|${view.key}`, () => text);
  });

  constructor(
    readonly db: Database,
    options: StoreOptions = {},
  ) {
    this.extensions = new ExtensionStore(db, options.extensionTtlMs);
    this.cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);
  }

  /** The entity with this tenant's extension fields. */
  async target(tenantId: string, template: TemplateRegistry, entity: EntityRegistry): Promise<Target> {
    const ext = await this.extensions.definition(tenantId, template.id, entity.name);
    return { tenantId, view: viewOf(template, entity, ext) };
  }

  async list({ tenantId, view }: Target, query: Record<string, unknown>, session: SqlSession = this.db): Promise<ListResult> {
    const plan = parseListQuery(query, view, this.cursors, tenantId);
    const statement = this.statements.get(listShape(view, plan), () => compileList(view, plan));
    const { rows } = await session.query<Row>(statement.text, listParams(tenantId, plan), statement.name);
    const more = rows.length > plan.limit;
    if (more) rows.pop();
    let total: number | null = null;
    if (plan.total) {
      if (rows.length) total = rows[0].__total as number;
      else if (plan.after === null && !plan.offset) total = 0;
      else {
        const count = this.statements.get(`C|${listShape(view, plan)}`, () => compileCount(view, plan));
        const params = [tenantId, ...plan.filters.flatMap((f) => f.params)];
        total = (await session.query<{ n: number }>(count.text, params, count.name)).rows[0].n;
      }
    }
    const last = rows[rows.length - 1];
    const nextCursor = more
      ? this.cursors.encode({ e: cursorEntity(view, tenantId), s: sortSignature(plan.sort), k: plan.sort.map((_, i) => last[`__k${i}`] as string | null) })
      : null;
    return { rows, limit: plan.limit, offset: plan.offset, nextCursor, total };
  }

  async get({ tenantId, view }: Target, id: string, query: Record<string, unknown> = {}, session: SqlSession = this.db): Promise<Row | null> {
    const { fields, includes } = parseRecordQuery(query, view);
    if (!isUuid(id)) return null;
    const statement =
      fields || includes.length
        ? this.statements.get(`G|${view.key}|${fields?.map((f) => f.name).join(",") ?? "*"}|${includeShape(includes)}`, () => compileGet(view, fields, includes))
        : this.getStatement(view);
    const { rows } = await session.query<Row>(statement.text, [tenantId, id], statement.name);
    return rows[0] ?? null;
  }

  /** Validates (filling defaults) and inserts; errors point under `prefix`. */
  async create({ tenantId, view }: Target, body: unknown, owner: Owner = {}, session: SqlSession = this.db, prefix = "/body"): Promise<Row> {
    this.validators.check(view, "create", body, prefix);
    requireOwner(view, owner);
    const plan = this.insertPlan(view);
    const rows = await this.write(view, session, plan, plan.params(tenantId, body, owner), prefix);
    if (rows[0]) return rows[0];
    throw await this.brokenReferences(tenantId, plan.checks, body, owner, session, prefix);
  }

  /** Partial update; 404 when the record is not this tenant's (or is deleted). */
  async update({ tenantId, view }: Target, id: string, body: unknown, session: SqlSession = this.db, prefix = "/body"): Promise<Row> {
    this.validators.check(view, "update", body, prefix);
    if (!isUuid(id)) throw notFound(view);
    const keys = updateShape(view, body);
    const shape = `${view.key}|${keys.join(",")}`;
    let plan = this.updates.get(shape);
    if (!plan) {
      if (this.updates.size >= 2000) this.updates.delete(this.updates.keys().next().value!);
      this.updates.set(shape, (plan = compileUpdate(view, keys)));
    }
    const rows = await this.write(view, session, plan, plan.params(tenantId, body, {}, id), prefix);
    if (rows[0]) return rows[0];
    const exists = this.existsStatement(view);
    if ((await session.query(exists.text, [tenantId, id], exists.name)).rows.length === 0) throw notFound(view);
    throw await this.brokenReferences(tenantId, plan.checks, body, {}, session, prefix);
  }

  async remove({ tenantId, view }: Target, id: string, session: SqlSession = this.db): Promise<void> {
    if (!isUuid(id)) throw notFound(view);
    const statement = this.deleteStatement(view);
    let rows: unknown[];
    try {
      rows = (await session.query(statement.text, [tenantId, id], statement.name)).rows;
    } catch (error) {
      throw mapDeleteError(error, view);
    }
    if (rows.length === 0) throw notFound(view);
  }

  private async write(view: EntityView, session: SqlSession, plan: WritePlan, params: unknown[], prefix: string): Promise<Row[]> {
    try {
      return (await session.query<Row>(plan.statement.text, params, plan.statement.name)).rows;
    } catch (error) {
      throw mapWriteError(error, view, prefix);
    }
  }

  /** The write matched nothing because a reference dangles: find which ones (error path only). */
  private async brokenReferences(tenantId: string, checks: readonly RefCheck[], body: Body, owner: Owner, session: SqlSession, prefix: string): Promise<ApiError> {
    const errors: FieldError[] = [];
    for (const check of checks) {
      const value = check.value(body, owner);
      if (value === null || value === undefined) continue;
      const { rows } = await session.query<{ ok: boolean }>(`SELECT ${check.exists("$2::uuid")} AS "ok"`, [tenantId, value]);
      if (!rows[0].ok) {
        errors.push({ pointer: "body" in check.pointer ? `${prefix}/${check.pointer.body}` : `/headers/${check.pointer.header}`, message: check.message });
      }
    }
    return new ApiError("RT_ERR_UNPROCESSABLE", "A referenced record does not exist in this marketplace.", errors);
  }
}

export const notFound = (view: EntityView) => new ApiError("RT_ERR_NOT_FOUND", `No such ${view.entity.name}.`);

/** Account/user-scoped records need their owner (temporary: from headers until sign-in exists). */
function requireOwner(view: EntityView, owner: Owner): void {
  const scope = view.entity.scope;
  if (scope === "tenant") return;
  const id = scope === "account" ? owner.accountId : owner.userId;
  if (!isUuid(id)) {
    throw new ApiError("RT_ERR_VALIDATION", `${view.entity.name} records belong to ${scope === "account" ? "an account" : "a user"}.`, [
      { pointer: `/headers/x-${scope}-id`, message: id === undefined ? "is required" : "must be a uuid" },
    ]);
  }
}
