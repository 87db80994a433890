/**
 * The runtime's contract: the shape of every generated `generated/<template-id>/registry.ts`.
 * Plain JSON-like data (no functions, no `undefined` values), emitted `as const`, so the
 * generic Fastify runtime can build SQL and checks from it and still get literal types.
 *
 * Each entity carries the JSON Schemas of its records (`schemas`): the same ones `openapi.json`
 * publishes as `<Model>Create`, `<Model>Update`, `<Model>`, all derived from one engine function
 * (`entityRecordSchema`), so the runtime's Ajv validates exactly what the documents describe.
 */
import type { MediaSpec } from "./media.ts";
import type {
  EntityScope,
  FieldKind,
  OnDelete,
  RelationKind,
  RoleTier,
  ScalarFieldKind,
  StringFormat,
  WorkflowNodeType,
  FilterOperator,
  PgType,
} from "./vocabulary.ts";
import type { BuiltInRole } from "./roles.ts";
import type { SystemColumnDef, SystemColumnName } from "./system-columns.ts";
import type { PlanParty, WorkflowPlan } from "./workflow-plan.ts";

export type { FieldKind, FilterOperator, PgScalarType, PgType, StringFormat } from "./vocabulary.ts";

/** A JSON value: what every default, seed record and workflow config is. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** A text per locale, e.g. `{ en: "Listing", de: "Inserat" }`. */
export type Labels = { readonly [locale: string]: string };

/** An access rule, as normalized by the engine (AccessRuleIR). The runtime enforces it. */
export interface AccessRule {
  /** Anyone, signed in or not. */
  readonly public: boolean;
  /** Any signed-in user of the tenant. */
  readonly authenticated: boolean;
  /** Role names (template roles or built-in ones) that may act. */
  readonly roles: readonly string[];
  /** Row relations that grant access: the record's creator, or members of its account. */
  readonly ownership: readonly ("owner" | "account")[];
  /** Extra row condition in the API filter language; `$user.*` values allowed. */
  readonly where: JsonObject | null;
  /** Membership tiers that may act (empty = no tier gate). */
  readonly tiers: readonly string[];
  /** The user's email must be verified. */
  readonly requireVerified: boolean;
  /**
   * The condition the record's new values must pass on create and update, in the `where`
   * language; it replaces `where` for the new values (absent: the new values pass `where`).
   */
  readonly check?: JsonObject;
  /** Alternatives, each a full rule: one must pass (absent: no such part). */
  readonly any?: readonly AccessRule[];
  /** Every one must pass. */
  readonly all?: readonly AccessRule[];
  /** Must not pass. */
  readonly not?: AccessRule;
}

/** Who may do what with an entity's records. */
export interface EntityAccess {
  readonly read: AccessRule;
  readonly create: AccessRule;
  readonly update: AccessRule;
  readonly delete: AccessRule;
}

/** Extra read/write gates on one field; null means "as the entity". */
export interface FieldAccess {
  readonly read: AccessRule | null;
  readonly write: AccessRule | null;
}

/** One physical column a field is stored in (money and measurements take two). */
export interface FieldColumn {
  /** Column name, e.g. `priceAmount`. */
  readonly name: string;
  /** Which part of the value: `value` for single-column fields. */
  readonly part: "value" | "amount" | "currency" | "unit";
  readonly pgType: PgType;
  /** The column accepts NULL (arrays never: they default to `{}`). */
  readonly nullable: boolean;
}

/** A column every entity table gets besides its fields (id, tenantId, timestamps…). */
export interface SystemColumn {
  /** Column name, e.g. `createdAt`. */
  readonly name: SystemColumnName;
  readonly pgType: PgType;
  readonly nullable: boolean;
  /** Filter operators the list endpoint accepts on it (empty: not filterable by clients). */
  readonly filterOps: readonly FilterOperator[];
  /** May appear in `sort`. */
  readonly sortable: boolean;
}

