/**
 * The words the engine's IR, the generated registry, the runtime and the studio share. The IR
 * (engine/src/ir/types.ts) and the registry (registry-types.ts) both take them from here, so the
 * two cannot drift apart.
 */

/** Field kinds. */
export type FieldKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "enum"
  | "array"
  /** Nested objects and arrays of objects: stored as JSONB, still validated. */
  | "json"
  | "money"
  | "measurement";

/** Kinds an array's items may have (scalars only). */
export type ScalarFieldKind = Exclude<FieldKind, "array" | "json" | "money" | "measurement">;

/** String formats the engine recognises. */
export type StringFormat =
  "email" | "uri" | "date" | "date-time" | "uuid" | "phone" | "time" | "hostname" | "ipv4" | "ipv6";

/** Who owns an entity's rows: the tenant, an account (`accountId`) or a user (`userId`). */
export type EntityScope = "tenant" | "account" | "user";

export type RelationKind = "many-to-one" | "one-to-many" | "many-to-many";

export type OnDelete = "cascade" | "setNull" | "restrict";

/** The tiers of the hierarchy roles belong to: platform → tenant → account → user. */
export type RoleTier = "platform" | "tenant" | "account" | "user";

export type WorkflowNodeType =
  | "trigger"
  | "state"
  | "condition"
  | "approval"
  | "wait"
  | "email"
  | "update"
  | "webhook"
  | "assign"
  | "subworkflow"
  | "signal"
  | "payment"
  | "end";

/** Postgres scalar column types the generated Prisma schema creates. */
export type PgScalarType =
  | "uuid"
  | "text"
  | `varchar(${number})`
  | "char(3)"
  | "integer"
  | "bigint"
  | "double precision"
  | "boolean"
  | "date"
  | "timestamptz"
  | "jsonb";

/**
 * A column's Postgres type, as created by the Prisma schema (arrays are native arrays).
 * Note: casting a parameter to `varchar(n)`/`char(n)` truncates silently in Postgres; cast
 * strings to `text` and let the column (or Ajv's maxLength) reject long values.
 */
export type PgType = PgScalarType | `${PgScalarType}[]`;

/** Operators of the list query `filter[field][op]=value`. */
export type FilterOperator =
  /** Equals. */
  | "eq"
  /** Not equal. */
  | "ne"
  /** One of a comma-separated list of values. */
  | "in"
  /** None of a comma-separated list of values. */
  | "nin"
  /** Case-insensitive substring match (text). */
  | "contains"
  /** Case-insensitive prefix match (text). */
  | "startsWith"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  /** Inclusive range `low,high`. */
  | "between"
  /** Array column holds the value. */
  | "has"
  /** Array column holds at least one of a comma-separated list of values. */
  | "hasSome"
  /** `true`: the column is null; `false`: it is not. Only on nullable columns. */
  | "isNull";
