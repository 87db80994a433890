import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import {
  deleteMessage,
  editMessage,
  flagMessage,
  getConversation,
  getPresence,
  listMessages,
  listThread,
  markRead,
  messageHistory,
  react,
  searchMessages,
  sendMessage,
  sendReply,
  unreact,
  updateSettings,
} from "../../api/messaging-api.ts";
import {
  conversationLabel,
  REACTIONS,
  replaced,
  seenBy,
  typingText,
  userLabel,
  withGone,
  withMessage,
  withReaction,
  withReceipt,
  type Conversation,
  type Message,
  type Names,
  type SocketFrame,
} from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "../workflows/run-parts.tsx";
import { useMessagingSocket } from "./use-messaging-socket.ts";
import { useNames } from "./use-names.ts";

/** How long a typing frame shows "X is typing…" (senders repeat it while they type). */
const TYPING_SHOWN_MS = 4000;
/** A typing user sends one frame per this interval at most. */
const TYPING_EVERY_MS = 1500;

/** The sanitised HTML of a message as plain text (rendered as text, never as markup). */
const plain = (html: string) => new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";

/** What a message's row needs from the page. */
interface RowContext {
  me: string | null;
  names: Names;
  moderator: boolean;
  /** Replaces the message in every list it is on (the API's answer to an action). */
  update(message: Message): void;
}

/**
 * One conversation: its messages (oldest at the top), live over the socket (new messages, edits,
 * deletions, reactions, receipts, typing and presence arrive without a reload), with the
 * participants by name and whether each is online, the caller's notification settings (mute,
 * notify on all / mentions / nothing), a composer that tells the others it is typing, "Seen by …"
 * under the newest of the caller's messages the others have read, and a search within the
 * conversation. Each message: reactions, a thread of replies, edit (the author; "edited" shows its
 * history), delete (the author or a moderator) and flag for moderation (others). Opening it (and
 * every message arriving while it is open) moves the caller's read receipt to the newest message.
 */
