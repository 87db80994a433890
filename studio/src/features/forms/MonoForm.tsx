import Form from "@rjsf/core";
import type { ErrorSchema, ErrorTransformer, RJSFSchema, UiSchema } from "@rjsf/utils";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { labelAt, validationMessage } from "../../core/error-messages.ts";
import { sanitizeUiSchema } from "../../core/sanitize-ui-schema.ts";
import { templateMessage } from "../../core/template-messages.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { pruneEmptyObjects } from "../../core/prune-empty.ts";
import { BaseInputTemplate, useFormAria } from "./form-aria.ts";
import { GroupedObjectTemplate } from "./GroupedObjectTemplate.tsx";
import { formValidator } from "./validator.ts";
import { CUSTOM_WIDGETS } from "./widgets/index.ts";

export interface MonoFormProps {
  id: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  formData?: unknown;
  /** Server errors mapped onto fields (problem+json pointers → RJSF ErrorSchema). */
  extraErrors?: object;
  /** Errors about the whole form (shown above it). */
  formErrors?: string[];
  submitLabel?: string;
  busy?: boolean;
  /** Extra buttons beside submit. */
  actions?: ReactNode;
  liveValidate?: boolean;
  /** The entity's API name, for widgets that call its APIs (the media widget's uploads). */
  entity?: string;
  onChange?(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
}

const TEMPLATES = { ObjectFieldTemplate: GroupedObjectTemplate, BaseInputTemplate };
const DEFAULTS = { emptyObjectFields: "skipEmptyDefaults" } as const;

/** A generated form (create, edit or filter spec) rendered with @rjsf/core and the studio's widgets. */
export function MonoForm(props: MonoFormProps) {
  // The form keeps its data (pruned of empty objects); a new `formData` from the parent resets it.
  const [data, setData] = useState(props.formData);
  const uiSchema = useMemo(() => sanitizeUiSchema(props.schema, props.uiSchema), [props.schema, props.uiSchema]);
  // Pages show the entity's title and description in their own header: not again inside the form.
  const schema = useMemo(() => {
    const { title: _title, description: _description, ...rest } = props.schema;
    return rest;
  }, [props.schema]);
  useEffect(() => setData(props.formData), [props.formData]);
  // Ajv's messages as sentences in the user's locale, naming the field; the template's own
  // message (x-errorMessages, already in the user's locale) wins for the rule it names.
  const locale = useSessionStore((s) => s.locale);
  const transformErrors = useMemo<ErrorTransformer>(
    () => (errors) =>
      errors.map((error) => {
        const label = labelAt(error.property, schema, uiSchema);
        const message =
          templateMessage(error, uiSchema as Record<string, unknown> | undefined) ??
          validationMessage(error, label, locale);
        return { ...error, message, stack: `${label}: ${message}` };
      }),
    [schema, uiSchema, locale],
  );
  const formContext = useMemo(() => ({ entity: props.entity }), [props.entity]);
  const root = useRef<HTMLDivElement>(null);
  useFormAria(root);
  return (
    <div className="mono-form" ref={root}>
      {props.formErrors && props.formErrors.length > 0 && (
        <div className="alert error" role="alert">
          {props.formErrors.map((e, i) => (
            <p key={i}>{e}</p>
          ))}
        </div>
      )}
      <Form
        idPrefix={props.id}
        schema={schema as RJSFSchema}
        uiSchema={uiSchema as UiSchema | undefined}
        formData={data}
        validator={formValidator}
        transformErrors={transformErrors}
        widgets={CUSTOM_WIDGETS}
        formContext={formContext}
        templates={TEMPLATES}
        extraErrors={props.extraErrors as ErrorSchema | undefined}
        showErrorList={false}
        focusOnFirstError
        noHtml5Validate
        liveValidate={props.liveValidate ? "onChange" : undefined}
        disabled={props.busy}
        experimental_defaultFormStateBehavior={DEFAULTS}
        onChange={(e) => {
          const next = pruneEmptyObjects((e.formData ?? {}) as Record<string, unknown>);
          setData(next);
          props.onChange?.(next);
        }}
        onSubmit={(e) => props.onSubmit(pruneEmptyObjects((e.formData ?? {}) as Record<string, unknown>))}
      >
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={props.busy}>
            {props.busy ? "Saving…" : (props.submitLabel ?? "Save")}
          </button>
          {props.actions}
        </div>
      </Form>
    </div>
  );
}
