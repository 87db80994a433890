import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { getConversation, listMessages, markRead, searchMessages, sendMessage } from "../../api/messaging-api.ts";
import {
  conversationLabel,
  seenBy,
  typingText,
  userLabel,
  withMessage,
  withReceipt,
  type Conversation,
  type Message,
  type SocketFrame,
} from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "../workflows/run-parts.tsx";
import { useMessagingSocket } from "./use-messaging-socket.ts";

/** How long a typing frame shows "X is typing…" (senders repeat it while they type). */
const TYPING_SHOWN_MS = 4000;
/** A typing user sends one frame per this interval at most. */
const TYPING_EVERY_MS = 1500;

/** The sanitised HTML of a message as plain text (rendered as text, never as markup). */
const plain = (html: string) => new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";

/**
 * One conversation: its messages (oldest at the top), live over the socket (new messages,
 * receipts and typing arrive without a reload), a composer that tells the others it is typing,
 * "Seen by …" under the newest of the caller's messages the others have read, and a search
 * within the conversation. Opening it (and every message arriving while it is open) moves the
 * caller's read receipt to the newest message.
 */
export function ConversationPage({ id }: { id: string }) {
  const me = useAuthStore((s) => s.user?.id ?? null);
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const marked = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([getConversation(id, controller.signal), listMessages(id, controller.signal)])
      .then(([c, list]) => {
        setConversation(c);
        setMessages(list.filter((m) => !m.threadRootId));
        marked.current = c.me.lastReadMessageId;
      })
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(shownProblem(e));
      });
    return () => controller.abort();
  }, [id]);

  // The caller has seen what is on screen: the receipt moves to the newest message.
  const newest = messages?.[0];
  useEffect(() => {
    if (!newest || newest.authorId === me || marked.current === newest.id) return;
    marked.current = newest.id;
    markRead(id, newest.id).catch(() => {
      marked.current = null;
    });
  }, [id, newest, me]);

  // Typing expires unless repeated.
  useEffect(() => {
    const times = Object.values(typing);
    if (times.length === 0) return;
    const next = Math.min(...times) - Date.now();
    const timer = setTimeout(
      () => setTyping((t) => Object.fromEntries(Object.entries(t).filter(([, until]) => until > Date.now()))),
      Math.max(next, 0) + 10,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  const onFrame = useCallback(
    (frame: SocketFrame) => {
      if (frame.type === "typing") {
        if (frame.data.conversationId !== id || frame.data.userId === me) return;
        setTyping((t) => ({ ...t, [frame.data.userId]: Date.now() + TYPING_SHOWN_MS }));
        return;
      }
      if (frame.type !== "event" || frame.conversationId !== id) return;
      if (frame.kind === "message.created" || frame.kind === "message.updated" || frame.kind === "message.deleted") {
        const message = frame.data as Message;
        if (!message?.id || message.threadRootId) return;
        setMessages((list) => (list ? withMessage(list, message) : list));
        setTyping(({ [message.authorId]: _gone, ...rest }) => rest);
      } else if (frame.kind === "read") {
        const { userId, messageId } = frame.data as { userId: string; messageId: string };
        setConversation((c) => c && { ...c, participants: withReceipt(c.participants, userId, messageId) });
      } else if (frame.kind === "participant.joined" || frame.kind === "participant.left") {
        getConversation(id)
          .then(setConversation)
          .catch(() => {});
      }
    },
    [id, me],
  );
  const socket = useMessagingSocket(onFrame);

  if (error)
    return (
      <div className="page">
        <PageHeader title="Conversation" />
        <ProblemNote title="This conversation cannot be loaded" problem={error} />
        <p>
          <Link to={{ name: "messages" }}>Back to messages</Link>
        </p>
      </div>
    );
  if (!conversation || !messages) return <Loading />;

  const ownNewest = messages.find((m) => m.authorId === me);
  const seen = ownNewest ? seenBy(ownNewest, messages, conversation.participants, me) : [];
  const typingNow = typingText(Object.keys(typing), me);

  return (
    <div className="page">
      <PageHeader
        title={conversationLabel(conversation, me)}
        subtitle={`${conversation.participants.length} taking part: ${conversation.participants
          .map((p) => userLabel(p.userId, me))
          .join(", ")}`}
        actions={<Link to={{ name: "messages" }}>All messages</Link>}
      />
      <SearchForm conversationId={id} me={me} />
      <div role="log" aria-label="Messages" className="message-log card">
        {messages.length === 0 && <p>No messages yet.</p>}
        <ol className="message-list">
          {[...messages].reverse().map((m) => (
            <li key={m.id} className={m.authorId === me ? "message mine" : "message"}>
              <p className="message-meta">
                <strong>{userLabel(m.authorId, me)}</strong>{" "}
                <time className="muted" dateTime={m.createdAt}>
                  {new Date(m.createdAt).toLocaleTimeString()}
                </time>
                {m.editedAt && <span className="muted"> (edited)</span>}
              </p>
              <p className="message-body">{m.deleted ? <em>Deleted</em> : plain(m.body)}</p>
              {m === ownNewest && seen.length > 0 && (
                <p className="message-receipt muted">Seen by {seen.map((u) => userLabel(u, me)).join(", ")}</p>
              )}
            </li>
          ))}
        </ol>
      </div>
      <p className="typing-indicator muted" role="status">
        {typingNow}
      </p>
      <Composer
        onTyping={() => socket.send({ type: "typing", conversationId: id })}
        onSend={async (body) => {
          const sent = await sendMessage(id, body);
          setMessages((list) => (list ? withMessage(list, sent) : [sent]));
        }}
      />
    </div>
  );
}

function Composer({ onTyping, onSend }: { onTyping(): void; onSend(body: string): Promise<void> }) {
  const id = useId();
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const lastTyping = useRef(0);
  const bodyProblem = problem?.pointers.find((p) => p.pointer === "/body/body");

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!body.trim()) return;
    setProblem(null);
    setBusy(true);
    try {
      await onSend(body);
      setBody("");
    } catch (e) {
      setProblem(shownProblem(e as Error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="composer" aria-label="Send a message" onSubmit={(e) => void submit(e)}>
      {problem && <ProblemNote title="Not sent" problem={problem} />}
      <label className="field" htmlFor={`${id}-body`}>
        Message
      </label>
      <textarea
        id={`${id}-body`}
        rows={2}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          if (Date.now() - lastTyping.current > TYPING_EVERY_MS) {
            lastTyping.current = Date.now();
            onTyping();
          }
        }}
        aria-invalid={bodyProblem ? true : undefined}
        aria-describedby={bodyProblem ? `${id}-body-error` : undefined}
      />
      {bodyProblem && (
        <p id={`${id}-body-error`} className="error-text">
          {bodyProblem.message}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Sending…" : "Send"}
      </button>
    </form>
  );
}

function SearchForm({ conversationId, me }: { conversationId: string; me: string | null }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [results, setResults] = useState<Message[] | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    try {
      const found = await searchMessages(q);
      setResults(found.filter((m) => m.conversationId === conversationId));
    } catch (e) {
      setProblem(shownProblem(e as Error));
    }
  };

  return (
    <form
      role="search"
      aria-label="Search this conversation"
      className="message-search"
      onSubmit={(e) => void submit(e)}
    >
      <label htmlFor={`${id}-q`}>Search this conversation</label>{" "}
      <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} required />{" "}
      <button type="submit" className="button">
        Search
      </button>
      {problem && <ProblemNote title="No search" problem={problem} />}
      {results && (
        <section aria-label="Search results">
          {results.length === 0 ? (
            <p>No messages match.</p>
          ) : (
            <ul className="search-results">
              {results.map((m) => (
                <li key={m.id}>
                  <strong>{userLabel(m.authorId, me)}</strong>: {plain(m.body)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </form>
  );
}
