import { SYSTEM_COLUMNS } from "../../../engine/src/contract/system-columns.ts";

/** One row of `GET /api/v1/tenant/audit` (runtime/src/authz/routes/audit-routes.ts). */
export interface AuditRecord {
  id: string;
  actorId: string | null;
  entity: string;
  recordId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
}

export interface AuditPage {
  data: AuditRecord[];
  page: { limit: number; nextCursor: string | null };
}

export interface DiffLine {
  key: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Columns the server keeps on every write: their changes say nothing a reader of the audit log wants to see. */
const SYSTEM_KEYS: ReadonlySet<string> = new Set(SYSTEM_COLUMNS.filter((c) => c.bookkeeping).map((c) => c.name));

/** Absent, null, "", {} and [] all mean "no value". */
const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/**
 * The top-level keys whose value changed between `before` and `after` (a create lists the keys
 * of `after` that have a value), leaving out system columns and empty-to-empty changes.
 */
export function auditDiff(before: unknown, after: unknown): DiffLine[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !SYSTEM_KEYS.has(k));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !(isEmpty(b[k]) && isEmpty(a[k])))
    .map((key) => ({ key, before: b[key], after: a[key] }));
}

const short = (v: unknown, max = 40) => {
  if (v === undefined) return "∅";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

/** A one-line preview: `name: "A" → "B"; price: 1 → 2 (+3 more)`. */
export function diffPreview(before: unknown, after: unknown, maxLines = 3): string {
  const lines = auditDiff(before, after);
  if (!lines.length) return "—";
  const shown = lines.slice(0, maxLines).map((l) => `${l.key}: ${short(l.before)} → ${short(l.after)}`);
  return shown.join("; ") + (lines.length > maxLines ? ` (+${lines.length - maxLines} more)` : "");
}

/** Cursor paging state: the cursors of the pages before the current one, and the current one. */
export interface CursorTrail {
  previous: (string | null)[];
  current: string | null;
}

export const firstPage = (): CursorTrail => ({ previous: [], current: null });
export const nextPage = (trail: CursorTrail, nextCursor: string): CursorTrail => ({
  previous: [...trail.previous, trail.current],
  current: nextCursor,
});
export const previousPage = (trail: CursorTrail): CursorTrail =>
  trail.previous.length
    ? { previous: trail.previous.slice(0, -1), current: trail.previous[trail.previous.length - 1] }
    : trail;
