/**
 * The grammar of workflow node configs (docs/templates.md#workflows): parties, durations,
 * moments, update values and expressions, each resolved against the run's entity and its
 * many-to-one relations into the plan's shapes (contract/workflow-plan.ts). Every resolver
 * returns the plan value or a problem (code, message, hint); the caller adds the pointer.
 */
import type { Expr } from "../contract/workflow-expression.ts";
import type {
  PlanDuration,
  PlanMoment,
  PlanParty,
  PlanSignalTarget,
  PlanValue,
  RelationPath,
} from "../contract/workflow-plan.ts";
import { BUILT_IN_ROLES } from "../contract/roles.ts";
import type { DiagnosticCode } from "../diagnostics.ts";
import type { EntityIR, FieldIR, RoleIR, TemplateIR } from "../ir/types.ts";
import { compileValueSchema } from "../checks/value-validator.ts";
import { closestName } from "../validate/closest-name.ts";
import { ExpressionSyntaxError, parseExpression } from "./parse-expression.ts";

/** A problem with one config value; `at` is a pointer suffix below the value (tokens). */
export interface GrammarProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint?: string;
  readonly at?: readonly (string | number)[];
}

export type Resolved<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: GrammarProblem };

const ok = <T>(value: T): Resolved<T> => ({ ok: true, value });
const fail = (code: DiagnosticCode, message: string, hint?: string, at?: (string | number)[]): Resolved<never> => ({
  ok: false,
  problem: { code, message, ...(hint ? { hint } : {}), ...(at ? { at } : {}) },
});
const didYouMean = (name: string, candidates: readonly string[]): string | undefined => {
  const guess = closestName(name, candidates);
  return guess ? `Did you mean "${guess}"?` : undefined;
};

/** What the grammar resolves names against: the template and the run's entity. */
export interface GrammarScope {
  readonly template: TemplateIR;
  readonly entity: EntityIR | undefined;
}

export function allRoles(template: TemplateIR): { name: string; tier: RoleIR["tier"] }[] {
  return [...BUILT_IN_ROLES.map((r) => ({ name: r.name, tier: r.tier })), ...template.roles];
}

// ---------------------------------------------------------------- entities and relations

/** The many-to-one relations of an entity, by name, with their target entities. */
function manyToOne(template: TemplateIR, entity: EntityIR, name: string): EntityIR | undefined {
  const relation = entity.relations.find((r) => r.name === name && r.kind === "many-to-one");
  return relation ? template.entities.find((e) => e.name === relation.target) : undefined;
}

const relationNames = (entity: EntityIR) => entity.relations.filter((r) => r.kind === "many-to-one").map((r) => r.name);

/** Walks `segments` as many-to-one relations from `entity`; the entity at the end, or a problem. */
function walkRelations(
  scope: GrammarScope,
  entity: EntityIR,
  segments: readonly string[],
  code: DiagnosticCode,
): Resolved<EntityIR> {
  let at = entity;
  for (const segment of segments) {
    const next = manyToOne(scope.template, at, segment);
    if (!next) {
      const other = at.relations.find((r) => r.name === segment);
      return fail(
        code,
        other
          ? `"${segment}" is a ${other.kind} relation of ${at.name}; only many-to-one relations lead to one record.`
          : `"${segment}" is not a many-to-one relation of ${at.name}.`,
        other ? undefined : didYouMean(segment, relationNames(at)),
      );
    }
    at = next;
  }
  return ok(at);
}

/** System columns an expression or party may read, by entity shape. */
function systemFields(entity: EntityIR): Record<string, FieldType> {
  return {
    id: { t: "string" },
    createdAt: { t: "string", date: true },
    updatedAt: { t: "string", date: true },
    createdBy: { t: "string", userId: true },
    updatedBy: { t: "string", userId: true },
    ...(entity.scope === "account" ? { accountId: { t: "string" } } : {}),
    ...(entity.scope === "user" ? { userId: { t: "string", userId: true } } : {}),
    ...Object.fromEntries(
      entity.relations
        .filter((r) => r.kind === "many-to-one" && r.foreignKey)
        .map((r) => [r.foreignKey!, { t: "string" }]),
    ),
  };
}

