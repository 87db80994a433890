import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, copyFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";

/**
 * Where media files live: one port, two adapters. Keys are relative paths
 * (`<tenantId>/<assetId>/<file>`); every file is written once under its key and never changed.
 */
export interface MediaStorage {
  readonly kind: "local" | "s3";
  /** Moves (local) or uploads (S3) a finished temporary file under `key`; the temp file is gone after. */
  putFile(key: string, tempPath: string, contentType: string, size: number): Promise<void>;
  /** The file's bytes, or null when there is none under `key`. */
  get(key: string): Promise<{ body: Readable; size: number | null } | null>;
  /** Removes the files (missing ones are fine). */
  remove(keys: readonly string[]): Promise<void>;
}

const SAFE_KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/[a-z0-9][a-z0-9.-]{0,80}$/;

/** Keys are built by the media capability only; anything else (a `..`) is refused here too. */
export function assertKey(key: string): string {
  if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`not a media key: ${key}`);
  return key;
}

/** The local folder (MONO_MEDIA_DIR): one file per key below it. */
export class LocalStorage implements MediaStorage {
  readonly kind = "local";
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, ...assertKey(key).split("/"));
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(tempPath, target);
    } catch (err) {
      // Another file system (the temp folder on another mount): copy, then drop the temp file.
      if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
      await copyFile(tempPath, target);
      await rm(tempPath, { force: true });
    }
  }

  async get(key: string): Promise<{ body: Readable; size: number | null } | null> {
    const file = this.file(key);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    return { body: createReadStream(file), size: info.size };
  }

  async remove(keys: readonly string[]): Promise<void> {
    for (const key of keys) await rm(this.file(key), { force: true });
    // Drop the asset's folder when it is empty (best effort).
    for (const dir of new Set(keys.map((k) => path.dirname(this.file(k)))))
      await rm(dir, { recursive: false }).catch(() => {});
  }
}

/** The MONO_S3_* settings. */
export interface S3Settings {
  readonly endpoint?: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO, s3rver and most self-hosted stores need it. */
  readonly forcePathStyle: boolean;
  /** A prefix inside the bucket, e.g. `media/`. */
  readonly prefix?: string;
}

/** Any S3-compatible store (AWS S3, R2, MinIO) through @aws-sdk/client-s3. */
export class S3Storage implements MediaStorage {
  readonly kind = "s3";
  private readonly client: S3Client;
  constructor(readonly settings: S3Settings) {
    const config: S3ClientConfig = {
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      // Checksums only where S3 requires them: by default the SDK sends bodies aws-chunked with a
      // trailing CRC, which several S3-compatible stores (s3rver, older MinIO) store as the bytes.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
    };
    this.client = new S3Client(config);
  }

  private key(key: string): string {
    return `${this.settings.prefix ?? ""}${assertKey(key)}`;
  }

  async putFile(key: string, tempPath: string, contentType: string, size: number): Promise<void> {
    try {
      // A file stream with its length: the SDK streams it (never reads it into memory).
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.key(key),
          Body: createReadStream(tempPath),
          ContentLength: size,
          ContentType: contentType,
        }),
      );
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  async get(key: string): Promise<{ body: Readable; size: number | null } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
      return { body: out.Body as Readable, size: out.ContentLength ?? null };
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === "NoSuchKey" || name === "NotFound") return null;
      throw err;
    }
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (!keys.length) return;
    await this.client.send(
      new DeleteObjectsCommand({
        Bucket: this.settings.bucket,
        Delete: { Objects: keys.map((k) => ({ Key: this.key(k) })), Quiet: true },
      }),
    );
  }

  close(): void {
    this.client.destroy();
  }
}

/** The storage the environment asks for: S3 when MONO_S3_BUCKET is set, else the local folder. */
export function storageFromEnv(env: NodeJS.ProcessEnv, defaultDir: string): MediaStorage {
  const bucket = env.MONO_S3_BUCKET?.trim();
  if (!bucket) return new LocalStorage(path.resolve(env.MONO_MEDIA_DIR ?? defaultDir));
  return new S3Storage({
    bucket,
    endpoint: env.MONO_S3_ENDPOINT?.trim() || undefined,
    region: env.MONO_S3_REGION?.trim() || "auto",
    accessKeyId: env.MONO_S3_ACCESS_KEY_ID?.trim() || undefined,
    secretAccessKey: env.MONO_S3_SECRET_ACCESS_KEY?.trim() || undefined,
    forcePathStyle: /^(1|true|yes|on)$/i.test(env.MONO_S3_FORCE_PATH_STYLE ?? ""),
    prefix: env.MONO_S3_PREFIX?.trim() || undefined,
  });
}
