import type { Dispatch, SetStateAction } from "react";
import { nextPage, previousPage, type CursorTrail } from "../../core/audit-format.ts";

/** Previous / Next over a newest-first cursor list (audit log, deliveries, workflow runs). */
export function CursorPager({
  label,
  trail,
  setTrail,
  nextCursor,
}: {
  /** The navigation's accessible name, e.g. "Audit pages". */
  label: string;
  trail: CursorTrail;
  setTrail: Dispatch<SetStateAction<CursorTrail>>;
  /** The loaded page's next cursor; null or undefined on the last page (or while loading). */
  nextCursor: string | null | undefined;
}) {
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" disabled={trail.previous.length === 0} onClick={() => setTrail(previousPage)}>
        Previous
      </button>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && setTrail((t) => nextPage(t, nextCursor))}
      >
        Next
      </button>
    </nav>
  );
}
