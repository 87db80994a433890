import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import multipart from "@fastify/multipart";
import type { Redis } from "ioredis";
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { mediaAccepts, type MediaSpec } from "../../../engine/src/contract/media.ts";
import type { EntityRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { EntityStore, EntityWriteHooks } from "../crud/index.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { processImage, type Rendition } from "./images.ts";
import { MediaAccess, type FieldRef } from "./media-access.ts";
import { BullMediaQueue } from "./media-queue.ts";
import { MediaWorker } from "./media-worker.ts";
import { keysOf, mediaSql, type AssetRow, type StoredVariant } from "./media-store.ts";
import { UrlSigner } from "./signed-urls.ts";
import { spool, SpoolRefused, type Spooled } from "./spool.ts";
import type { MediaStorage } from "./storage.ts";
import { noVirusScan, type VirusScan } from "./virus-scan.ts";

export interface MediaOptions {
  /** Where the files go (storage.ts: the local folder or an S3-compatible bucket). */
  readonly storage: MediaStorage;
  /** HMAC key of private media links (MONO_MEDIA_SECRET); servers behind one load balancer share it. */
  readonly secret: string;
  /** Folder for uploads in flight (default: the OS temp folder). */
  readonly tmpDir?: string;
  /** How long a signed link lives, in seconds (default 900). */
  readonly linkTtlSeconds?: number;
  /** Bytes a tenant may keep when its settings name no `mediaQuotaBytes` (MONO_MEDIA_QUOTA_BYTES; default 1 GiB). */
  readonly quotaBytes?: number;
  /** Unattached media older than this are swept (MONO_MEDIA_ORPHAN_HOURS; default 24 h). */
  readonly orphanTtlMs?: number;
  /** How often the sweeper runs; 0: never on its own (tests call `app.media.sweep()`). Default 10 min. */
  readonly sweepEveryMs?: number;
  /** The virus-scan hook (virus-scan.ts); default: none. */
  readonly scan?: VirusScan;
  /** The entity store the record checks read through (the entity routes' own). */
  readonly store: EntityStore;
  /**
   * Where image variants are made: `inline` in the upload request (the default), or `worker`:
   * the upload answers `queued` and a MediaWorker (media-worker.ts) makes them from the database
   * queue, in this process unless `worker` is false (then other processes run workers).
   */
  readonly variants?: "inline" | "worker";
  readonly worker?: boolean;
  /**
   * With `variants: "worker"`: dispatch variant jobs through BullMQ (REDIS_URL) instead of the
   * workers polling the table; the database row stays the truth. `worker` is the in-process
   * worker's own connection (`maxRetriesPerRequest: null`).
   */
  readonly redis?: { readonly queue: Redis; readonly worker: Redis; readonly prefix: string } | null;
  /**
   * Public files are served with `Cache-Control: public, max-age=<this>` (default 60 s): a file
   * whose record is deleted or hidden stops being served at once, but caches may keep it this long.
   */
  readonly publicMaxAgeSeconds?: number;
  /** How long the file routes remember a record check (media-access.ts; default 5 s). */
  readonly accessCacheMs?: number;
  /** The clock, for tests of link expiry. */
  readonly now?: () => number;
}

export interface MediaService {
  readonly storage: MediaStorage;
  readonly signer: UrlSigner;
  /** Deletes media of deleted records (or orphans them, per field) and unattached media past their time. */
  sweep(): Promise<{ deleted: number; orphaned: number }>;
  /** Entity write hooks: media ids in a body must be the caller's uploads of that field; writes attach them. */
  readonly hooks: EntityWriteHooks;
}

declare module "fastify" {
  interface FastifyInstance {
    media: MediaService;
  }
}

const GiB = 1024 * 1024 * 1024;

/**
 * The media capability: uploads (multipart, streamed to storage), image variants, signed and
 * public file URLs, record-scoped access, lifecycle. See README.md beside this file.
 */
export const mediaPlugin = fp(
  async (app: FastifyInstance, options: MediaOptions) => {
    const storage = options.storage;
    const signer = new UrlSigner(options.secret);
    const tmpDir = options.tmpDir ?? path.join(os.tmpdir(), "mono-media");
    const ttl = options.linkTtlSeconds ?? 900;
    const quotaDefault = options.quotaBytes ?? GiB;
    const orphanTtl = options.orphanTtlMs ?? 24 * 3600_000;
    const scan = options.scan ?? noVirusScan;
    const now = options.now ?? Date.now;
    const store = options.store;
    const authz = app.hasDecorator("authz") ? app.authz : null;
    const queued = options.variants === "worker";
    const bullQueue = queued && options.redis ? new BullMediaQueue(options.redis.queue, options.redis.prefix) : null;
    const worker =
      queued && options.worker !== false
        ? new MediaWorker({
            db: app.db,
            storage,
            registry: app.registry,
            tmpDir,
            quotaBytes: quotaDefault,
            bull: bullQueue && options.redis ? { queue: bullQueue, connection: options.redis.worker } : undefined,
            log: (err, message) => app.log.warn({ err }, message),
          })
        : null;

    const fieldOf = (templateId: string, entityName: string, field: string): FieldRef | null => {
      const template = app.registry.template(templateId);
      const entity = template?.entities.find((e) => e.name === entityName);
      const spec = entity?.fields.find((f) => f.name === field)?.media;
      return template && entity && spec ? { template, entity, field, spec: spec as MediaSpec } : null;
    };
    const access = new MediaAccess(app, store, fieldOf, options.accessCacheMs ?? 5000, now);
    const publicCache = `public, max-age=${options.publicMaxAgeSeconds ?? 60}`;

    const userOf = (request: FastifyRequest): string | null =>
      request.identity?.userId ??
      (typeof request.headers["x-user-id"] === "string" ? request.headers["x-user-id"] : null);

    // ---- what a caller may see -------------------------------------------------------------

    /**
     * Media of a record follow the record: visible when the caller can read the record and its
     * media field (through the entity store's read path, rules compiled in) and the field holds
     * the id. Unattached media are their uploader's only.
     */
    const visible = async (request: FastifyRequest, row: AssetRow): Promise<boolean> => {
      if (row.status !== "ready" && row.status !== "queued") return row.uploadedBy === userOf(request) && !row.recordId;
      if (!row.recordId) return row.uploadedBy !== null ? row.uploadedBy === userOf(request) : !authz;
      const ref = fieldOf(row.templateId, row.entity, row.field);
      if (!ref) return false;
      const target = await store.target(row.tenantId, ref.template, ref.entity);
      const t = authz ? { ...target, access: await authz.caller(request) } : target;
      try {
        const record = await store.sessions.run(row.tenantId, (s) =>
          store.get(t, row.recordId!, { fields: ref.field }, s),
        );
        const value = record?.[ref.field];
        return Array.isArray(value) ? value.includes(row.id) : value === row.id;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return false;
        throw err;
      }
    };

    /**
     * Public URLs only for media anyone may see (a public field of a record anonymous callers
     * can read, the field gate included); everything else — private fields, records that need
     * signing in, unattached uploads — gets signed links that expire.
     */
    const urlOf = (key: string, anyone: boolean): string =>
      anyone ? `/media/files/${key}` : signer.sign(key, Math.floor(now() / 1000) + ttl);

    /** The file a client shows: a document itself; for images the widest variant (first format) or the stripped copy. */
    const mainKey = (row: AssetRow): string => {
      if (row.kind === "document") return row.storageKey;
      const widest = [...row.variants].sort((a, b) => b.width - a.width)[0];
      return widest?.key ?? row.storageKey;
    };

    const view = async (request: FastifyRequest, row: AssetRow) => {
      const ref = fieldOf(row.templateId, row.entity, row.field);
      const anyone = await access.anyoneMayRead(row);
      return {
        id: row.id,
        kind: row.kind,
        status: row.status,
        entity: ref ? `${row.templateId}:${ref.entity.apiName}` : row.entity,
        field: row.field,
        recordId: row.recordId,
        filename: row.filename,
        mime: row.mime,
        size: row.size,
        sha256: row.sha256,
        width: row.width,
        height: row.height,
        placeholder: row.placeholder,
        visibility: row.visibility,
        url: row.status === "ready" ? urlOf(mainKey(row), anyone) : null,
        variants: row.variants.map((v) => ({
          name: v.name,
          format: v.format,
          mime: v.mime,
          width: v.width,
          height: v.height,
          size: v.size,
          url: urlOf(v.key, anyone),
        })),
        caption: row.caption,
        alt: row.alt,
        createdAt: new Date(row.createdAt).toISOString(),
        // EXIF (GPS included) is its uploader's: nobody else reads where a photo was taken.
        ...(row.uploadedBy !== null && row.uploadedBy === userOf(request) ? { metadata: row.metadata } : {}),
      };
    };

    // ---- uploads ---------------------------------------------------------------------------

    const resolveField = (request: FastifyRequest, query: { entity: string; field: string }): FieldRef => {
      const tenant = request.tenant!;
      const resolved = app.registry.resolveEntity(tenant.templates.keys(), query.entity);
      if (!resolved || resolved === "ambiguous")
        throw new ApiError("RT_ERR_VALIDATION", "No such entity here.", [
          {
            pointer: "/query/entity",
            message: resolved ? "is ambiguous: prefix it with its template id" : "is not an entity of this marketplace",
          },
        ]);
      const field = resolved.entity.fields.find((f) => f.name === query.field);
      if (!field?.media)
        throw new ApiError("RT_ERR_VALIDATION", "No such media field.", [
          { pointer: "/query/field", message: `is not a media field of ${resolved.entity.name}` },
        ]);
      return {
        template: resolved.template,
        entity: resolved.entity,
        field: field.name,
        spec: field.media as MediaSpec,
      };
    };

    /**
     * Uploads need a caller who may create or update records of the entity **and** write the
     * media field on that create or update (its field rule, `access.fields.<field>.write`), with
     * authorization on.
     */
    const mayUpload = async (request: FastifyRequest, ref: FieldRef): Promise<void> => {
      if (!authz) return;
      const target = await store.target(request.tenant!.id, ref.template, ref.entity);
      const caller = await authz.caller(request);
      const owner = authz.owner(request, caller);
      const view = target.view;
      const creates = caller.create(view, owner).kind !== "none";
      const updates = caller.rows(view, "update").kind !== "none";
      if (!creates && !updates) {
        if (!caller.signedIn) throw new ApiError("RT_ERR_UNAUTHENTICATED", "Sign in to upload media.");
        throw new ApiError("RT_ERR_FORBIDDEN", `You may not add media to ${ref.entity.name} records.`);
      }
      const writes =
        (creates && caller.fieldWrite(view, ref.field, "create", owner).kind !== "none") ||
        (updates && caller.fieldWrite(view, ref.field, "update", owner).kind !== "none");
      if (!writes)
        throw new ApiError("RT_ERR_FORBIDDEN", `You may not set ${ref.field} of ${ref.entity.name} records.`, [
          { pointer: "/query/field", message: `${ref.field} may not be written by you` },
        ]);
    };

    const quotaProblem = (used: number, quota: number, more: number) =>
      new ApiError(
        "RT_ERR_MEDIA_QUOTA",
        `This marketplace keeps ${used} of its ${quota} bytes of media; ${more} more do not fit.`,
        [{ pointer: "/body/file", message: "does not fit in the marketplace's storage quota" }],
        { usedBytes: used, quotaBytes: quota },
      );

    const fileProblem = (refused: SpoolRefused, spec: MediaSpec) =>
      refused.reason === "too-large"
        ? new ApiError("RT_ERR_PAYLOAD_TOO_LARGE", `The file is larger than ${spec.maxBytes} bytes.`, [
            { pointer: "/body/file", message: `must be at most ${spec.maxBytes} bytes` },
          ])
        : new ApiError(
            "RT_ERR_UNSUPPORTED_MEDIA_TYPE",
            refused.mime
              ? `The file's content is ${refused.mime}, which this field does not accept.`
              : "The file's content is not a type this field accepts (none could be recognised).",
            [{ pointer: "/body/file", message: `must be one of ${spec.accept.join(", ")} (by content)` }],
          );

    /** Stores the upload and what is made of it; removes every file again when anything fails. */
    const ingest = async (request: FastifyRequest, ref: FieldRef, spooled: Spooled, filename: string) => {
      const tenantId = request.tenant!.id;
      const id = randomUUID();
      const ext = spooled.ext ?? "bin";
      const sourceKey = `${tenantId}/${id}/source-${spooled.sha256.slice(0, 12)}.${ext}`;
      const stored: string[] = [];
      let renditions: Rendition[] = [];
      try {
        // Reserve the bytes under the tenant's lock: two uploads cannot both take the last of the quota.
        await app.db.transaction(async (s) => {
          await mediaSql.lockTenant(s, tenantId);
          const usage = await mediaSql.usage(s, tenantId, quotaDefault);
          if (usage.usedBytes + spooled.size > usage.quotaBytes)
            throw quotaProblem(usage.usedBytes, usage.quotaBytes, spooled.size);
          await mediaSql.insert(s, {
            id,
            tenantId,
            templateId: ref.template.id,
            entity: ref.entity.name,
            field: ref.field,
            uploadedBy: userOf(request),
            kind: ref.spec.kind,
            visibility: ref.spec.visibility,
            filename: filename.slice(0, 255) || "file",
            mime: spooled.mime!,
            size: spooled.size,
            sha256: spooled.sha256,
            storageKey: sourceKey,
            storedBytes: spooled.size,
          });
        });
        let facts = {
          width: null as number | null,
          height: null as number | null,
          placeholder: null as string | null,
          metadata: {} as Record<string, unknown>,
        };
        const image = ref.spec.kind === "image";
        if (image && queued) {
          // The worker makes the variants from the stored upload; the row is its queue entry.
          await storage.putFile(sourceKey, spooled.path, spooled.mime!, spooled.size);
          stored.push(sourceKey);
          await app.db.query(
            `UPDATE "media_asset" SET "status" = 'queued', "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
            [tenantId, id],
          );
          // Not awaited: with Redis down the answer does not wait; the row is the truth and a
          // worker's sweeper dispatches what never reached the queue.
          if (bullQueue)
            void bullQueue.dispatch({ tenantId, id }).catch((err: unknown) => app.log.warn({ err }, "media dispatch"));
          else worker?.wake();
          return (await mediaSql.get(app.db, tenantId, id))!;
        }
        if (image) {
          try {
            const image = await processImage(spooled.path, spooled.mime!, ref.spec, tmpDir);
            renditions = [...image.renditions];
            facts = image;
          } catch {
            throw new ApiError("RT_ERR_UNPROCESSABLE", "The image cannot be read.", [
              { pointer: "/body/file", message: "is not a readable image" },
            ]);
          }
        }
        if (renditions.length) {
          // The quota counts what is made of an upload too: reserve the variants' bytes before storing them.
          const total = spooled.size + renditions.reduce((n, r) => n + r.size, 0);
          await app.db.transaction(async (s) => {
            await mediaSql.lockTenant(s, tenantId);
            const usage = await mediaSql.usage(s, tenantId, quotaDefault);
            const others = usage.usedBytes - spooled.size;
            if (others + total > usage.quotaBytes) throw quotaProblem(others, usage.quotaBytes, total);
            await mediaSql.reserve(s, tenantId, id, total);
          });
        }
        await storage.putFile(sourceKey, spooled.path, spooled.mime!, spooled.size);
        stored.push(sourceKey);
        const variants: StoredVariant[] = [];
        for (const r of renditions) {
          const key = `${tenantId}/${id}/${r.name}-${r.sha256.slice(0, 12)}.${r.format}`;
          await storage.putFile(key, r.tempPath, r.mime, r.size);
          stored.push(key);
          variants.push({
            name: r.name,
            format: r.format,
            mime: r.mime,
            width: r.width,
            height: r.height,
            size: r.size,
            key,
          });
        }
        const storedBytes = spooled.size + variants.reduce((n, v) => n + v.size, 0);
        await mediaSql.ready(app.db, tenantId, id, { ...facts, variants, storedBytes });
        return (await mediaSql.get(app.db, tenantId, id))!;
      } catch (err) {
        await storage.remove(stored).catch(() => {});
        for (const r of renditions) await rm(r.tempPath, { force: true });
        await mediaSql.remove(app.db, tenantId, [id]).catch(() => {});
        throw err;
      } finally {
        await rm(spooled.path, { force: true });
      }
    };

    // ---- lifecycle ---------------------------------------------------------------------------

    const sweep = async (): Promise<{ deleted: number; orphaned: number }> => {
      let deleted = 0;
      let orphaned = 0;
      const gone = async (rows: AssetRow[]) => {
        for (const row of rows) {
          await storage.remove(keysOf(row));
          await mediaSql.remove(app.db, row.tenantId, [row.id]);
          deleted++;
        }
      };
      // Media of records that no longer exist (or are soft-deleted): deleted or orphaned per field.
      const { rows: groups } = await app.db.query<{ templateId: string; entity: string; field: string }>(
        `SELECT DISTINCT "templateId", "entity", "field" FROM "media_asset" WHERE "recordId" IS NOT NULL`,
      );
      for (const g of groups) {
        const ref = fieldOf(g.templateId, g.entity, g.field);
        if (!ref || ref.entity.draft) continue;
        const live = ref.entity.softDelete ? ` AND r."deletedAt" IS NULL` : "";
        const { rows } = await app.db.query<AssetRow>(
          `SELECT a.* FROM "media_asset" a
            WHERE a."templateId" = $1 AND a."entity" = $2 AND a."field" = $3 AND a."recordId" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "${ref.entity.table}" r
                               WHERE r."tenantId" = a."tenantId" AND r."id" = a."recordId"${live})`,
          [g.templateId, g.entity, g.field],
        );
        if (ref.spec.onDelete === "delete") await gone(rows);
        else
          for (const row of rows) {
            await app.db.query(
              `UPDATE "media_asset" SET "recordId" = NULL, "orphanedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
              [row.tenantId, row.id],
            );
            orphaned++;
          }
      }
      // Unattached media past their time: uploads never attached, and orphans.
      const cutoff = new Date(now() - orphanTtl);
      const { rows: stale } = await app.db.query<AssetRow>(
        `SELECT * FROM "media_asset"
          WHERE "recordId" IS NULL AND COALESCE("orphanedAt", "createdAt") < $1 LIMIT 1000`,
        [cutoff],
      );
      await gone(stale);
      return { deleted, orphaned };
    };

    // ---- record writes -------------------------------------------------------------------------

    const mediaFields = (entity: EntityRegistry) => entity.fields.filter((f) => f.media);
    const idsIn = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.filter((v): v is string => typeof v === "string")
        : typeof value === "string"
          ? [value]
          : [];

    const hooks: EntityWriteHooks = {
      applies: (t) => t.view.storage.kind !== "draft" && mediaFields(t.view.entity).length > 0,
      async before(request, t, _op, body, id, session) {
        if (!body || typeof body !== "object") return null;
        const errors: FieldError[] = [];
        for (const field of mediaFields(t.view.entity)) {
          const ids = idsIn((body as Record<string, unknown>)[field.name]);
          if (!ids.length) continue;
          const rows = new Map((await mediaSql.lockMany(session, t.tenantId, ids)).map((r) => [r.id, r]));
          ids.forEach((mediaId, i) => {
            const at = Array.isArray((body as Record<string, unknown>)[field.name])
              ? `/body/${field.name}/${i}`
              : `/body/${field.name}`;
            const row = rows.get(mediaId);
            const mine = row && (row.uploadedBy === userOf(request) || (!authz && row.uploadedBy === null));
            const ok =
              row &&
              row.templateId === t.view.template.id &&
              row.entity === t.view.entity.name &&
              row.field === field.name &&
              (row.status === "ready" || row.status === "queued") &&
              (row.recordId === null ? mine : row.recordId === id);
            if (!ok) errors.push({ pointer: at, message: `is not a media upload of yours for ${field.name}` });
          });
        }
        if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some media ids cannot be used here.", errors);
        return null;
      },
      async after(_request, t, _op, row, body, _state, session) {
        if (!body || typeof body !== "object") return [];
        const recordId = row.id as string;
        for (const field of mediaFields(t.view.entity)) {
          if (!(field.name in (body as object))) continue;
          const ids = idsIn((body as Record<string, unknown>)[field.name]);
          await session.query(
            `UPDATE "media_asset" SET "recordId" = $4, "orphanedAt" = NULL, "updatedAt" = now()
              WHERE "tenantId" = $1 AND "id" = ANY($5::uuid[]) AND "templateId" = $2 AND "entity" = $3 AND "recordId" IS NULL`,
            [t.tenantId, t.view.template.id, t.view.entity.name, recordId, ids],
          );
          // Media the field no longer holds are orphans now (swept after the orphan time).
          await session.query(
            `UPDATE "media_asset" SET "recordId" = NULL, "orphanedAt" = now(), "updatedAt" = now()
              WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "field" = $4 AND "recordId" = $5
                AND NOT ("id" = ANY($6::uuid[]))`,
            [t.tenantId, t.view.template.id, t.view.entity.name, field.name, recordId, ids],
          );
        }
        return [];
      },
    };

    app.decorate("media", { storage, signer, sweep, hooks } satisfies MediaService);

    const every = options.sweepEveryMs ?? 600_000;
    const timer =
      every > 0
        ? setInterval(() => {
            sweep().catch((err: unknown) => app.log.warn({ err }, "media sweep failed"));
          }, every)
        : null;
    timer?.unref();
    worker?.start();
    app.addHook("onClose", async () => {
      if (timer) clearInterval(timer);
      await worker?.stop();
      await bullQueue?.close();
    });

    // ---- routes ------------------------------------------------------------------------------

    await app.register(async (api) => {
      await api.register(multipart, {
        limits: { files: 1, fields: 0, parts: 1, fileSize: GiB, headerPairs: 200 },
        throwFileSizeLimit: true,
      });
      const config: FastifyContextConfig = authz ? { tenant: true, auth: "optional" } : { tenant: true };

      api.post(
        "/api/v1/tenant/media",
        { config, schema: uploadSchema },
        async (request: FastifyRequest, reply: FastifyReply) => {
          const query = request.query as { entity: string; field: string };
          const ref = resolveField(request, query);
          await mayUpload(request, ref);
          const tenantId = request.tenant!.id;
          // A tenant already at its quota is told before a byte is read.
          const usage = await mediaSql.usage(app.db, tenantId, quotaDefault);
          if (usage.usedBytes >= usage.quotaBytes) throw quotaProblem(usage.usedBytes, usage.quotaBytes, 1);
          let part;
          try {
            part = await request.file({ limits: { fileSize: ref.spec.maxBytes, files: 1 } });
          } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === "FST_INVALID_MULTIPART_CONTENT_TYPE")
              throw new ApiError("RT_ERR_UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data.", [
                { pointer: "/body", message: "must be multipart/form-data with one file part" },
              ]);
            throw err;
          }
          if (!part)
            throw new ApiError("RT_ERR_VALIDATION", "The request has no file.", [
              { pointer: "/body/file", message: "is required" },
            ]);
          let spooled: Spooled;
          try {
            spooled = await spool(
              part.file,
              tmpDir,
              ref.spec.maxBytes,
              (mime) => mime !== null && mediaAccepts(ref.spec, mime),
            );
          } catch (err) {
            if (err instanceof SpoolRefused) throw fileProblem(err, ref.spec);
            throw err;
          }
          const verdict = await scan({ path: spooled.path, mime: spooled.mime!, size: spooled.size });
          if (!verdict.clean) {
            await rm(spooled.path, { force: true });
            throw new ApiError("RT_ERR_UNPROCESSABLE", "The file was refused by the virus scan.", [
              { pointer: "/body/file", message: verdict.reason ?? "is infected" },
            ]);
          }
          const row = await ingest(request, ref, spooled, part.filename);
          reply.header("location", `/api/v1/tenant/media/${row.id}`);
          return reply.code(201).send(await view(request, row));
        },
      );

      api.get("/api/v1/tenant/media/usage", { config, schema: usageSchema }, async (request) => {
        if (authz) {
          const access = await authz.caller(request);
          if (!access.signedIn) throw new ApiError("RT_ERR_UNAUTHENTICATED", "Sign in to see the media usage.");
        }
        return mediaSql.usage(app.db, request.tenant!.id, quotaDefault);
      });

      api.get("/api/v1/tenant/media/:id", { config, schema: getSchema }, async (request) => {
        const { id } = request.params as { id: string };
        const row = await mediaSql.get(app.db, request.tenant!.id, id);
        if (!row || !(await visible(request, row))) throw new ApiError("RT_ERR_NOT_FOUND", "No such media.");
        return await view(request, row);
      });

      api.get("/api/v1/tenant/media", { config, schema: listSchema }, async (request) => {
        const q = request.query as { entity?: string; record?: string };
        const tenantId = request.tenant!.id;
        if (q.entity === undefined || q.record === undefined) {
          // Without a record: the caller's own unattached uploads.
          const rows = await mediaSql.unattachedOf(app.db, tenantId, userOf(request));
          return { data: await Promise.all(rows.map((r) => view(request, r))) };
        }
        const resolved = app.registry.resolveEntity(request.tenant!.templates.keys(), q.entity);
        if (!resolved || resolved === "ambiguous")
          throw new ApiError("RT_ERR_VALIDATION", "No such entity here.", [
            { pointer: "/query/entity", message: "is not an entity of this marketplace" },
          ]);
        const rows = await mediaSql.ofRecord(app.db, tenantId, resolved.template.id, resolved.entity.name, q.record);
        const shown: Awaited<ReturnType<typeof view>>[] = [];
        for (const row of rows) if (await visible(request, row)) shown.push(await view(request, row));
        return { data: shown };
      });

      api.patch("/api/v1/tenant/media/:id", { config, schema: patchSchema }, async (request) => {
        const { id } = request.params as { id: string };
        const body = request.body as { caption?: string | null; alt?: string | null };
        const tenantId = request.tenant!.id;
        const row = await mediaSql.get(app.db, tenantId, id);
        if (!row || !(await visible(request, row))) throw new ApiError("RT_ERR_NOT_FOUND", "No such media.");
        if (row.recordId) {
          // An attached item's texts are part of its record: the caller must be able to update the record's field.
          const ref = fieldOf(row.templateId, row.entity, row.field);
          if (!ref) throw new ApiError("RT_ERR_NOT_FOUND", "No such media.");
          const target = await store.target(tenantId, ref.template, ref.entity);
          const t = authz ? { ...target, access: await authz.caller(request) } : target;
          const probe = await store.sessions.run(tenantId, (s) => store.probeUpdate(t, row.recordId!, [ref.field], s));
          if (!probe.readable) throw new ApiError("RT_ERR_NOT_FOUND", "No such media.");
          if (!probe.allowed || !probe.writable[0])
            throw new ApiError("RT_ERR_FORBIDDEN", `You may not change ${ref.field} of this ${ref.entity.name}.`, [
              { pointer: "/params/id", message: `belongs to ${ref.field}, which you may not change` },
            ]);
        }
        await mediaSql.describe(app.db, tenantId, id, body);
        return await view(request, (await mediaSql.get(app.db, tenantId, id))!);
      });

      api.delete("/api/v1/tenant/media/:id", { config, schema: deleteSchema }, async (request, reply) => {
        const { id } = request.params as { id: string };
        const tenantId = request.tenant!.id;
        const row = await mediaSql.get(app.db, tenantId, id);
        if (!row || !(await visible(request, row))) throw new ApiError("RT_ERR_NOT_FOUND", "No such media.");
        if (row.recordId)
          throw new ApiError("RT_ERR_CONFLICT", "The media belongs to a record: remove it from the record's field.", [
            { pointer: "/params/id", message: "is attached to a record" },
          ]);
        await storage.remove(keysOf(row));
        await mediaSql.remove(app.db, tenantId, [id]);
        return reply.code(204).send();
      });
    });

    // Files: public ones by their key while anyone may read them, others by a signed link. No
    // tenant header: the tenant is in the key, and the row must agree.
    const sendFile = async (
      request: FastifyRequest,
      reply: FastifyReply,
      row: AssetRow,
      key: string,
      cache: string,
    ) => {
      const variant = row.variants.find((v) => v.key === key);
      if (!variant && key !== row.storageKey) throw new ApiError("RT_ERR_NOT_FOUND", "No such file.");
      // An image's upload itself (with its EXIF) is never served: only what was made of it.
      if (!variant && row.kind === "image") throw new ApiError("RT_ERR_NOT_FOUND", "No such file.");
      const etag = `"${key.split("/").pop()}"`;
      reply.header("cache-control", cache).header("x-content-type-options", "nosniff").header("etag", etag);
      // Keys never get other bytes: a cache revalidating (after the checks above) needs no body.
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      const file = await storage.get(key);
      if (!file) throw new ApiError("RT_ERR_NOT_FOUND", "No such file.");
      if (file.size !== null) reply.header("content-length", file.size);
      if (row.kind === "document")
        reply.header("content-disposition", `attachment; filename="${row.filename.replace(/[^\w.-]/g, "_")}"`);
      return reply.type(variant?.mime ?? row.mime).send(file.body);
    };
    const fileParams = {
      type: "object",
      required: ["tenantId", "assetId", "file"],
      properties: {
        tenantId: { type: "string", format: "uuid" },
        assetId: { type: "string", format: "uuid" },
        file: { type: "string", pattern: "^[a-z0-9][a-z0-9.-]{0,80}$" },
      },
    };
    app.get(
      "/media/files/:tenantId/:assetId/:file",
      { schema: { hide: true, params: fileParams } },
      async (request, reply) => {
        const p = request.params as { tenantId: string; assetId: string; file: string };
        const row = await mediaSql.get(app.db, p.tenantId, p.assetId);
        // Checked at every request: the record still exists, still holds the file in its field, and
        // anyone may read both. Otherwise the file is not public (any more): 404.
        if (!row || !(await access.anyoneMayRead(row))) throw new ApiError("RT_ERR_NOT_FOUND", "No such file.");
        return sendFile(request, reply, row, `${p.tenantId}/${p.assetId}/${p.file}`, publicCache);
      },
    );
    app.get(
      "/media/signed/:tenantId/:assetId/:file",
      { schema: { hide: true, params: fileParams } },
      async (request, reply) => {
        const p = request.params as { tenantId: string; assetId: string; file: string };
        const q = request.query as { expires?: string; signature?: string };
        const key = `${p.tenantId}/${p.assetId}/${p.file}`;
        const verdict = signer.verify(key, q.expires, q.signature, now());
        if (verdict === "invalid") throw new ApiError("RT_ERR_FORBIDDEN", "The link is not valid.");
        if (verdict === "expired")
          throw new ApiError("RT_ERR_MEDIA_LINK_EXPIRED", "The link has expired; ask for a new one.");
        const row = await mediaSql.get(app.db, p.tenantId, p.assetId);
        // A true link of a file whose record was deleted, or that its field no longer holds, is dead.
        if (!row || row.status !== "ready" || !(await access.stillThere(row)))
          throw new ApiError("RT_ERR_NOT_FOUND", "No such file.");
        const left = Math.max(0, Number(q.expires) - Math.floor(now() / 1000));
        return sendFile(request, reply, row, key, `private, max-age=${left}`);
      },
    );
  },
  { name: "mono-media" },
);

