import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import type { EntityFormSpec, FormPair, FormStep } from "../../../engine/src/contract/form-spec.ts";
import { buildFilterForm } from "./filter-form.ts";
import { orderFormFields, recordFormFields } from "./form-fields.ts";
import { buildFormGroups, buildFormSteps } from "./form-groups.ts";
import { buildFormLabels } from "./form-labels.ts";
import { buildFormSchema } from "./form-schema.ts";
import { buildFormUiSchema } from "./form-ui-schema.ts";
import { defaultLocales } from "./localized-label.ts";

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
