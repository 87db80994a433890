import { useEffect, useState } from "react";
import { deleteRecord, getRecord } from "../../api/entity-api.ts";
import { openRecordConversation } from "../../api/messaging-api.ts";
import { contentLocale } from "../../core/content-locale.ts";
import { entityColumns } from "../../core/entity-columns.ts";
import { formatCell } from "../../core/format-value.ts";
import { pickLabel } from "../../core/labels.ts";
import { entityAbilities } from "../../core/personas.ts";
import { useActingPersona } from "../../store/acting-persona.ts";
import type { EntityRecord } from "../../core/registry-types.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { RecordTagsPanel } from "../tags/RecordTagsPanel.tsx";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { useEntity } from "./use-entity.ts";
import { useExtensionColumns } from "./use-extension-columns.ts";

/** One record: every field with its label, plus edit and delete, and its conversation when the entity has one. */
export function RecordDetailPage({
  templateId,
  entityName,
  recordId,
}: {
  templateId: string;
  entityName: string;
  recordId: string;
}) {
  const { template, entity } = useEntity(templateId, entityName);
  const locale = useSessionStore((s) => s.locale);
  const persona = useActingPersona();
  const tenant = useSessionStore((s) => s.tenant);
  const extensionColumns = useExtensionColumns(entity, locale, tenant);
  const [record, setRecord] = useState<EntityRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const signedIn = useAuthStore((s) => s.user !== null);

  const language = template && entity ? contentLocale(template, entity, locale) : null;
  useEffect(() => {
    if (entity)
      getRecord(entity.apiName, recordId, language ?? undefined).then(setRecord, (e: Error) => setError(e.message));
  }, [entity, recordId, language]);

  if (!template || !entity) return <ErrorNote title="Unknown entity">{`${templateId} / ${entityName}`}</ErrorNote>;
  if (error) return <ErrorNote title="The record cannot be loaded">{error}</ErrorNote>;
  if (!record) return <Loading />;

  const abilities = entityAbilities(persona, template, entity);
  const columns = [...entityColumns(entity, locale), ...extensionColumns];
  const title =
    entity.titleField && record[entity.titleField]
      ? String(record[entity.titleField])
      : pickLabel(entity.label, locale, entity.name);
  // The record's conversation (entities that declare one): opened, or created on first use.
  const converse = async () => {
    try {
      const conversation = await openRecordConversation(`${templateId}:${entity.apiName}`, record.id);
      navigate({ name: "conversation", id: conversation.id });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async () => {
    try {
      await deleteRecord(entity.apiName, record.id);
      navigate({ name: "list", template: templateId, entity: entityName });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="page detail-page">
      <PageHeader
        title={title}
        subtitle={
          <Link to={{ name: "list", template: templateId, entity: entityName }}>
            ← {pickLabel(entity.pluralLabel, locale, entity.name)}
          </Link>
        }
        actions={
          <>
            {entity.hasConversation && (
              <button type="button" className="button" onClick={() => void converse()}>
                Conversation
              </button>
            )}
            {abilities.update && (
              <Link
                to={{ name: "edit", template: templateId, entity: entityName, id: record.id }}
                className="button primary"
              >
                Edit
              </Link>
            )}
            {abilities.delete &&
              (confirming ? (
                <>
                  <button type="button" className="button danger" onClick={() => void remove()}>
                    Yes, delete
                  </button>
                  <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
                    Cancel
                  </button>
                </>
              ) : (
                <button type="button" className="button danger" onClick={() => setConfirming(true)}>
                  Delete
                </button>
              ))}
          </>
        }
      />
      <dl className="record-fields">
        {columns.map((c) => {
          const text = formatCell(record[c.key], c, locale);
          return (
            <div key={c.key} className="record-field">
              <dt>{c.label}</dt>
              <dd>{text || <span className="muted">—</span>}</dd>
            </div>
          );
        })}
        <div className="record-field">
          <dt>Id</dt>
          <dd>
            <code>{record.id}</code>
          </dd>
        </div>
      </dl>
      <RecordTagsPanel
        entity={`${template.id}:${entity.apiName}`}
        recordId={record.id}
        taggable={template.tagging?.includes(entity.name) ?? false}
        collectable={template.collections?.includes(entity.name) ?? false}
        canTag={abilities.update}
        signedIn={signedIn}
      />
    </div>
  );
}
