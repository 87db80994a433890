import { useEffect, useRef, useState } from "react";
import { firstStepWith, stepForm } from "../../core/form-steps.ts";
import type { MappedErrors } from "../../core/problem-errors.ts";
import type { EntityFormSpec } from "../../core/registry-types.ts";
import { MonoForm } from "../forms/MonoForm.tsx";

interface WizardFormProps {
  spec: EntityFormSpec;
  uiSchema: Record<string, unknown>;
  groupLabels: Record<string, string>;
  busy: boolean;
  errors: MappedErrors | null;
  submitLabel: string;
  /** The entity's API name (for the media widget's uploads). */
  entity?: string;
  onSubmit(data: Record<string, unknown>): Promise<MappedErrors | null>;
}

const pick = (data: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(Object.entries(data).filter(([k]) => fields.includes(k)));

/**
 * A multi-step create form from the spec's `steps`: each page validates its own properties
 * before the next; the last page sends everything. A server error takes the user back to the
 * page of the first field it concerns.
 */
export function WizardForm(props: WizardFormProps) {
  const { spec, uiSchema, groupLabels, busy, errors, submitLabel, onSubmit, entity } = props;
  const steps = spec.steps ?? [];
  const [index, setIndex] = useState(0);
  const [data, setData] = useState<Record<string, unknown>>({});
  const step = steps[index];
  const page = stepForm({ schema: spec.create.schema, uiSchema }, step);
  const last = index === steps.length - 1;
  // A new step is announced: focus moves to its heading (not on the first step, which the page announces).
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(index);
  useEffect(() => {
    if (shown.current === index) return;
    shown.current = index;
    heading.current?.focus({ preventScroll: false });
  }, [index]);
  const title = (i: number) => steps[i].groups.map((g) => groupLabels[g] ?? g).join(" · ") || `Step ${i + 1}`;

  const next = async (pageData: Record<string, unknown>) => {
    const merged = {
      ...Object.fromEntries(Object.entries(data).filter(([k]) => !step.fields.includes(k))),
      ...pageData,
    };
    setData(merged);
    if (!last) return setIndex(index + 1);
    const failed = await onSubmit(merged);
    const back = failed ? firstStepWith(steps, failed.fields) : null;
    if (back !== null) setIndex(back);
  };

  return (
    <div className="wizard">
      <ol className="steps" aria-label="Progress">
        {steps.map((s, i) => (
          <li
            key={s.step}
            className={i === index ? "current" : i < index ? "done" : undefined}
            aria-current={i === index ? "step" : undefined}
          >
            <span className="step-number">{i + 1}</span>
            <span className="step-title">{title(i)}</span>
          </li>
        ))}
      </ol>
      <h2 className="step-heading" ref={heading} tabIndex={-1}>
        Step {index + 1} of {steps.length}: {title(index)}
      </h2>
      <MonoForm
        key={step.step}
        id={`step${step.step}`}
        entity={entity}
        schema={page.schema}
        uiSchema={page.uiSchema}
        formData={pick(data, step.fields)}
        extraErrors={errors?.errorSchema}
        formErrors={last ? errors?.formErrors : undefined}
        busy={busy}
        submitLabel={last ? submitLabel : "Continue"}
        onSubmit={(pageData) => void next(pageData)}
        actions={
          index > 0 ? (
            <button type="button" className="button ghost" onClick={() => setIndex(index - 1)}>
              Back
            </button>
          ) : null
        }
      />
    </div>
  );
}
