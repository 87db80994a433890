import type { FastifyInstance } from "fastify";
import type { MediaSpec } from "../../../engine/src/contract/media.ts";
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { ANONYMOUS } from "../authz/principal.ts";
import type { EntityStore } from "../crud/index.ts";
import { ApiError } from "../http/problem.ts";
import type { AssetRow } from "./media-store.ts";

/** A media field of an entity of a template. */
export interface FieldRef {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
  readonly field: string;
  readonly spec: MediaSpec;
}

/** "Not readable": the record is gone, hidden from the reader, or its field is. */
const HIDDEN = Symbol("hidden");
type Held = unknown | typeof HIDDEN;

/**
 * Request-time checks of the file routes: does a media row still belong to a live record whose
 * field holds it, and may the tenant's anonymous principal read that record and field? One
 * primary-key read through the entity store (the tenant's own read path: row rules, field gates,
 * soft delete), remembered for `ttlMs` per (record, field, reader): a change made elsewhere
 * reaches the file routes within that time.
 */
export class MediaAccess {
  private readonly cache = new Map<string, { held: Held; until: number }>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly store: EntityStore,
    private readonly fieldOf: (templateId: string, entity: string, field: string) => FieldRef | null,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Public-style delivery: the row is public and ready, attached, its record exists and is
   * readable by anyone (the tenant's anonymous principal, its field gate included), the field
   * still holds the row, and the tenant is active.
   */
  async anyoneMayRead(row: AssetRow): Promise<boolean> {
    if (row.visibility !== "public" || row.status !== "ready" || !row.recordId) return false;
    return this.holds(row, await this.read(row, "anonymous"));
  }

  /**
   * A signed link stays usable only while what it was handed out for exists: an attached row's
   * record is live and its field still holds the row; an unattached row was never orphaned (an
   * upload its uploader has not attached yet).
   */
  async stillThere(row: AssetRow): Promise<boolean> {
    if (!row.recordId) return row.orphanedAt === null;
    return this.holds(row, await this.read(row, "stored"));
  }

  private holds(row: AssetRow, held: Held): boolean {
    if (held === HIDDEN) return false;
    return Array.isArray(held) ? held.includes(row.id) : held === row.id;
  }

  private async read(row: AssetRow, as: "anonymous" | "stored"): Promise<Held> {
    const key = `${as}|${row.tenantId}|${row.templateId}|${row.entity}|${row.recordId}|${row.field}`;
    const now = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.held;
    const held = await this.load(row, as);
    if (this.ttlMs > 0) {
      if (this.cache.size >= 10_000) this.cache.clear();
      this.cache.set(key, { held, until: now + this.ttlMs });
    }
    return held;
  }

  private async load(row: AssetRow, as: "anonymous" | "stored"): Promise<Held> {
    const ref = this.fieldOf(row.templateId, row.entity, row.field);
    if (!ref || !row.recordId) return HIDDEN;
    const tenant = await this.app.tenants.byId(row.tenantId);
    if (!tenant || tenant.status !== "active" || !tenant.templates.has(row.templateId)) return HIDDEN;
    const target = await this.store.target(row.tenantId, ref.template, ref.entity);
    const authz = this.app.hasDecorator("authz") ? this.app.authz : null;
    const t = as === "anonymous" && authz ? { ...target, access: authz.callerFor(tenant, ANONYMOUS) } : target;
    try {
      const record = await this.store.sessions.run(row.tenantId, (s) =>
        this.store.get(t, row.recordId!, { fields: ref.field }, s),
      );
      return record && ref.field in record ? record[ref.field] : HIDDEN;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return HIDDEN;
      throw err;
    }
  }
}
