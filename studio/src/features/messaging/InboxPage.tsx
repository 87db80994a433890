import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { listConversations, openDirect } from "../../api/messaging-api.ts";
import { conversationLabel, type Conversation } from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { navigate } from "../../store/router-store.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "../workflows/run-parts.tsx";
import { useMessagingSocket } from "./use-messaging-socket.ts";

/**
 * The signed-in user's conversations (`GET /api/v1/user/conversations`): latest activity first,
 * each with its unread count; kept current over the live socket (a new message, a receipt, a
 * new conversation reloads the list). A direct conversation is started with a user's id.
 */
export function InboxPage() {
  const me = useAuthStore((s) => s.user?.id ?? null);
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);

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

  return (
    <div className="page">
      <PageHeader
        title="Messages"
        subtitle="Your conversations, latest first."
        actions={
          <button type="button" className="button" onClick={() => load()}>
            Refresh
          </button>
        }
      />
      <StartDirectForm />
      {error && <ProblemNote title="Your conversations cannot be loaded" problem={error} />}
      {!error && !conversations && <Loading />}
      {conversations && conversations.length === 0 && <p>No conversations yet.</p>}
      {conversations && conversations.length > 0 && (
        <ul className="conversation-list" aria-label="Conversations">
          {conversations.map((c) => {
            const unread = c.unreadCount ?? 0;
            return (
              <li key={c.id} className="card conversation-item">
                <Link to={{ name: "conversation", id: c.id }}>{conversationLabel(c, me)}</Link>{" "}
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

function StartDirectForm() {
  const id = useId();
  const [userId, setUserId] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const fieldProblem = problem?.pointers.find((p) => p.pointer === "/body/userId");

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      const conversation = await openDirect(userId.trim());
      navigate({ name: "conversation", id: conversation.id });
    } catch (e) {
      setProblem(shownProblem(e as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" aria-label="Start a conversation" onSubmit={(e) => void submit(e)}>
      {problem && <ProblemNote title="Not started" problem={problem} />}
      <label className="field" htmlFor={`${id}-user`}>
        User id <span className="muted">(a user of this marketplace)</span>
      </label>
      <input
        id={`${id}-user`}
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        required
        aria-invalid={fieldProblem ? true : undefined}
        aria-describedby={fieldProblem ? `${id}-user-error` : undefined}
      />
      {fieldProblem && (
        <p id={`${id}-user-error`} className="error-text">
          {fieldProblem.message}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Starting…" : "Start conversation"}
      </button>
    </form>
  );
}
