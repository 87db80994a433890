/**
 * The intermediate representation: the only thing generators read. Plain data, frozen after
 * `buildIr`, deterministic ordering (entities and fields keep template order). Every node keeps
 * the JSON pointer of the template node it came from, so later stages can still point at it.
 */
import type {
  EntityScope,
  FieldKind,
  OnDelete,
  RelationKind,
  RoleTier,
  ScalarFieldKind,
  StringFormat,
  WorkflowNodeType,
} from "../contract/vocabulary.ts";
import type { MediaSpec } from "../contract/media.ts";

// The enumerations are the contract's (shared with the registry, runtime and studio).
export type {
  EntityScope,
  FieldKind,
  OnDelete,
  RelationKind,
  RoleTier,
  ScalarFieldKind,
  StringFormat,
  WorkflowNodeType,
};

/** A label per locale, e.g. `{ en: "Job", de: "Auftrag" }`. */
export type Labels = Readonly<Record<string, string>>;

/** A JSON Schema 2020-12 value, after `$ref` resolution (no `$ref`/`$defs` left inside). */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

export interface AppIR {
  readonly templates: readonly TemplateIR[];
}

export interface TemplateIR {
  /** Template id, kebab-case, e.g. `modeling-agency`. */
  readonly id: string;
  readonly version: string;
  readonly title: Labels;
  readonly description: Labels;
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  /** PascalCase prefix of every Prisma model of this template, e.g. `ModelingAgency`. */
  readonly modelPrefix: string;
  /** snake_case prefix of every table of this template, e.g. `modeling_agency`. */
  readonly tablePrefix: string;
  /** True when the whole template is still in draft mode (served from JSONB, no columns). */
  readonly draft: boolean;
  readonly roles: readonly RoleIR[];
  readonly signup: readonly SignupIR[];
  readonly entities: readonly EntityIR[];
  readonly workflows: readonly WorkflowIR[];
  readonly emails: readonly EmailIR[];
  readonly seed: readonly SeedIR[];
  /** Entities whose records take tags (template `tagging`), or null when it is not declared. */
  readonly tagging: EntityListIR | null;
  /** Entities whose records go into collections and favourites (template `collections`), or null. */
  readonly collections: EntityListIR | null;
  /** Matchings (template `matching`), as written; checks/check-matching.ts resolves them. */
  readonly matching: readonly MatchingIR[];
  /** Path of the file the template was loaded from, relative to the templates folder. */
  readonly source: string;
}

/** A template-level list of entity names (`tagging`, `collections`), as declared. */
export interface EntityListIR {
  readonly entities: readonly string[];
  /** The declaration's key, e.g. `/tagging`. */
  readonly pointer: string;
}

/** A template `matching` entry as written, with its pointer (`/matching/<name>`). */
export interface MatchingIR {
  readonly name: string;
  readonly pointer: string;
  readonly demand: string;
  readonly supply: string;
  readonly nearPoints: number;
  readonly criteria: readonly MatchCriterionIR[];
}

export interface MatchCriterionIR {
  readonly name: string;
  readonly pointer: string;
  readonly kind: "range" | "in" | "boolean";
  readonly requirement: string | { readonly min?: string; readonly max?: string };
  readonly attribute: string;
  readonly weight: number;
  readonly tolerance: number | null;
  readonly unit: string | null;
  readonly rule: "equals" | "requires" | "allows" | null;
}

export interface RoleIR {
  readonly name: string;
  readonly label: Labels;
  readonly tier: RoleTier;
  readonly inherits: readonly string[];
  /** Permission strings `resource:action[:scope]`, wildcards allowed, `!` prefix denies. */
  readonly permissions: readonly string[];
  readonly pointer: string;
}

/** A way to sign up: the role a new user gets, and the account (of `accountKind`) it creates and owns, if any. */
export interface SignupIR {
  readonly name: string;
  readonly role: string;
  readonly label: Labels;
  readonly accountKind: string | null;
  readonly accountLabel: Labels;
  readonly pointer: string;
}

