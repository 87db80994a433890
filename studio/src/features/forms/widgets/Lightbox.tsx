import { useEffect, useRef } from "react";
import { largestUrl, type Media } from "../../../api/media-api.ts";

export interface LightboxProps {
  images: Media[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}

/**
 * Images one at a time in a modal `<dialog>` (focus stays inside; Escape closes it and focus
 * returns to what opened it); the arrow keys and the Previous / Next buttons move through the
 * images. Each image shows its caption (else its file name) and uses its alt text.
 */
export function Lightbox({ images, index, onIndex, onClose }: LightboxProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  const image = images[index];
  const url = largestUrl(image);
  const go = (step: number) => onIndex((index + step + images.length) % images.length);
  return (
    <dialog
      ref={dialog}
      className="lightbox"
      aria-label={`Image ${index + 1} of ${images.length}: ${image.filename}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === "ArrowRight") {
          e.preventDefault();
          go(1);
        } else if (e.key === "ArrowLeft") {
          e.preventDefault();
          go(-1);
        }
      }}
    >
      <figure>
        {url ? <img src={url} alt={image.alt ?? image.filename} /> : <p>The image is being processed.</p>}
        <figcaption>
          {image.caption ?? image.filename}{" "}
          <span className="hint">
            ({index + 1} of {images.length})
          </span>
        </figcaption>
      </figure>
      <div className="lightbox-actions">
        {images.length > 1 && (
          <>
            <button type="button" className="button" onClick={() => go(-1)}>
              Previous
            </button>
            <button type="button" className="button" onClick={() => go(1)}>
              Next
            </button>
          </>
        )}
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
