import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { buildFilterForm, type FilterForm } from "./filter-form.ts";
import { orderFormFields, recordFormFields } from "./form-fields.ts";
import { buildFormGroups, buildFormSteps, type FormStep } from "./form-groups.ts";
import { buildFormLabels, type LocaleLabels } from "./form-labels.ts";
import { buildFormSchema } from "./form-schema.ts";
import { buildFormUiSchema } from "./form-ui-schema.ts";
import { defaultLocales } from "./localized-label.ts";

/** A JSON Schema plus the RJSF uiSchema that renders it. */
export interface FormPair {
  readonly schema: Record<string, unknown>;
  readonly uiSchema: Record<string, unknown>;
}

/** Everything a studio or admin UI needs to render one entity's forms with @rjsf/core 6. */
export interface EntityFormSpec {
  readonly entity: string;
  readonly create: FormPair;
  readonly edit: FormPair;
  readonly filter: FilterForm;
  readonly labels: Readonly<Record<string, LocaleLabels>>;
  /** Wizard pages of the create form, when groups declare steps. */
  readonly steps?: readonly FormStep[];
}

export function buildEntityForm(template: TemplateIR, entity: EntityIR): EntityFormSpec {
  const locales = defaultLocales(template);
  const pair = (mode: "create" | "update"): FormPair & { steps: FormStep[] | null } => {
    const fields = recordFormFields(template, entity, mode);
    const ordered = orderFormFields(fields);
    const groups = buildFormGroups(entity, ordered, locales);
    return {
      schema: buildFormSchema(template, entity, mode, fields),
      uiSchema: buildFormUiSchema(ordered, groups, mode, locales),
      steps: buildFormSteps(groups, ordered),
    };
  };
  const create = pair("create");
  const edit = pair("update");
  return {
    entity: entity.name,
    create: { schema: create.schema, uiSchema: create.uiSchema },
    edit: { schema: edit.schema, uiSchema: edit.uiSchema },
    filter: buildFilterForm(template, entity),
    labels: buildFormLabels(template, entity),
    ...(create.steps ? { steps: create.steps } : {}),
  };
}
