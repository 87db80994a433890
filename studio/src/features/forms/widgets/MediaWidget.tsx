import type { WidgetProps } from "@rjsf/utils";
import { decode } from "blurhash";
import { useEffect, useMemo, useRef, useState } from "react";
import {
  deleteMedia,
  describeMedia,
  getMedia,
  linkExpiry,
  previewUrl,
  uploadMedia,
  type Media,
} from "../../../api/media-api.ts";
import { Lightbox } from "./Lightbox.tsx";
import { MediaLinksWidget } from "./MediaLinksWidget.tsx";

/** The field's options as the generated form spec gives them (generators/src/forms/field-widget.ts). */
interface MediaOptions {
  kind: "image" | "document";
  multiple: boolean;
  maxCount: number | null;
  accept: string;
  maxBytes: number | null;
  visibility: "public" | "private";
  variants: string[];
}

/** An upload in flight or refused: shown beside the field's media until it is done. */
interface Pending {
  key: number;
  name: string;
  progress: number;
  error: string | null;
}

const mediaOptions = (options: Record<string, unknown>): MediaOptions | null => {
  const media = options.media as Partial<MediaOptions> | undefined;
  if (!media || typeof media !== "object") return null;
  return {
    kind: media.kind === "document" ? "document" : "image",
    multiple: media.multiple === true,
    maxCount: typeof media.maxCount === "number" ? media.maxCount : null,
    accept: typeof media.accept === "string" ? media.accept : "",
    maxBytes: typeof media.maxBytes === "number" ? media.maxBytes : null,
    visibility: media.visibility === "private" ? "private" : "public",
    variants: Array.isArray(media.variants) ? media.variants.map(String) : [],
  };
};

const formatBytes = (n: number) =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : n >= 1000 ? `${Math.round(n / 1000)} kB` : `${n} B`;

/** A blurhash as a small data URL, the preview while an image's variants are made. */
function placeholderUrl(hash: string | null): string | null {
  if (!hash) return null;
  try {
    const pixels = decode(hash, 32, 32);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 32;
    const context = canvas.getContext("2d");
    if (!context) return null;
    const image = context.createImageData(32, 32);
    image.data.set(pixels);
    context.putImageData(image, 0, 0);
    return canvas.toDataURL();
  } catch {
    return null;
  }
}

/**
 * A media field (`x-media`, runtime/src/media): uploads files by drag and drop or the file button
 * with their progress, shows images as previews (the thumb variant, the blur placeholder while
 * the variants are made) that open in a lightbox, and documents as links (a private one's link
 * expires, and says when). The value is the media id (one) or ids (`multiple`, reorderable).
 * Without the field's media options (an image or file field without `x-media`) it takes links.
 * Uploads need the entity (the form's `formContext.entity`, its API name).
 */