export interface EntityIR {
  /** Entity name, PascalCase, unique within the template. */
  readonly name: string;
  /** Stable id: survives renames. */
  readonly id: string;
  readonly template: string;
  readonly pointer: string;
  readonly label: Labels;
  readonly pluralLabel: Labels;
  readonly description: Labels;
  readonly scope: EntityScope;
  readonly softDelete: boolean;
  readonly draft: boolean;
  /** Prisma model name (`${modelPrefix}${name}`). */
  readonly modelName: string;
  /** Table name (`${tablePrefix}_${snake(name)}`). */
  readonly tableName: string;
  /** URL/API name, kebab-case plural, e.g. `model-profiles`. */
  readonly apiName: string;
  readonly fields: readonly FieldIR[];
  readonly relations: readonly RelationIR[];
  readonly indexes: readonly IndexIR[];
  /** Records that may not overlap (entity `exclusions`). */
  readonly exclusions: readonly ExclusionIR[];
  readonly access: EntityAccessIR;
  readonly status: StatusBindingIR | null;
  /** Records of this entity have a conversation (entity `conversation`), or null. */
  readonly conversation: ConversationIR | null;
  /** Records of this entity are bookings of a resource (entity `booking`), or null. */
  readonly booking: BookingIR | null;
  /** The field shown as a record's title in lists and pickers. */
  readonly titleField: string | null;
  readonly ui: EntityUiIR;
  /** True when any field is translatable: the entity gets a `translations` column. */
  readonly hasTranslations: boolean;
  /** Cross-field facts the template states (`x-gt`/`x-gte` on a field), in field order. */
  readonly comparisons: readonly ComparisonIR[];
}

/**
 * Who takes part in the conversation of a record (docs/templates.md#conversations): parties in
 * the workflow grammar, as written; the checks resolve them (ENG_CONVERSATION_PARTY_UNKNOWN).
 */
export interface ConversationIR {
  readonly participants: readonly string[];
  /** Who may hide messages of these conversations and see their moderation queue (besides tenant admins). */
  readonly moderators: readonly string[];
  /** The entity's `conversation` key. */
  readonly pointer: string;
  /** Whether `participants` / `moderators` were written as lists (pointers then carry the index). */
  readonly participantsListed: boolean;
  readonly moderatorsListed: boolean;
}

/**
 * A fact about two top-level fields of one entity: when both are set, `field` is greater than
 * (`gt`) or at least (`gte`) `than`. Numbers with numbers, dates with dates, date-times with
 * date-times, money with money in the same currency.
 */
export interface ComparisonIR {
  readonly field: string;
  readonly op: "gt" | "gte";
  readonly than: string;
  /** The `x-gt`/`x-gte` keyword in the template. */
  readonly pointer: string;
}

