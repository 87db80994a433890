import { useCallback, useEffect, useState } from "react";
import {
  deleteSavedSearch,
  listSavedSearches,
  setAlert,
  shareSavedSearch,
  type Alert,
  type SavedSearch,
} from "../../api/saved-search-api.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { problemText } from "../tags/problem-text.ts";

const ALERTS: { value: Alert; label: string }[] = [
  { value: "none", label: "No alerts" },
  { value: "instant", label: "Notify me at once" },
  { value: "digest", label: "Daily email digest" },
];

/**
 * The signed-in user's saved searches (runtime/src/saved-searches) and those shared with their
 * accounts: the alert choice per search, sharing with the account, delete. Searches are saved
 * from an entity list ("Save search").
 */
export function SavedSearchesPage() {
  const [mine, setMine] = useState<SavedSearch[] | null>(null);
  const [shared, setShared] = useState<SavedSearch[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  const reload = useCallback(() => {
    Promise.all([listSavedSearches("mine"), listSavedSearches("shared")]).then(
      ([m, s]) => {
        setMine(m);
        setShared(s);
      },
      (e: unknown) => setError(problemText(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setStatus(what);
      reload();
    } catch (e) {
      setError(problemText(e));
    }
  };

  if (!mine && !error) return <Loading />;
  const row = (s: SavedSearch, own: boolean) => (
    <tr key={s.id}>
      <td>{s.name}</td>
      <td>
        <code>{`${s.templateId}:${s.entity}`}</code>
      </td>
      <td>
        <code>{JSON.stringify(s.query)}</code>
      </td>
      <td>
        <select
          aria-label={`Alerts for ${s.name}`}
          value={s.alert}
          onChange={(e) => void act(`Alerts for ${s.name} changed.`, () => setAlert(s.id, e.target.value as Alert))}
        >
          {ALERTS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        {own ? (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void act(`${s.name} is now ${s.visibility === "account" ? "private" : "shared"}.`, () =>
                  shareSavedSearch(s.id, s.visibility === "account" ? "private" : "account"),
                )
              }
            >
              {s.visibility === "account" ? "Stop sharing" : "Share with my account"}
            </button>{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => void act(`Deleted ${s.name}.`, () => deleteSavedSearch(s.id))}
            >
              Delete
            </button>
          </>
        ) : (
          "Shared with you"
        )}
      </td>
    </tr>
  );
  return (
    <div className="page saved-searches">
      <PageHeader
        title="Saved searches"
        subtitle="Your saved list queries and those shared with your account, with alerts of new matches."
      />
      {error && <ErrorNote title="Something went wrong">{error}</ErrorNote>}
      <p role="status">{status}</p>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Entity</th>
            <th>Query</th>
            <th>Alerts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(mine ?? []).map((s) => row(s, true))}
          {shared.map((s) => row(s, false))}
        </tbody>
      </table>
      {!mine?.length && !shared.length && <p>No saved searches yet: save one from any list (“Save search”).</p>}
    </div>
  );
}
