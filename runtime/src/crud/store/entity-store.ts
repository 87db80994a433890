import type { EntityRegistry, TemplateRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { Database, SqlSession } from "../../db/database.ts";
import { TenantSessions, type RlsMode } from "../../db/tenant-sessions.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { ExtensionStore } from "../extensions/extension-store.ts";
import type { AccessCompile, CallerAccess } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import { viewOf } from "../model/view-cache.ts";
import { cursorEntity, cursorSignature, parseListQuery, parseRecordQuery } from "../query/parse-list-query.ts";
import type { Body } from "../records/codec.ts";
import { Binds, bindValues } from "../sql/binds.ts";
import {
  compileCount,
  compileGet,
  compileList,
  includeShape,
  listParams,
  listShape,
  searchParams,
  tagParams,
} from "../sql/compile-list.ts";
import {
  compileDelete,
  compileExists,
  compileInsert,
  compileNewRowCheck,
  compileProbe,
  compileUpdate,
  finish,
  updateShape,
  type WritePlan,
} from "../sql/compile-write.ts";
import { CursorCodec } from "../sql/cursor.ts";
import { foreignKeyRelations, type Owner, type RefCheck } from "../sql/ref-checks.ts";
import type { Compiled } from "../sql/select-list.ts";
import { StatementCache, type Statement } from "../sql/statement-cache.ts";
import { RecordValidators } from "../validation/record-validators.ts";
import { checkQueryFields, denied, fieldWriteGates, forbiddenFields } from "./access-checks.ts";
import { mapDeleteError, mapWriteError } from "./db-errors.ts";
import { isUuid } from "../../../../engine/src/contract/patterns.ts";

/** A record as the API returns it. */
export type Row = Record<string, unknown>;

/** An entity as one tenant (and, with identity, one caller) sees it: what every operation acts on. */
export interface Target {
  readonly tenantId: string;
  readonly view: EntityView;
  /** The caller's permissions, compiled into every statement; absent: unrestricted (no identity, seeding). */
  readonly access?: CallerAccess;
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
  /** Row-level security context for tenant requests (db/tenant-sessions.ts). Default "auto". */
  rls?: RlsMode;
}

/** Statements compiled once per view (no shape beyond the entity). */
function memo<T>(build: (view: EntityView) => T): (view: EntityView) => T {
  const cache = new WeakMap<EntityView, T>();
  return (view) => {
    let value = cache.get(view);
    if (value === undefined) cache.set(view, (value = build(view)));
    return value;
  };
}

/** Compiles with the caller's access: markers collected in `binds`, numbered after `base`. */
function withAccess(access: CallerAccess, base: number, compile: (ac: AccessCompile) => string | Compiled): Statement {
  const ac = { access, binds: new Binds() };
  return finish(compile(ac), base, ac);
}

/** Statements that decode their rows read them as arrays, timestamps as text (model/outputs.ts). */
const DECODED_ROWS = { timestampText: true, arrayRows: true } as const;

/** Rows as the driver returns them → records. */
const decodeRows = (rows: unknown[], statement: Statement): Row[] =>
  statement.decode ? (rows as unknown[][]).map(statement.decode) : (rows as Row[]);

const listParamCount = (plan: Parameters<typeof listParams>[1]) => listParams("", plan).length;

/**
 * The generic CRUD engine behind the routes and the programmatic API: validates with Ajv, runs
 * statements compiled ahead of time per entity (prepared on PostgreSQL), one statement per
 * request. Every method takes an optional session, so callers can compose a transaction. With a
 * CallerAccess on the target, the caller's row rules are part of each statement's WHERE clause
 * and their field rules part of its select list (see model/access.ts).
 */
export class EntityStore {
  readonly extensions: ExtensionStore;
  readonly validators: RecordValidators = new RecordValidators();
  readonly cursors: CursorCodec;
  /** Tenant requests run through it: it sets the RLS tenant context when the mode asks for one. */
  readonly sessions: TenantSessions;
  private readonly statements = new StatementCache();
  private readonly writes = new Map<string, WritePlan & { valueCount?: number }>();
  private readonly foreignKeys = memo((view) => [...foreignKeyRelations(view).keys()]);
  private readonly deleteStatement = memo((view) => compileDelete(view));
  private readonly existsStatement = memo(compileExists);
  private readonly getStatement = memo((view): Statement =>
    this.statements.get(`G|${view.key}`, () => compileGet(view, null, [])),
  );

  constructor(
    readonly db: Database,
    options: StoreOptions = {},
  ) {
    this.extensions = new ExtensionStore(db, options.extensionTtlMs);
    this.cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);
    this.sessions = new TenantSessions(db, options.rls ?? "auto");
  }

  /** The entity with this tenant's extension fields. */
  async target(
    tenantId: string,
    template: TemplateRegistry,
    entity: EntityRegistry,
    session?: SqlSession,
  ): Promise<Target> {
    return (
      this.cachedTarget(tenantId, template, entity) ?? {
        tenantId,
        view: viewOf(template, entity, await this.extensions.definition(tenantId, template.id, entity.name, session)),
      }
    );
  }

  /** `target` when the tenant's extension fields are cached (the request path skips a promise), else null. */
  cachedTarget(tenantId: string, template: TemplateRegistry, entity: EntityRegistry): Target | null {
    const ext = this.extensions.cachedDefinition(tenantId, template.id, entity.name);
    return ext === undefined ? null : { tenantId, view: viewOf(template, entity, ext) };
  }

  async list(
    { tenantId, view, access }: Target,
    query: Record<string, unknown>,
    session: SqlSession = this.db,
  ): Promise<ListResult> {
    const plan = parseListQuery(query, view, this.cursors, tenantId);
    if (access) {
      denied(access, view, access.rows(view, "read"), "read");
      checkQueryFields(access, view, plan);
    }
    const shape = listShape(view, plan);
    const statement = access
      ? this.statements.get(`${shape}|A${access.key}`, () =>
          withAccess(access, listParamCount(plan), (ac) => compileList(view, plan, ac)),
        )
      : this.statements.get(shape, () => compileList(view, plan));
    const { rows: raw } = await this.run<unknown[]>(session, statement, listParams(tenantId, plan), access);
    const more = raw.length > plan.limit;
    if (more) raw.pop();
    let total: number | null = null;
    if (plan.total) {
      if (raw.length) total = raw[0][statement.total!] as number;
      else if (plan.after === null && !plan.offset) total = 0;
      else {
        const params = [tenantId, ...searchParams(plan), ...plan.filters.flatMap((f) => f.params), ...tagParams(plan)];
        const count = access
          ? this.statements.get(`C|${shape}|A${access.key}`, () =>
              withAccess(access, params.length, (ac) => compileCount(view, plan, ac)),
            )
          : this.statements.get(`C|${shape}`, () => compileCount(view, plan));
        total = (await this.run<{ n: number }>(session, count, params, access)).rows[0].n;
      }
    }
    const last = raw[raw.length - 1];
    const nextCursor = more
      ? this.cursors.encode({
          e: cursorEntity(view, tenantId),
          s: cursorSignature(plan.sort, plan.search),
          k: statement.keys!.map((key) => last[key] as string | null),
        })
      : null;
    return { rows: decodeRows(raw, statement), limit: plan.limit, offset: plan.offset, nextCursor, total };
  }

  async get(
    { tenantId, view, access }: Target,
    id: string,
    query: Record<string, unknown> = {},
    session: SqlSession = this.db,
  ): Promise<Row | null> {
    const { fields, includes } = parseRecordQuery(query, view);
    if (access) {
      denied(access, view, access.rows(view, "read"), "read");
      checkQueryFields(access, view, { filters: [], sort: [], fields });
    }
    if (!isUuid(id)) return null;
    const shape = () => `G|${view.key}|${fields?.map((f) => f.name).join(",") ?? "*"}|${includeShape(includes)}`;
    const statement = access
      ? this.statements.get(`${shape()}|A${access.key}`, () =>
          withAccess(access, 2, (ac) => compileGet(view, fields, includes, ac)),
        )
      : fields || includes.length
        ? this.statements.get(shape(), () => compileGet(view, fields, includes))
        : this.getStatement(view);
    const { rows } = await this.run<unknown[]>(session, statement, [tenantId, id], access);
    return rows[0] ? statement.decode!(rows[0]) : null;
  }

  /** Validates (filling defaults) and inserts; errors point under `prefix`. */
  async create(
    target: Target,
    body: unknown,
    owner: Owner = {},
    session: SqlSession = this.db,
    prefix = "/body",
  ): Promise<Row> {
    const { tenantId, view, access } = target;
    const gate = access?.create(view, owner);
    if (access && gate) {
      denied(access, view, gate, "create");
      forbiddenFields(access, view, body, "create", owner, prefix);
    }
    this.validators.check(view, "create", body, prefix);
    requireOwner(view, owner);
    // One plan per set of foreign keys given: the statement checks exactly those.
    const given = this.foreignKeys(view).filter(
      (key) => (body as Body)[key] !== undefined && (body as Body)[key] !== null,
    );
    const shape = `I|${view.key}|${given.join(",")}`;
    const plan = access
      ? this.writePlan(`${shape}|A${access.key}`, () =>
          withAccessPlan(access, (ac) => compileInsert(view, ac, new Set(given))),
        )
      : this.writePlan(shape, () => compileInsert(view, undefined, new Set(given)));
    const params = plan.params(tenantId, body, owner);
    if (access && gate) await this.checkNewRow(target, gate, body as Body, owner, plan, params, session, prefix);
    const rows = await this.write(view, session, plan.statement, params, prefix, access, body);
    if (rows[0]) return rows[0];
    throw await this.brokenReferences(tenantId, plan.checks, body, owner, session, prefix, access);
  }

  /** Partial update; 404 when the record is not this tenant's (or is deleted, or not readable by the caller). */
  async update(
    { tenantId, view, access }: Target,
    id: string,
    body: unknown,
    session: SqlSession = this.db,
    prefix = "/body",
  ): Promise<Row> {
    if (access) {
      denied(access, view, access.rows(view, "update"), "update");
      forbiddenFields(access, view, body, "update", {}, prefix);
    }
    this.validators.check(view, "update", body, prefix);
    if (!isUuid(id)) throw notFound(view);
    const keys = updateShape(view, body);
    const shape = `U|${view.key}|${keys.join(",")}${access ? `|A${access.key}` : ""}`;
    const plan = this.writePlan(shape, () =>
      access ? withAccessPlan(access, (ac) => compileUpdate(view, keys, ac)) : compileUpdate(view, keys),
    );
    const rows = await this.write(
      view,
      session,
      plan.statement,
      plan.params(tenantId, body, {}, id),
      prefix,
      access,
      body,
    );
    if (rows[0]) return rows[0];
    if (access) await this.explain(tenantId, view, access, "update", id, keys, session, prefix);
    else {
      const exists = this.existsStatement(view);
      if ((await session.query(exists.text, [tenantId, id], exists.name)).rows.length === 0) throw notFound(view);
    }
    const broken = await this.brokenReferences(tenantId, plan.checks, body, {}, session, prefix, access);
    // Readable, updatable, every key writable, every reference sound: the new values fail the rule.
    if (access && !broken.errors?.length && access.updated(view).kind !== "all")
      throw new ApiError(
        "RT_ERR_FORBIDDEN",
        `These changes would leave this ${view.entity.name} where you may not put it (the update rule checks the new values too).`,
      );
    throw broken;
  }

  /**
   * Could the caller update `keys` of record `id`? The probe a refused update runs, for code that
   * changes what belongs to a record elsewhere (media captions): readable, the update rule, each
   * key's write rule. Without access: whether the record exists.
   */
  async probeUpdate(
    { tenantId, view, access }: Target,
    id: string,
    keys: readonly string[],
    session: SqlSession = this.db,
  ): Promise<{ readable: boolean; allowed: boolean; writable: boolean[] }> {
    if (!isUuid(id)) return { readable: false, allowed: false, writable: keys.map(() => false) };
    if (!access) {
      const exists = this.existsStatement(view);
      const found = (await session.query(exists.text, [tenantId, id], exists.name)).rows.length > 0;
      return { readable: found, allowed: found, writable: keys.map(() => found) };
    }
    const statement = withAccessPlanStatement(access, (ac) => compileProbe(view, "update", keys, ac));
    const row = (await this.run<Record<string, boolean>>(session, statement, [tenantId, id], access)).rows[0];
    return { readable: !!row?.r, allowed: !!row?.a, writable: keys.map((_, i) => !!row?.[`k${i}`]) };
  }

  async remove({ tenantId, view, access }: Target, id: string, session: SqlSession = this.db): Promise<void> {
    if (access) denied(access, view, access.rows(view, "delete"), "delete");
    if (!isUuid(id)) throw notFound(view);
    const statement = access
      ? this.statements.get(`D|${view.key}|A${access.key}`, () =>
          withAccessPlanStatement(access, (ac) => compileDelete(view, ac)),
        )
      : this.deleteStatement(view);
    let rows: unknown[];
    try {
      rows = (await this.run(session, statement, [tenantId, id], access)).rows;
    } catch (error) {
      throw mapDeleteError(error, view);
    }
    if (rows.length === 0) {
      if (access) await this.explain(tenantId, view, access, "delete", id, [], session, "/body");
      throw notFound(view);
    }
  }

  /** Runs a statement, appending the values of its access binds. */
  private run<R>(session: SqlSession, statement: Statement, params: unknown[], access: CallerAccess | undefined) {
    const values = statement.binds ? [...params, ...bindValues(statement.binds, (key) => access!.value(key))] : params;
    return session.query<R>(statement.text, values, statement.name, statement.decode ? DECODED_ROWS : undefined);
  }

  private writePlan<P extends WritePlan>(shape: string, compile: () => P): P {
    let plan = this.writes.get(shape) as P | undefined;
    if (!plan) {
      if (this.writes.size >= 2000) this.writes.delete(this.writes.keys().next().value!);
      this.writes.set(shape, (plan = compile()));
    }
    return plan;
  }

  private async write(
    view: EntityView,
    session: SqlSession,
    statement: Statement,
    params: unknown[],
    prefix: string,
    access: CallerAccess | undefined,
    body?: unknown,
  ): Promise<Row[]> {
    try {
      const { rows } = await this.run<unknown>(session, statement, params, access);
      return decodeRows(rows, statement);
    } catch (error) {
      throw mapWriteError(error, view, prefix, body);
    }
  }

  /** Create rules and field write rules that read the new values: checked before the insert. */
  private async checkNewRow(
    target: Target,
    gate: NonNullable<ReturnType<CallerAccess["create"]>>,
    body: Body,
    owner: Owner,
    plan: WritePlan & { valueCount?: number },
    params: unknown[],
    session: SqlSession,
    prefix: string,
  ): Promise<void> {
    const { view, access } = target;
    const fields = fieldWriteGates(access!, view, body, "create", owner).filter((f) => f.gate.kind === "rows");
    const rules = [
      ...(gate.kind === "rows" ? [{ pointer: null as string | null, gate }] : []),
      ...fields.map((f) => ({ pointer: `${prefix}/${f.name}`, gate: f.gate })),
    ];
    if (!rules.length) return;
    const statement = withAccessPlanStatement(access!, (ac) =>
      compileNewRowCheck(
        view,
        rules.map((r) => (alias: string) => (r.gate.kind === "rows" ? r.gate.sql(alias, ac.binds) : "TRUE")),
        ac,
        plan.valueCount!,
      ),
    );
    const row = (await this.run<Record<string, boolean>>(session, statement, params.slice(0, plan.valueCount), access))
      .rows[0];
    const failed = rules.filter((_, i) => row[`k${i}`] !== true);
    if (!failed.length) return;
    if (failed.some((r) => r.pointer === null))
      throw new ApiError(
        "RT_ERR_FORBIDDEN",
        `You may not create this ${view.entity.name}: its values (or the records it references) do not pass the create rule.`,
      );
    throw new ApiError(
      "RT_ERR_FORBIDDEN",
      "You may not set some of these fields.",
      failed.map((r) => ({ pointer: r.pointer!, message: "may not be written by you" })),
    );
  }

  /** A guarded write matched nothing: not readable → 404; readable but refused → 403. Returns when neither (a reference dangles). */
  private async explain(
    tenantId: string,
    view: EntityView,
    access: CallerAccess,
    action: "update" | "delete",
    id: string,
    keys: readonly string[],
    session: SqlSession,
    prefix: string,
  ): Promise<void> {
    const statement = withAccessPlanStatement(access, (ac) => compileProbe(view, action, keys, ac));
    const row = (await this.run<Record<string, boolean>>(session, statement, [tenantId, id], access)).rows[0];
    if (!row || !row.r) throw notFound(view);
    if (!row.a) throw new ApiError("RT_ERR_FORBIDDEN", `You may not ${action} this ${view.entity.name}.`);
    const refused = keys.filter((_, i) => !row[`k${i}`]);
    if (refused.length)
      throw new ApiError(
        "RT_ERR_FORBIDDEN",
        "You may not change some of these fields.",
        refused.map((k) => ({ pointer: `${prefix}/${k}`, message: "may not be written by you" })),
      );
  }

  /** The write matched nothing because a reference dangles: find which ones (error path only). */
  private async brokenReferences(
    tenantId: string,
    checks: readonly RefCheck[],
    body: Body,
    owner: Owner,
    session: SqlSession,
    prefix: string,
    access?: CallerAccess,
  ): Promise<ApiError> {
    const errors: FieldError[] = [];
    for (const check of checks) {
      const value = check.value(body, owner);
      if (value === null || value === undefined) continue;
      const statement = access
        ? withAccess(access, 2, (ac) => `SELECT ${check.exists("$2::uuid", ac)} AS "ok"`)
        : { text: `SELECT ${check.exists("$2::uuid")} AS "ok"`, name: "" };
      const values = [tenantId, value, ...bindValues(statement.binds, (key) => access!.value(key))];
      const { rows } = await session.query<{ ok: boolean }>(statement.text, values);
      if (!rows[0].ok) {
        errors.push({
          pointer: "body" in check.pointer ? `${prefix}/${check.pointer.body}` : `/headers/${check.pointer.header}`,
          message: check.message,
        });
      }
    }
    return new ApiError("RT_ERR_UNPROCESSABLE", "A referenced record does not exist in this marketplace.", errors);
  }
}

/** Compiles a write plan whose statement carries the caller's binds. */
function withAccessPlan<P extends WritePlan>(access: CallerAccess, compile: (ac: AccessCompile) => P): P {
  return compile({ access, binds: new Binds() });
}

function withAccessPlanStatement(access: CallerAccess, compile: (ac: AccessCompile) => Statement): Statement {
  return compile({ access, binds: new Binds() });
}

export const notFound = (view: EntityView) => new ApiError("RT_ERR_NOT_FOUND", `No such ${view.entity.name}.`);

/** Account/user-scoped records need their owner (from the caller with identity; else from headers). */
function requireOwner(view: EntityView, owner: Owner): void {
  const scope = view.entity.scope;
  if (scope === "tenant") return;
  const id = scope === "account" ? owner.accountId : owner.userId;
  if (!isUuid(id)) {
    throw new ApiError(
      "RT_ERR_VALIDATION",
      `${view.entity.name} records belong to ${scope === "account" ? "an account" : "a user"}.`,
      [{ pointer: `/headers/x-${scope}-id`, message: id === undefined ? "is required" : "must be a uuid" }],
    );
  }
}