const isDateField = (f: FieldIR) => f.kind === "string" && (f.format === "date" || f.format === "date-time");
/** A field holding a platform user's id: a uuid string field (or the system author columns). */
export const isUserIdField = (f: FieldIR) => f.kind === "string" && f.format === "uuid";
const isEmailField = (f: FieldIR) => f.kind === "string" && f.format === "email";

// ---------------------------------------------------------------- parties

export type PartyUse = "actor" | "assignee" | "recipient";

/**
 * A party (who acts or receives):
 *   system | owner | account | account:<role> | role:<name> | <role>
 *   <rel>[.<rel>…].owner | <rel>[.<rel>…].account[:<role>]
 *   [<rel>[.<rel>…].]<field>   (a user-id field; an email field for recipients)
 */
export function resolveParty(scope: GrammarScope, text: string, use: PartyUse): Resolved<PlanParty> {
  const roles = allRoles(scope.template);
  const roleNames = roles.map((r) => r.name);
  const KEYWORDS = ["system", "owner", "account"];
  if (text === "system") {
    return use === "actor"
      ? ok({ kind: "system" })
      : fail(
          "ENG_WORKFLOW_PARTY_UNKNOWN",
          `"system" acts on its own; it cannot ${use === "assignee" ? "decide a task" : "receive an email"}.`,
          "Name a role, the record's owner, an account or a user field.",
        );
  }
  if (text.startsWith("role:")) {
    const role = text.slice(5);
    return roleNames.includes(role)
      ? ok({ kind: "role", role })
      : fail(
          "ENG_WORKFLOW_PARTY_UNKNOWN",
          `Role "${role}" is not defined.`,
          didYouMean(role, roleNames) ?? "Declare it under /roles.",
        );
  }
  const segments = text.split(".");
  const last = segments[segments.length - 1];
  const relations = segments.slice(0, -1);
  if (segments.length === 1 && roleNames.includes(text)) return ok({ kind: "role", role: text });
  const entity = scope.entity;
  if (!entity)
    return fail(
      "ENG_WORKFLOW_PARTY_UNKNOWN",
      `"${text}" is not a role, and the workflow runs on no entity.`,
      didYouMean(text, roleNames),
    );
  const walked = walkRelations(scope, entity, relations, "ENG_WORKFLOW_PARTY_UNKNOWN");
  if (!walked.ok) return walked;
  const target = walked.value;
  const path: RelationPath = relations;
  if (last === "owner") return ok({ kind: "owner", path });
  if (last === "account" || last.startsWith("account:")) {
    if (target.scope !== "account")
      return fail(
        "ENG_WORKFLOW_PARTY_UNKNOWN",
        `${target.name} is ${target.scope}-scoped: its records belong to no account.`,
        `Use "${[...relations, "owner"].join(".")}".`,
      );
    if (last === "account") return ok({ kind: "account", path });
    const role = last.slice("account:".length);
    const found = roles.find((r) => r.name === role);
    if (!found)
      return fail(
        "ENG_WORKFLOW_PARTY_UNKNOWN",
        `Role "${role}" is not defined.`,
        didYouMean(role, roleNames) ?? "Declare it under /roles.",
      );
    if (found.tier !== "account")
      return fail(
        "ENG_WORKFLOW_PARTY_UNKNOWN",
        `Role "${role}" is a ${found.tier}-tier role, not an account role.`,
        `Use "role:${role}".`,
      );
    return ok({ kind: "account", path, roles: [role] });
  }
  const field = target.fields.find((f) => f.name === last);
  const system = systemFields(target)[last];
  if (field || system) {
    if ((field && isUserIdField(field)) || system?.userId) return ok({ kind: "user-field", path, field: last });
    if (field && isEmailField(field)) {
      return use === "recipient"
        ? ok({ kind: "email-field", path, field: last })
        : fail(
            "ENG_WORKFLOW_PARTY_UNKNOWN",
            `${target.name}.${last} is an email address; only a user can ${use === "actor" ? "act" : "decide"}.`,
            "Name a user-id field, the owner, an account or a role.",
          );
    }
    return fail(
      "ENG_WORKFLOW_PARTY_UNKNOWN",
      `${target.name}.${last} holds neither a user id (a uuid string) nor an email address.`,
    );
  }
  if (target.relations.some((r) => r.name === last && r.kind === "many-to-one")) {
    const related = manyToOne(scope.template, target, last)!;
    return fail(
      "ENG_WORKFLOW_PARTY_UNKNOWN",
      `"${last}" is a relation: say who of the related record.`,
      `Use "${[...relations, last, "owner"].join(".")}"${related.scope === "account" ? ` or "${[...relations, last, "account"].join(".")}"` : ""}.`,
    );
  }
  const candidates = [
    ...(relations.length ? [] : roleNames),
    ...KEYWORDS,
    ...target.fields.filter((f) => isUserIdField(f) || isEmailField(f)).map((f) => f.name),
    ...relationNames(target),
  ];
  const near = closestName(last, candidates);
  // A relation is no party by itself: suggest its owner.
  const guess = near && relationNames(target).includes(near) ? `${near}.owner` : near;
  return fail(
    "ENG_WORKFLOW_PARTY_UNKNOWN",
    relations.length
      ? `"${last}" is not a party of ${target.name} (owner, account, a user-id or email field).`
      : `"${text}" is not a role, a keyword (system, owner, account) or a user-id or email field of ${target.name}.`,
    guess ? `Did you mean "${[...relations, guess].join(".")}"?` : undefined,
  );
}

