/**
 * Template diagnostics are values, never throws. Each one points into the template file with a
 * JSON pointer, says what is wrong and, where we can tell, how to fix it.
 */
export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Stable code from the catalogue below, e.g. `ENG_UNKNOWN_RELATION_TARGET`. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** JSON pointer into the template file (RFC 6901), `""` for the whole document. */
  readonly pointer: string;
  readonly message: string;
  readonly hint?: string;
  /** The template file, relative to the templates folder, when known. */
  readonly file?: string;
}

/** The catalogue: code → default severity and a one-line summary (docs/templates.md lists them). */
export const DIAGNOSTIC_CODES = {
  ENG_FILE_READ: ["error", "The template file cannot be read"],
  ENG_JSON_PARSE: ["error", "The template file is not valid JSON"],
  ENG_SCHEMA_REQUIRED: ["error", "A required key is missing"],
  ENG_SCHEMA_UNKNOWN_KEY: ["error", "A key is not part of the template format"],
  ENG_SCHEMA_TYPE: ["error", "A value has the wrong type"],
  ENG_SCHEMA_ENUM: ["error", "A value is not one of the allowed values"],
  ENG_SCHEMA_PATTERN: ["error", "A name or value does not have the expected form"],
  ENG_SCHEMA_INVALID: ["error", "A value breaks a rule of the template format"],
  ENG_REF_UNRESOLVED: ["error", "A $ref points at a definition that does not exist"],
  ENG_REF_CYCLE: ["error", "$ref definitions refer to each other in a loop"],
  ENG_FIELD_TYPE_MISSING: ["error", "A field has neither a type nor an enum"],
  ENG_FIELD_TYPE_UNSUPPORTED: ["error", "A field's type cannot be stored"],
  ENG_REQUIRED_UNKNOWN: ["error", "`required` names a property that does not exist"],
  ENG_DEFAULT_INVALID: ["error", "A default value does not satisfy its own field schema"],
  ENG_DEFAULT_NOT_IN_ENUM: ["error", "A default value is not one of the enum values"],
  ENG_PATTERN_INVALID: ["error", "A pattern is not a valid regular expression"],
  ENG_RANGE_EMPTY: ["error", "A minimum is greater than its maximum"],
  ENG_COMPARE_UNKNOWN_FIELD: ["error", "An x-gt/x-gte names a field the entity does not have"],
  ENG_COMPARE_TYPE_MISMATCH: ["error", "An x-gt/x-gte compares fields that cannot be ordered against each other"],
  ENG_COMPARE_UNSATISFIABLE: ["error", "Cross-field facts that no record can keep (a loop, or ranges that exclude it)"],
  ENG_COMPARE_NESTED: ["error", "x-gt/x-gte is only for top-level fields"],
  ENG_RESERVED_NAME: ["error", "A name is reserved by the platform"],
  ENG_DUPLICATE_NAME: ["error", "Two things share one name"],
  ENG_DUPLICATE_ID: ["error", "Two things share one stable id"],
  ENG_NAME_TOO_LONG: ["error", "A generated database identifier would exceed 63 characters"],
  ENG_UNKNOWN_RELATION_TARGET: ["error", "A relation points at an entity that does not exist"],
  ENG_RELATION_INVERSE_INVALID: ["error", "A one-to-many relation does not mirror a many-to-one"],
  ENG_RELATION_THROUGH_INVALID: ["error", "A many-to-many join entity does not link both sides"],
  ENG_RELATION_SETNULL_REQUIRED: ["error", "A required relation cannot be set to null on delete"],
  ENG_RELATION_DRAFT: ["error", "A compiled entity cannot relate to a draft entity"],
  ENG_INDEX_UNKNOWN_FIELD: ["error", "An index names a field that does not exist"],
  ENG_INDEX_UNSUPPORTED_FIELD: ["error", "An index names a field that cannot be indexed"],
  ENG_STATUS_FIELD_UNKNOWN: ["error", "The status field does not exist"],
  ENG_STATUS_NOT_ENUM: ["error", "The status field is not an enum"],
  ENG_STATUS_WORKFLOW_UNKNOWN: ["error", "The status workflow does not exist"],
  ENG_TITLE_FIELD_UNKNOWN: ["error", "The title field does not exist"],
  ENG_UI_GROUP_UNKNOWN: ["error", "A field is placed in a group the entity does not declare"],
  ENG_UI_WIDGET_MISMATCH: ["warning", "A choice widget (select, radio, checkboxes) is set on a field without choices"],
  ENG_LIST_COLUMN_UNKNOWN: ["error", "A list column names a field that does not exist"],
  ENG_ACCESS_UNKNOWN_ROLE: ["error", "An access rule names a role that does not exist"],
  ENG_ACCESS_UNKNOWN_FIELD: ["error", "An access rule names a field that does not exist"],
  ENG_ACCESS_OWNERSHIP_SCOPE: ["error", "An ownership rule does not fit the entity's scope"],
  ENG_ACCESS_WHERE_UNKNOWN_FIELD: ["error", "An access rule's `where` names a field that does not exist"],
  ENG_EXCLUSION_BAD_FIELD: ["error", "An exclusion names a range, field or value its entity does not have"],
  ENG_BOOKING_INVALID: [
    "error",
    "A booking declaration names a relation, field or status value that does not exist or does not fit",
  ],
  ENG_COMPUTED_NOT_MAINTAINED: [
    "warning",
    "An `x-computed` expression is not a form the platform computes (the field stays empty)",
  ],
  ENG_COMPUTED_SYNTAX: ["error", "An `x-computed` expression does not parse"],
  ENG_COMPUTED_BAD_REFERENCE: ["error", "An `x-computed` expression names a relation, field or unit it cannot use"],
  ENG_COMPUTED_TYPE: ["error", "An `x-computed` field's type does not fit what its expression gives"],
  ENG_ACCESS_RELATION_OPERAND: [
    "error",
    "An access condition on a related record is not `$me` / `$myAccount`, or that record has no owner / account",
  ],
  ENG_ROLE_UNKNOWN_RESOURCE: [
    "error",
    "A permission names a resource that is neither an entity nor a platform resource",
  ],
  ENG_ROLE_UNKNOWN_PARENT: ["error", "A role inherits from a role that does not exist"],
  ENG_ROLE_INHERIT_CYCLE: ["error", "Roles inherit from each other in a loop"],
  ENG_LOCALE_DEFAULT_UNKNOWN: ["error", "The default locale is not in `locales`"],
  ENG_LOCALE_UNKNOWN: ["error", "A label uses a locale the template does not declare"],
  ENG_LOCALE_MISSING: ["warning", "A label lacks a translation for a declared locale"],
  ENG_ENUM_LABELS_NOT_ENUM: ["error", "x-enumLabels is on a field that has no enum values"],
  ENG_ENUM_LABEL_UNKNOWN_VALUE: ["error", "x-enumLabels labels a value the enum does not have"],
  ENG_ENUM_LABEL_MISSING: ["warning", "x-enumLabels leaves an enum value without a label"],
  ENG_ERROR_MESSAGE_UNKNOWN_RULE: ["error", "x-errorMessages names a rule a field cannot fail"],
  ENG_ERROR_MESSAGE_UNUSED: ["warning", "x-errorMessages names a rule the field does not have"],
  ENG_TRANSLATABLE_NOT_TEXT: ["error", "x-translatable is on a field that is not plain text"],
  ENG_MEDIA_KEYWORD_CONFLICT: [
    "error",
    "A media field also states its own type or value (type, enum, format, items, default…)",
  ],
  ENG_MEDIA_NESTED: ["error", "x-media is only for top-level fields"],
  ENG_MEDIA_ACCEPT_UNSUPPORTED: ["error", "A media field accepts a type the platform cannot recognise for its kind"],
  ENG_MEDIA_COUNT_SINGLE: ["error", "A media field that holds one file has a maxCount above 1"],
  ENG_MEDIA_VARIANTS_NOT_IMAGE: ["error", "A document media field declares image variants or formats"],
  ENG_MEDIA_FORMATS_UNUSED: ["warning", "An image media field declares formats but no variants to make in them"],
  ENG_WORKFLOW_DUPLICATE_NODE: ["error", "Two workflow nodes or edges share one id"],
  ENG_WORKFLOW_EDGE_UNKNOWN_NODE: ["error", "A workflow edge connects a node that does not exist"],
  ENG_WORKFLOW_NO_TRIGGER: ["error", "A workflow has no trigger node"],
  ENG_WORKFLOW_UNREACHABLE: ["warning", "A workflow node cannot be reached from any trigger"],
  ENG_WORKFLOW_STATE_UNKNOWN: ["error", "A workflow state is not a value of the status field"],
  ENG_WORKFLOW_ENTITY_UNKNOWN: ["error", "A workflow runs on an entity that does not exist"],
  ENG_WORKFLOW_ENTITY_MISMATCH: ["error", "A workflow names another entity than the one whose status field binds it"],
  ENG_SIGNUP_UNKNOWN_ROLE: ["error", "A sign-up option gives a role the template does not define"],
  ENG_SIGNUP_STAFF_ROLE: ["error", "A sign-up option gives a tenant- or platform-tier (staff) role"],
  ENG_SIGNUP_ACCOUNT_REQUIRED: ["error", "A sign-up option gives an account-tier role but creates no account"],
  ENG_SIGNUP_NOT_OWNER: ["error", "A sign-up option creates an account but its role does not inherit account-owner"],
  ENG_SIGNUP_ACCOUNT_FOR_USER_ROLE: ["error", "A sign-up option creates an account for a user-tier role"],
  ENG_WORKFLOW_EMAIL_UNKNOWN: ["error", "A workflow sends an email template that does not exist"],
  ENG_WORKFLOW_FIELD_UNKNOWN: ["error", "A workflow updates a field that does not exist"],
  ENG_WORKFLOW_MISSING_BRANCH: ["error", "A workflow node lacks an outgoing edge or a branch it needs"],
  ENG_WORKFLOW_CYCLE_WITHOUT_WAIT: [
    "error",
    "A workflow loops without a wait, approval or state-with-transitions step",
  ],
  ENG_WORKFLOW_BRANCH_UNKNOWN: ["error", "A workflow edge takes a branch its node never takes, or a second way on"],
  ENG_WORKFLOW_TRANSITION_INVALID: [
    "error",
    "A state's labelled edge has no transition actors, or a transition has no edge",
  ],
  ENG_WORKFLOW_EXPRESSION_SYNTAX: ["error", "A workflow expression does not parse"],
  ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME: [
    "error",
    "A workflow expression names a field, relation or name that does not exist",
  ],
  ENG_WORKFLOW_EXPRESSION_TYPE: ["error", "A workflow expression applies an operator to values of the wrong type"],
  ENG_WORKFLOW_DURATION_INVALID: ["error", "A workflow duration is not an ISO 8601 duration (PT48H, P3D)"],
  ENG_WORKFLOW_MOMENT_INVALID: ["error", "A workflow moment is neither a duration nor a date field"],
  ENG_WORKFLOW_PARTY_UNKNOWN: [
    "error",
    "A workflow actor, assignee or recipient names no role, relation or user field",
  ],
  ENG_CONVERSATION_PARTY_UNKNOWN: [
    "error",
    "A conversation participant or moderator names no role, relation or user field",
  ],
  ENG_TAGGING_UNKNOWN_ENTITY: ["error", "`tagging.entities` names an entity the template does not have"],
  ENG_MATCHING_UNKNOWN_ENTITY: [
    "error",
    "A matching's `demand` or `supply` names an entity the template does not have",
  ],
  ENG_MATCHING_UNKNOWN_FIELD: ["error", "A matching criterion names a field or property that does not exist"],
  ENG_MATCHING_TYPE_MISMATCH: ["error", "A matching criterion compares values its kind cannot compare"],
  ENG_MATCHING_BAD_NUMBER: ["error", "A matching weight is not positive, or a tolerance or nearPoints is out of range"],
  ENG_MATCHING_UNIT: ["error", "A range criterion's unit is unknown or does not fit the requirement's units"],
  ENG_COLLECTIONS_UNKNOWN_ENTITY: ["error", "`collections.entities` names an entity the template does not have"],
  ENG_WORKFLOW_FIELD_STATUS: ["error", "A workflow update writes the status field (only state nodes set it)"],
  ENG_WORKFLOW_VALUE_INVALID: ["error", "A workflow update writes a value its field does not accept"],
  ENG_WORKFLOW_TRIGGER_INVALID: ["error", "A workflow trigger's settings do not fit its kind"],
  ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN: [
    "error",
    "A sub-workflow node names a workflow that does not exist or runs elsewhere",
  ],
  ENG_WORKFLOW_SIGNAL_INVALID: [
    "error",
    "A signal node names no one-to-many relation, or an event no workflow of the related entity waits for",
  ],
  ENG_WORKFLOW_ASSIGN_FIELD_INVALID: ["error", "An assign node writes into a field that does not hold a user id"],
  ENG_WORKFLOW_PAYMENT_FIELD_INVALID: [
    "error",
    "A payment node reads its payment id from a field that does not hold one",
  ],
  ENG_WORKFLOW_ROLE_UNKNOWN: ["error", "An assign node picks from a role that does not exist"],
  ENG_WORKFLOW_COMPENSATE_INVALID: ["error", "A node's compensate names no node that can undo it"],
  ENG_WORKFLOW_LOCALE_UNKNOWN: ["error", "An email node's locale is not a locale of the template"],
  ENG_SEED_UNKNOWN_ENTITY: ["error", "Seed data names an entity that does not exist"],
  ENG_SEED_INVALID: ["error", "A seed record does not satisfy its entity schema"],
  ENG_EMAIL_UNDECLARED_VARIABLE: ["warning", "An email uses a variable it does not declare"],
  ENG_EMAIL_SYNTAX: ["error", "An email's subject or body is not valid Nunjucks"],
  ENG_EMAIL_MJML_INVALID: ["error", "An email's body fails MJML's strict validation"],
  ENG_TEMPLATE_DUPLICATE: ["error", "Two templates share one id"],
  ENG_COMPAT_VERSION_NOT_BUMPED: ["error", "The template changed but its version did not increase"],
  ENG_COMPAT_BREAKING_MINOR: ["error", "A breaking change needs a new major version"],
  ENG_COMPAT_ENTITY_REMOVED: ["warning", "An entity was removed: its data will be dropped"],
  ENG_COMPAT_FIELD_REMOVED: ["warning", "A field was removed: its data will be dropped"],
  ENG_COMPAT_TYPE_CHANGED: ["warning", "A field changed its kind: stored values may not convert"],
  ENG_COMPAT_REQUIRED_ADDED: ["warning", "A new required field has no default: existing rows cannot satisfy it"],
  ENG_COMPAT_NOW_REQUIRED: ["warning", "An optional field became required"],
  ENG_COMPAT_ENUM_VALUE_REMOVED: ["warning", "An enum value was removed: records holding it become invalid"],
  ENG_COMPAT_NARROWED: ["warning", "A constraint was tightened: existing values may now be invalid"],
  ENG_COMPAT_ID_CHANGED: ["warning", "A name kept its place but got a new stable id: it is dropped and re-added"],
} as const satisfies Record<string, readonly [Severity, string]>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Builds a diagnostic with the catalogue's severity unless one is given. */
export function diagnostic(
  code: DiagnosticCode,
  pointer: string,
  message: string,
  hint?: string,
  severity: Severity = DIAGNOSTIC_CODES[code][0],
): Diagnostic {
  return hint === undefined ? { code, severity, pointer, message } : { code, severity, pointer, message, hint };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === "error");

/** Escapes one reference token for a JSON pointer (RFC 6901). */
export const escapePointerToken = (token: string | number): string =>
  String(token).replace(/~/g, "~0").replace(/\//g, "~1");

/** Joins a pointer and further tokens: `ptr("/entities", "Job", "schema")`. */
export const ptr = (base: string, ...tokens: (string | number)[]): string =>
  base + tokens.map((t) => "/" + escapePointerToken(t)).join("");

/** Formats a diagnostic for a terminal: `file#/pointer  error CODE  message (hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file ?? "<template>"}#${d.pointer}`;
  const hint = d.hint ? `\n    hint: ${d.hint}` : "";
  return `${where}\n  ${d.severity} ${d.code}: ${d.message}${hint}`;
}

/** Orders diagnostics by file, then pointer, then code: output must not depend on check order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      a.pointer.localeCompare(b.pointer) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}
