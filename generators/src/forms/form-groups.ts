import type { EntityIR } from "../../../engine/src/index.ts";
import type { FormStep } from "../../../engine/src/contract/form-spec.ts";
import type { FormField } from "./form-fields.ts";
import { pickLabel, humanize, type LabelLocales } from "./localized-label.ts";

/** A section or tab of a form (our own `ui:options.groups` metadata; RJSF ignores it). */
export interface FormGroup {
  readonly id: string;
  /** Default-locale label; every locale is under `labels.<locale>.groups`. */
  readonly label: string;
  readonly tab: boolean;
  readonly step: number | null;
  /** Member properties, in form order. */
  readonly fields: readonly string[];
}

/** Groups in template order, each listing its members among `ordered` form properties. */
export function buildFormGroups(entity: EntityIR, ordered: readonly FormField[], locales: LabelLocales): FormGroup[] {
  return entity.ui.groups.map((group) => ({
    id: group.id,
    label: pickLabel(group.label, locales) ?? humanize(group.id),
    tab: group.tab,
    step: group.step,
    fields: ordered.filter((f) => f.field?.ui.group === group.id).map((f) => f.name),
  }));
}

/**
 * Wizard pages when any group has a `step`. Ungrouped properties and step-less groups land on
 * the first step, so every property is on exactly one page and nothing required goes missing.
 */
export function buildFormSteps(groups: readonly FormGroup[], ordered: readonly FormField[]): FormStep[] | null {
  const numbers = [...new Set(groups.flatMap((g) => (g.step === null ? [] : [g.step])))].sort((a, b) => a - b);
  if (!numbers.length) return null;
  const first = numbers[0];
  const stepOfGroup = new Map(groups.map((g) => [g.id, g.step ?? first]));
  const stepOf = (f: FormField) => {
    const group = f.field?.ui.group;
    return (group !== null && group !== undefined ? stepOfGroup.get(group) : undefined) ?? first;
  };
  return numbers.map((step) => ({
    step,
    groups: groups.filter((g) => (g.step ?? first) === step).map((g) => g.id),
    fields: ordered.filter((f) => stepOf(f) === step).map((f) => f.name),
  }));
}
