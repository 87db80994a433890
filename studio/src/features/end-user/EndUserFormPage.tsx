import { useState } from "react";
import { createRecord } from "../../api/entity-api.ts";
import { ProblemError } from "../../api/http.ts";
import { localizeUiSchema, type FormLocaleLabels } from "../../core/form-locale.ts";
import { pickLabel } from "../../core/labels.ts";
import { problemToErrors, type MappedErrors } from "../../core/problem-errors.ts";
import type { EntityRecord } from "../../core/registry-types.ts";
import { withoutUnwritableFields } from "../../core/field-access.ts";
import { isAdminPersona } from "../../core/personas.ts";
import { useActingPersona, useActingRoles } from "../../store/acting-persona.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { useEntity } from "../admin/use-entity.ts";
import { useFormSpec } from "../admin/use-form-spec.ts";
import { MonoForm } from "../forms/MonoForm.tsx";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading } from "../shell/PageStates.tsx";
import { WizardForm } from "./WizardForm.tsx";

/** A generated create form as an end user meets it: one card, steps when the spec has them. */
export function EndUserFormPage({ templateId, entityName }: { templateId: string; entityName: string }) {
  const { template, entity } = useEntity(templateId, entityName);
  const locale = useSessionStore((s) => s.locale);
  const persona = useActingPersona();
  const roles = useActingRoles();
  const { spec, error: loadError } = useFormSpec(templateId, entity);
  const [errors, setErrors] = useState<MappedErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<EntityRecord | null>(null);
  const [attempt, setAttempt] = useState(0);

  if (!template || !entity) return <ErrorNote title="Unknown form">{`${templateId} / ${entityName}`}</ErrorNote>;
  if (loadError) return <ErrorNote title="The form cannot be loaded">{loadError}</ErrorNote>;
  if (!spec) return <Loading />;

  const labels = spec.labels[locale] as FormLocaleLabels | undefined;
  const title = labels?.title ?? pickLabel(entity.label, locale, entity.name);
  const uiSchema = localizeUiSchema(spec.create.uiSchema, labels, locale);
  const create = withoutUnwritableFields({ schema: spec.create.schema, uiSchema }, roles, isAdminPersona(persona));

  const submit = async (data: Record<string, unknown>): Promise<MappedErrors | null> => {
    setBusy(true);
    setErrors(null);
    try {
      setCreated(await createRecord(entity.apiName, data));
      return null;
    } catch (e) {
      const mapped =
        e instanceof ProblemError
          ? problemToErrors(e.problem)
          : { errorSchema: {}, formErrors: [(e as Error).message], fields: [] };
      setErrors(mapped);
      return mapped;
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <div className="page end-user">
        <div className="card success-card" role="status">
          <h1>Thank you!</h1>
          <p>Your {title.toLowerCase()} was saved.</p>
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              onClick={() => (setCreated(null), setAttempt((a) => a + 1))}
            >
              Create another
            </button>
            <Link
              to={{ name: "detail", template: templateId, entity: entity.apiName, id: created.id }}
              className="button ghost"
            >
              View it
            </Link>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="page end-user">
      <div className="card end-user-card">
        <h1>{title}</h1>
        {entity.description && <p className="subtitle">{pickLabel(entity.description, locale, "")}</p>}
        {spec.steps?.length ? (
          <WizardForm
            key={attempt}
            spec={{ ...spec, create: create }}
            uiSchema={uiSchema}
            groupLabels={labels?.groups ?? {}}
            busy={busy}
            errors={errors}
            submitLabel={`Submit ${title.toLowerCase()}`}
            entity={entity.apiName}
            onSubmit={submit}
          />
        ) : (
          <MonoForm
            key={attempt}
            id="enduser"
            entity={entity.apiName}
            schema={create.schema}
            uiSchema={uiSchema}
            extraErrors={errors?.errorSchema}
            formErrors={errors?.formErrors}
            busy={busy}
            submitLabel={`Submit ${title.toLowerCase()}`}
            onSubmit={(data) => void submit(data)}
          />
        )}
      </div>
    </div>
  );
}
