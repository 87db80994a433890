import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { findPeople, listConversations, openDirect, openGroup } from "../../api/messaging-api.ts";
import { conversationLabel, type Conversation, type Person } from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { navigate } from "../../store/router-store.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "../workflows/run-parts.tsx";
import { useMessagingSocket } from "./use-messaging-socket.ts";
import { useNames } from "./use-names.ts";

/**
 * The signed-in user's conversations (`GET /api/v1/user/conversations`): latest activity first,
 * each with its unread count and the others' names (the people lookup); kept current over the
 * live socket (a new message, a receipt, a new conversation reloads the list). A conversation is
 * started with people picked by name: one person opens the direct conversation, more a group
 * with a title. Tenant admins, and moderators of a conversation listed here, see a link to the
 * moderation queue.
 */
export function InboxPage() {
  const me = useAuthStore((s) => s.user?.id ?? null);
  const admin = useAuthStore((s) => s.user?.roles.includes("tenant-admin") ?? false);
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);
  const names = useNames((conversations ?? []).flatMap((c) => c.participants.map((p) => p.userId)));

  const load = useCallback((signal?: AbortSignal) => {
    listConversations(signal)
      .then((list) => {
        setConversations(list);
        setError(null);
      })
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(shownProblem(e));
      });
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);
  useMessagingSocket((frame) => {
    if (frame.type === "event") load();
  });
  const moderates = admin || (conversations ?? []).some((c) => c.me.moderator);

  return (
    <div className="page">
      <PageHeader
        title="Messages"
        subtitle="Your conversations, latest first."
        actions={
          <>
            {moderates && <Link to={{ name: "moderation" }}>Moderation queue</Link>}{" "}
            <button type="button" className="button" onClick={() => load()}>
              Refresh
            </button>
          </>
        }
      />
      <StartForm me={me} />
      {error && <ProblemNote title="Your conversations cannot be loaded" problem={error} />}
      {!error && !conversations && <Loading />}
      {conversations && conversations.length === 0 && <p>No conversations yet.</p>}
      {conversations && conversations.length > 0 && (
        <ul className="conversation-list" aria-label="Conversations">
          {conversations.map((c) => {
            const unread = c.unreadCount ?? 0;
            return (
              <li key={c.id} className="card conversation-item">
                <Link to={{ name: "conversation", id: c.id }}>{conversationLabel(c, me, names)}</Link>{" "}
                {c.kind !== "direct" && <span className="muted">({c.kind === "group" ? "group" : "record"})</span>}{" "}
                {c.me.muted && <span className="muted">(muted)</span>}{" "}
                {unread > 0 && <span className="badge">{unread === 1 ? "1 unread" : `${unread} unread`}</span>}
                <span className="muted">
                  {" "}
                  {c.lastMessageAt ? (
                    <time dateTime={c.lastMessageAt}>{new Date(c.lastMessageAt).toLocaleString()}</time>
                  ) : (
                    "No messages yet"
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** People picked by name (the people lookup); one: a direct conversation, more: a group with a title. */
function StartForm({ me }: { me: string | null }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Person[] | null>(null);
  const [picked, setPicked] = useState<Person[]>([]);
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const titleProblem = problem?.pointers.find((p) => p.pointer === "/body/title");

  const search = async () => {
    setProblem(null);
    try {
      const people = await findPeople({ q: q.trim() || undefined });
      setFound(people.filter((p) => p.id !== me));
    } catch (e) {
      setProblem(shownProblem(e as Error));
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (picked.length === 0) return;
    setProblem(null);
    setBusy(true);
    try {
      const conversation =
        picked.length === 1
          ? await openDirect(picked[0].id)
          : await openGroup(
              title.trim(),
              picked.map((p) => p.id),
            );
      navigate({ name: "conversation", id: conversation.id });
    } catch (e) {
      setProblem(shownProblem(e as Error));
    } finally {
      setBusy(false);
    }
  };
  const group = picked.length > 1;

  return (
    <form className="card" aria-label="Start a conversation" onSubmit={(e) => void submit(e)}>
      {problem && <ProblemNote title="Not started" problem={problem} />}
      <label className="field" htmlFor={`${id}-q`}>
        Find people by name
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void search();
          }
        }}
      />{" "}
      <button type="button" className="button" onClick={() => void search()}>
        Find
      </button>
      {found && (
        <fieldset className="people-results">
          <legend>People</legend>
          {found.length === 0 && <p>Nobody matches.</p>}
          {found.map((p) => {
            const checked = picked.some((x) => x.id === p.id);
            return (
              <label key={p.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => setPicked((list) => (checked ? list.filter((x) => x.id !== p.id) : [...list, p]))}
                />{" "}
                {p.name}
                {p.email && <span className="muted"> ({p.email})</span>}
              </label>
            );
          })}
        </fieldset>
      )}
      {picked.length > 0 && (
        <p className="muted" aria-live="polite">
          With {picked.map((p) => p.name).join(", ")}
        </p>
      )}
      {group && (
        <>
          <label className="field" htmlFor={`${id}-title`}>
            Group title
          </label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            aria-invalid={titleProblem ? true : undefined}
            aria-describedby={titleProblem ? `${id}-title-error` : undefined}
          />
          {titleProblem && (
            <p id={`${id}-title-error`} className="error-text">
              {titleProblem.message}
            </p>
          )}
        </>
      )}
      <button type="submit" className="button primary" disabled={busy || picked.length === 0}>
        {busy ? "Starting…" : group ? "Start group" : "Start conversation"}
      </button>
    </form>
  );
}
