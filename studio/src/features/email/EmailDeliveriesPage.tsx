import { useEffect, useId, useState, type FormEvent } from "react";
import { listDeliveries, listEmailTemplates } from "../../api/email-api.ts";
import { ProblemError } from "../../api/http.ts";
import { firstPage, type CursorTrail } from "../../core/audit-format.ts";
import { CursorPager } from "../shell/CursorPager.tsx";
import {
  DELIVERY_STATUSES,
  type DeliveryFilter,
  type DeliveryPage,
  type DeliveryStatus,
} from "../../core/email-types.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

const PAGE_SIZE = 50;
const EMPTY: DeliveryFilter = { status: "", recipient: "", template: "" };

/**
 * The tenant's delivery log (`GET /api/v1/tenant/email/deliveries`), newest first: filtered by
 * status, recipient and template (the filter form applies on submit), paged by cursor.
 */
export function EmailDeliveriesPage() {
  const id = useId();
  const [draft, setDraft] = useState<DeliveryFilter>(EMPTY);
  const [filter, setFilter] = useState<DeliveryFilter>(EMPTY);
  const [trail, setTrail] = useState<CursorTrail>(firstPage);
  const [page, setPage] = useState<DeliveryPage | null>(null);
  const [error, setError] = useState<{ text: string; pointers: string[] } | null>(null);
  const [keys, setKeys] = useState<string[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    listEmailTemplates(controller.signal)
      .then((data) => setKeys(data.map((d) => d.key)))
      .catch(() => {});
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setPage(null);
    listDeliveries(filter, { limit: PAGE_SIZE, cursor: trail.current }, controller.signal)
      .then(setPage)
      .catch((e: Error) => {
        if (e.name === "AbortError") return;
        const pointers =
          e instanceof ProblemError ? (e.problem.errors ?? []).map((x) => `${x.pointer}: ${x.message}`) : [];
        setError({ text: e.message, pointers });
      });
    return () => controller.abort();
  }, [filter, trail]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ ...draft });
    setTrail(firstPage);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter(EMPTY);
    setTrail(firstPage);
  };

  return (
    <div className="page">
      <PageHeader title="Delivery log" subtitle="Every email this marketplace sent or is sending, newest first." />
      <form className="inline-form filters" onSubmit={apply} aria-label="Filter deliveries">
        <label className="field">
          Status
          <select
            value={draft.status}
            onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as DeliveryStatus | "" }))}
          >
            <option value="">Any</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Recipient
          <input
            type="email"
            value={draft.recipient}
            onChange={(e) => setDraft((d) => ({ ...d, recipient: e.target.value }))}
            autoComplete="off"
          />
        </label>
        <label className="field">
          Template
          <input
            list={`${id}-keys`}
            value={draft.template}
            onChange={(e) => setDraft((d) => ({ ...d, template: e.target.value }))}
            autoComplete="off"
          />
          <datalist id={`${id}-keys`}>
            {keys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </label>
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear}>
          Clear
        </button>
      </form>
      {error && (
        <ErrorNote title="The delivery log cannot be loaded">
          {error.text}
          {error.pointers.length > 0 && (
            <ul>
              {error.pointers.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </ErrorNote>
      )}
      {!error && !page && <Loading />}
      {page && page.data.length === 0 && <p>No emails{trail.previous.length ? " on this page" : " match"}.</p>}
      {page && page.data.length > 0 && (
        <div className="table-wrap">
          <table className="records deliveries">
            <caption className="sr-only">Email deliveries</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Recipient</th>
                <th scope="col">Template</th>
                <th scope="col">Language</th>
                <th scope="col">Subject</th>
                <th scope="col">Attempts</th>
                <th scope="col">Sent</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((row) => (
                <tr key={row.id}>
                  <td>
                    <time dateTime={row.createdAt}>{new Date(row.createdAt).toLocaleString()}</time>
                  </td>
                  <td>
                    <span className={`badge status-${row.status}`}>{row.status}</span>
                  </td>
                  <td>{row.recipient}</td>
                  <td>{row.template}</td>
                  <td>{row.locale}</td>
                  <td>{row.subject}</td>
                  <td>{row.attempts}</td>
                  <td>
                    {row.sentAt ? <time dateTime={row.sentAt}>{new Date(row.sentAt).toLocaleString()}</time> : "—"}
                  </td>
                  <td>{row.lastError ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager label="Delivery log pages" trail={trail} setTrail={setTrail} nextCursor={page?.page.nextCursor} />
    </div>
  );
}