// ---- route schemas (OpenAPI documents exactly these) -------------------------------------------

const mediaView = {
  type: "object",
  required: ["id", "kind", "status", "entity", "field", "recordId", "mime", "size", "visibility", "url", "variants"],
  properties: {
    id: { type: "string", format: "uuid" },
    kind: { type: "string", enum: ["image", "document"] },
    status: {
      type: "string",
      enum: ["processing", "queued", "ready", "failed"],
      description: "`queued`: the variants are being made by a worker; the URLs come with `ready`.",
    },
    entity: { type: "string", description: "`<template>:<entity api name>` of the media field." },
    field: { type: "string" },
    recordId: {
      type: ["string", "null"],
      format: "uuid",
      description: "The record holding it; null while unattached.",
    },
    filename: { type: "string" },
    mime: { type: "string", description: "Detected from the content." },
    size: { type: "integer" },
    sha256: { type: "string" },
    width: { type: ["integer", "null"] },
    height: { type: ["integer", "null"] },
    placeholder: { type: ["string", "null"], description: "Blurhash of an image." },
    visibility: { type: "string", enum: ["public", "private"] },
    url: {
      type: ["string", "null"],
      description:
        "The file to show. `/media/files/…` (cacheable for a short time) when anyone may see it: a public field of a record anonymous callers can read. Otherwise (private fields, records that need signing in, unattached uploads) a signed `/media/signed/…` URL that expires (`linkTtlSeconds`, default 900 s).",
    },
    variants: {
      type: "array",
      items: {
        type: "object",
        properties: {
          name: { type: "string" },
          format: { type: "string" },
          mime: { type: "string" },
          width: { type: "integer" },
          height: { type: "integer" },
          size: { type: "integer" },
          url: { type: "string" },
        },
      },
    },
    caption: { type: ["string", "null"], description: "What a person reads under it (PATCH sets it)." },
    alt: { type: ["string", "null"], description: "Its text alternative for screen readers (PATCH sets it)." },
    createdAt: { type: "string", format: "date-time" },
    metadata: {
      type: "object",
      additionalProperties: true,
      description: "EXIF of an image as uploaded (GPS included): only for its uploader.",
    },
  },
};
const tags = ["media"];
const idParams = { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } };
const uploadSchema = {
  tags,
  description:
    "multipart/form-data with one file part. The type is detected from the content; the size is enforced while the file streams (413), the tenant's quota before it is stored (413, RT_ERR_MEDIA_QUOTA).",
  consumes: ["multipart/form-data"],
  querystring: {
    type: "object",
    required: ["entity", "field"],
    additionalProperties: false,
    properties: {
      entity: {
        type: "string",
        minLength: 1,
        maxLength: 200,
        description: "Entity API name (`<template>:<name>` when ambiguous).",
      },
      field: { type: "string", minLength: 1, maxLength: 40, description: "Its media field." },
    },
  },
  response: { 201: { ...mediaView, description: "The stored media." } },
};
const getSchema = { tags, params: idParams, response: { 200: { ...mediaView, description: "The media." } } };
const patchSchema = {
  tags,
  description:
    "Sets the caption and/or alt text of a media item (a key left out stays; null clears it): an unattached upload's by its uploader, an attached one's by whoever may update its record's media field.",
  params: idParams,
  body: {
    type: "object",
    additionalProperties: false,
    minProperties: 1,
    properties: {
      caption: { type: ["string", "null"], maxLength: 500 },
      alt: { type: ["string", "null"], maxLength: 300 },
    },
  },
  response: { 200: { ...mediaView, description: "The media with its new texts." } },
};
const deleteSchema = { tags, params: idParams, response: { 204: { type: "null", description: "Deleted." } } };
const listSchema = {
  tags,
  querystring: {
    type: "object",
    additionalProperties: false,
    properties: {
      entity: { type: "string", minLength: 1, maxLength: 200 },
      record: { type: "string", format: "uuid" },
    },
  },
  response: {
    200: {
      type: "object",
      description: "The media the caller may see.",
      required: ["data"],
      properties: { data: { type: "array", items: mediaView } },
    },
  },
};
const usageSchema = {
  tags,
  response: {
    200: {
      type: "object",
      required: ["usedBytes", "quotaBytes", "files"],
      description: "Bytes in storage (uploads and variants), the quota and the number of files.",
      properties: { usedBytes: { type: "integer" }, quotaBytes: { type: "integer" }, files: { type: "integer" } },
    },
  },
};
