import { TAG_SLUG, TAG_SLUG_MAX } from "../../../engine/src/contract/tag-query.ts";
import type { TenantContext } from "../context.ts";
import type { AccessCompile, CallerAccess } from "../crud/model/access.ts";
import { Binds, bindValues } from "../crud/sql/binds.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { isUuid, RecordAccess, resolveServed, servedEntities, type ServedEntity } from "./record-access.ts";

/** A tag as the API returns it. */
export interface TagView {
  id: string;
  slug: string;
  name: string;
  category: string | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
  /** With `counts=true`: records the caller may read that carry it. */
  usage?: number;
}

/** One row of an import (JSON or CSV): the parent by slug. */
export interface TagImportRow {
  slug: string;
  name: string;
  category?: string | null;
  parent?: string | null;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The select list of a tag (of the table aliased `a`, or unqualified). */
const tagColumns = (a?: string) => {
  const c = (name: string) => (a ? `${a}."${name}"` : `"${name}"`);
  return `${c("id")}, ${c("slug")}, ${c("name")}, ${c("category")}, ${c("parentId")}, ${iso(c("createdAt"))} AS "createdAt", ${iso(c("updatedAt"))} AS "updatedAt"`;
};
const TAG_COLUMNS = tagColumns();
/** Most links one bulk request may add or remove (records × tags). */
export const MAX_BULK_LINKS = 5000;

/**
 * The tenant's tags and their links to records (runtime/src/tags/README.md). Every statement
 * carries `"tenantId" = $1`; record rights come from the entities' own rules (RecordAccess).
 */
export class TagService {
  readonly access: RecordAccess;

  constructor(
    private readonly db: Database,
    private readonly registry: RuntimeRegistry,
    access: RecordAccess,
  ) {
    this.access = access;
  }

  // ------------------------------------------------------------------ the vocabulary