/** One party or a list of them (a config value). Problems carry the index in lists. */
export function resolveParties(
  scope: GrammarScope,
  value: string | readonly string[],
  use: PartyUse,
): { parties: PlanParty[]; problems: GrammarProblem[] } {
  const list = typeof value === "string" ? [value] : value;
  const parties: PlanParty[] = [];
  const problems: GrammarProblem[] = [];
  list.forEach((text, i) => {
    const r = resolveParty(scope, text, use);
    if (r.ok) parties.push(r.value);
    else problems.push({ ...r.problem, at: typeof value === "string" ? [] : [i] });
  });
  return { parties, problems };
}

// ---------------------------------------------------------------- durations and moments

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const SPOKEN = /^(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)$/i;

/** `PT48H`, `P3D`, `P1W`, `PT0S`: an ISO 8601 duration without years or months (their length varies). */
export function parseDuration(text: string): Resolved<PlanDuration> {
  const m = ISO_DURATION.exec(text);
  if (m && text !== "P" && text !== "PT" && !text.endsWith("T")) {
    const [w, d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0));
    return ok({ iso: text, ms: Math.round(((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000) });
  }
  const spoken = SPOKEN.exec(text.trim());
  if (spoken) {
    const n = spoken[1];
    const unit = spoken[2].toLowerCase()[0];
    const iso = unit === "w" ? `P${n}W` : unit === "d" ? `P${n}D` : `PT${n}${unit.toUpperCase()}`;
    return fail(
      "ENG_WORKFLOW_DURATION_INVALID",
      `${JSON.stringify(text)} is not an ISO 8601 duration.`,
      `Write "${iso}".`,
    );
  }
  if (/^P(\d+Y)?(\d+M)?/.test(text) && /^P[^T]*[YM]/.test(text))
    return fail(
      "ENG_WORKFLOW_DURATION_INVALID",
      `${JSON.stringify(text)} uses years or months, whose length varies.`,
      'Use weeks or days, e.g. "P30D".',
    );
  return fail(
    "ENG_WORKFLOW_DURATION_INVALID",
    `${JSON.stringify(text)} is not an ISO 8601 duration.`,
    'Durations look like "PT48H", "P3D", "PT30M" or "P1W".',
  );
}

const looksLikeDuration = (text: string) => /^P[\dT]/.test(text) || SPOKEN.test(text.trim());

/** A moment path: `record.<dateField>` or `<rel>[.<rel>…].<dateField>`; null when `text` is no plain path. */
function momentPath(scope: GrammarScope, text: string): Resolved<PlanMoment> | null {
  if (!/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/.test(text)) return null;
  const entity = scope.entity;
  if (!entity)
    return fail("ENG_WORKFLOW_MOMENT_INVALID", `"${text}" names a field, but the workflow runs on no entity.`);
  const segments = text.split(".");
  const relations = segments[0] === "record" ? segments.slice(1, -1) : segments.slice(0, -1);
  const field = segments[segments.length - 1];
  const walked = walkRelations(scope, entity, relations, "ENG_WORKFLOW_MOMENT_INVALID");
  if (!walked.ok) return walked;
  const target = walked.value;
  const f = target.fields.find((x) => x.name === field);
  const system = systemFields(target)[field];
  if (f && isDateField(f)) return ok({ kind: "field", path: relations, field });
  if (system?.date) return ok({ kind: "field", path: relations, field });
  if (f) return fail("ENG_WORKFLOW_MOMENT_INVALID", `${target.name}.${field} is not a date or date-time field.`);
  return fail(
    "ENG_WORKFLOW_MOMENT_INVALID",
    `"${field}" is not a field of ${target.name}.`,
    didYouMean(
      field,
      target.fields.filter(isDateField).map((x) => x.name),
    ),
  );
}

/**
 * The records a signal node reaches: `<one-to-many>` of the record, or `<rel>.<rel>.<one-to-many>`
 * (many-to-one hops, then a one-to-many relation of the record there: `event.registrations`).
 */
export function resolveSignalTarget(scope: GrammarScope, text: string): Resolved<PlanSignalTarget> {
  const entity = scope.entity;
  if (!entity)
    return fail("ENG_WORKFLOW_SIGNAL_INVALID", "The workflow runs on no entity, so no relation leads from it.");
  if (!/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/.test(text))
    return fail(
      "ENG_WORKFLOW_SIGNAL_INVALID",
      `${JSON.stringify(text)} is not a relation path.`,
      'Name a one-to-many relation, e.g. "registrations", or reach one through many-to-one relations: "event.registrations".',
    );
  const segments = text.split(".");
  const path = segments.slice(0, -1);
  const last = segments[segments.length - 1];
  const walked = walkRelations(scope, entity, path, "ENG_WORKFLOW_SIGNAL_INVALID");
  if (!walked.ok) return walked;
  const at = walked.value;
  const relation = at.relations.find((r) => r.name === last);
  if (!relation)
    return fail(
      "ENG_WORKFLOW_SIGNAL_INVALID",
      `"${last}" is not a relation of ${at.name}.`,
      didYouMean(
        last,
        at.relations.filter((r) => r.kind === "one-to-many").map((r) => r.name),
      ),
    );
  const target = scope.template.entities.find((e) => e.name === relation.target);
  const inverse =
    relation.kind === "one-to-many" && relation.inverse && target
      ? target.relations.find((r) => r.name === relation.inverse && r.kind === "many-to-one")
      : undefined;
  if (!target || !inverse?.foreignKey)
    return fail(
      "ENG_WORKFLOW_SIGNAL_INVALID",
      `"${last}" is a ${relation.kind} relation of ${at.name}; a signal reaches the records of a one-to-many relation.`,
    );
  return ok({ path, relation: last, entity: target.name, foreignKey: inverse.foreignKey });
}

/** A moment: an ISO duration (from when the step starts) or a date field (`record.endsAt`, `event.startsAt`). */
export function resolveMoment(scope: GrammarScope, text: string): Resolved<PlanMoment> {
  if (looksLikeDuration(text)) {
    const d = parseDuration(text);
    return d.ok ? ok({ kind: "duration", duration: d.value }) : d;
  }
  return (
    momentPath(scope, text) ??
    fail(
      "ENG_WORKFLOW_MOMENT_INVALID",
      `${JSON.stringify(text)} is neither an ISO 8601 duration nor a date field.`,
      'Use a duration such as "P3D", or a date field such as "record.endsAt".',
    )
  );
}

export type WaitUntil =
  | PlanMoment
  | { readonly kind: "event"; readonly event: string }
  | { readonly kind: "condition"; readonly source: string; readonly ast: Expr };

/** A wait's `until`: a moment, `event:<name>`, or a condition expression. */
export function resolveUntil(scope: GrammarScope, text: string): Resolved<WaitUntil> {
  if (text.startsWith("event:")) {
    const event = text.slice(6);
    return /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(event)
      ? ok({ kind: "event", event })
      : fail(
          "ENG_WORKFLOW_MOMENT_INVALID",
          `"${event}" is not an event name.`,
          'Event names are kebab-case, e.g. "event:payment-received".',
        );
  }
  if (looksLikeDuration(text)) return resolveMoment(scope, text);
  const path = momentPath(scope, text);
  if (path?.ok) return path;
  const expression = checkExpression(scope, text);
  if (!expression.ok) {
    // A plain path that is not a date field: the moment's message says more than the expression's.
    if (path && expression.problem.code !== "ENG_WORKFLOW_EXPRESSION_SYNTAX") return path;
    return expression;
  }
  return ok({ kind: "condition", source: text, ast: expression.value.ast });
}

// ---------------------------------------------------------------- expressions

/** What an expression's value is, as far as the schema tells. */
export interface FieldType {
  readonly t: "string" | "number" | "boolean" | "array" | "object" | "null" | "unknown";
  readonly enumValues?: readonly (string | number)[];
  readonly items?: FieldType;
  /** Where the type came from, for messages (`Job.status`). */
  readonly from?: string;
  readonly date?: boolean;
  readonly userId?: boolean;
  /** Known members of an object (money, measurement); absent: any member. */
  readonly members?: Readonly<Record<string, FieldType>>;
}

const UNKNOWN: FieldType = { t: "unknown" };

export function fieldType(entity: EntityIR, field: FieldIR): FieldType {
  const from = `${entity.name}.${field.name}`;
  const scalar = (kind: string | null, values: readonly (string | number)[] | null): FieldType => {
    switch (kind) {
      case "string":
        return {
          t: "string",
          from,
          ...(field.format === "date" || field.format === "date-time" ? { date: true } : {}),
        };
      case "integer":
      case "number":
        return { t: "number", from };
      case "boolean":
        return { t: "boolean", from };
      case "enum":
        return {
          t: values && values.every((v) => typeof v === "number") ? "number" : "string",
          from,
          ...(values ? { enumValues: values } : {}),
        };
      default:
        return UNKNOWN;
    }
  };
  switch (field.kind) {
    case "array": {
      const items =
        field.schema && typeof field.schema === "object"
          ? (field.schema as { items?: { enum?: unknown[] } }).items
          : undefined;
      const values = Array.isArray(items?.enum) ? (items.enum as (string | number)[]) : null;
      return { t: "array", from, items: scalar(field.itemKind, values) };
    }
    case "json":
      return { t: "object", from };
    case "money":
      return {
        t: "object",
        from,
        members: {
          amount: { t: "number", from: `${from}.amount` },
          currency: { t: "string", from: `${from}.currency` },
        },
      };
    case "measurement":
      return {
        t: "object",
        from,
        members: { value: { t: "number", from: `${from}.value` }, unit: { t: "string", from: `${from}.unit` } },
      };
    default:
      return scalar(field.kind, field.enumValues);
  }
}

/** The root names of an expression over a record of `entity` (relations shadow the built-in roots). */
export function expressionRoots(entity: EntityIR | undefined): string[] {
  return ["record", ...(entity ? relationNames(entity) : []), "tenant", "approval", "trigger", "event", "now"];
}

const APPROVAL_MEMBERS: Record<string, FieldType> = {
  decision: { t: "string", enumValues: ["approve", "reject", "request-changes"], from: "approval.decision" },
  comment: { t: "string", from: "approval.comment" },
  by: { t: "string", from: "approval.by" },
};

/** The type a name path reads, or a problem naming the first unknown part. */
function pathType(scope: GrammarScope, path: readonly string[]): Resolved<FieldType> {
  const entity = scope.entity;
  const [root, ...rest] = path;
  const unknown = (message: string, hint?: string) => fail("ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME", message, hint);
  const recordField = (target: EntityIR, members: readonly string[], prefix: string): Resolved<FieldType> => {
    if (members.length === 0) return unknown(`"${prefix}" is a record; name one of its fields (${prefix}.<field>).`);
    const [name, ...deeper] = members;
    const field = target.fields.find((f) => f.name === name);
    let type: FieldType | undefined = field ? fieldType(target, field) : systemFields(target)[name];
    if (!type) {
      if (target.relations.some((r) => r.name === name))
        return unknown(
          `"${prefix}.${name}" is a relation; expressions read one level of many-to-one relations by their name.`,
          prefix === "record" && manyToOne(scope.template, target, name) ? `Write "${name}.<field>".` : undefined,
        );
      return unknown(
        `"${name}" is not a field of ${target.name}.`,
        didYouMean(name, [...target.fields.map((f) => f.name), ...Object.keys(systemFields(target))]),
      );
    }
    for (const member of deeper) {
      if (type.t === "object" && !type.members) return ok(UNKNOWN);
      const next: FieldType | undefined = type.members?.[member];
      if (!next)
        return unknown(
          `${type.from ?? name} has no member "${member}".`,
          type.members ? didYouMean(member, Object.keys(type.members)) : undefined,
        );
      type = next;
    }
    return ok(type);
  };
  if (entity && root !== "record" && manyToOne(scope.template, entity, root))
    return recordField(manyToOne(scope.template, entity, root)!, rest, root);
  switch (root) {
    case "record":
      return entity
        ? recordField(entity, rest, "record")
        : unknown("The workflow runs on no entity, so there is no record.");
    case "tenant":
      if (rest[0] !== "settings")
        return unknown(`"tenant" offers only tenant.settings.<name>.`, 'Write "tenant.settings.<name>".');
      return ok(UNKNOWN);
    case "approval":
      if (rest.length === 0) return ok({ t: "object", from: "approval" });
      if (!APPROVAL_MEMBERS[rest[0]] || rest.length > 1)
        return unknown(
          `approval has no member "${rest.join(".")}".`,
          didYouMean(rest[0], Object.keys(APPROVAL_MEMBERS)) ?? "Members: decision, comment, by.",
        );
      return ok(APPROVAL_MEMBERS[rest[0]]);
    case "trigger":
    case "event":
      return ok(UNKNOWN);
    case "now":
      return rest.length
        ? unknown(`"now" is a date-time; it has no member "${rest[0]}".`)
        : ok({ t: "string", date: true, from: "now" });
    default: {
      const guess = closestName(root, expressionRoots(entity));
      const field = entity?.fields.find((f) => f.name === root);
      return unknown(
        `"${root}" is not a name an expression knows.`,
        field
          ? `Write "record.${root}".`
          : guess
            ? `Did you mean "${guess}"?`
            : `Names: ${expressionRoots(entity).join(", ")}.`,
      );
    }
  }
}

const literalType = (value: unknown): FieldType =>
  value === null
    ? { t: "null" }
    : typeof value === "number"
      ? { t: "number" }
      : typeof value === "boolean"
        ? { t: "boolean" }
        : { t: "string" };

/** Parses and checks an expression: names against the schema, operators against types. */
export function checkExpression(scope: GrammarScope, source: string): Resolved<{ ast: Expr; type: FieldType }> {
  let ast: Expr;
  try {
    ast = parseExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return fail(
      "ENG_WORKFLOW_EXPRESSION_SYNTAX",
      `${error.message}${error.index ? ` (at character ${error.index})` : ""} in ${JSON.stringify(source)}.`,
      "Expressions use == != < <= > >= && || ! + - * / % in, 'strings', numbers, true, false, null, [lists] and dotted names.",
    );
  }
  let problem: GrammarProblem | undefined;
  const typeMismatch = (message: string, hint?: string) => {
    problem ??= { code: "ENG_WORKFLOW_EXPRESSION_TYPE", message, ...(hint ? { hint } : {}) };
    return UNKNOWN;
  };
  const describe = (t: FieldType) => (t.from ? `${t.from} (${t.t})` : t.t);
  const checkValue = (type: FieldType, other: Expr) => {
    if (!type.enumValues) return;
    const values =
      other.type === "literal"
        ? [other.value]
        : other.type === "array"
          ? other.items.map((i) => (i.type === "literal" ? i.value : undefined))
          : [];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      if (!type.enumValues.includes(v as string | number)) {
        const guess = typeof v === "string" ? closestName(v, type.enumValues.map(String)) : undefined;
        typeMismatch(
          `${JSON.stringify(v)} is not a value of ${type.from}.`,
          guess ? `Did you mean "${guess}"?` : `Values: ${type.enumValues.join(", ")}.`,
        );
      }
    }
  };
  const known = (t: FieldType) => t.t !== "unknown" && t.t !== "null";
  const walk = (e: Expr): FieldType => {
    switch (e.type) {
      case "literal":
        return literalType(e.value);
      case "array":
        e.items.forEach(walk);
        return { t: "array" };
      case "path": {
        const r = pathType(scope, e.path);
        if (!r.ok) {
          problem ??= r.problem;
          return UNKNOWN;
        }
        return r.value;
      }
      case "unary": {
        const arg = walk(e.argument);
        if (e.operator === "-" && known(arg) && arg.t !== "number")
          return typeMismatch(`"-" needs a number, not ${describe(arg)}.`);
        return e.operator === "!" ? { t: "boolean" } : { t: "number" };
      }
      case "binary": {
        const left = walk(e.left);
        const right = walk(e.right);
        switch (e.operator) {
          case "&&":
          case "||":
            return { t: "boolean" };
          case "==":
          case "!=":
            if (known(left) && known(right) && left.t !== right.t)
              typeMismatch(`${describe(left)} is compared with ${describe(right)}: they are never equal.`);
            checkValue(left, e.right);
            checkValue(right, e.left);
            return { t: "boolean" };
          case "<":
          case "<=":
          case ">":
          case ">=":
            for (const side of [left, right])
              if (known(side) && side.t !== "number" && side.t !== "string")
                typeMismatch(`"${e.operator}" orders numbers or text (dates), not ${describe(side)}.`);
            if (known(left) && known(right) && left.t !== right.t)
              typeMismatch(`"${e.operator}" compares ${describe(left)} with ${describe(right)}.`);
            return { t: "boolean" };
          case "in":
            if (known(right) && right.t !== "array")
              typeMismatch(`"in" needs a list on its right, not ${describe(right)}.`);
            if (right.items) checkValue(right.items, e.left);
            checkValue(left, e.right);
            return { t: "boolean" };
          case "+":
            if (left.t === "string" || right.t === "string") return { t: "string" };
            for (const side of [left, right])
              if (known(side) && side.t !== "number")
                typeMismatch(`"+" adds numbers or joins text, not ${describe(side)}.`);
            return { t: "number" };
          default:
            for (const side of [left, right])
              if (known(side) && side.t !== "number")
                typeMismatch(`"${e.operator}" needs numbers, not ${describe(side)}.`);
            return { t: "number" };
        }
      }
    }
  };
  const type = walk(ast);
  if (problem) return { ok: false, problem };
  return ok({ ast, type });
}