/** One field of an entity. */
export interface FieldRegistry {
  /** Property name in records and the API, e.g. `price`. */
  readonly name: string;
  /** Stable id: survives renames. */
  readonly id: string;
  readonly kind: FieldKind;
  /** String format (also for arrays of formatted strings). */
  readonly format: StringFormat | null;
  /** Required on create (the value may still be null when `nullable`). */
  readonly required: boolean;
  /** Accepts `null`. */
  readonly nullable: boolean;
  /** Clients cannot write it (read-only or computed). */
  readonly readOnly: boolean;
  /** Expression of a computed field, e.g. `count(applications)`. */
  readonly computed: string | null;
  /** Unique per tenant. */
  readonly unique: boolean;
  /** Has its own index. */
  readonly indexed: boolean;
  /** Part of the full-text search (`q=`). */
  readonly searchable: boolean;
  /** Per-locale values live in the row's `translations` column. */
  readonly translatable: boolean;
  /** Allowed values of an enum (or of an enum array's items). */
  readonly enumValues: readonly (string | number)[] | null;
  /** For arrays: the kind of the items. */
  readonly itemKind: ScalarFieldKind | null;
  /** Longest string accepted (strings only). */
  readonly maxLength: number | null;
  /** Value filled in on create when the client sends none (absent: no default). */
  readonly default?: JsonValue;
  /** money: allowed ISO 4217 currencies (empty = any). */
  readonly currencies: readonly string[];
  /** measurement: allowed units. */
  readonly units: readonly string[];
  /** The entity's workflow-driven status field. */
  readonly isStatus: boolean;
  /** A media field (`x-media`): its value is media ids; absent on every other field. */
  readonly media?: MediaSpec;
  readonly label: Labels;
  readonly description: Labels;
  /** Labels per locale of enum values (or enum array items), by value (absent: none given). */
  readonly enumLabels?: { readonly [value: string]: Labels };
  /** Validation messages per locale by failed rule, e.g. `pattern`, `required` (absent: none given). */
  readonly errorMessages?: { readonly [keyword: string]: Labels };
  /** Field-level access gates, or null. */
  readonly access: FieldAccess | null;
  /** Storage columns, in table order. */
  readonly columns: readonly FieldColumn[];
  /**
   * Filter operators the list endpoint accepts on it (empty: not filterable). Filtering
   * reveals values: the runtime must check `access.read` before applying one.
   */
  readonly filterOps: readonly FilterOperator[];
  /** May appear in `sort` (same `access.read` caveat). */
  readonly sortable: boolean;
}

/** A join entity of a many-to-many relation. */
export interface ThroughRegistry {
  /** The join entity's name. */
  readonly entity: string;
  /** The join entity's many-to-one relation back to this entity. */
  readonly sourceRelation: string;
  /** The join entity's many-to-one relation to the target. */
  readonly targetRelation: string;
}

/** One relation of an entity. */
export interface RelationRegistry {
  /** Relation name, usable in `include`, e.g. `category`. */
  readonly name: string;
  readonly id: string;
  readonly kind: RelationKind;
  /** Target entity name (same template). */
  readonly target: string;
  /** many-to-one: the uuid column on this table, e.g. `categoryId`. */
  readonly foreignKey: string | null;
  /** many-to-one: the foreign key is NOT NULL and required on create. */
  readonly required: boolean;
  readonly onDelete: OnDelete;
  /** one-to-many: the many-to-one relation on the target that this one mirrors. */
  readonly inverse: string | null;
  /** many-to-many: the join entity. */
  readonly through: ThroughRegistry | null;
  /**
   * Declared one-to-one: a many-to-one whose foreign key is unique, or a one-to-many that holds
   * one record or none (included as an object or null).
   */
  readonly oneToOne: boolean;
  readonly label: Labels;
  /** many-to-one: filter operators on the foreign key (empty for other kinds). */
  readonly filterOps: readonly FilterOperator[];
}

/** An index; `tenantId` leads it in the database but is not listed. */
export interface IndexRegistry {
  readonly id: string;
  /** Field names (money/measurement fields cover both their columns). */
  readonly fields: readonly string[];
  readonly unique: boolean;
}