export interface FieldIR {
  readonly name: string;
  readonly id: string;
  readonly pointer: string;
  readonly kind: FieldKind;
  /** Set for `string` fields with a format, and for arrays of formatted strings. */
  readonly format: StringFormat | null;
  /** Required on create (the value may still be null when `nullable`). */
  readonly required: boolean;
  /** Accepts `null` (JSON Schema `type: [T, "null"]`). */
  readonly nullable: boolean;
  /** The resolved JSON Schema of the value: what Ajv and the generated Zod validators check. */
  readonly schema: JsonSchema;
  readonly default: unknown;
  readonly enumValues: readonly (string | number)[] | null;
  /** For arrays: the kind of the items (scalars only). */
  readonly itemKind: ScalarFieldKind | null;
  readonly maxLength: number | null;
  /**
   * Integers (and money amounts) whose declared range exceeds 32 bits are stored as bigint.
   * Unbounded integers get the 32-bit range added to their schema, so validation and the
   * column agree.
   */
  readonly wideInteger: boolean;
  readonly unique: boolean;
  readonly indexed: boolean;
  readonly searchable: boolean;
  readonly translatable: boolean;
  readonly readOnly: boolean;
  /** Expression of a computed field (always read-only), e.g. `count(applications)`. */
  readonly computed: string | null;
  readonly label: Labels;
  readonly description: Labels;
  /**
   * Labels per locale for enum values (`x-enumLabels` on an enum field, or on the items of an
   * array of enum values), keyed by the value as a string. Empty when the template gives none.
   */
  readonly enumLabels: Readonly<Record<string, Labels>>;
  /** Where `enumLabels` was written in the template (`…/x-enumLabels` or `…/items/x-enumLabels`). */
  readonly enumLabelsPointer: string | null;
  /** Validation messages per locale by the rule that failed (`x-errorMessages`: `pattern`, `required`, …). */
  readonly errorMessages: Readonly<Record<string, Labels>>;
  /**
   * `x-label`s inside an object or array value, by their path in it: property names and `items`
   * joined by `/` (`checkInFrom`, `address/street`, `items/name`). Empty when there are none.
   */
  readonly nestedLabels: Readonly<Record<string, Labels>>;
  readonly ui: FieldUiIR;
  readonly access: FieldAccessIR | null;
  /** money: allowed ISO 4217 currencies (empty = any). */
  readonly currencies: readonly string[];
  /** measurement: allowed units and the default one. */
  readonly units: readonly string[];
  /** The status field of a workflow-bound entity. */
  readonly isStatus: boolean;
  /**
   * A media field (`x-media`): it stores one media id (`string`, format `uuid`) or a list of
   * them (`array` of uuids, at most `maxCount`); null for every other field.
   */
  readonly media: MediaSpec | null;
}

export interface FieldUiIR {
  readonly widget: string | null;
  readonly order: number | null;
  readonly group: string | null;
  readonly help: Labels;
  readonly placeholder: Labels;
  readonly hidden: boolean;
}

export interface RelationIR {
  readonly name: string;
  readonly id: string;
  readonly pointer: string;
  readonly kind: RelationKind;
  /** Target entity name (same template). */
  readonly target: string;
  readonly label: Labels;
  /** many-to-one: the foreign-key column on this entity, e.g. `agencyId`. */
  readonly foreignKey: string | null;
  readonly required: boolean;
  readonly onDelete: OnDelete;
  /** one-to-many: the many-to-one relation on the target that this relation mirrors. */
  readonly inverse: string | null;
  /** many-to-many: the join entity and its two many-to-one relations. */
  readonly through: ThroughIR | null;
  /**
   * Declared `one-to-one`: the side with the foreign key is a many-to-one whose key is unique
   * (one record links to a target at most once); the side naming an `inverse` is a one-to-many
   * that holds one record or none.
   */
  readonly oneToOne: boolean;
}

export interface ThroughIR {
  readonly entity: string;
  /** The join entity's many-to-one relation back to this entity. */
  readonly sourceRelation: string;
  /** The join entity's many-to-one relation to the target. */
  readonly targetRelation: string;
}

/**
 * Records of an entity are bookings of a resource (entity `booking`, runtime/src/bookings), as
 * written; the checks resolve the names (ENG_BOOKING_INVALID).
 */
export interface BookingIR {
  readonly pointer: string;
  /** The many-to-one relation to the booked record. */
  readonly resource: string;
  /** Start and end fields, or null: a booking takes a seat of the resource as a whole. */
  readonly range: readonly [string, string] | null;
  /** Slot length of date-time ranges. */
  readonly slotMinutes: number;
  /** Seats per unit: a number or an integer field of the resource. */
  readonly capacity: number | string;
  /** The booking's integer field of seats taken, or null (one each). */
  readonly seats: string | null;
  /** With mode request: the resource's boolean field that makes its bookings instant, or null. */
  readonly instantField: string | null;
  readonly mode: "instant" | "request";
  readonly status: string;
  readonly states: {
    readonly pending: string | null;
    readonly confirmed: string;
    readonly waitlisted: string | null;
    readonly cancelled: string;
    readonly declined: string | null;
  };
}