export function MediaWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, options, name, label, registry } = props;
  const media = mediaOptions(options);
  const entity = (registry.formContext as { entity?: string } | undefined)?.entity ?? null;
  const multiple = media?.multiple ?? Array.isArray(value);
  const ids = useMemo<string[]>(
    () => (Array.isArray(value) ? value.map(String) : value ? [String(value)] : []),
    [value],
  );
  const locked = disabled || readonly;
  const [known, setKnown] = useState<Record<string, Media>>({});
  const [loadErrors, setLoadErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<Pending[]>([]);
  const [dragging, setDragging] = useState(false);
  const [lightbox, setLightbox] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);
  // The latest ids, for uploads that finish after other changes.
  const current = useRef(ids);
  current.current = ids;

  // The media of ids not yet known; those still making variants are read again each second.
  useEffect(() => {
    const wanted = ids.filter(
      (m) => (!known[m] || known[m].status === "queued" || known[m].status === "processing") && !loadErrors[m],
    );
    if (wanted.length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        for (const m of wanted)
          getMedia(m, controller.signal).then(
            (answer) => setKnown((k) => ({ ...k, [m]: answer })),
            (e: Error) => {
              if (e.name !== "AbortError") setLoadErrors((errors) => ({ ...errors, [m]: e.message }));
            },
          );
      },
      wanted.some((m) => known[m]) ? 1000 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [ids, known, loadErrors]);

  if (!media) return <MediaLinksWidget {...props} />;

  const field = name;
  const room = multiple ? (media.maxCount ?? Infinity) - ids.length - pending.filter((p) => !p.error).length : 1;
  const emit = (next: string[]) => {
    // Uploads finishing together each add to what the one before left.
    current.current = next;
    onChange(multiple ? next : next[0]);
  };

  const upload = (files: File[]) => {
    if (!entity || locked) return;
    const chosen = multiple ? files.slice(0, Math.max(0, room)) : files.slice(0, 1);
    for (const file of chosen) {
      const key = ++counter.current;
      const tooBig = media.maxBytes !== null && file.size > media.maxBytes;
      setPending((p) => [
        ...p,
        {
          key,
          name: file.name,
          progress: 0,
          error: tooBig ? `${file.name} is larger than ${formatBytes(media.maxBytes!)}.` : null,
        },
      ]);
      if (tooBig) continue;
      const job = uploadMedia(entity, field, file, (progress) =>
        setPending((p) => p.map((item) => (item.key === key ? { ...item, progress } : item))),
      );
      job.done.then(
        (answer) => {
          setKnown((k) => ({ ...k, [answer.id]: answer }));
          setPending((p) => p.filter((item) => item.key !== key));
          setAnnouncement(`${file.name} uploaded.`);
          emit(multiple ? [...current.current, answer.id] : [answer.id]);
        },
        (e: Error) => {
          const message = `${file.name}: ${e.message}`;
          setPending((p) => p.map((item) => (item.key === key ? { ...item, error: message } : item)));
        },
      );
    }
  };

  /** Saves a caption or alt text when its input loses focus (empty clears it); the API's problem is shown. */
  const saveText = (mediaId: string, key: "caption" | "alt", text: string) => {
    const value = text.trim() === "" ? null : text.trim();
    if ((known[mediaId]?.[key] ?? null) === value) return;
    describeMedia(mediaId, { [key]: value }).then(
      (answer) => {
        setKnown((k) => ({ ...k, [mediaId]: answer }));
        setLoadErrors(({ [`${mediaId}:text`]: _, ...rest }) => rest);
        setAnnouncement(`${key === "caption" ? "Caption" : "Alt text"} of ${answer.filename} saved.`);
      },
      (e: Error) => setLoadErrors((errors) => ({ ...errors, [`${mediaId}:text`]: e.message })),
    );
  };

  const remove = (mediaId: string) => {
    emit(ids.filter((m) => m !== mediaId));
    setAnnouncement(`${known[mediaId]?.filename ?? "File"} removed.`);
    // An upload not yet on the record is deleted; one on it is detached when the record is saved.
    deleteMedia(mediaId).catch(() => {});
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length) return;
    const next = [...ids];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved);
    emit(next);
    setAnnouncement(`${known[moved]?.filename ?? "File"} moved to position ${to + 1} of ${next.length}.`);
  };

  const images = ids.map((m) => known[m]).filter((m): m is Media => !!m && m.kind === "image");
  const what = media.kind === "image" ? (multiple ? "images" : "an image") : multiple ? "files" : "a file";
  const hintId = `${id}__hint`;
  return (
    <div className={`media-widget${multiple ? " gallery" : ""}`} role="group" aria-label={label || field}>
      {ids.length > 0 && (
        <ol className="media-items">
          {ids.map((mediaId, i) => {
            const item = known[mediaId];
            const fileName = item?.filename ?? mediaId.slice(0, 8);
            const preview = item ? previewUrl(item) : null;
            const blur = item && !preview ? placeholderUrl(item.placeholder) : null;
            const expiry = item?.visibility === "private" && item.url ? linkExpiry(item.url) : null;
            return (
              <li key={mediaId} className="media-item">
                {item?.kind === "image" ? (
                  <button
                    type="button"
                    className="media-thumb"
                    aria-label={`Open ${fileName}`}
                    onClick={() => setLightbox(images.indexOf(item))}
                  >
                    {preview ? (
                      <img src={preview} alt={item.alt ?? fileName} />
                    ) : blur ? (
                      <img src={blur} alt={`${fileName} (preview being made)`} className="media-placeholder" />
                    ) : (
                      <span className="media-processing">Processing…</span>
                    )}
                  </button>
                ) : item ? (
                  <span className="media-doc">
                    {item.url ? (
                      <a href={item.url} download={item.filename}>
                        {item.filename}
                      </a>
                    ) : (
                      item.filename
                    )}{" "}
                    <span className="hint">({formatBytes(item.size)})</span>
                    {expiry && (
                      <span className="hint media-expiry">
                        {" "}
                        Private link, expires at{" "}
                        <time dateTime={expiry.toISOString()}>{expiry.toLocaleTimeString()}</time>
                      </span>
                    )}
                  </span>
                ) : (
                  <span className={loadErrors[mediaId] ? "error-text" : "hint"}>
                    {loadErrors[mediaId] ? `Cannot load ${fileName}: ${loadErrors[mediaId]}` : "Loading…"}
                  </span>
                )}
                {item && (
                  <span className="media-texts">
                    {locked ? (
                      item.caption && <span className="media-caption">{item.caption}</span>
                    ) : (
                      <>
                        <input
                          key={`c${item.caption ?? ""}`}
                          className="media-caption-input"
                          aria-label={`Caption of ${fileName}`}
                          placeholder="Caption"
                          maxLength={500}
                          defaultValue={item.caption ?? ""}
                          onBlur={(e) => saveText(mediaId, "caption", e.target.value)}
                        />
                        {item.kind === "image" && (
                          <input
                            key={`a${item.alt ?? ""}`}
                            className="media-alt-input"
                            aria-label={`Alt text of ${fileName}`}
                            placeholder="Alt text"
                            maxLength={300}
                            defaultValue={item.alt ?? ""}
                            onBlur={(e) => saveText(mediaId, "alt", e.target.value)}
                          />
                        )}
                      </>
                    )}
                    {loadErrors[`${mediaId}:text`] && (
                      <span className="error-text" role="alert">
                        {loadErrors[`${mediaId}:text`]}
                      </span>
                    )}
                  </span>
                )}
                {!locked && (
                  <span className="media-actions">
                    {multiple && (
                      <>
                        <button
                          type="button"
                          className="button ghost small"
                          aria-label={`Move ${fileName} earlier`}
                          disabled={i === 0}
                          onClick={() => move(i, i - 1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="button ghost small"
                          aria-label={`Move ${fileName} later`}
                          disabled={i === ids.length - 1}
                          onClick={() => move(i, i + 1)}
                        >
                          ↓
                        </button>
                      </>
                    )}
                    <button
                      type="button"
                      className="button ghost small"
                      aria-label={`Remove ${fileName}`}
                      onClick={() => remove(mediaId)}
                    >
                      Remove
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {pending.length > 0 && (
        <ul className="media-pending">
          {pending.map((p) => (
            <li key={p.key}>
              {p.error ? (
                <span className="error-text" role="alert">
                  {p.error}{" "}
                  <button
                    type="button"
                    className="button ghost small"
                    aria-label={`Dismiss the error about ${p.name}`}
                    onClick={() => setPending((all) => all.filter((item) => item.key !== p.key))}
                  >
                    Dismiss
                  </button>
                </span>
              ) : (
                <label>
                  Uploading {p.name}{" "}
                  <progress max={1} value={p.progress} aria-label={`Uploading ${p.name}`}>
                    {Math.round(p.progress * 100)}%
                  </progress>
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      {!locked && room > 0 && (
        <div
          className={`media-drop${dragging ? " dragging" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            upload(Array.from(e.dataTransfer.files));
          }}
        >
          <input
            ref={input}
            id={id}
            type="file"
            className="sr-only"
            accept={media.accept || undefined}
            multiple={multiple}
            disabled={!entity}
            aria-describedby={hintId}
            onChange={(e) => {
              upload(Array.from(e.target.files ?? []));
              e.target.value = "";
            }}
          />
          <button type="button" className="button" disabled={!entity} onClick={() => input.current?.click()}>
            Choose {what}
          </button>
          <span className="hint" id={hintId}>
            {entity ? `or drop ${what} here` : "Uploads are not possible in this form"}
            {media.maxBytes !== null && `, at most ${formatBytes(media.maxBytes)} each`}
            {multiple && media.maxCount !== null && `, up to ${media.maxCount}`}
            {media.visibility === "private" && " (private: links expire)"}.
          </span>
        </div>
      )}
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
      {lightbox !== null && images[lightbox] && (
        <Lightbox images={images} index={lightbox} onIndex={setLightbox} onClose={() => setLightbox(null)} />
      )}
    </div>
  );
}
