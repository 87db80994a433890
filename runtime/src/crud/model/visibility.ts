import type { Owner } from "../sql/ref-checks.ts";
import type { CallerAccess } from "./access.ts";
import type { EntityView } from "./types.ts";

type Schema = Record<string, unknown>;
export type SchemaMode = "create" | "update" | "output";

/**
 * What one caller may see of an entity's shape, from the same gates that authorize its
 * requests (as Directus and Hasura show each role its own schema): the entity at all (some row
 * it may read, change or delete, or a record it may create), and per field whether it may read
 * it, set it on create or change it on update. A field readable on some rows only is shown.
 * Without a CallerAccess (no identity) everything is visible.
 */
export class SchemaVisibility {
  constructor(
    private readonly view: EntityView,
    private readonly access: CallerAccess | undefined,
    private readonly owner: Owner,
  ) {}

  get entityVisible(): boolean {
    const a = this.access;
    if (!a) return true;
    return (
      (["read", "update", "delete"] as const).some((action) => a.rows(this.view, action).kind !== "none") ||
      a.create(this.view, this.owner).kind !== "none"
    );
  }

  /** Can the caller use this mode at all: create a record, update or read some row? */
  may(mode: SchemaMode): boolean {
    const a = this.access;
    if (!a) return true;
    if (mode === "create") return a.create(this.view, this.owner).kind !== "none";
    return a.rows(this.view, mode === "update" ? "update" : "read").kind !== "none";
  }

  field(name: string, mode: SchemaMode): boolean {
    const a = this.access;
    if (!a) return true;
    if (mode === "output") return a.fieldRead(this.view, name).kind !== "none";
    return a.fieldWrite(this.view, name, mode, this.owner).kind !== "none";
  }

  /** `schema` (an object schema of `mode`) without the properties the caller may not see. */
  prune(schema: Schema, mode: SchemaMode): Schema {
    if (!this.access) return schema;
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    const kept = Object.fromEntries(Object.entries(properties).filter(([name]) => this.field(name, mode)));
    const required = ((schema.required as string[] | undefined) ?? []).filter((name) => name in kept);
    const { required: _dropped, ...rest } = schema;
    return { ...rest, properties: kept, ...(required.length ? { required } : {}) };
  }
}
