import { useEffect, useState } from "react";
import { createRecord, getRecord, updateRecord } from "../../api/entity-api.ts";
import { listAccounts, type AccountChoice } from "../../api/invitation-api.ts";
import { ProblemError } from "../../api/http.ts";
import { contentLocale } from "../../core/content-locale.ts";
import { localizeUiSchema } from "../../core/form-locale.ts";
import { humanize, pickLabel } from "../../core/labels.ts";
import { problemToErrors, type MappedErrors } from "../../core/problem-errors.ts";
import { navigate } from "../../store/router-store.ts";
import { withoutUnwritableFields } from "../../core/field-access.ts";
import { isAdminPersona } from "../../core/personas.ts";
import { useActingPersona, useActingRoles } from "../../store/acting-persona.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { MonoForm } from "../forms/MonoForm.tsx";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { formDataFor, patchBody } from "./record-form-data.ts";
import { useEntity } from "./use-entity.ts";
import { useFormSpec } from "./use-form-spec.ts";

interface RecordFormPageProps {
  templateId: string;
  entityName: string;
  /** null: create a record. */
  recordId: string | null;
}

/** Create or edit a record with the generated form; server errors land on their fields. */
export function RecordFormPage({ templateId, entityName, recordId }: RecordFormPageProps) {
  const { template, entity } = useEntity(templateId, entityName);
  const locale = useSessionStore((s) => s.locale);
  const persona = useActingPersona();
  const roles = useActingRoles();
  const { spec, error: specError } = useFormSpec(templateId, entity);
  const [original, setOriginal] = useState<Record<string, unknown> | null>(recordId ? null : {});
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<MappedErrors | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [accounts, setAccounts] = useState<AccountChoice[] | null>(null);
  const [accountId, setAccountId] = useState("");
  const [accountError, setAccountError] = useState<string | null>(null);
  const pickAccount = !recordId && entity?.scope === "account" && isAdminPersona(persona);
  // Translatable texts are edited one language at a time; the admin picks which.
  const initialLanguage = template && entity ? contentLocale(template, entity, locale) : null;
  const [language, setLanguage] = useState<string | null>(initialLanguage);
  const editsLanguage = !!recordId && language !== null;
  // Admins create account-scoped records for an account of the tenant: they pick it.
  useEffect(() => {
    if (!pickAccount) return;
    const controller = new AbortController();
    listAccounts({ limit: 100 }, controller.signal).then(
      (answer) => setAccounts(answer.data),
      // No account listing here (a developer session without sign-in): the session's account applies.
      () => setAccounts(null),
    );
    return () => controller.abort();
  }, [pickAccount]);

  useEffect(() => {
    if (!recordId || !entity || !spec) return;
    getRecord(entity.apiName, recordId, language ?? undefined).then(
      (record) => {
        const data = formDataFor(record, spec.edit.schema);
        setOriginal(data);
        setFormData(data);
      },
      (e: Error) => setLoadError(e.message),
    );
  }, [recordId, entity, spec, language]);

  if (!template || !entity) return <ErrorNote title="Unknown entity">{`${templateId} / ${entityName}`}</ErrorNote>;
  if (loadError || specError) return <ErrorNote title="Cannot open the form">{loadError ?? specError}</ErrorNote>;
  if (!spec || !original) return <Loading />;

  const admin = isAdminPersona(persona);
  const form = withoutUnwritableFields(recordId ? spec.edit : spec.create, roles, admin);
  const label = pickLabel(entity.label, locale, entity.name);
  const choosing = pickAccount && accounts !== null;
  const submit = async (data: Record<string, unknown>) => {
    setFormData(data);
    if (choosing && !accountId) {
      setAccountError("Account is required: choose the account this record belongs to");
      document.getElementById("record-account")?.focus();
      return;
    }
    setAccountError(null);
    setBusy(true);
    setErrors(null);
    setFormData(data);
    try {
      const saved = recordId
        ? await updateRecord(entity.apiName, recordId, patchBody(original, data), language ?? undefined)
        : await createRecord(entity.apiName, data, choosing ? accountId : undefined);
      navigate({ name: "detail", template: templateId, entity: entityName, id: saved.id });
    } catch (e) {
      if (e instanceof ProblemError) setErrors(problemToErrors(e.problem));
      else setErrors({ errorSchema: {}, formErrors: [(e as Error).message], fields: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page form-page">
      <PageHeader
        title={recordId ? `Edit ${label.toLowerCase()}` : `New ${label.toLowerCase()}`}
        subtitle={
          <Link to={{ name: "list", template: templateId, entity: entityName }}>
            ← {pickLabel(entity.pluralLabel, locale, entity.name)}
          </Link>
        }
      />
      {editsLanguage && (
        <label className="field narrow" htmlFor="record-language">
          Content language
          <select
            id="record-language"
            value={language!}
            aria-describedby="record-language-hint"
            onChange={(e) => {
              setOriginal(null);
              setLanguage(e.target.value);
            }}
          >
            {template.locales.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
          <span className="hint" id="record-language-hint">
            Translatable texts are shown and saved in this language; the others keep theirs.
          </span>
        </label>
      )}
      {choosing && (
        <label className="field narrow" htmlFor="record-account">
          Account
          <select
            id="record-account"
            value={accountId}
            required
            aria-invalid={accountError ? true : undefined}
            aria-describedby={accountError ? "record-account-error" : "record-account-hint"}
            onChange={(e) => setAccountId(e.target.value)}
          >
            <option value="">Choose an account…</option>
            {accounts!.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({humanize(a.kind)})
              </option>
            ))}
          </select>
          {accountError ? (
            <span className="error-text" id="record-account-error" role="alert">
              {accountError}
            </span>
          ) : (
            <span className="hint" id="record-account-hint">
              The {label.toLowerCase()} belongs to this account; its members see it as theirs.
            </span>
          )}
        </label>
      )}
      <MonoForm
        id={recordId ? "edit" : "create"}
        entity={entity.apiName}
        schema={form.schema}
        uiSchema={localizeUiSchema(form.uiSchema, spec.labels[locale] as never, locale)}
        formData={formData}
        extraErrors={errors?.errorSchema}
        formErrors={errors?.formErrors}
        busy={busy}
        submitLabel={recordId ? "Save changes" : `Create ${label.toLowerCase()}`}
        onSubmit={(data) => void submit(data)}
        actions={
          <Link
            to={
              recordId
                ? { name: "detail", template: templateId, entity: entityName, id: recordId }
                : { name: "list", template: templateId, entity: entityName }
            }
            className="button ghost"
          >
            Cancel
          </Link>
        }
      />
    </div>
  );
}