  async list(
    tenant: TenantContext,
    caller: CallerAccess,
    options: { q?: string; category?: string; counts: boolean; limit: number },
  ): Promise<TagView[]> {
    const params: unknown[] = [tenant.id];
    const where = [`"tenantId" = $1`];
    if (options.q) {
      params.push(`${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`("slug" ILIKE $${params.length} OR "name" ILIKE $${params.length})`);
    }
    if (options.category !== undefined) {
      params.push(options.category);
      where.push(`"category" = $${params.length}`);
    }
    params.push(options.limit);
    const limit = `$${params.length}`;
    if (!options.counts) {
      const { rows } = await this.db.query<TagView>(
        `SELECT ${TAG_COLUMNS} FROM "tag" WHERE ${where.join(" AND ")} ORDER BY "slug" LIMIT ${limit}`,
        params,
      );
      return rows;
    }
    const ac: AccessCompile = { access: caller, binds: new Binds() };
    const links = await this.access.readableLinks(tenant.id, this.taggable(tenant), ac, "tag_link", [
      "tagId",
      "recordId",
    ]);
    const text = ac.binds.finish(
      `SELECT ${TAG_COLUMNS}, COALESCE((SELECT count(*) FROM (${links}) AS "__r" WHERE "__r"."tagId" = "tag"."id"), 0)::int AS "usage" ` +
        `FROM "tag" WHERE ${where.join(" AND ")} ORDER BY "slug" LIMIT ${limit}`,
      params.length,
    );
    const { rows } = await this.db.query<TagView>(text, [
      ...params,
      ...bindValues(ac.binds.list, (k) => caller.value(k)),
    ]);
    return rows;
  }

  async get(tenantId: string, id: string, session: SqlSession = this.db): Promise<TagView | null> {
    if (!isUuid(id)) return null;
    const { rows } = await session.query<TagView>(
      `SELECT ${TAG_COLUMNS} FROM "tag" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  private async require(tenantId: string, id: string, session: SqlSession = this.db): Promise<TagView> {
    const tag = await this.get(tenantId, id, session);
    if (!tag) throw new ApiError("RT_ERR_NOT_FOUND", "No such tag.");
    return tag;
  }

  async create(
    tenantId: string,
    body: { slug: string; name: string; category?: string | null; parentId?: string | null },
  ): Promise<TagView> {
    checkSlug(body.slug, "/body/slug");
    if (body.parentId) await this.requireParent(tenantId, body.parentId, "/body/parentId");
    try {
      const { rows } = await this.db.query<TagView>(
        `INSERT INTO "tag" ("tenantId", "slug", "name", "category", "parentId") VALUES ($1, $2, $3, $4, $5) RETURNING ${TAG_COLUMNS}`,
        [tenantId, body.slug, body.name, body.category ?? null, body.parentId ?? null],
      );
      return rows[0];
    } catch (err) {
      throw uniqueSlug(err);
    }
  }

  /** Rename (slug, name), recategorise, move in the tree (never under itself or its descendants). */
  async update(
    tenantId: string,
    id: string,
    body: { slug?: string; name?: string; category?: string | null; parentId?: string | null },
  ): Promise<TagView> {
    return this.db.transaction(async (tx) => {
      await this.require(tenantId, id, tx);
      if (body.slug !== undefined) checkSlug(body.slug, "/body/slug");
      if (body.parentId) {
        await this.requireParent(tenantId, body.parentId, "/body/parentId", tx);
        if (await this.isWithin(tx, tenantId, body.parentId, id))
          throw new ApiError("RT_ERR_UNPROCESSABLE", "A tag cannot move under itself.", [
            { pointer: "/body/parentId", message: "is this tag or one below it" },
          ]);
      }
      const sets: string[] = [];
      const params: unknown[] = [tenantId, id];
      for (const key of ["slug", "name", "category", "parentId"] as const) {
        if (body[key] === undefined) continue;
        params.push(body[key]);
        sets.push(`"${key}" = $${params.length}`);
      }
      try {
        const { rows } = await tx.query<TagView>(
          `UPDATE "tag" SET ${[...sets, `"updatedAt" = now()`].join(", ")} WHERE "tenantId" = $1 AND "id" = $2 RETURNING ${TAG_COLUMNS}`,
          params,
        );
        return rows[0];
      } catch (err) {
        throw uniqueSlug(err);
      }
    });
  }

  /** Deletes a tag: its links go with it, its children move up to its parent. */
  async remove(tenantId: string, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const tag = await this.require(tenantId, id, tx);
      await tx.query(
        `UPDATE "tag" SET "parentId" = $3, "updatedAt" = now() WHERE "tenantId" = $1 AND "parentId" = $2`,
        [tenantId, id, tag.parentId],
      );
      await tx.query(`DELETE FROM "tag" WHERE "tenantId" = $1 AND "id" = $2`, [tenantId, id]);
    });
  }

  /**
   * Merges `id` into `into`: the records tagged `id` are tagged `into` (once), `id`'s children
   * move under `into`, and `id` is deleted. Merging into one of its own descendants first lifts
   * that descendant to `id`'s place, so the tree stays a tree.
   */
  async merge(tenantId: string, id: string, into: string): Promise<TagView> {
    if (id === into)
      throw new ApiError("RT_ERR_UNPROCESSABLE", "A tag cannot merge into itself.", [
        { pointer: "/body/into", message: "is the tag being merged" },
      ]);
    return this.db.transaction(async (tx) => {
      const source = await this.require(tenantId, id, tx);
      await this.requireParent(tenantId, into, "/body/into", tx);
      if (await this.isWithin(tx, tenantId, into, id))
        await tx.query(`UPDATE "tag" SET "parentId" = $3 WHERE "tenantId" = $1 AND "id" = $2`, [
          tenantId,
          into,
          source.parentId,
        ]);
      await tx.query(
        `INSERT INTO "tag_link" ("tenantId", "tagId", "templateId", "entity", "recordId", "createdBy")
         SELECT "tenantId", $3, "templateId", "entity", "recordId", "createdBy" FROM "tag_link" WHERE "tenantId" = $1 AND "tagId" = $2
         ON CONFLICT ("tenantId", "templateId", "entity", "recordId", "tagId") DO NOTHING`,
        [tenantId, id, into],
      );
      await tx.query(
        `UPDATE "tag" SET "parentId" = $3, "updatedAt" = now() WHERE "tenantId" = $1 AND "parentId" = $2`,
        [tenantId, id, into],
      );
      await tx.query(`DELETE FROM "tag" WHERE "tenantId" = $1 AND "id" = $2`, [tenantId, id]);
      return (await this.get(tenantId, into, tx))!;
    });
  }

  private async requireParent(tenantId: string, id: string, pointer: string, session: SqlSession = this.db) {
    if (!(await this.get(tenantId, id, session)))
      throw new ApiError("RT_ERR_UNPROCESSABLE", "No such tag.", [
        { pointer, message: "is not a tag of this marketplace" },
      ]);
  }

  /** Is `candidate` the tag `root` or below it? */
  private async isWithin(session: SqlSession, tenantId: string, candidate: string, root: string): Promise<boolean> {
    const { rows } = await session.query<{ hit: boolean }>(
      `WITH RECURSIVE "up"("id", "parentId") AS (
         SELECT "id", "parentId" FROM "tag" WHERE "tenantId" = $1 AND "id" = $2
         UNION SELECT t."id", t."parentId" FROM "tag" AS t JOIN "up" ON t."id" = "up"."parentId" WHERE t."tenantId" = $1)
       SELECT EXISTS (SELECT 1 FROM "up" WHERE "id" = $3) AS "hit"`,
      [tenantId, candidate, root],
    );
    return rows[0].hit;
  }

  // ------------------------------------------------------------------ links

  /**
   * Tags and untags records in one transaction: every record must be one the caller may update
   * (404 at its pointer when they may not read it, 403 when they may read but not update it),
   * every slug a tag of the tenant (422). Adding what is there and removing what is not are no-ops.
   */
  async bulk(
    tenant: TenantContext,
    caller: CallerAccess,
    userId: string | null,
    body: { entity: string; recordIds: string[]; add?: string[]; remove?: string[] },
  ): Promise<{ added: number; removed: number }> {
    const served = resolveServed(this.registry, tenant, body.entity, "tagging", "/body/entity");
    const add = body.add ?? [];
    const remove = body.remove ?? [];
    if (body.recordIds.length * (add.length + remove.length) > MAX_BULK_LINKS)
      throw new ApiError("RT_ERR_VALIDATION", "Too many links in one request.", [
        { pointer: "/body/recordIds", message: `records × tags must be at most ${MAX_BULK_LINKS}` },
      ]);
    const rights = await this.access.rights(tenant.id, served, caller, body.recordIds);
    const errors: FieldError[] = [];
    let forbidden = false;
    body.recordIds.forEach((id, i) => {
      const key = id.toLowerCase();
      if (!rights.readable.has(key))
        errors.push({ pointer: `/body/recordIds/${i}`, message: "is not a record you can see" });
      else if (!rights.updatable.has(key)) {
        forbidden = true;
        errors.push({ pointer: `/body/recordIds/${i}`, message: "is a record you may not update" });
      }
    });
    if (errors.length)
      throw forbidden && errors.every((e) => e.message.includes("update"))
        ? new ApiError("RT_ERR_FORBIDDEN", "Tagging a record needs the right to update it.", errors)
        : new ApiError("RT_ERR_NOT_FOUND", "Some records do not exist or are not yours to see.", errors);
    const slugs = [...new Set([...add, ...remove])];
    const { rows: tags } = await this.db.query<{ id: string; slug: string }>(
      `SELECT "id", "slug" FROM "tag" WHERE "tenantId" = $1 AND "slug" = ANY($2::text[])`,
      [tenant.id, slugs],
    );
    const bySlug = new Map(tags.map((t) => [t.slug, t.id]));
    const unknown = [
      ...add.flatMap((s, i) =>
        bySlug.has(s) ? [] : [{ pointer: `/body/add/${i}`, message: "is not a tag of this marketplace" }],
      ),
      ...remove.flatMap((s, i) =>
        bySlug.has(s) ? [] : [{ pointer: `/body/remove/${i}`, message: "is not a tag of this marketplace" }],
      ),
    ];
    if (unknown.length) throw new ApiError("RT_ERR_UNPROCESSABLE", "Some tags do not exist.", unknown);
    const ids = [...new Set(body.recordIds.map((id) => id.toLowerCase()))];
    return this.db.transaction(async (tx) => {
      const base = [tenant.id, served.template.id, served.entity.name, ids];
      const added = add.length
        ? (
            await tx.query(
              `INSERT INTO "tag_link" ("tenantId", "templateId", "entity", "recordId", "tagId", "createdBy")
               SELECT $1, $2, $3, r.id, g.id, $6 FROM unnest($4::uuid[]) AS r(id) CROSS JOIN unnest($5::uuid[]) AS g(id)
               ON CONFLICT ("tenantId", "templateId", "entity", "recordId", "tagId") DO NOTHING`,
              [...base, add.map((s) => bySlug.get(s)!), userId],
            )
          ).rowCount
        : 0;
      const removed = remove.length
        ? (
            await tx.query(
              `DELETE FROM "tag_link" WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "recordId" = ANY($4::uuid[]) AND "tagId" = ANY($5::uuid[])`,
              [...base, remove.map((s) => bySlug.get(s)!)],
            )
          ).rowCount
        : 0;
      return { added: added ?? 0, removed: removed ?? 0 };
    });
  }

  /** The tags of the records the caller may read (others are left out). */
  async ofRecords(
    tenant: TenantContext,
    caller: CallerAccess,
    entityName: string,
    recordIds: readonly string[],
  ): Promise<{ recordId: string; tags: TagView[] }[]> {
    const served = resolveServed(this.registry, tenant, entityName, "tagging", "/query/entity");
    const rights = await this.access.rights(tenant.id, served, caller, recordIds);
    const ids = [...rights.readable];
    const { rows } = await this.db.query<TagView & { recordId: string }>(
      `SELECT l."recordId"::text AS "recordId", ${tagColumns("t")}
       FROM "tag_link" AS l JOIN "tag" AS t ON t."tenantId" = l."tenantId" AND t."id" = l."tagId"
       WHERE l."tenantId" = $1 AND l."templateId" = $2 AND l."entity" = $3 AND l."recordId" = ANY($4::uuid[])
       ORDER BY t."slug"`,
      [tenant.id, served.template.id, served.entity.name, ids],
    );
    const byRecord = new Map<string, TagView[]>(ids.map((id) => [id, []]));
    for (const { recordId, ...tag } of rows) byRecord.get(recordId)?.push(tag);
    return recordIds
      .map((id) => id.toLowerCase())
      .filter((id, i, all) => byRecord.has(id) && all.indexOf(id) === i)
      .map((id) => ({ recordId: id, tags: byRecord.get(id)! }));
  }

  // ------------------------------------------------------------------ co-occurrence

  /**
   * Tags that occur together with `tagIds` on records the caller may read (of `entities`),
   * ranked by how many such records carry both, then by slug; `tagIds` themselves left out.
   */
  async cooccurring(
    tenant: TenantContext,
    caller: CallerAccess,
    tagIds: readonly string[],
    entities: readonly ServedEntity[],
    limit: number,
  ): Promise<{ tag: TagView; count: number }[]> {
    if (!tagIds.length) return [];
    const ac: AccessCompile = { access: caller, binds: new Binds() };
    const links = await this.access.readableLinks(tenant.id, entities, ac, "tag_link", [
      "tagId",
      "templateId",
      "entity",
      "recordId",
    ]);
    const text = ac.binds.finish(
      `WITH "r" AS (${links}),
            "m" AS (SELECT DISTINCT "templateId", "entity", "recordId" FROM "r" WHERE "tagId" = ANY($2::uuid[]))
       SELECT ${tagColumns("t")}, c."n"::int AS "count"
       FROM (SELECT "r"."tagId", count(*) AS "n" FROM "r" JOIN "m" USING ("templateId", "entity", "recordId")
             WHERE NOT ("r"."tagId" = ANY($2::uuid[])) GROUP BY "r"."tagId") AS c
       JOIN "tag" AS t ON t."tenantId" = $1 AND t."id" = c."tagId"
       ORDER BY c."n" DESC, t."slug" LIMIT $3`,
      3,
    );
    const { rows } = await this.db.query<TagView & { count: number }>(text, [
      tenant.id,
      tagIds,
      limit,
      ...bindValues(ac.binds.list, (k) => caller.value(k)),
    ]);
    return rows.map(({ count, ...tag }) => ({ tag, count }));
  }

  /** Related tags of one tag: those most often on the same records. */
  async related(tenant: TenantContext, caller: CallerAccess, id: string, limit: number) {
    const tag = await this.require(tenant.id, id);
    return { tag, related: await this.cooccurring(tenant, caller, [tag.id], this.taggable(tenant), limit) };
  }

  /**
   * Suggestions for a record (by the tags it has, among records of its entity) or for a set of
   * slugs (a form being filled in): co-occurring tags, best first.
   */
  async suggestions(
    tenant: TenantContext,
    caller: CallerAccess,
    query: { entity?: string; recordId?: string; tags?: string[] },
    limit: number,
  ): Promise<{ tag: TagView; count: number }[]> {
    const served = query.entity ? resolveServed(this.registry, tenant, query.entity, "tagging", "/query/entity") : null;
    let tagIds: string[];
    if (query.recordId) {
      if (!served)
        throw new ApiError("RT_ERR_VALIDATION", "A record needs its entity.", [
          { pointer: "/query/entity", message: "is required with recordId" },
        ]);
      const [own] = await this.ofRecords(tenant, caller, query.entity!, [query.recordId]);
      if (!own)
        throw new ApiError("RT_ERR_NOT_FOUND", "No such record.", [
          { pointer: "/query/recordId", message: "is not a record you can see" },
        ]);
      tagIds = own.tags.map((t) => t.id);
    } else {
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT "id" FROM "tag" WHERE "tenantId" = $1 AND "slug" = ANY($2::text[])`,
        [tenant.id, query.tags ?? []],
      );
      tagIds = rows.map((r) => r.id);
    }
    return this.cooccurring(tenant, caller, tagIds, served ? [served] : this.taggable(tenant), limit);
  }

  // ------------------------------------------------------------------ import and export

  /** Every tag, parents before children, as rows with the parent's slug. */
  async exportRows(tenantId: string): Promise<TagImportRow[]> {
    const { rows } = await this.db.query<{
      slug: string;
      name: string;
      category: string | null;
      parent: string | null;
    }>(
      `WITH RECURSIVE "d"("id", "depth") AS (
         SELECT "id", 0 FROM "tag" WHERE "tenantId" = $1 AND "parentId" IS NULL
         UNION ALL SELECT t."id", d."depth" + 1 FROM "tag" AS t JOIN "d" ON t."parentId" = d."id" WHERE t."tenantId" = $1 AND d."depth" < 1000)
       SELECT t."slug", t."name", t."category", p."slug" AS "parent"
       FROM "tag" AS t JOIN "d" ON d."id" = t."id" LEFT JOIN "tag" AS p ON p."tenantId" = t."tenantId" AND p."id" = t."parentId"
       WHERE t."tenantId" = $1 ORDER BY d."depth", t."slug"`,
      [tenantId],
    );
    return rows.map((r) => ({ slug: r.slug, name: r.name, category: r.category, parent: r.parent }));
  }

  /**
   * Creates or updates tags by slug (name, category, parent by slug: in the file or already
   * there), all or nothing; a row whose parent chain would loop is refused at its pointer.
   */
  async importRows(tenantId: string, rows: readonly TagImportRow[], pointer: (i: number, key?: string) => string) {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      if (typeof row.slug !== "string" || !TAG_SLUG.test(row.slug) || row.slug.length > TAG_SLUG_MAX)
        errors.push({
          pointer: pointer(i, "slug"),
          message: "must be a slug: lower-case letters, digits, single hyphens",
        });
      else if (seen.has(row.slug))
        errors.push({ pointer: pointer(i, "slug"), message: `repeats row ${seen.get(row.slug)! + 1}` });
      else seen.set(row.slug, i);
      if (typeof row.name !== "string" || row.name.trim() === "" || row.name.length > 120)
        errors.push({ pointer: pointer(i, "name"), message: "must be a name of 1 to 120 characters" });
      if (
        row.category !== undefined &&
        row.category !== null &&
        (typeof row.category !== "string" || row.category.length > 60)
      )
        errors.push({ pointer: pointer(i, "category"), message: "must be text of at most 60 characters" });
      if (row.parent !== undefined && row.parent !== null && row.parent !== "" && typeof row.parent !== "string")
        errors.push({ pointer: pointer(i, "parent"), message: "must be a tag slug" });
      if (row.parent && row.parent === row.slug)
        errors.push({ pointer: pointer(i, "parent"), message: "is the row's own slug" });
    });
    if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some rows are invalid.", errors);
    return this.db.transaction(async (tx) => {
      const { rows: existing } = await tx.query<{ slug: string }>(
        `SELECT "slug" FROM "tag" WHERE "tenantId" = $1 AND "slug" = ANY($2::text[])`,
        [tenantId, rows.map((r) => r.slug)],
      );
      const known = new Set(existing.map((r) => r.slug));
      await tx.query(
        `INSERT INTO "tag" ("tenantId", "slug", "name", "category")
         SELECT $1, r.slug, r.name, r.category FROM unnest($2::text[], $3::text[], $4::text[]) AS r(slug, name, category)
         ON CONFLICT ("tenantId", "slug") DO UPDATE SET "name" = EXCLUDED."name", "category" = EXCLUDED."category", "updatedAt" = now()`,
        [tenantId, rows.map((r) => r.slug), rows.map((r) => r.name.trim()), rows.map((r) => r.category || null)],
      );
      const withParent = rows.map((r, i) => ({ ...r, i })).filter((r) => r.parent !== undefined);
      const { rows: parents } = await tx.query<{ slug: string }>(
        `SELECT "slug" FROM "tag" WHERE "tenantId" = $1 AND "slug" = ANY($2::text[])`,
        [tenantId, withParent.flatMap((r) => (r.parent ? [r.parent] : []))],
      );
      const parentSlugs = new Set(parents.map((p) => p.slug));
      const missing = withParent.filter((r) => r.parent && !parentSlugs.has(r.parent));
      if (missing.length)
        throw new ApiError(
          "RT_ERR_UNPROCESSABLE",
          "Some parents are not tags.",
          missing.map((r) => ({ pointer: pointer(r.i, "parent"), message: "is not a tag here or in the file" })),
        );
      await tx.query(
        `UPDATE "tag" AS t SET "parentId" = p."id", "updatedAt" = now()
         FROM unnest($2::text[], $3::text[]) AS r(slug, parent) LEFT JOIN "tag" AS p ON p."tenantId" = $1 AND p."slug" = r.parent
         WHERE t."tenantId" = $1 AND t."slug" = r.slug`,
        [tenantId, withParent.map((r) => r.slug), withParent.map((r) => r.parent || null)],
      );
      // A loop: a tag that reaches itself going up.
      const { rows: loops } = await tx.query<{ slug: string }>(
        `WITH RECURSIVE "up"("start", "id", "n") AS (
           SELECT "id", "parentId", 1 FROM "tag" WHERE "tenantId" = $1 AND "slug" = ANY($2::text[]) AND "parentId" IS NOT NULL
           UNION ALL SELECT u."start", t."parentId", u."n" + 1 FROM "up" AS u JOIN "tag" AS t ON t."tenantId" = $1 AND t."id" = u."id"
             WHERE t."parentId" IS NOT NULL AND u."id" <> u."start" AND u."n" < 1000)
         SELECT DISTINCT t."slug" FROM "up" AS u JOIN "tag" AS t ON t."tenantId" = $1 AND t."id" = u."start" WHERE u."id" = u."start"`,
        [tenantId, withParent.map((r) => r.slug)],
      );
      if (loops.length) {
        const looping = new Set(loops.map((l) => l.slug));
        throw new ApiError(
          "RT_ERR_UNPROCESSABLE",
          "These parents would make a loop.",
          withParent
            .filter((r) => looping.has(r.slug))
            .map((r) => ({ pointer: pointer(r.i, "parent"), message: "makes the tag its own ancestor" })),
        );
      }
      return {
        created: rows.filter((r) => !known.has(r.slug)).length,
        updated: rows.filter((r) => known.has(r.slug)).length,
      };
    });
  }

  /** The taggable entities of the tenant's installed templates. */
  taggable(tenant: TenantContext): ServedEntity[] {
    return servedEntities(this.registry, tenant, "tagging");
  }
}

function checkSlug(slug: string, pointer: string): void {
  if (!TAG_SLUG.test(slug))
    throw new ApiError("RT_ERR_VALIDATION", "The slug is invalid.", [
      { pointer, message: "must be lower-case letters and digits, with single hyphens between them" },
    ]);
}

function uniqueSlug(err: unknown): unknown {
  return (err as { code?: string }).code === "23505"
    ? new ApiError("RT_ERR_CONFLICT", "A tag with this slug exists.", [{ pointer: "/body/slug", message: "is taken" }])
    : err;
}

/** CSV (RFC 4180: quotes, doubled quotes, CRLF or LF) → rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (quoted)
    throw new ApiError("RT_ERR_VALIDATION", "The CSV has an unclosed quote.", [
      { pointer: "/body", message: "ends inside a quoted cell" },
    ]);
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

/** Rows → CSV text (cells quoted when they need it), CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | null | undefined)[])[]): string {
  const cell = (v: string | null | undefined) => {
    const s = v ?? "";
    // A leading =, +, - or @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
