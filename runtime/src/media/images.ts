import { createHash, randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { encode } from "blurhash";
import exifr from "exifr";
import sharp, { type FormatEnum, type Sharp } from "sharp";
import type { MediaFormat, MediaSpec } from "../../../engine/src/contract/media.ts";

/** One file made from an upload, still in the temp folder. */
export interface Rendition {
  /** Variant name, or `original` for the stripped full-size copy of an image without variants. */
  readonly name: string;
  readonly format: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly size: number;
  readonly sha256: string;
  readonly tempPath: string;
}

export interface ImageFacts {
  /** Width and height as displayed (EXIF orientation applied). */
  readonly width: number;
  readonly height: number;
  /** Blurhash of the image, 4×3 components. */
  readonly placeholder: string;
  /** EXIF as read from the original (GPS included), JSON-safe. */
  readonly metadata: Record<string, unknown>;
  readonly renditions: readonly Rendition[];
}

const FORMAT_MIME: Record<string, string> = {
  webp: "image/webp",
  avif: "image/avif",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
};

/** The format a stripped full-size copy keeps: the upload's own, except TIFF (browsers cannot show it). */
const ORIGINAL_FORMAT: Record<string, keyof typeof FORMAT_MIME> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/gif": "gif",
  "image/tiff": "jpeg",
};

/**
 * Everything the media capability learns from and makes of an image, with sharp and exifr:
 * the EXIF metadata (kept in the row only), orientation applied, dimensions, a blurhash
 * placeholder and the renditions the field declares (each at most its width, never enlarged, in
 * every format). sharp writes no metadata unless asked, so no rendition carries EXIF or GPS.
 * An image field without variants gets one stripped full-size copy instead, so a public URL
 * never serves the original's metadata.
 */
export async function processImage(
  original: string,
  mime: string,
  spec: MediaSpec,
  tmpDir: string,
): Promise<ImageFacts> {
  const metadata = jsonSafe(await readExif(original));
  const source = sharp(original, { failOn: "error" }).rotate();
  const info = await sharp(original).metadata();
  const width = info.autoOrient?.width ?? info.width ?? 0;
  const height = info.autoOrient?.height ?? info.height ?? 0;
  const placeholder = await blurhashOf(source.clone());
  const renditions: Rendition[] = [];
  try {
    const jobs: Promise<Rendition>[] = [];
    if (spec.variants.length)
      for (const variant of spec.variants)
        for (const format of spec.formats)
          jobs.push(render(source, variant.name, format, Math.min(variant.width, width), tmpDir));
    else jobs.push(render(source, "original", ORIGINAL_FORMAT[mime] ?? "jpeg", width, tmpDir));
    const settled = await Promise.allSettled(jobs);
    for (const s of settled) if (s.status === "fulfilled") renditions.push(s.value);
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (err) {
    for (const r of renditions) await rm(r.tempPath, { force: true });
    throw err;
  }
  return { width, height, placeholder, metadata, renditions };
}

async function render(
  source: Sharp,
  name: string,
  format: MediaFormat | keyof typeof FORMAT_MIME,
  width: number,
  tmpDir: string,
): Promise<Rendition> {
  const tempPath = path.join(tmpDir, `${randomUUID()}.${format}`);
  const pipeline = source.clone().resize({ width, withoutEnlargement: true });
  // Encoded to memory (a variant is small): hashed as it is, written once, never read back.
  const { data, info: out } = await pipeline
    .toFormat(format as keyof FormatEnum, format === "avif" ? { effort: 2 } : {})
    .toBuffer({ resolveWithObject: true });
  await writeFile(tempPath, data);
  const sha256 = createHash("sha256").update(data).digest("hex");
  return {
    name,
    format: format === "jpeg" ? "jpg" : format,
    mime: FORMAT_MIME[format],
    width: out.width,
    height: out.height,
    size: out.size,
    sha256,
    tempPath,
  };
}

async function blurhashOf(image: Sharp): Promise<string> {
  const { data, info } = await image
    .resize(32, 32, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}

async function readExif(file: string): Promise<Record<string, unknown>> {
  try {
    return ((await exifr.parse(file, { tiff: true, exif: true, gps: true, ifd1: false })) ?? {}) as Record<
      string,
      unknown
    >;
  } catch {
    // No EXIF segment, or one exifr cannot read: the image itself is still fine.
    return {};
  }
}

/** Dates as ISO text, binary values dropped, numbers and strings kept: what jsonb stores. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v instanceof Date) out[key] = Number.isNaN(v.getTime()) ? null : v.toISOString();
    else if (typeof v === "string") out[key] = v.replaceAll("\u0000", "");
    else if (typeof v === "number") out[key] = Number.isFinite(v) ? v : null;
    else if (typeof v === "boolean") out[key] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "number" || typeof x === "string")) out[key] = v;
  }
  return out;
}