// ---------------------------------------------------------------- update values

/**
 * A value an update node writes into `field`: `"$now"`, a `{{ … }}` text template,
 * `{ "expr": "…" }`, or a literal the field's schema accepts.
 */
export function resolveValue(
  scope: GrammarScope,
  entity: EntityIR,
  field: FieldIR,
  value: unknown,
): Resolved<PlanValue> {
  const type = fieldType(entity, field);
  const where = `${entity.name}.${field.name}`;
  const bad = (message: string, hint?: string, at?: (string | number)[]) =>
    fail("ENG_WORKFLOW_VALUE_INVALID", message, hint, at);
  if (value === "$now") {
    return type.date
      ? ok({ kind: "now" })
      : bad(`"$now" is a date-time, but ${where} is not a date or date-time field.`);
  }
  if (typeof value === "string" && value.includes("{{")) {
    if (field.kind !== "string" || field.format)
      return bad(`A {{ … }} text fits a plain text field; ${where} is not one.`);
    if (!/\{\{[^{}]+\}\}/.test(value)) return bad(`${JSON.stringify(value)} opens "{{" but does not close it.`);
    return ok({ kind: "template", text: value });
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "expr" in value) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || typeof (value as { expr: unknown }).expr !== "string")
      return bad('An expression value is { "expr": "<expression>" } and nothing else.');
    const source = (value as { expr: string }).expr;
    const checked = checkExpression(scope, source);
    if (!checked.ok) return { ok: false, problem: { ...checked.problem, at: ["expr"] } };
    const result = checked.value.type;
    const want = type.t;
    if (
      result.t !== "unknown" &&
      result.t !== "null" &&
      want !== "unknown" &&
      result.t !== want &&
      !(want === "object" && result.t === "object")
    )
      return fail(
        "ENG_WORKFLOW_EXPRESSION_TYPE",
        `The expression gives ${result.t}, but ${where} holds ${want}.`,
        undefined,
        ["expr"],
      );
    return ok({ kind: "expression", expression: { source, ast: checked.value.ast } });
  }
  const validate = compileValueSchema(field.schema);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    return bad(
      `${JSON.stringify(value)} is not a valid value of ${where}${first ? `: ${first.instancePath ? first.instancePath + " " : ""}${first.message}` : ""}.`,
      type.enumValues && typeof value === "string" ? didYouMean(value, type.enumValues.map(String)) : undefined,
    );
  }
  return ok({ kind: "literal", value });
}
