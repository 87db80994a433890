interface PaginationProps {
  shown: number;
  total: number | undefined;
  pageNumber: number;
  limit: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
  onLimit(limit: number): void;
}

/** Cursor pagination: previous/next, page size, and the total when the API reports one. */
export function Pagination(p: PaginationProps) {
  const from = (p.pageNumber - 1) * p.limit + (p.shown ? 1 : 0);
  const to = (p.pageNumber - 1) * p.limit + p.shown;
  return (
    <nav className="pagination" aria-label="Pages">
      <span className="muted" aria-live="polite">
        {p.shown ? `${from}–${to}` : "0"}
        {p.total !== undefined ? ` of ${p.total}` : ""}
      </span>
      <label className="compact-label">
        Rows
        <select value={p.limit} onChange={(e) => p.onLimit(Number(e.target.value))}>
          {[10, 20, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" onClick={p.onPrevious} disabled={!p.hasPrevious}>
        Previous
      </button>
      <button type="button" className="button" onClick={p.onNext} disabled={!p.hasNext}>
        Next
      </button>
    </nav>
  );
}
