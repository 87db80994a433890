/**
 * The form specs the forms generator writes (`generated/<template>/forms/<Entity>.json`) and the
 * studio renders with @rjsf/core 6: one shape for both sides.
 */

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

/**
 * How a filter-form value turns into `filter[field][op]`: `range` is an object whose keys
 * (`gte`, `lte`) are the operators; the others name the operator for the whole value
 * (`in` takes a list, sent comma-separated).
 */
export type FilterControl = "contains" | "eq" | "in" | "range";

export interface FilterForm {
  readonly schema: Record<string, unknown>;
  readonly uiSchema: Record<string, unknown>;
  /** Per property, how its value maps to query operators. */
  readonly operators: Readonly<Record<string, FilterControl>>;
}

/** One page of a multi-step (wizard) form. */
export interface FormStep {
  readonly step: number;
  readonly groups: readonly string[];
  /** Properties shown (and validated) on this page, in form order. */
  readonly fields: readonly string[];
}

/** Texts of one locale: the schemas carry default-locale titles, a studio swaps these in. */
export interface LocaleLabels {
  readonly title: string;
  readonly pluralTitle: string;
  /** Every field and foreign key, by property name. */
  readonly fields: Readonly<Record<string, string>>;
  /** Group labels by group id (only when the entity has groups). */
  readonly groups?: Readonly<Record<string, string>>;
  /** Labels inside object and array values by field, then path (`checkInFrom`, `items/name`). */
  readonly nested?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Enum value labels by field, then value (only fields whose template labels values). */
  readonly enums?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Validation messages by field, then rule (`pattern`, `required`, …), from `x-errorMessages`. */
  readonly errors?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
