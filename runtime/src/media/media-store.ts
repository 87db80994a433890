import type { SqlSession } from "../../../engine/src/contract/database-port.ts";
import { planLimitSql } from "../plans/plan-sql.ts";

/** A made file of an asset, as the row keeps it. */
export interface StoredVariant {
  readonly name: string;
  readonly format: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly size: number;
  readonly key: string;
}

/** A `media_asset` row. */
export interface AssetRow {
  readonly id: string;
  readonly tenantId: string;
  readonly templateId: string;
  readonly entity: string;
  readonly field: string;
  readonly recordId: string | null;
  readonly uploadedBy: string | null;
  readonly kind: "image" | "document";
  readonly visibility: "public" | "private";
  readonly status: string;
  readonly filename: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly placeholder: string | null;
  readonly metadata: Record<string, unknown>;
  readonly variants: StoredVariant[];
  readonly storedBytes: number;
  /** What a person reads under the media item, and its text alternative (null: none given). */
  readonly caption: string | null;
  readonly alt: string | null;
  /** When it was detached from its record (null: attached, or never attached yet). */
  readonly orphanedAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = `"id", "tenantId", "templateId", "entity", "field", "recordId", "uploadedBy", "kind", "visibility",
  "status", "filename", "mime", "size", "sha256", "storageKey", "width", "height", "placeholder", "metadata",
  "variants", "storedBytes", "caption", "alt", "orphanedAt", "createdAt"`;

/** Every file of an asset in storage: the upload and what was made of it. */
export const keysOf = (row: Pick<AssetRow, "storageKey" | "variants">): string[] => [
  row.storageKey,
  ...row.variants.map((v) => v.key),
];

/** The SQL of the media capability; every statement names the tenant. */
export const mediaSql = {
  async get(s: SqlSession, tenantId: string, id: string): Promise<AssetRow | null> {
    const { rows } = await s.query<AssetRow>(
      `SELECT ${COLUMNS} FROM "media_asset" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  },

  /** The rows of `ids` in this tenant, locked until the transaction ends. */
  async lockMany(s: SqlSession, tenantId: string, ids: readonly string[]): Promise<AssetRow[]> {
    const { rows } = await s.query<AssetRow>(
      `SELECT ${COLUMNS} FROM "media_asset" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) FOR UPDATE`,
      [tenantId, ids],
    );
    return rows;
  },

  async ofRecord(s: SqlSession, tenantId: string, templateId: string, entity: string, recordId: string) {
    const { rows } = await s.query<AssetRow>(
      `SELECT ${COLUMNS} FROM "media_asset"
        WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "recordId" = $4
        ORDER BY "createdAt", "id"`,
      [tenantId, templateId, entity, recordId],
    );
    return rows;
  },

  /** Unattached uploads of one user (what they may still attach). */
  async unattachedOf(s: SqlSession, tenantId: string, userId: string | null) {
    const { rows } = await s.query<AssetRow>(
      `SELECT ${COLUMNS} FROM "media_asset"
        WHERE "tenantId" = $1 AND "recordId" IS NULL AND "uploadedBy" IS NOT DISTINCT FROM $2
        ORDER BY "createdAt" DESC, "id" LIMIT 200`,
      [tenantId, userId],
    );
    return rows;
  },

  /**
   * Bytes the tenant keeps in storage, and its quota: the plan's `storageBytes` (runtime/src/plans),
   * else the tenant's `settings.mediaQuotaBytes`, else `fallback`.
   */
  async usage(
    s: SqlSession,
    tenantId: string,
    fallback: number,
  ): Promise<{ usedBytes: number; quotaBytes: number; files: number }> {
    const { rows } = await s.query<{ used: string; files: string; quota: string | null }>(
      `SELECT COALESCE((SELECT SUM("storedBytes") FROM "media_asset" WHERE "tenantId" = $1), 0)::text AS "used",
              (SELECT COUNT(*) FROM "media_asset" WHERE "tenantId" = $1)::text AS "files",
              COALESCE((SELECT l."max" FROM (${planLimitSql("storageBytes", "$1")}) l),
                       (SELECT "settings"->>'mediaQuotaBytes' FROM "tenant" WHERE "id" = $1)) AS "quota"`,
      [tenantId],
    );
    const quota = rows[0].quota !== null && /^\d+$/.test(rows[0].quota) ? Number(rows[0].quota) : fallback;
    return { usedBytes: Number(rows[0].used), quotaBytes: quota, files: Number(rows[0].files) };
  },

  /** Sets the caption and/or the alt text (a key left out stays as it is; null clears it). */
  async describe(
    s: SqlSession,
    tenantId: string,
    id: string,
    text: { caption?: string | null; alt?: string | null },
  ): Promise<void> {
    await s.query(
      `UPDATE "media_asset" SET "caption" = CASE WHEN $3 THEN $4 ELSE "caption" END,
         "alt" = CASE WHEN $5 THEN $6 ELSE "alt" END, "updatedAt" = now()
       WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id, "caption" in text, text.caption ?? null, "alt" in text, text.alt ?? null],
    );
  },

  /** Sets the bytes an asset takes in storage (its upload and its variants), before they are stored. */
  async reserve(s: SqlSession, tenantId: string, id: string, storedBytes: number): Promise<void> {
    await s.query(`UPDATE "media_asset" SET "storedBytes" = $3 WHERE "tenantId" = $1 AND "id" = $2`, [
      tenantId,
      id,
      storedBytes,
    ]);
  },

  /** Serializes quota checks of one tenant (until the transaction ends). */
  async lockTenant(s: SqlSession, tenantId: string): Promise<void> {
    await s.query(`SELECT pg_advisory_xact_lock(hashtext('mono-media:' || $1::text))`, [tenantId]);
  },

  async insert(
    s: SqlSession,
    row: Omit<
      AssetRow,
      | "createdAt"
      | "width"
      | "height"
      | "placeholder"
      | "metadata"
      | "variants"
      | "status"
      | "recordId"
      | "orphanedAt"
      | "caption"
      | "alt"
    >,
  ): Promise<void> {
    await s.query(
      `INSERT INTO "media_asset" ("id", "tenantId", "templateId", "entity", "field", "uploadedBy", "kind",
         "visibility", "status", "filename", "mime", "size", "sha256", "storageKey", "storedBytes")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'processing', $9, $10, $11, $12, $13, $14)`,
      [
        row.id,
        row.tenantId,
        row.templateId,
        row.entity,
        row.field,
        row.uploadedBy,
        row.kind,
        row.visibility,
        row.filename,
        row.mime,
        row.size,
        row.sha256,
        row.storageKey,
        row.storedBytes,
      ],
    );
  },

  async ready(
    s: SqlSession,
    tenantId: string,
    id: string,
    facts: {
      width: number | null;
      height: number | null;
      placeholder: string | null;
      metadata: Record<string, unknown>;
      variants: StoredVariant[];
      storedBytes: number;
    },
  ): Promise<void> {
    await s.query(
      `UPDATE "media_asset" SET "status" = 'ready', "width" = $3, "height" = $4, "placeholder" = $5,
         "metadata" = $6::jsonb, "variants" = $7::jsonb, "storedBytes" = $8, "updatedAt" = now()
       WHERE "tenantId" = $1 AND "id" = $2`,
      [
        tenantId,
        id,
        facts.width,
        facts.height,
        facts.placeholder,
        JSON.stringify(facts.metadata),
        JSON.stringify(facts.variants),
        facts.storedBytes,
      ],
    );
  },

  async remove(s: SqlSession, tenantId: string, ids: readonly string[]): Promise<void> {
    if (ids.length)
      await s.query(`DELETE FROM "media_asset" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`, [tenantId, ids]);
  },
};
