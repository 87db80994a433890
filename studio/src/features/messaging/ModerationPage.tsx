import { useCallback, useEffect, useState } from "react";
import { moderate, moderationQueue } from "../../api/messaging-api.ts";
import { userLabel, type FlaggedMessage, type Message } from "../../core/messaging.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "../workflows/run-parts.tsx";
import { useNames } from "./use-names.ts";

const plain = (html: string) => new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";

/**
 * The moderation queue (`GET /api/v1/tenant/messaging/flags`): flagged messages the caller
 * moderates (tenant admins: all; others those of record conversations whose entity's
 * `moderators` name them), oldest flag first, each with its text, author and every flag's
 * reason. Hide (nobody but moderators sees it; its flags resolved), dismiss (flags resolved, the
 * message unchanged); a message hidden here can be restored from the same row. A resolved row
 * stays on the page until it is reloaded, saying what was done.
 */
export function ModerationPage() {
  const me = useAuthStore((s) => s.user?.id ?? null);
  const [queue, setQueue] = useState<FlaggedMessage[] | null>(null);
  const [done, setDone] = useState<Record<string, "hidden" | "restored" | "dismissed">>({});
  const [error, setError] = useState<ShownProblem | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const names = useNames((queue ?? []).flatMap((f) => [f.message.authorId, ...f.flags.map((x) => x.userId)]));

  const load = useCallback((signal?: AbortSignal) => {
    moderationQueue(signal)
      .then((list) => {
        setQueue(list);
        setDone({});
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

  const decide = async (message: Message, action: "hide" | "unhide" | "dismiss") => {
    setProblem(null);
    try {
      const updated = await moderate(message.id, action);
      setQueue((list) => list?.map((f) => (f.message.id === message.id ? { ...f, message: updated } : f)) ?? list);
      setDone((d) => ({
        ...d,
        [message.id]: action === "hide" ? "hidden" : action === "unhide" ? "restored" : "dismissed",
      }));
    } catch (e) {
      setProblem(shownProblem(e as Error));
    }
  };

  return (
    <div className="page">
      <PageHeader
        title="Moderation queue"
        subtitle="Flagged messages, oldest flag first."
        actions={
          <>
            <Link to={{ name: "messages" }}>All messages</Link>{" "}
            <button type="button" className="button" onClick={() => load()}>
              Refresh
            </button>
          </>
        }
      />
      {error && <ProblemNote title="The queue cannot be loaded" problem={error} />}
      {problem && <ProblemNote title="Not done" problem={problem} />}
      {!error && !queue && <Loading />}
      {queue && queue.length === 0 && <p>Nothing is flagged.</p>}
      {queue && queue.length > 0 && (
        <ul className="moderation-queue" aria-label="Flagged messages">
          {queue.map(({ message: m, flags }) => {
            const state = done[m.id];
            const who = userLabel(m.authorId, me, names);
            return (
              <li key={m.id} className="card" aria-label={`Flagged message from ${who}`}>
                <p className="message-meta">
                  <strong>{who}</strong>{" "}
                  <time className="muted" dateTime={m.createdAt}>
                    {new Date(m.createdAt).toLocaleString()}
                  </time>{" "}
                  <Link to={{ name: "conversation", id: m.conversationId }}>Conversation</Link>
                  {m.hidden && <span className="badge"> Hidden</span>}
                </p>
                <p className="message-body">{m.deleted ? <em>Deleted by its author</em> : plain(m.body)}</p>
                <ul className="flag-reasons" aria-label="Flags">
                  {flags.map((f) => (
                    <li key={`${f.userId}-${f.createdAt}`}>
                      {userLabel(f.userId, me, names)}: “{f.reason}”{" "}
                      <time className="muted" dateTime={f.createdAt}>
                        {new Date(f.createdAt).toLocaleString()}
                      </time>
                    </li>
                  ))}
                </ul>
                {state && (
                  <p role="status">
                    {state === "hidden" ? "Hidden." : state === "restored" ? "Restored." : "Dismissed."}
                  </p>
                )}
                <div role="group" aria-label={`Decide on the message from ${who}`}>
                  {m.hidden ? (
                    <button type="button" className="button" onClick={() => void decide(m, "unhide")}>
                      Restore
                    </button>
                  ) : (
                    <button type="button" className="button danger" onClick={() => void decide(m, "hide")}>
                      Hide
                    </button>
                  )}{" "}
                  {!state && (
                    <button type="button" className="button" onClick={() => void decide(m, "dismiss")}>
                      Dismiss
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
