/**
 * Media fields (`x-media` in a template): what a field accepts and how its files are kept. The
 * engine normalizes the template's declaration into a `MediaSpec`; the generators carry it into
 * the registry, the forms and OpenAPI; the runtime's media capability (runtime/src/media)
 * enforces it on upload and makes the variants.
 */

/** Images get variants; documents are kept as uploaded. */
export type MediaKind = "image" | "document";
export type MediaVisibility = "public" | "private";
/** Output formats of image variants (sharp encoders). */
export type MediaFormat = "webp" | "avif" | "jpeg";

/** One resized copy of an image: at most `width` pixels wide (never enlarged). */
export interface MediaVariantSpec {
  /** Variant name, e.g. `thumb` (part of the file names). */
  readonly name: string;
  readonly width: number;
}

export interface MediaSpec {
  readonly kind: MediaKind;
  /** A list of media (the field holds an array of media ids) or one (one id). */
  readonly multiple: boolean;
  /** Most media in the field (1 when not `multiple`). */
  readonly maxCount: number;
  /** Accepted types, as detected from the file's content (never from its name or header). */
  readonly accept: readonly string[];
  /** Largest accepted file in bytes, enforced while the upload streams. */
  readonly maxBytes: number;
  /**
   * Public: plain file URLs (briefly cacheable) while anyone may read the record and field,
   * else signed ones. Private: only through signed, expiring URLs.
   */
  readonly visibility: MediaVisibility;
  /** Image variants, by increasing width (none for documents). */
  readonly variants: readonly MediaVariantSpec[];
  /** Formats every variant is made in (none for documents). */
  readonly formats: readonly MediaFormat[];
  /** What happens to the field's media when its record is deleted: deleted, or kept unattached. */
  readonly onDelete: "delete" | "orphan";
}

/**
 * Types the platform recognises by content (the `file-type` package's signatures), by kind.
 * Plain text formats (CSV, TXT) have no signature and cannot be accepted.
 */
export const MEDIA_IMAGE_TYPES: readonly string[] = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/avif",
  "image/gif",
  "image/tiff",
];
export const MEDIA_DOCUMENT_TYPES: readonly string[] = [
  "application/pdf",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  ...MEDIA_IMAGE_TYPES,
];

/** Defaults of a declaration that leaves a key out. */
export const MEDIA_DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  maxCount: 20,
  imageAccept: ["image/jpeg", "image/png", "image/webp"] as readonly string[],
  documentAccept: ["application/pdf"] as readonly string[],
  formats: ["webp"] as readonly MediaFormat[],
  onDelete: "delete" as const,
};

/** The types a field of this kind may accept. */
export const mediaTypesOf = (kind: MediaKind): readonly string[] =>
  kind === "image" ? MEDIA_IMAGE_TYPES : MEDIA_DOCUMENT_TYPES;

/** Does the field accept a file whose content was detected as `mime`? */
export const mediaAccepts = (spec: MediaSpec, mime: string): boolean => spec.accept.includes(mime);
