import { useEffect, useRef, useState } from "react";
import {
  changeRecordTags,
  favourited,
  listTags,
  recordTags,
  setFavourite,
  suggestTags,
  type Tag,
} from "../../api/tags-api.ts";
import { problemText } from "./problem-text.ts";

/**
 * A record's tags and favourite state (runtime/src/tags, runtime/src/collections): its tags as
 * chips (removable by those who may update it), a tag picker that autocompletes the tenant's
 * tags as you type, tags often used with these, and a favourite toggle for signed-in users.
 */
export function RecordTagsPanel({
  entity,
  recordId,
  taggable,
  collectable,
  canTag,
  signedIn,
}: {
  /** `templateId:apiName`. */
  entity: string;
  recordId: string;
  taggable: boolean;
  collectable: boolean;
  canTag: boolean;
  signedIn: boolean;
}) {
  const [tags, setTags] = useState<Tag[]>([]);
  const [suggested, setSuggested] = useState<Tag[]>([]);
  const [favourite, setFav] = useState<boolean | null>(null);
  const [text, setText] = useState("");
  const [options, setOptions] = useState<Tag[]>([]);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  const reload = () => {
    if (!taggable) return;
    recordTags(entity, recordId).then(setTags, (e: unknown) => setError(problemText(e)));
    suggestTags(entity, recordId).then(setSuggested, () => setSuggested([]));
  };
  useEffect(reload, [entity, recordId, taggable]);
  useEffect(() => {
    if (collectable && signedIn)
      favourited(entity, [recordId]).then(
        (ids) => setFav(ids.includes(recordId)),
        () => setFav(null),
      );
  }, [entity, recordId, collectable, signedIn]);
  // Autocomplete: the tenant's tags whose slug or name starts with the text (the latest answer wins).
  useEffect(() => {
    const prefix = text.trim();
    if (!prefix) {
      setOptions([]);
      return;
    }
    const mine = ++request.current;
    const timer = setTimeout(() => {
      listTags({ prefix, limit: 8 }).then(
        (found) => mine === request.current && setOptions(found.filter((t) => !tags.some((o) => o.id === t.id))),
        () => {},
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [text, tags]);

  const change = async (what: { add?: string[]; remove?: string[] }) => {
    setError(null);
    try {
      await changeRecordTags(entity, [recordId], what);
      setText("");
      setOptions([]);
      reload();
    } catch (e) {
      setError(problemText(e));
    }
  };
  const toggleFavourite = async () => {
    setError(null);
    try {
      await setFavourite(entity, recordId, !favourite);
      setFav(!favourite);
    } catch (e) {
      setError(problemText(e));
    }
  };

  if (!taggable && !(collectable && signedIn)) return null;
  return (
    <section className="record-tags" aria-label="Tags and favourites">
      {collectable && signedIn && favourite !== null && (
        <button type="button" className="button ghost" aria-pressed={favourite} onClick={() => void toggleFavourite()}>
          {favourite ? "★ Favourite" : "☆ Add to favourites"}
        </button>
      )}
      {taggable && (
        <>
          <h2>Tags</h2>
          <ul className="tag-chips" aria-label="Tags of this record">
            {tags.length === 0 && <li className="muted">No tags</li>}
            {tags.map((t) => (
              <li key={t.id} className="tag-chip">
                {t.name}
                {canTag && (
                  <button
                    type="button"
                    className="button ghost"
                    aria-label={`Remove tag ${t.name}`}
                    onClick={() => void change({ remove: [t.slug] })}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {canTag && (
            <div className="tag-picker">
              <label>
                Add a tag
                <input
                  role="combobox"
                  aria-label="Add a tag"
                  aria-expanded={options.length > 0}
                  aria-controls="tag-options"
                  aria-autocomplete="list"
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && options[0]) {
                      e.preventDefault();
                      void change({ add: [options[0].slug] });
                    }
                  }}
                />
              </label>
              <ul id="tag-options" role="listbox" aria-label="Matching tags">
                {options.map((t) => (
                  <li
                    key={t.id}
                    role="option"
                    aria-selected={false}
                    tabIndex={-1}
                    onClick={() => void change({ add: [t.slug] })}
                    onKeyDown={(e) => e.key === "Enter" && void change({ add: [t.slug] })}
                  >
                    {t.name} <code className="muted">{t.slug}</code>
                  </li>
                ))}
              </ul>
              {suggested.length > 0 && (
                <p className="tag-suggestions">
                  Often used with these:{" "}
                  {suggested.map((t) => (
                    <button
                      key={t.id}
                      type="button"
                      className="button ghost"
                      aria-label={`Add suggested tag ${t.name}`}
                      onClick={() => void change({ add: [t.slug] })}
                    >
                      + {t.name}
                    </button>
                  ))}
                </p>
              )}
            </div>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
