import { randomBytes } from "node:crypto";
import type { TenantContext } from "../context.ts";
import type { CallerAccess } from "../crud/model/access.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { isUuid, RecordAccess, resolveServed, type ServedEntity } from "../tags/record-access.ts";

export type Visibility = "private" | "link" | "tenant";

export interface CollectionRow {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  visibility: Visibility;
  shareToken: string | null;
  systemKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ItemView {
  id: string;
  templateId: string;
  entity: string;
  recordId: string;
  position: number;
  note: string | null;
  createdAt: string;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLLECTION = `"id", "ownerId", "name", "description", "visibility", "shareToken", "systemKey", ${iso(`"createdAt"`)} AS "createdAt", ${iso(`"updatedAt"`)} AS "updatedAt"`;
const ITEM = `"id", "templateId", "entity", "recordId"::text AS "recordId", "position", "note", ${iso(`"createdAt"`)} AS "createdAt"`;
export const FAVOURITES = "favourites";
/** Items one collection holds at most. */
export const MAX_ITEMS = 1000;

/** 24 random bytes, base64url: 32 characters no one guesses. */
const newToken = () => randomBytes(24).toString("base64url");

/**
 * Users' collections of records and their favourites (runtime/src/collections/README.md). Every
 * statement carries `"tenantId" = $1`. Items are shown only when the viewer may read their
 * record (the entity's own rules, through RecordAccess), whoever the viewer is.
 */
export class CollectionService {
  constructor(
    private readonly db: Database,
    private readonly registry: RuntimeRegistry,
    private readonly access: RecordAccess,
  ) {}

  async mine(tenantId: string, ownerId: string): Promise<CollectionRow[]> {
    const { rows } = await this.db.query<CollectionRow>(
      `SELECT ${COLLECTION} FROM "collection" WHERE "tenantId" = $1 AND "ownerId" = $2 ORDER BY "systemKey" NULLS LAST, "createdAt", "id"`,
      [tenantId, ownerId],
    );
    return rows;
  }

  /** Collections other users made tenant-public. */
  async public(tenantId: string, limit: number): Promise<CollectionRow[]> {
    const { rows } = await this.db.query<CollectionRow>(
      `SELECT ${COLLECTION} FROM "collection" WHERE "tenantId" = $1 AND "visibility" = 'tenant' ORDER BY "updatedAt" DESC, "id" LIMIT $2`,
      [tenantId, limit],
    );
    return rows;
  }

  async create(
    tenantId: string,
    ownerId: string,
    body: { name: string; description?: string | null; visibility?: Visibility },
  ): Promise<CollectionRow> {
    const visibility = body.visibility ?? "private";
    const { rows } = await this.db.query<CollectionRow>(
      `INSERT INTO "collection" ("tenantId", "ownerId", "name", "description", "visibility", "shareToken")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLLECTION}`,
      [tenantId, ownerId, body.name, body.description ?? null, visibility, visibility === "link" ? newToken() : null],
    );
    return rows[0];
  }

  private async row(tenantId: string, id: string, session: SqlSession = this.db): Promise<CollectionRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await session.query<CollectionRow>(
      `SELECT ${COLLECTION} FROM "collection" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** The collection if `userId` may see it: theirs, or tenant-public (a link's token is a separate door). */
  async visible(tenantId: string, id: string, userId: string | null): Promise<CollectionRow> {
    const c = await this.row(tenantId, id);
    if (!c || (c.ownerId !== userId && c.visibility !== "tenant"))
      throw new ApiError("RT_ERR_NOT_FOUND", "No such collection.");
    return c;
  }

  /** The collection if `userId` owns it (others get 404: they need not learn it exists). */
  async owned(tenantId: string, id: string, userId: string, session: SqlSession = this.db): Promise<CollectionRow> {
    const c = await this.row(tenantId, id, session);
    if (!c || c.ownerId !== userId) throw new ApiError("RT_ERR_NOT_FOUND", "No such collection.");
    return c;
  }

  async byToken(tenantId: string, token: string): Promise<CollectionRow> {
    const { rows } = await this.db.query<CollectionRow>(
      `SELECT ${COLLECTION} FROM "collection" WHERE "tenantId" = $1 AND "shareToken" = $2 AND "visibility" = 'link'`,
      [tenantId, token],
    );
    if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", "No such collection.");
    return rows[0];
  }

  /** Name, description, sharing; `rotateToken` gives a link collection a new token (the old link dies). */
  async update(
    tenantId: string,
    id: string,
    userId: string,
    body: { name?: string; description?: string | null; visibility?: Visibility; rotateToken?: boolean },
  ): Promise<CollectionRow> {
    const c = await this.owned(tenantId, id, userId);
    const visibility = body.visibility ?? c.visibility;
    if (body.rotateToken && visibility !== "link")
      throw new ApiError("RT_ERR_UNPROCESSABLE", "Only a link collection has a token.", [
        { pointer: "/body/rotateToken", message: 'needs visibility "link"' },
      ]);
    const token = visibility !== "link" ? null : body.rotateToken || !c.shareToken ? newToken() : c.shareToken;
    const { rows } = await this.db.query<CollectionRow>(
      `UPDATE "collection" SET "name" = $3, "description" = $4, "visibility" = $5, "shareToken" = $6, "updatedAt" = now()
       WHERE "tenantId" = $1 AND "id" = $2 RETURNING ${COLLECTION}`,
      [
        tenantId,
        id,
        body.name ?? c.name,
        body.description === undefined ? c.description : body.description,
        visibility,
        token,
      ],
    );
    return rows[0];
  }

  async remove(tenantId: string, id: string, userId: string): Promise<void> {
    const c = await this.owned(tenantId, id, userId);
    if (c.systemKey) throw new ApiError("RT_ERR_CONFLICT", "The favourites list stays; remove its items instead.");
    await this.db.query(`DELETE FROM "collection" WHERE "tenantId" = $1 AND "id" = $2`, [tenantId, id]);
  }

  /**
   * The items, in order, whose record `viewer` may read now (by the entity's rules as they are
   * today); items of entities the tenant no longer serves are left out too.
   */
  async items(tenant: TenantContext, collectionId: string, viewer: CallerAccess): Promise<ItemView[]> {
    const { rows } = await this.db.query<ItemView>(
      `SELECT ${ITEM} FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2 ORDER BY "position", "id"`,
      [tenant.id, collectionId],
    );
    const groups = new Map<string, { served: ServedEntity; ids: string[] }>();
    for (const item of rows) {
      const key = `${item.templateId}:${item.entity}`;
      if (!groups.has(key)) {
        const served = this.access.served(tenant, item.templateId, item.entity, "collections");
        if (!served) continue;
        groups.set(key, { served, ids: [] });
      }
      groups.get(key)!.ids.push(item.recordId);
    }
    const readable = new Set<string>();
    for (const [key, { served, ids }] of groups) {
      const rights = await this.access.rights(tenant.id, served, viewer, ids);
      for (const id of rights.readable) readable.add(`${key}:${id}`);
    }
    return rows.filter((item) => readable.has(`${item.templateId}:${item.entity}:${item.recordId}`));
  }

  /**
   * Puts a record the owner may read into their collection (at `position`, default the end);
   * the same record again answers the existing item (`created: false`), its note updated when given.
   */
  async addItem(
    tenant: TenantContext,
    owner: CallerAccess,
    collection: CollectionRow,
    body: { entity: string; recordId: string; note?: string | null; position?: number },
  ): Promise<{ item: ItemView; created: boolean }> {
    const served = resolveServed(this.registry, tenant, body.entity, "collections", "/body/entity");
    const rights = await this.access.rights(tenant.id, served, owner, [body.recordId]);
    if (!rights.readable.has(body.recordId.toLowerCase()))
      throw new ApiError("RT_ERR_NOT_FOUND", "No such record.", [
        { pointer: "/body/recordId", message: "is not a record you can see" },
      ]);
    return this.db.transaction(async (tx) => {
      // One writer per collection at a time: positions stay a sequence.
      await tx.query(`SELECT 1 FROM "collection" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`, [
        tenant.id,
        collection.id,
      ]);
      const { rows: existing } = await tx.query<ItemView>(
        `SELECT ${ITEM} FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2 AND "templateId" = $3 AND "entity" = $4 AND "recordId" = $5`,
        [tenant.id, collection.id, served.template.id, served.entity.name, body.recordId],
      );
      if (existing[0]) {
        if (body.note === undefined) return { item: existing[0], created: false };
        const { rows } = await tx.query<ItemView>(
          `UPDATE "collection_item" SET "note" = $3 WHERE "tenantId" = $1 AND "id" = $2 RETURNING ${ITEM}`,
          [tenant.id, existing[0].id, body.note],
        );
        return { item: rows[0], created: false };
      }
      const { rows: count } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2`,
        [tenant.id, collection.id],
      );
      const n = count[0].n;
      if (n >= MAX_ITEMS) throw new ApiError("RT_ERR_CONFLICT", `A collection holds at most ${MAX_ITEMS} records.`);
      const position = Math.min(body.position ?? n, n);
      await tx.query(
        `UPDATE "collection_item" SET "position" = "position" + 1 WHERE "tenantId" = $1 AND "collectionId" = $2 AND "position" >= $3`,
        [tenant.id, collection.id, position],
      );
      const { rows } = await tx.query<ItemView>(
        `INSERT INTO "collection_item" ("tenantId", "collectionId", "templateId", "entity", "recordId", "position", "note")
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ITEM}`,
        [tenant.id, collection.id, served.template.id, served.entity.name, body.recordId, position, body.note ?? null],
      );
      await tx.query(`UPDATE "collection" SET "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
        tenant.id,
        collection.id,
      ]);
      return { item: rows[0], created: true };
    });
  }

  /** A new note and/or a move to `position` (0 first; past the end: last); the others close up. */
  async updateItem(
    tenantId: string,
    collection: CollectionRow,
    itemId: string,
    body: { note?: string | null; position?: number },
  ): Promise<ItemView> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM "collection" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`, [
        tenantId,
        collection.id,
      ]);
      const item = await this.item(tx, tenantId, collection.id, itemId);
      if (body.position !== undefined) {
        const { rows: count } = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS "n" FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2`,
          [tenantId, collection.id],
        );
        const to = Math.min(body.position, count[0].n - 1);
        if (to !== item.position) {
          await tx.query(
            to < item.position
              ? `UPDATE "collection_item" SET "position" = "position" + 1 WHERE "tenantId" = $1 AND "collectionId" = $2 AND "position" >= $3 AND "position" < $4`
              : `UPDATE "collection_item" SET "position" = "position" - 1 WHERE "tenantId" = $1 AND "collectionId" = $2 AND "position" <= $3 AND "position" > $4`,
            [tenantId, collection.id, to, item.position],
          );
          await tx.query(`UPDATE "collection_item" SET "position" = $3 WHERE "tenantId" = $1 AND "id" = $2`, [
            tenantId,
            item.id,
            to,
          ]);
        }
      }
      if (body.note !== undefined)
        await tx.query(`UPDATE "collection_item" SET "note" = $3 WHERE "tenantId" = $1 AND "id" = $2`, [
          tenantId,
          item.id,
          body.note,
        ]);
      return this.item(tx, tenantId, collection.id, itemId);
    });
  }

  async removeItem(tenantId: string, collection: CollectionRow, itemId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM "collection" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`, [
        tenantId,
        collection.id,
      ]);
      const item = await this.item(tx, tenantId, collection.id, itemId);
      await tx.query(`DELETE FROM "collection_item" WHERE "tenantId" = $1 AND "id" = $2`, [tenantId, item.id]);
      await tx.query(
        `UPDATE "collection_item" SET "position" = "position" - 1 WHERE "tenantId" = $1 AND "collectionId" = $2 AND "position" > $3`,
        [tenantId, collection.id, item.position],
      );
    });
  }

  private async item(tx: SqlSession, tenantId: string, collectionId: string, itemId: string): Promise<ItemView> {
    const { rows } = isUuid(itemId)
      ? await tx.query<ItemView>(
          `SELECT ${ITEM} FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2 AND "id" = $3`,
          [tenantId, collectionId, itemId],
        )
      : { rows: [] };
    if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", "No such item in this collection.");
    return rows[0];
  }

  // ------------------------------------------------------------------ favourites

  /** The user's favourites collection, made on first use (one per user: a unique key). */
  async favourites(tenantId: string, userId: string): Promise<CollectionRow> {
    await this.db.query(
      `INSERT INTO "collection" ("tenantId", "ownerId", "name", "systemKey") VALUES ($1, $2, 'Favourites', $3)
       ON CONFLICT ("tenantId", "ownerId", "systemKey") DO NOTHING`,
      [tenantId, userId, FAVOURITES],
    );
    const { rows } = await this.db.query<CollectionRow>(
      `SELECT ${COLLECTION} FROM "collection" WHERE "tenantId" = $1 AND "ownerId" = $2 AND "systemKey" = $3`,
      [tenantId, userId, FAVOURITES],
    );
    return rows[0];
  }

  /** Favourite a record: idempotent (a second click changes nothing). */
  async favourite(tenant: TenantContext, userId: string, owner: CallerAccess, entity: string, recordId: string) {
    // Refused before the favourites list is made: a refused click leaves nothing behind.
    const served = resolveServed(this.registry, tenant, entity, "collections", "/params/entityName");
    if (!(await this.access.rights(tenant.id, served, owner, [recordId])).readable.has(recordId.toLowerCase()))
      throw new ApiError("RT_ERR_NOT_FOUND", "No such record.", [
        { pointer: "/params/recordId", message: "is not a record you can see" },
      ]);
    const collection = await this.favourites(tenant.id, userId);
    return this.addItem(tenant, owner, collection, { entity, recordId });
  }

  /** Unfavourite: idempotent too. */
  async unfavourite(tenant: TenantContext, userId: string, entity: string, recordId: string): Promise<boolean> {
    const served = resolveServed(this.registry, tenant, entity, "collections", "/params/entityName");
    const collection = await this.favourites(tenant.id, userId);
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT "id" FROM "collection_item" WHERE "tenantId" = $1 AND "collectionId" = $2 AND "templateId" = $3 AND "entity" = $4 AND "recordId" = $5::uuid`,
      [tenant.id, collection.id, served.template.id, served.entity.name, isUuid(recordId) ? recordId : null],
    );
    if (!rows[0]) return false;
    await this.removeItem(tenant.id, collection, rows[0].id);
    return true;
  }

  /** Which of these records the user has favourited (for a toggle in lists). */
  async favouriteIds(tenant: TenantContext, userId: string, entity: string, recordIds: readonly string[]) {
    const served = resolveServed(this.registry, tenant, entity, "collections", "/query/entity");
    const { rows } = await this.db.query<{ recordId: string }>(
      `SELECT i."recordId"::text AS "recordId" FROM "collection_item" AS i JOIN "collection" AS c ON c."tenantId" = i."tenantId" AND c."id" = i."collectionId"
       WHERE i."tenantId" = $1 AND c."ownerId" = $2 AND c."systemKey" = $3 AND i."templateId" = $4 AND i."entity" = $5 AND i."recordId" = ANY($6::uuid[])`,
      [tenant.id, userId, FAVOURITES, served.template.id, served.entity.name, recordIds.filter(isUuid)],
    );
    return rows.map((r) => r.recordId);
  }
}