/** No two live records with equal `per` values and intersecting [start, end) ranges. */
export interface ExclusionIR {
  readonly id: string;
  readonly pointer: string;
  readonly start: string;
  readonly end: string;
  /** Field or foreign-key names. */
  readonly per: readonly string[];
  /** Records with one of these values in the field do not count. */
  readonly unless: readonly { readonly field: string; readonly values: readonly (string | number | boolean)[] }[];
}

export interface IndexIR {
  /** Stable name from the template (or derived from the field ids), used as constraint name. */
  readonly id: string;
  readonly pointer: string;
  /** Column names, `tenantId` NOT included (generators put it first). */
  readonly fields: readonly string[];
  readonly unique: boolean;
}

/** An access rule, normalized. Enforcement is the runtime's job; the IR only carries it. */
export interface AccessRuleIR {
  /** Anyone, signed in or not. */
  readonly public: boolean;
  /** Any signed-in user of the tenant. */
  readonly authenticated: boolean;
  /** Role names (template roles or built-in ones). */
  readonly roles: readonly string[];
  /** Row relations that grant access: the record's owner, or members of its account. */
  readonly ownership: readonly ("owner" | "account")[];
  /** Extra row condition in the API filter language, `$user.*` values allowed. */
  readonly where: Readonly<Record<string, unknown>> | null;
  /** Membership tiers that may act (empty = no tier gate). */
  readonly tiers: readonly string[];
  readonly requireVerified: boolean;
  /** The condition on the new values of a create or update, replacing `where` for them (absent: `where`). */
  readonly check?: Readonly<Record<string, unknown>>;
  /** Alternatives: one must pass (absent: no such part). */
  readonly any?: readonly AccessRuleIR[];
  /** Every one must pass. */
  readonly all?: readonly AccessRuleIR[];
  /** Must not pass. */
  readonly not?: AccessRuleIR;
}

export type EntityAction = "read" | "create" | "update" | "delete";

export interface EntityAccessIR {
  readonly read: AccessRuleIR;
  readonly create: AccessRuleIR;
  readonly update: AccessRuleIR;
  readonly delete: AccessRuleIR;
}

export interface FieldAccessIR {
  readonly read: AccessRuleIR | null;
  readonly write: AccessRuleIR | null;
}

export interface StatusBindingIR {
  readonly field: string;
  readonly workflow: string;
}

export interface EntityUiIR {
  readonly groups: readonly UiGroupIR[];
  readonly listColumns: readonly string[];
  readonly icon: string | null;
  readonly color: string | null;
}

export interface UiGroupIR {
  readonly id: string;
  readonly label: Labels;
  /** Shown as a tab (true) or as a section on one page (false). */
  readonly tab: boolean;
  /** For multi-step forms: the step number this group belongs to. */
  readonly step: number | null;
}

export interface WorkflowIR {
  readonly name: string;
  readonly id: string;
  readonly pointer: string;
  readonly label: Labels;
  /** The entity whose records the workflow runs on. */
  readonly entity: string | null;
  readonly nodes: readonly WorkflowNodeIR[];
  readonly edges: readonly WorkflowEdgeIR[];
}

export interface WorkflowNodeIR {
  readonly id: string;
  readonly type: WorkflowNodeType;
  readonly pointer: string;
  readonly label: Labels;
  readonly config: Readonly<Record<string, unknown>>;
  readonly position: { readonly x: number; readonly y: number } | null;
}

export interface WorkflowEdgeIR {
  readonly id: string;
  readonly pointer: string;
  readonly source: string;
  readonly target: string;
  /** Branch taken from a condition/approval node, e.g. `true`, `approved`, `timeout`. */
  readonly branch: string | null;
  readonly label: Labels;
}

export interface EmailIR {
  readonly name: string;
  readonly pointer: string;
  readonly subject: Labels;
  /** MJML body per locale (Nunjucks placeholders inside). */
  readonly mjml: Labels;
  readonly variables: readonly string[];
}

export interface SeedIR {
  readonly entity: string;
  readonly pointer: string;
  readonly records: readonly Readonly<Record<string, unknown>>[];
}
