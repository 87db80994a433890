import { useEffect, useState } from "react";
import { listAudit } from "../../api/audit-api.ts";
import { diffPreview, firstPage, type AuditPage, type CursorTrail } from "../../core/audit-format.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { CursorPager } from "../shell/CursorPager.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

const PAGE_SIZE = 50;

/** The tenant's audit trail (`GET /api/v1/tenant/audit`), newest first, for tenant admins. */
export function AuditLogPage() {
  const [trail, setTrail] = useState<CursorTrail>(firstPage);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = useAuthStore((s) => s.user);
  const who = (actorId: string | null) =>
    actorId === null ? "system" : actorId === me?.id && me.email ? `${me.email} (you)` : actorId;

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setPage(null);
    listAudit({ limit: PAGE_SIZE, cursor: trail.current }, controller.signal)
      .then(setPage)
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(e.message);
      });
    return () => controller.abort();
  }, [trail]);

  return (
    <div className="page">
      <PageHeader title="Audit log" subtitle="Who changed what in this marketplace, newest first." />
      {error && <ErrorNote title="The audit log cannot be loaded">{error}</ErrorNote>}
      {!error && !page && <Loading />}
      {page && page.data.length === 0 && <p>No audit entries{trail.previous.length ? " on this page" : " yet"}.</p>}
      {page && page.data.length > 0 && (
        <div className="table-wrap">
          <table className="records">
            <caption className="sr-only">Audit entries</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Entity</th>
                <th scope="col">Record</th>
                <th scope="col">Action</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((row) => (
                <tr key={row.id}>
                  <td>
                    <time dateTime={row.createdAt}>{new Date(row.createdAt).toLocaleString()}</time>
                  </td>
                  <td>{who(row.actorId)}</td>
                  <td>{row.entity}</td>
                  <td>{row.recordId ?? "—"}</td>
                  <td>{row.action}</td>
                  <td title={JSON.stringify({ before: row.before, after: row.after })}>
                    {diffPreview(row.before, row.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager label="Audit pages" trail={trail} setTrail={setTrail} nextCursor={page?.page.nextCursor} />
    </div>
  );
}