/** One entity: a table (or, while draft, JSONB records) and its generic CRUD API. */
export interface EntityRegistry {
  /** PascalCase name, unique in the template. */
  readonly name: string;
  /** Stable id: survives renames. */
  readonly id: string;
  /** Prisma model name, e.g. `MiniMarketListing`. */
  readonly modelName: string;
  /** Table name, e.g. `mini_market_listing`. */
  readonly table: string;
  /** URL segment: `/api/v1/tenant/entities/<apiName>`. */
  readonly apiName: string;
  /** Who owns rows: the tenant, an account (`accountId`) or a user (`userId`). */
  readonly scope: EntityScope;
  /** Delete sets `deletedAt`; reads skip such rows. */
  readonly softDelete: boolean;
  /**
   * No table yet: records live in the platform's draft-record JSONB. `table`, `columns` and
   * `systemColumns` then describe the layout the entity will get once compiled.
   */
  readonly draft: boolean;
  /** Field shown as a record's title in lists and pickers. */
  readonly titleField: string | null;
  readonly label: Labels;
  readonly pluralLabel: Labels;
  readonly description: Labels;
  /** The status field a workflow drives, or null. */
  readonly status: { readonly field: string; readonly workflow: string } | null;
  /**
   * Records of this entity have a conversation (runtime/src/messaging): the users the parties
   * name, among those who may read the record, take part; moderators (and tenant admins) moderate.
   */
  readonly conversation: {
    readonly participants: readonly PlanParty[];
    readonly moderators: readonly PlanParty[];
  } | null;
  readonly access: EntityAccess;
  /** The table's non-field columns, in table order. */
  readonly systemColumns: readonly SystemColumn[];
  /** Template fields, in template order. */
  readonly fields: readonly FieldRegistry[];
  readonly relations: readonly RelationRegistry[];
  readonly indexes: readonly IndexRegistry[];
  /** Default columns of list views. */
  readonly listColumns: readonly string[];
  /** JSON Schemas (2020-12) of a create body, an update (PATCH) body and a record as returned. */
  readonly schemas: EntitySchemas;
  /** Records that may not overlap (absent: none); a conflict is a 409 naming the range fields. */
  readonly exclusions?: readonly ExclusionRegistry[];
  /** Records of this entity are bookings of a resource (absent: not bookable; runtime/src/bookings). */
  readonly booking?: BookingRegistry;
  /** Cross-field facts (`x-gt`/`x-gte`): when both are set, `field` is greater than (or equal to) `than`. */
  readonly comparisons: readonly FieldComparisonRegistry[];
}

/**
 * Bookings of a resource (BookingIR resolved): made through the bookings API, which checks the
 * resource's availability calendar and capacity under a lock per resource.
 */
export interface BookingRegistry {
  /** The resource entity's name and this entity's foreign key to it. */
  readonly resource: { readonly entity: string; readonly foreignKey: string };
  /** nights: a date range; slots: a date-time range of `slotMinutes` slots; whole: no range (an event). */
  readonly unit: "nights" | "slots" | "whole";
  /** Start and end fields (absent for `whole`). */
  readonly range?: { readonly start: string; readonly end: string };
  readonly slotMinutes: number;
  /** Seats per unit: a fixed number, or an integer field of the resource. */
  readonly capacity: { readonly value: number } | { readonly field: string };
  /** The booking's integer field of seats taken (absent: one each). */
  readonly seats?: string;
  /** With mode request: the resource's boolean field whose true makes its bookings instant. */
  readonly instantField?: string;
  readonly mode: "instant" | "request";
  readonly status: string;
  readonly states: {
    readonly pending?: string;
    readonly confirmed: string;
    readonly waitlisted?: string;
    readonly cancelled: string;
    readonly declined?: string;
  };
}

/** No two live records with equal `per` values and intersecting [start, end) ranges (ExclusionIR without its pointer). */
export interface ExclusionRegistry {
  /** Also the constraint name a conflict reports. */
  readonly id: string;
  readonly start: string;
  readonly end: string;
  readonly per: readonly string[];
  readonly unless: readonly { readonly field: string; readonly values: readonly (string | number | boolean)[] }[];
}

/** One cross-field fact of an entity (ComparisonIR without its pointer). */
export interface FieldComparisonRegistry {
  readonly field: string;
  readonly op: "gt" | "gte";
  readonly than: string;
}