export function ConversationPage({ id }: { id: string }) {
  const me = useAuthStore((s) => s.user?.id ?? null);
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [thread, setThread] = useState<{ root: string; messages: Message[] } | null>(null);
  const [online, setOnline] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<ShownProblem | null>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const marked = useRef<string | null>(null);
  const names = useNames([
    ...(conversation?.participants.map((p) => p.userId) ?? []),
    ...(messages?.map((m) => m.authorId) ?? []),
  ]);

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

  const moderator = conversation?.me.moderator ?? false;
  const everywhere = useCallback((fn: (list: Message[]) => Message[]) => {
    setMessages((list) => (list ? fn(list) : list));
    setThread((t) => (t ? { ...t, messages: fn(t.messages) } : t));
  }, []);

  const onFrame = useCallback(
    (frame: SocketFrame) => {
      if (frame.type === "ready") {
        // (Re)connected: who is online now (presence frames keep it current from here).
        getPresence(id)
          .then((ids) => setOnline(new Set(ids)))
          .catch(() => {});
        return;
      }
      if (frame.type === "presence") {
        const { userId, online: isOnline } = frame.data;
        setOnline((set) => {
          const next = new Set(set);
          if (isOnline) next.add(userId);
          else next.delete(userId);
          return next;
        });
        return;
      }
      if (frame.type === "typing") {
        if (frame.data.conversationId !== id || frame.data.userId === me) return;
        setTyping((t) => ({ ...t, [frame.data.userId]: Date.now() + TYPING_SHOWN_MS }));
        return;
      }
      if (frame.type !== "event" || frame.conversationId !== id) return;
      if (frame.kind === "message.created") {
        const message = frame.data as Message;
        if (!message?.id) return;
        setTyping(({ [message.authorId]: _gone, ...rest }) => rest);
        if (message.threadRootId) {
          setMessages(
            (list) =>
              list?.map((m) => (m.id === message.threadRootId ? { ...m, replyCount: (m.replyCount ?? 0) + 1 } : m)) ??
              list,
          );
          setThread((t) =>
            t && t.root === message.threadRootId ? { ...t, messages: withMessage(t.messages, message) } : t,
          );
        } else setMessages((list) => (list ? withMessage(list, message) : list));
      } else if (frame.kind === "message.updated") {
        const message = frame.data as Message;
        if (message?.id) everywhere((list) => replaced(list, message));
      } else if (frame.kind === "message.deleted" || frame.kind === "message.hidden") {
        const gone = (frame.data as { id: string }).id;
        everywhere((list) => withGone(list, gone, frame.kind === "message.deleted" ? "deleted" : "hidden", moderator));
      } else if (frame.kind === "reaction.added" || frame.kind === "reaction.removed") {
        const change = frame.data as { messageId: string; userId: string; emoji: string };
        everywhere((list) => withReaction(list, change, frame.kind === "reaction.added"));
      } else if (frame.kind === "read") {
        const { userId, messageId } = frame.data as { userId: string; messageId: string };
        setConversation((c) => c && { ...c, participants: withReceipt(c.participants, userId, messageId) });
      } else if (frame.kind === "participant.joined" || frame.kind === "participant.left") {
        getConversation(id)
          .then(setConversation)
          .catch(() => {});
      }
    },
    [id, me, moderator, everywhere],
  );
  const socket = useMessagingSocket(onFrame);

  const openThread = useCallback(
    (root: string) => {
      listThread(id, root)
        .then((list) => setThread({ root, messages: list }))
        .catch((e: Error) => setError(shownProblem(e)));
    },
    [id],
  );

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
  const typingNow = typingText(Object.keys(typing), me, names);
  const context: RowContext = { me, names, moderator, update: (m) => everywhere((list) => replaced(list, m)) };

  return (
    <div className="page">
      <PageHeader
        title={conversationLabel(conversation, me, names)}
        subtitle={`${conversation.participants.length} taking part`}
        actions={<Link to={{ name: "messages" }}>All messages</Link>}
      />
      <ul className="participants" aria-label="Taking part">
        {conversation.participants.map((p) => {
          const isOnline = online.has(p.userId);
          return (
            <li key={p.userId} className={isOnline ? "participant online" : "participant"}>
              <span className="presence-dot" aria-hidden="true">
                {isOnline ? "●" : "○"}
              </span>{" "}
              {userLabel(p.userId, me, names)} <span className="muted">{isOnline ? "online" : "offline"}</span>
            </li>
          );
        })}
      </ul>
      <SettingsForm conversation={conversation} onSaved={setConversation} />
      <SearchForm conversationId={id} me={me} names={names} />
      <div role="log" aria-label="Messages" className="message-log card">
        {messages.length === 0 && <p>No messages yet.</p>}
        <ol className="message-list">
          {[...messages].reverse().map((m) => (
            <MessageRow key={m.id} message={m} context={context} onThread={() => openThread(m.id)}>
              {m === ownNewest && seen.length > 0 && (
                <p className="message-receipt muted">Seen by {seen.map((u) => userLabel(u, me, names)).join(", ")}</p>
              )}
            </MessageRow>
          ))}
        </ol>
      </div>
      <p className="typing-indicator muted" role="status">
        {typingNow}
      </p>
      <Composer
        label="Send a message"
        onTyping={() => socket.send({ type: "typing", conversationId: id })}
        onSend={async (body) => {
          const sent = await sendMessage(id, body);
          setMessages((list) => (list ? withMessage(list, sent) : [sent]));
        }}
      />
      {thread && (
        <section className="card thread" aria-label="Thread">
          <h2>Thread</h2>
          <button type="button" className="button" onClick={() => setThread(null)}>
            Close thread
          </button>
          <ol className="message-list">
            {[...thread.messages].reverse().map((m) => (
              <MessageRow key={m.id} message={m} context={context} />
            ))}
          </ol>
          <Composer
            label="Reply in thread"
            onTyping={() => socket.send({ type: "typing", conversationId: id })}
            onSend={async (body) => {
              const sent = await sendReply(id, body, thread.root);
              setThread((t) => (t ? { ...t, messages: withMessage(t.messages, sent) } : t));
            }}
          />
        </section>
      )}
    </div>
  );
}

