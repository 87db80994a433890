import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBuffer } from "file-type";

/** An upload written to a temporary file as it arrived: its size, hash and detected type. */
export interface Spooled {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** Detected from the first bytes (file-type), or null when no signature matched. */
  readonly mime: string | null;
  readonly ext: string | null;
}

/** Why a spool stopped early; the temp file is already gone. */
export class SpoolRefused extends Error {
  constructor(
    readonly reason: "too-large" | "type",
    readonly mime: string | null,
  ) {
    super(reason);
  }
}

/** file-type reads at most this much to decide. */
const SNIFF_BYTES = 4100;

/**
 * Streams `source` into a temp file under `tmpDir`: counts and hashes the bytes as they pass,
 * detects the type from the first 4100 bytes before anything more is written, and stops
 * (deleting the temp file) as soon as the type is refused or the size passes `maxBytes`.
 * Memory stays bounded by the stream's chunks and the 4 KB head.
 */
export async function spool(
  source: Readable,
  tmpDir: string,
  maxBytes: number,
  accepts: (mime: string | null) => boolean,
): Promise<Spooled> {
  await mkdir(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  let head: Buffer[] | null = [];
  let headSize = 0;
  let detected: { mime: string; ext: string } | undefined;
  const decide = async (): Promise<Buffer> => {
    const bytes = Buffer.concat(head!);
    head = null;
    detected = await fileTypeFromBuffer(bytes);
    if (!accepts(detected?.mime ?? null)) throw new SpoolRefused("type", detected?.mime ?? null);
    return bytes;
  };
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new SpoolRefused("too-large", detected?.mime ?? null));
      hash.update(chunk);
      if (!head) return done(null, chunk);
      head.push(chunk);
      headSize += chunk.length;
      if (headSize < SNIFF_BYTES) return done();
      decide().then(
        (bytes) => done(null, bytes),
        (err: Error) => done(err),
      );
    },
    flush(done) {
      if (!head) return done();
      decide().then(
        (bytes) => done(null, bytes),
        (err: Error) => done(err),
      );
    },
  });
  const out = createWriteStream(file);
  try {
    await pipeline(source, meter, out);
  } catch (err) {
    // A stream destroyed before its file opened still opens (creates) it, then closes it: wait for
    // that, or the file would appear after the rm below.
    if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
    await rm(file, { force: true });
    // @fastify/multipart ends the part at its own fileSize limit with this error.
    if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new SpoolRefused("too-large", null);
    throw err;
  }
  // The multipart limit may end the part quietly (truncated) instead of failing it.
  if ((source as { truncated?: boolean }).truncated) {
    await rm(file, { force: true });
    throw new SpoolRefused("too-large", detected?.mime ?? null);
  }
  return { path: file, size, sha256: hash.digest("hex"), mime: detected?.mime ?? null, ext: detected?.ext ?? null };
}