/** The three record schemas of an entity (engine `entityRecordSchema`). */
export interface EntitySchemas {
  readonly create: JsonObject;
  readonly update: JsonObject;
  readonly output: JsonObject;
}

/** A template role; built-in roles (super-admin, tenant-admin…) are the platform's. */
export interface RoleRegistry {
  readonly name: string;
  readonly label: Labels;
  readonly tier: RoleTier;
  /** Roles whose permissions this one includes. */
  readonly inherits: readonly string[];
  /** `resource:action[:scope]`, wildcards allowed, `!` prefix denies. */
  readonly permissions: readonly string[];
}

/** A way to sign up: the role a new user gets, and the kind of account it creates and owns (null: none). */
export interface SignupRegistry {
  readonly name: string;
  readonly role: string;
  readonly label: Labels;
  readonly accountKind: string | null;
  readonly accountLabel: Labels;
}

/** A workflow node. */
export interface WorkflowNodeRegistry {
  readonly id: string;
  readonly type: WorkflowNodeType;
  readonly label: Labels;
  /** Node settings (shape depends on `type`). */
  readonly config: JsonObject;
  /** Editor position, or null for auto-layout. */
  readonly position: { readonly x: number; readonly y: number } | null;
}

/** A workflow edge. */
export interface WorkflowEdgeRegistry {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Branch taken from a condition/approval node, e.g. `approved`, `timeout`. */
  readonly branch: string | null;
  readonly label: Labels;
}

/** A workflow: a graph the runtime executes on records of `entity`. */
export interface WorkflowRegistry {
  readonly name: string;
  readonly id: string;
  readonly label: Labels;
  /** The entity whose records it runs on, or null. */
  readonly entity: string | null;
  readonly nodes: readonly WorkflowNodeRegistry[];
  readonly edges: readonly WorkflowEdgeRegistry[];
  /** What the runtime executes: the graph compiled by the engine (engine/src/workflows/compile-plan.ts). */
  readonly plan: WorkflowPlan;
}

/** A transactional email template. */
export interface EmailRegistry {
  readonly name: string;
  /** Subject per locale (Nunjucks placeholders). */
  readonly subject: Labels;
  /** MJML body per locale (Nunjucks placeholders). */
  readonly mjml: Labels;
  /** Variables the template expects. */
  readonly variables: readonly string[];
}

/** Records inserted when a tenant installs the template. */
export interface SeedRegistry {
  readonly entity: string;
  readonly records: readonly JsonObject[];
}

/** Everything the runtime knows about one installed template. */
export interface TemplateRegistry {
  /** Template id, kebab-case, e.g. `mini-market`. */
  readonly id: string;
  /** Semver of the template. */
  readonly version: string;
  readonly title: Labels;
  readonly description: Labels;
  /** Supported locales; `defaultLocale` is among them. */
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  /** The whole template is in draft mode (every entity JSONB-backed). */
  readonly draft: boolean;
  readonly roles: readonly RoleRegistry[];
  /** Self-service sign-up options (`signup` in the template). */
  readonly signup: readonly SignupRegistry[];
  readonly entities: readonly EntityRegistry[];
  readonly workflows: readonly WorkflowRegistry[];
  readonly emails: readonly EmailRegistry[];
  readonly seed: readonly SeedRegistry[];
  /** Entity names whose records take tags (runtime/src/tags); absent: no entity does. */
  readonly tagging?: { readonly entities: readonly string[] };
  /** Entity names whose records go into collections and favourites (runtime/src/collections); absent: none. */
  readonly collections?: { readonly entities: readonly string[] };
  /** Matchings of demand requirements against supply attributes (runtime/src/matching); absent: none. */
  readonly matching?: readonly MatchingRegistry[];
}

/**
 * A matching (template `matching`, resolved): criteria the runtime compiles into one scoring
 * statement, for the candidates (supply records) of a demand record and the recommended demand
 * records of a supply record.
 */
export interface MatchingRegistry {
  readonly name: string;
  /** Entity names. */
  readonly demand: string;
  readonly supply: string;
  /** Share of a criterion's weight that "near" earns. */
  readonly nearPoints: number;
  readonly criteria: readonly MatchCriterionRegistry[];
}

