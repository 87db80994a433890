import { isProblem } from "../core/problem-errors.ts";
import { identityHeaders, ProblemError, requestJson } from "./http.ts";

const API = "/api/v1/tenant/media";

/** One rendition of an image (runtime/src/media/README.md). */
export interface MediaVariant {
  name: string;
  format: string;
  mime: string;
  width: number | null;
  height: number | null;
  size: number;
  url: string | null;
}

/** A media answer of the API: an upload, its status, its file URLs. */
export interface Media {
  id: string;
  kind: "image" | "document";
  status: "processing" | "queued" | "ready" | "failed";
  filename: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  /** A blurhash, for images. */
  placeholder: string | null;
  visibility: "public" | "private";
  /** The file's URL (a plain file URL when anyone may see it, else signed and expiring); null while variants are made. */
  url: string | null;
  variants: MediaVariant[];
  /** What a person reads under it, and its text alternative (null: none given). */
  caption: string | null;
  alt: string | null;
}

export const getMedia = (id: string, signal?: AbortSignal) =>
  requestJson<Media>(`${API}/${encodeURIComponent(id)}`, { signal });

/** Sets the caption and/or alt text (a key left out stays; null clears it). */
export const describeMedia = (id: string, text: { caption?: string | null; alt?: string | null }) =>
  requestJson<Media>(`${API}/${encodeURIComponent(id)}`, { method: "PATCH", body: text });

export const deleteMedia = (id: string) => requestJson<void>(`${API}/${encodeURIComponent(id)}`, { method: "DELETE" });

/**
 * Uploads one file for an entity's media field (multipart, through XMLHttpRequest for its upload
 * progress: `onProgress` gets the fraction sent). A refusal is the API's problem (415, 413, …).
 */
export function uploadMedia(
  entity: string,
  field: string,
  file: File,
  onProgress: (fraction: number) => void,
): { done: Promise<Media>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Media>((resolve, reject) => {
    xhr.open("POST", `${API}?${new URLSearchParams({ entity, field })}`);
    for (const [name, value] of Object.entries(identityHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("accept", "application/json, application/problem+json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as Media);
      } else
        reject(
          new ProblemError(isProblem(body) ? body : { status: xhr.status, title: xhr.statusText || "Upload failed" }),
        );
    };
    xhr.onerror = () => reject(new ProblemError({ status: 0, title: "The server cannot be reached" }));
    xhr.onabort = () => reject(new DOMException("Upload aborted", "AbortError"));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The preview of an image: its thumb variant (else its smallest), or null while none is made. */
export function previewUrl(media: Media): string | null {
  const images = media.variants.filter((v) => v.url);
  const thumb =
    images.find((v) => v.name === "thumb") ?? [...images].sort((a, b) => (a.width ?? 0) - (b.width ?? 0))[0];
  return thumb?.url ?? (media.kind === "image" ? null : media.url);
}

/** The largest rendition of an image, for the lightbox. */
export function largestUrl(media: Media): string | null {
  const images = media.variants.filter((v) => v.url);
  const largest = [...images].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  return largest?.url ?? previewUrl(media);
}

/** When a signed (private) link stops working, from its `expires` parameter (seconds). */
export function linkExpiry(url: string): Date | null {
  const expires = new URL(url, "http://x").searchParams.get("expires");
  const seconds = expires ? Number(expires) : NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}
