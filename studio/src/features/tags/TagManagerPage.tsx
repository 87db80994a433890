import { useCallback, useEffect, useState } from "react";
import { createTag, deleteTag, listTags, mergeTag, updateTag, type Tag } from "../../api/tags-api.ts";
import { buildTagTree, slugify, subtreeIds, type TagNode } from "../../core/tag-tree.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { problemText } from "./problem-text.ts";

/**
 * The tenant's tags as a tree (runtime/src/tags): add a tag under any other, rename it, move it,
 * merge it into another (its records and children go there), delete it. Each tag shows how many
 * records you may read carry it.
 */
export function TagManagerPage() {
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [name, setName] = useState("");
  const [parent, setParent] = useState("");

  const reload = useCallback(() => {
    listTags({ counts: true }).then(setTags, (e: unknown) => setError(problemText(e)));
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

  if (!tags && !error) return <Loading />;
  const all = tags ?? [];
  return (
    <div className="page tag-manager">
      <PageHeader title="Tags" subtitle="The marketplace's tags: a tree, used on records of taggable entities." />
      <form
        className="tag-create"
        onSubmit={(e) => {
          e.preventDefault();
          const slug = slugify(name);
          void act(`Added ${name}.`, async () => {
            await createTag({ slug, name: name.trim(), parentId: parent || null });
            setName("");
          });
        }}
      >
        <label>
          New tag
          <input aria-label="New tag" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <label>
          Under
          <select aria-label="Under" value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">(top level)</option>
            {all.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary" disabled={!slugify(name)}>
          Add tag
        </button>
      </form>
      {error && <ErrorNote title="That did not work">{error}</ErrorNote>}
      <p role="status" className="muted">
        {status}
      </p>
      {all.length === 0 ? (
        <p className="muted">No tags yet.</p>
      ) : (
        <ul className="tag-tree" aria-label="Tag tree">
          {buildTagTree(all).map((node) => (
            <TagRow key={node.tag.id} node={node} all={all} act={act} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TagRow({
  node,
  all,
  act,
}: {
  node: TagNode<Tag>;
  all: Tag[];
  act: (what: string, fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { tag } = node;
  const [renaming, setRenaming] = useState(false);
  const [text, setText] = useState(tag.name);
  const [target, setTarget] = useState("");
  const [moveTo, setMoveTo] = useState(tag.parentId ?? "");
  const below = subtreeIds(all, tag.id);
  return (
    <li data-slug={tag.slug}>
      <div className="tag-row">
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(`Renamed to ${text}.`, async () => {
                await updateTag(tag.id, { name: text.trim(), slug: slugify(text) });
                setRenaming(false);
              });
            }}
          >
            <label>
              New name of {tag.name}
              <input
                aria-label={`New name of ${tag.name}`}
                value={text}
                onChange={(e) => setText(e.target.value)}
                required
                maxLength={120}
              />
            </label>
            <button type="submit" className="button primary">
              Save
            </button>
            <button type="button" className="button ghost" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <span className="tag-name">{tag.name}</span> <code className="muted">{tag.slug}</code>{" "}
            <span className="muted">{tag.usage ?? 0} records</span>{" "}
            <button
              type="button"
              className="button ghost"
              onClick={() => setRenaming(true)}
              aria-label={`Rename ${tag.name}`}
            >
              Rename
            </button>
          </>
        )}
        <select value={moveTo} onChange={(e) => setMoveTo(e.target.value)} aria-label={`Move ${tag.name} under`}>
          <option value="">(top level)</option>
          {all
            .filter((t) => !below.has(t.id))
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="button ghost"
          disabled={(tag.parentId ?? "") === moveTo}
          onClick={() => void act(`Moved ${tag.name}.`, () => updateTag(tag.id, { parentId: moveTo || null }))}
        >
          Move
        </button>
        <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label={`Merge ${tag.name} into`}>
          <option value="">Merge into…</option>
          {all
            .filter((t) => t.id !== tag.id)
            .map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="button ghost"
          disabled={!target}
          onClick={() => void act(`Merged ${tag.name}.`, () => mergeTag(tag.id, target))}
        >
          Merge
        </button>
        <button
          type="button"
          className="button danger"
          aria-label={`Delete ${tag.name}`}
          onClick={() => void act(`Deleted ${tag.name}.`, () => deleteTag(tag.id))}
        >
          Delete
        </button>
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <TagRow key={child.tag.id} node={child} all={all} act={act} />
          ))}
        </ul>
      )}
    </li>
  );
}