/** A value of a record: a field, or a path into a JSON field (`path` empty for the field itself). */
export interface MatchValuePath {
  readonly field: string;
  readonly path: readonly string[];
}

export type MatchCriterionRegistry = MatchRangeCriterion | MatchInCriterion | MatchBooleanCriterion;

interface MatchCriterionBase {
  readonly name: string;
  readonly weight: number;
  /** The supply's value compared. */
  readonly attribute: MatchValuePath;
}

/** A number inside [min, max] (either may be absent): met; within `tolerance` outside: near. */
export interface MatchRangeCriterion extends MatchCriterionBase {
  readonly kind: "range";
  readonly min: MatchValuePath | null;
  readonly max: MatchValuePath | null;
  readonly tolerance: number;
  /** The attribute's unit and the demand's unit value, with each unit's factor into the attribute's. */
  readonly unit?: {
    readonly unit: string;
    readonly from: MatchValuePath;
    readonly factors: Readonly<Record<string, number>>;
  };
}

/**
 * The attribute among the required values: a scalar attribute is met when it is one of them; a
 * list attribute is met when it holds all of them, near when it holds some. With `order` (the
 * attribute's enum values), a scalar within `tolerance` steps of a required value is near.
 */
export interface MatchInCriterion extends MatchCriterionBase {
  readonly kind: "in";
  readonly requirement: MatchValuePath;
  /** The requirement is a list (else one value). */
  readonly requirementList: boolean;
  readonly attributeList: boolean;
  readonly tolerance: number;
  readonly order?: readonly (string | number)[];
}

/** equals: the same value; requires: a true requirement needs true; allows: a false requirement needs false. */
export interface MatchBooleanCriterion extends MatchCriterionBase {
  readonly kind: "boolean";
  readonly requirement: MatchValuePath;
  readonly rule: "equals" | "requires" | "allows";
}

/** What the generated registry says about the platform itself (`platform` in generated/registry.ts). */
export interface PlatformRegistry {
  /** Roles every tenant knows besides its templates' ones. */
  readonly builtInRoles: readonly BuiltInRole[];
  /** Every column the platform adds to entity tables (and draft records) besides fields, in table order. */
  readonly systemColumns: readonly SystemColumnDef[];
}

// ── Type helpers: typing for code that reads a concrete (`as const`) registry ──

/** Entity names of a registry: `EntityNames<typeof registry>` → `"Category" | "Listing"`. */
export type EntityNames<R extends TemplateRegistry> = R["entities"][number]["name"];

/** The entry of one entity: `EntityOf<typeof registry, "Listing">`. */
export type EntityOf<R extends TemplateRegistry, N extends EntityNames<R>> = Extract<
  R["entities"][number],
  { readonly name: N }
>;

/** API names of a registry's entities (`"categories" | "listings"`). */
export type ApiNames<R extends TemplateRegistry> = R["entities"][number]["apiName"];

/** Field names of one entity. */
export type FieldNames<R extends TemplateRegistry, N extends EntityNames<R>> = EntityOf<R, N>["fields"][number]["name"];

/** The entry of one field: `FieldOf<typeof registry, "Listing", "price">`. */
export type FieldOf<R extends TemplateRegistry, N extends EntityNames<R>, F extends FieldNames<R, N>> = Extract<
  EntityOf<R, N>["fields"][number],
  { readonly name: F }
>;

/** Relation names of one entity (what `include=` accepts). */
export type RelationNames<R extends TemplateRegistry, N extends EntityNames<R>> = EntityOf<
  R,
  N
>["relations"][number]["name"];

/** Role names a registry defines. */
export type RoleNames<R extends TemplateRegistry> = R["roles"][number]["name"];

/** Workflow names a registry defines. */
export type WorkflowNames<R extends TemplateRegistry> = R["workflows"][number]["name"];

/** Template ids of a list of registries (`generated/registry.ts`'s `templates`). */
export type TemplateIds<T extends readonly TemplateRegistry[]> = T[number]["id"];