/** One message: who and when, its text, reactions, and what the caller may do with it. */
function MessageRow({
  message: m,
  context,
  onThread,
  children,
}: {
  message: Message;
  context: RowContext;
  onThread?: () => void;
  children?: ReactNode;
}) {
  const { me, names, moderator } = context;
  const [mode, setMode] = useState<"view" | "edit" | "flag" | "delete">("view");
  const [history, setHistory] = useState<{ body: string; editedAt: string }[] | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const mine = m.authorId === me;
  const gone = m.deleted || (m.hidden && !moderator);
  const who = userLabel(m.authorId, me, names);
  const act = async (fn: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setProblem(shownProblem(e as Error));
      return false;
    }
  };

  return (
    <li className={mine ? "message mine" : "message"} aria-label={`Message from ${who}`}>
      <p className="message-meta">
        <strong>{who}</strong>{" "}
        <time className="muted" dateTime={m.createdAt}>
          {new Date(m.createdAt).toLocaleTimeString()}
        </time>
        {m.editedAt && !m.deleted && (
          <>
            {" "}
            <button
              type="button"
              className="link-button muted"
              aria-expanded={history !== null}
              onClick={() =>
                history ? setHistory(null) : void act(async () => setHistory(await messageHistory(m.id)))
              }
            >
              (edited)
            </button>
          </>
        )}
        {m.hidden && moderator && <span className="badge"> Hidden by a moderator</span>}
      </p>
      {history && (
        <section className="message-history muted" aria-label="Earlier versions">
          <ol>
            {history.map((h, i) => (
              <li key={i}>
                {plain(h.body)} <time dateTime={h.editedAt}>(until {new Date(h.editedAt).toLocaleTimeString()})</time>
              </li>
            ))}
          </ol>
        </section>
      )}
      {mode === "edit" ? (
        <EditForm
          initial={plain(m.body)}
          onCancel={() => setMode("view")}
          onSave={async (body) => {
            context.update(await editMessage(m.id, body));
            setHistory(null);
            setMode("view");
          }}
        />
      ) : (
        <p className="message-body">
          {m.deleted ? <em>Deleted</em> : m.hidden && !moderator ? <em>Hidden by a moderator</em> : plain(m.body)}
        </p>
      )}
      {children}
      {problem && <ProblemNote title="Not done" problem={problem} />}
      {!gone && (
        <div className="message-actions" role="group" aria-label={`Reactions and actions for the message from ${who}`}>
          {(m.reactions ?? []).map((r) => {
            const own = me !== null && r.userIds.includes(me);
            return (
              <button
                key={r.emoji}
                type="button"
                className="button reaction"
                aria-pressed={own}
                aria-label={`${r.emoji} ${r.count}${own ? ", yours" : ""}`}
                onClick={() =>
                  void act(async () => context.update(await (own ? unreact(m.id, r.emoji) : react(m.id, r.emoji))))
                }
              >
                {r.emoji} {r.count}
              </button>
            );
          })}
          {REACTIONS.filter((e) => !(m.reactions ?? []).some((r) => r.emoji === e)).map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="button reaction"
              aria-label={`React with ${emoji}`}
              onClick={() => void act(async () => context.update(await react(m.id, emoji)))}
            >
              {emoji}
            </button>
          ))}
          {onThread && (
            <button type="button" className="button" onClick={onThread}>
              {m.replyCount ? (m.replyCount === 1 ? "1 reply" : `${m.replyCount} replies`) : "Reply"}
            </button>
          )}
          {mine && (
            <button type="button" className="button" onClick={() => setMode("edit")}>
              Edit
            </button>
          )}
          {(mine || moderator) && (
            <button type="button" className="button" onClick={() => setMode("delete")}>
              Delete
            </button>
          )}
          {!mine && (
            <button type="button" className="button" onClick={() => setMode("flag")}>
              Flag
            </button>
          )}
        </div>
      )}
      {mode === "delete" && (
        <p role="alert">
          Delete this message for everyone?{" "}
          <button
            type="button"
            className="button danger"
            onClick={() =>
              void act(() => deleteMessage(m.id)).then((ok) => {
                if (ok) context.update({ ...m, deleted: true, body: "" });
                setMode("view");
              })
            }
          >
            Delete message
          </button>{" "}
          <button type="button" className="button" onClick={() => setMode("view")}>
            Keep it
          </button>
        </p>
      )}
      {mode === "flag" && (
        <FlagForm
          onCancel={() => setMode("view")}
          onFlag={async (reason) => {
            await flagMessage(m.id, reason);
            setMode("view");
          }}
        />
      )}
    </li>
  );
}

function EditForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave(body: string): Promise<void>;
  onCancel(): void;
}) {
  const id = useId();
  const [body, setBody] = useState(initial);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  return (
    <form
      aria-label="Edit the message"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        onSave(body).catch((err: Error) => setProblem(shownProblem(err)));
      }}
    >
      {problem && <ProblemNote title="Not saved" problem={problem} />}
      <label className="field" htmlFor={`${id}-body`}>
        New text
      </label>
      <textarea id={`${id}-body`} rows={2} value={body} onChange={(e) => setBody(e.target.value)} required />
      <button type="submit" className="button primary">
        Save
      </button>{" "}
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function FlagForm({ onFlag, onCancel }: { onFlag(reason: string): Promise<void>; onCancel(): void }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  return (
    <form
      aria-label="Flag the message"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        onFlag(reason).catch((err: Error) => setProblem(shownProblem(err)));
      }}
    >
      {problem && <ProblemNote title="Not flagged" problem={problem} />}
      <label className="field" htmlFor={`${id}-reason`}>
        Why should a moderator look at it?
      </label>
      <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} required />
      <button type="submit" className="button primary">
        Flag for moderation
      </button>{" "}
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** Mute and which messages notify (`PATCH …/settings`). */
function SettingsForm({ conversation, onSaved }: { conversation: Conversation; onSaved(c: Conversation): void }) {
  const id = useId();
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [saved, setSaved] = useState(false);
  // Shown at once; put back when the server refuses.
  const [shown, setShown] = useState({ muted: conversation.me.muted, notify: conversation.me.notify });
  const save = async (settings: { muted?: boolean; notify?: string }) => {
    const before = shown;
    setShown({ ...shown, ...settings });
    setProblem(null);
    setSaved(false);
    try {
      await updateSettings(conversation.id, settings);
      onSaved({ ...conversation, me: { ...conversation.me, ...settings } });
      setSaved(true);
    } catch (e) {
      setShown(before);
      setProblem(shownProblem(e as Error));
    }
  };
  return (
    <fieldset className="conversation-settings">
      <legend>Notifications</legend>
      {problem && <ProblemNote title="Not saved" problem={problem} />}
      <label className="checkbox">
        <input type="checkbox" checked={shown.muted} onChange={(e) => void save({ muted: e.target.checked })} /> Mute
        this conversation
      </label>{" "}
      <label htmlFor={`${id}-notify`}>Notify me of</label>{" "}
      <select id={`${id}-notify`} value={shown.notify} onChange={(e) => void save({ notify: e.target.value })}>
        <option value="all">every message</option>
        <option value="mentions">mentions of me</option>
        <option value="none">nothing</option>
      </select>{" "}
      <span className="muted" role="status">
        {saved ? "Saved." : ""}
      </span>
    </fieldset>
  );
}

function Composer({
  label,
  onTyping,
  onSend,
}: {
  label: string;
  onTyping(): void;
  onSend(body: string): Promise<void>;
}) {
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
    <form className="composer" aria-label={label} onSubmit={(e) => void submit(e)}>
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

function SearchForm({ conversationId, me, names }: { conversationId: string; me: string | null; names: Names }) {
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
                  <strong>{userLabel(m.authorId, me, names)}</strong>: {plain(m.body)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </form>
  );
}
