import { useEffect, useState } from "react";
import { listOutbox, readOutboxMessage } from "../../api/email-api.ts";
import { ProblemError } from "../../api/http.ts";
import type { OutboxMessage, OutboxSummary } from "../../core/email-types.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

type View = "html" | "text" | "headers";

/**
 * The development mail outbox (`GET /api/v1/tenant/email/outbox`, runtime/src/email/dev-outbox.ts):
 * the emails a development server wrote to its outbox folder instead of sending them, for this
 * marketplace, newest first; one opened shows its HTML, plain text and headers. Production
 * servers and servers with SMTP have no outbox: the API answers 404 and the page says so.
 */
export function MailOutboxPage() {
  const [messages, setMessages] = useState<OutboxSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [absent, setAbsent] = useState(false);
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [view, setView] = useState<View>("html");

  useEffect(() => {
    const controller = new AbortController();
    listOutbox(controller.signal)
      .then((data) => {
        setMessages(data);
        setError(null);
      })
      .catch((e: Error) => {
        if (e.name === "AbortError") return;
        if (e instanceof ProblemError && e.problem.status === 404) setAbsent(true);
        else setError(e.message);
      });
    return () => controller.abort();
  }, [reload]);

  const show = (id: string) => {
    setOpenError(null);
    readOutboxMessage(id).then(
      (m) => setOpen(m),
      (e: Error) => setOpenError(e.message),
    );
  };

  return (
    <div className="page">
      <PageHeader
        title="Mail outbox"
        subtitle="Development only: the emails this server wrote to its outbox folder instead of sending them."
        actions={
          !absent && (
            <button type="button" className="button" onClick={() => setReload((n) => n + 1)}>
              Refresh
            </button>
          )
        }
      />
      {absent && (
        <p className="alert info">
          This server has no mail outbox: it exists only in development, when emails are written to the outbox folder
          instead of going out over SMTP.
        </p>
      )}
      {error && <ErrorNote title="The outbox cannot be read">{error}</ErrorNote>}
      {!absent && !error && !messages && <Loading />}
      {messages && messages.length === 0 && <p>No emails in the outbox yet.</p>}
      {messages && messages.length > 0 && (
        <div className="table-wrap">
          <table className="records outbox">
            <caption className="sr-only">Emails in the outbox</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Template</th>
                <th scope="col">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} aria-selected={open?.id === m.id ? true : undefined}>
                  <td>{m.date ? <time dateTime={m.date}>{new Date(m.date).toLocaleString()}</time> : "—"}</td>
                  <td>{m.to}</td>
                  <td>{m.subject}</td>
                  <td>{m.template ?? "—"}</td>
                  <td>
                    <button type="button" className="button small" onClick={() => show(m.id)}>
                      Open<span className="sr-only"> “{m.subject}”</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {openError && <ErrorNote title="The email cannot be opened">{openError}</ErrorNote>}
      {open && (
        <section className="outbox-message" aria-labelledby="outbox-message-title">
          <h2 id="outbox-message-title">{open.subject || "(no subject)"}</h2>
          <p className="hint">
            From {open.from} to {open.to}
            {open.date ? `, ${new Date(open.date).toLocaleString()}` : ""} — {open.file}
          </p>
          <div className="inline-form" role="group" aria-label="Show the email as">
            {(["html", "text", "headers"] as const).map((v) => (
              <button
                key={v}
                type="button"
                className="button small"
                aria-pressed={view === v}
                onClick={() => setView(v)}
              >
                {v === "html" ? "HTML" : v === "text" ? "Plain text" : "Headers"}
              </button>
            ))}
          </div>
          {view === "html" && (
            <iframe className="email-frame" title={`HTML of “${open.subject}”`} sandbox="" srcDoc={open.html} />
          )}
          {view === "text" && <pre className="email-text">{open.text}</pre>}
          {view === "headers" && (
            <div className="table-wrap">
              <table className="records headers">
                <caption className="sr-only">Headers</caption>
                <thead>
                  <tr>
                    <th scope="col">Header</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {open.headers.map((h, i) => (
                    <tr key={`${h.name}-${i}`}>
                      <td>{h.name}</td>
                      <td className="header-value">{h.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
