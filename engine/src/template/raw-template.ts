/**
 * The template file as written, after it passed the meta-schema (template/meta-schema.json is
 * the contract; these types mirror it for the code that reads it).
 */
import type { Labels } from "../ir/types.ts";

export type RawSchema = boolean | RawSchemaObject;

export interface RawSchemaObject {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: RawSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, RawSchema>;
  required?: string[];
  additionalProperties?: RawSchema;
  default?: unknown;
  title?: string;
  description?: string;
  readOnly?: boolean;
  "x-id"?: string;
  "x-label"?: Labels;
  "x-description"?: Labels;
  /** A label per locale for each enum value, keyed by the value. */
  "x-enumLabels"?: Record<string, Labels>;
  /** A validation message per locale for each rule that can fail, keyed by the JSON Schema keyword. */
  "x-errorMessages"?: Record<string, Labels>;
  "x-type"?: "money" | "measurement";
  /** A media field: images or documents uploaded through the media API (contract/media.ts). */
  "x-media"?: RawMediaDeclaration;
  "x-currencies"?: string[];
  "x-units"?: string[];
  "x-searchable"?: boolean;
  "x-translatable"?: boolean;
  "x-unique"?: boolean;
  "x-index"?: boolean;
  "x-computed"?: string;
  /** Cross-field facts: this field is greater than (`x-gt`) or at least (`x-gte`) the named one. */
  "x-gt"?: string;
  "x-gte"?: string;
  "x-ui"?: {
    widget?: string;
    order?: number;
    group?: string;
    help?: Labels;
    placeholder?: Labels;
    hidden?: boolean;
  };
  [keyword: string]: unknown;
}

/** `x-media` as written; every key but `kind` has a default (contract/media.ts MEDIA_DEFAULTS). */
export interface RawMediaDeclaration {
  kind: "image" | "document";
  multiple?: boolean;
  maxCount?: number;
  accept?: string[];
  maxBytes?: number;
  visibility?: "public" | "private";
  variants?: Record<string, { width: number }>;
  formats?: ("webp" | "avif" | "jpeg")[];
  onDelete?: "delete" | "orphan";
}

export type RawAccessRule =
  | string
  | string[]
  | {
      public?: boolean;
      authenticated?: boolean;
      roles?: string[];
      ownership?: ("owner" | "account")[];
      where?: Record<string, unknown>;
      check?: Record<string, unknown>;
      tiers?: string[];
      verified?: boolean;
      any?: RawAccessRule[];
      all?: RawAccessRule[];
      not?: RawAccessRule;
    };

export interface RawRelation {
  id: string;
  to: string;
  kind: "many-to-one" | "one-to-one" | "one-to-many" | "many-to-many";
  required?: boolean;
  onDelete?: "cascade" | "setNull" | "restrict";
  inverse?: string;
  through?: string;
  label?: Labels;
}

export interface RawEntity {
  id: string;
  label?: Labels;
  pluralLabel?: Labels;
  description?: Labels;
  scope: "tenant" | "account" | "user";
  softDelete?: boolean;
  draft?: boolean;
  titleField?: string;
  schema: {
    type: "object";
    required?: string[];
    additionalProperties?: false;
    properties: Record<string, RawSchemaObject>;
  };
  relations?: Record<string, RawRelation>;
  indexes?: { id: string; fields: string[]; unique?: boolean }[];
  exclusions?: {
    id: string;
    range: [string, string];
    per: string[];
    unless?: Record<string, (string | number | boolean)[]>;
  }[];
  access?: {
    read?: RawAccessRule;
    create?: RawAccessRule;
    update?: RawAccessRule;
    delete?: RawAccessRule;
    fields?: Record<string, { read?: RawAccessRule; write?: RawAccessRule }>;
  };
  status?: { field: string; workflow: string };
  /** Records of this entity are bookings of a resource (runtime/src/bookings). */
  booking?: RawBooking;
  /** Records of this entity have a conversation (runtime/src/messaging); who takes part. */
  conversation?: { participants: string | string[]; moderators?: string | string[] };
  ui?: {
    icon?: string;
    color?: string;
    listColumns?: string[];
    groups?: { id: string; label: Labels; tab?: boolean; step?: number }[];
  };
}

export interface RawBooking {
  resource: string;
  range?: [string, string];
  slotMinutes?: number;
  capacity?: number | string;
  seats?: string;
  instantField?: string;
  mode?: "instant" | "request";
  status: string;
  states: { pending?: string; confirmed: string; waitlisted?: string; cancelled: string; declined?: string };
}

export interface RawWorkflow {
  id: string;
  label?: Labels;
  entity?: string;
  nodes: {
    id: string;
    type: string;
    label?: Labels;
    config?: Record<string, unknown>;
    position?: { x: number; y: number };
  }[];
  edges: { id: string; source: string; target: string; branch?: string; label?: Labels }[];
}

export interface RawTemplate {
  $schema?: string;
  id: string;
  version: string;
  title: Labels;
  description?: Labels;
  locales: string[];
  defaultLocale?: string;
  draft?: boolean;
  roles?: Record<
    string,
    { label: Labels; tier: "tenant" | "account" | "user"; inherits?: string[]; permissions?: string[] }
  >;
  signup?: Record<string, { role: string; label: Labels; account?: { kind: string; label?: Labels } }>;
  $defs?: Record<string, RawSchema>;
  entities: Record<string, RawEntity>;
  workflows?: Record<string, RawWorkflow>;
  emails?: Record<string, { subject: Labels; mjml: string | Labels; variables?: string[] }>;
  seed?: Record<string, Record<string, unknown>[]>;
  /** Entities whose records take tags (runtime/src/tags). */
  tagging?: { entities: string[] };
  /** Entities whose records go into collections and favourites (runtime/src/collections). */
  collections?: { entities: string[] };
  /** Matchings of demand records' requirements against supply records' attributes (runtime/src/matching). */
  matching?: Record<string, RawMatching>;
}

/** One matching: criteria comparing a demand record's requirements with a supply record's attributes. */
export interface RawMatching {
  demand: string;
  supply: string;
  /** Share of a criterion's weight a "near" result earns (default 0.5). */
  nearPoints?: number;
  criteria: Record<string, RawMatchCriterion>;
}

export interface RawMatchCriterion {
  kind: "range" | "in" | "boolean";
  /** A path into the demand (`field` or `jsonField.key.key`), or for ranges `{ min, max }` paths to numbers. */
  requirement: string | { min?: string; max?: string };
  /** A path into the supply. */
  attribute: string;
  weight: number;
  /** range: how far outside the range is still near (criterion units); in: enum steps. */
  tolerance?: number;
  /** range: the attribute's unit; the requirement's `unit` property is converted to it. */
  unit?: string;
  /** boolean: equals (default), requires (true needs true) or allows (false needs false). */
  rule?: "equals" | "requires" | "allows";
}
