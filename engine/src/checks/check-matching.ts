import { UNIT_FACTORS, dimensionOf } from "../contract/computed.ts";
import type { MatchCriterionRegistry, MatchingRegistry, MatchValuePath } from "../contract/registry-types.ts";
import { diagnostic, ptr, type Diagnostic, type DiagnosticCode } from "../diagnostics.ts";
import type { EntityIR, FieldIR, JsonSchema, MatchingIR, TemplateIR } from "../ir/types.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

/** What a value is, as far as matching compares it. */
type Shape =
  | { readonly t: "number" }
  | { readonly t: "string"; readonly values: readonly (string | number)[] | null }
  | { readonly t: "boolean" }
  | { readonly t: "list"; readonly item: Shape }
  | { readonly t: "object"; readonly properties: Readonly<Record<string, JsonSchema>> }
  | { readonly t: "other" };

const describe = (s: Shape): string =>
  s.t === "list"
    ? `a list of ${describe(s.item)}`
    : s.t === "string" && s.values
      ? "an enum"
      : s.t === "other"
        ? "a value matching cannot compare"
        : `${s.t === "object" ? "an" : "a"} ${s.t}`;

function shapeOfSchema(schema: JsonSchema): Shape {
  if (typeof schema !== "object" || schema === null) return { t: "other" };
  if (Array.isArray(schema.enum)) {
    const values = (schema.enum as unknown[]).filter(
      (v): v is string | number => typeof v === "string" || typeof v === "number",
    );
    return values.length && values.every((v) => typeof v === "number") ? { t: "number" } : { t: "string", values };
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const type = types.find((t) => t !== "null");
  if (type === "integer" || type === "number") return { t: "number" };
  if (type === "string") return { t: "string", values: null };
  if (type === "boolean") return { t: "boolean" };
  if (type === "array")
    return { t: "list", item: schema.items ? shapeOfSchema(schema.items as JsonSchema) : { t: "other" } };
  if (type === "object" || schema.properties)
    return { t: "object", properties: (schema.properties ?? {}) as Record<string, JsonSchema> };
  return { t: "other" };
}

function shapeOfField(field: FieldIR): Shape {
  switch (field.kind) {
    case "integer":
    case "number":
      return { t: "number" };
    case "string":
      return { t: "string", values: null };
    case "enum":
      return field.enumValues?.every((v) => typeof v === "number")
        ? { t: "number" }
        : { t: "string", values: field.enumValues };
    case "boolean":
      return { t: "boolean" };
    case "array":
    case "json":
      return shapeOfSchema(field.schema);
    default:
      return { t: "other" };
  }
}

/** A matching resolved for the registry, and what is wrong with it. */
export interface ResolvedMatching {
  readonly registry: MatchingRegistry | null;
  readonly problems: readonly Diagnostic[];
}

/**
 * Resolves one `matching` entry against the template's entities (docs/templates.md#matching):
 * every path to a field or a property of a JSON field, every kind against the shapes it
 * compares, weights, tolerances and units. The registry entry exists only without problems.
 */
export function resolveMatching(template: TemplateIR, matching: MatchingIR): ResolvedMatching {
  const problems: Diagnostic[] = [];
  const bad = (code: DiagnosticCode, pointer: string, message: string, hint?: string) =>
    problems.push(diagnostic(code, pointer, message, hint));
  const names = template.entities.map((e) => e.name);
  const entityOf = (key: "demand" | "supply") => {
    const entity = template.entities.find((e) => e.name === matching[key]);
    if (!entity) {
      const guess = closestName(matching[key], names);
      bad(
        "ENG_MATCHING_UNKNOWN_ENTITY",
        ptr(matching.pointer, key),
        `"${matching[key]}" is not an entity of this template.`,
        guess ? `Did you mean "${guess}"?` : `Entities: ${names.join(", ")}.`,
      );
    }
    return entity;
  };
  const demand = entityOf("demand");
  const supply = entityOf("supply");
  if (!(matching.nearPoints > 0 && matching.nearPoints <= 1))
    bad(
      "ENG_MATCHING_BAD_NUMBER",
      ptr(matching.pointer, "nearPoints"),
      "nearPoints is a share of the weight: above 0, at most 1.",
    );

  const criteria: MatchCriterionRegistry[] = [];
  for (const c of matching.criteria) {
    const before = problems.length;
    const at = (...keys: (string | number)[]) => ptr(c.pointer, ...keys);
    if (!(c.weight > 0 && Number.isFinite(c.weight)))
      bad("ENG_MATCHING_BAD_NUMBER", at("weight"), `The weight must be above 0 (found ${c.weight}).`);
    if (c.tolerance !== null && !(c.tolerance >= 0 && Number.isFinite(c.tolerance)))
      bad("ENG_MATCHING_BAD_NUMBER", at("tolerance"), `The tolerance must be 0 or more (found ${c.tolerance}).`);
    if (!demand || !supply) continue;
    const resolve = (
      entity: EntityIR,
      path: string,
      pointer: string,
    ): { value: MatchValuePath; shape: Shape } | null => {
      const [first, ...rest] = path.split(".");
      const field = entity.fields.find((f) => f.name === first);
      if (!field) {
        const guess = closestName(
          first,
          entity.fields.map((f) => f.name),
        );
        bad(
          "ENG_MATCHING_UNKNOWN_FIELD",
          pointer,
          `"${first}" is not a field of ${entity.name}.`,
          guess ? `Did you mean "${guess}"?` : undefined,
        );
        return null;
      }
      let shape = shapeOfField(field);
      if (rest.length && field.kind !== "json") {
        bad(
          "ENG_MATCHING_UNKNOWN_FIELD",
          pointer,
          `"${first}" is not a JSON object field: "${path}" has nothing to walk into.`,
        );
        return null;
      }
      for (let i = 0; i < rest.length; i++) {
        const key = rest[i];
        const properties = shape.t === "object" ? shape.properties : null;
        if (!properties || !(key in properties)) {
          const guess = properties ? closestName(key, Object.keys(properties)) : undefined;
          bad(
            "ENG_MATCHING_UNKNOWN_FIELD",
            pointer,
            `"${[first, ...rest.slice(0, i + 1)].join(".")}" does not exist in ${entity.name}.`,
            guess ? `Did you mean "${guess}"?` : undefined,
          );
          return null;
        }
        shape = shapeOfSchema(properties[key]);
      }
      return { value: { field: first, path: rest }, shape };
    };
    const mismatch = (pointer: string, message: string) => bad("ENG_MATCHING_TYPE_MISMATCH", pointer, message);
    const attribute = resolve(supply, c.attribute, at("attribute"));

    if (c.kind === "range") {
      if (c.rule !== null) mismatch(at("rule"), "rule is for boolean criteria.");
      if (attribute && attribute.shape.t !== "number")
        mismatch(at("attribute"), `A range compares numbers; "${c.attribute}" is ${describe(attribute.shape)}.`);
      let min: MatchValuePath | null = null;
      let max: MatchValuePath | null = null;
      let unitFrom: { value: MatchValuePath; shape: Shape } | null = null;
      let objectFound = typeof c.requirement !== "string";
      if (typeof c.requirement === "string") {
        const object = resolve(demand, c.requirement, at("requirement"));
        if (object && object.shape.t !== "object")
          mismatch(
            at("requirement"),
            `A range requirement is an object with min and max; "${c.requirement}" is ${describe(object.shape)}.`,
          );
        else if (object && object.shape.t === "object") {
          objectFound = true;
          const props = object.shape.properties;
          const numeric = (key: string) => key in props && shapeOfSchema(props[key]).t === "number";
          if (!numeric("min") && !numeric("max"))
            mismatch(at("requirement"), `"${c.requirement}" has no number property min or max.`);
          const sub = (key: string) => ({ field: object.value.field, path: [...object.value.path, key] });
          if (numeric("min")) min = sub("min");
          if (numeric("max")) max = sub("max");
          if ("unit" in props) unitFrom = { value: sub("unit"), shape: shapeOfSchema(props.unit) };
        }
      } else {
        for (const key of ["min", "max"] as const) {
          const path = c.requirement[key];
          if (path === undefined) continue;
          const found = resolve(demand, path, at("requirement", key));
          if (found && found.shape.t !== "number")
            mismatch(at("requirement", key), `A range bound is a number; "${path}" is ${describe(found.shape)}.`);
          else if (found && key === "min") min = found.value;
          else if (found) max = found.value;
        }
      }
      let unit: { unit: string; from: MatchValuePath; factors: Record<string, number> } | undefined;
      if (c.unit !== null) {
        const dimension = dimensionOf(c.unit);
        if (!dimension) bad("ENG_MATCHING_UNIT", at("unit"), `"${c.unit}" is not a unit the platform converts.`);
        else if (!unitFrom && objectFound)
          bad(
            "ENG_MATCHING_UNIT",
            at("unit"),
            "unit converts the requirement's `unit` property; the requirement has none.",
          );
        else {
          const values = unitFrom?.shape.t === "string" ? unitFrom.shape.values : null;
          const wrong = values?.filter((v) => !(String(v) in UNIT_FACTORS[dimension]));
          if (!unitFrom) {
            // the requirement itself is wrong: reported above
          } else if (!values)
            bad("ENG_MATCHING_UNIT", at("unit"), "The requirement's `unit` property must be an enum of units.");
          else if (wrong!.length)
            bad(
              "ENG_MATCHING_UNIT",
              at("unit"),
              `The requirement's units ${wrong!.map((v) => `"${v}"`).join(", ")} are not ${dimension} units.`,
            );
          else {
            const factors: Record<string, number> = {};
            for (const v of values)
              factors[String(v)] = Number(
                (UNIT_FACTORS[dimension][String(v)] / UNIT_FACTORS[dimension][c.unit]).toPrecision(12),
              );
            unit = { unit: c.unit, from: unitFrom!.value, factors };
          }
        }
      } else if (unitFrom)
        bad(
          "ENG_MATCHING_UNIT",
          at("requirement"),
          `"${String(c.requirement)}" carries a unit: declare the attribute's unit (\`unit\`).`,
        );
      if (attribute && problems.length === before)
        criteria.push({
          name: c.name,
          kind: "range",
          weight: c.weight,
          attribute: attribute.value,
          min,
          max,
          tolerance: c.tolerance ?? 0,
          ...(unit ? { unit } : {}),
        });
      continue;
    }

    if (typeof c.requirement !== "string") {
      mismatch(at("requirement"), `A ${c.kind} requirement is one path; { min, max } is for ranges.`);
      continue;
    }
    if (c.unit !== null) bad("ENG_MATCHING_UNIT", at("unit"), "unit is for range criteria.");
    const requirement = resolve(demand, c.requirement, at("requirement"));
    if (!requirement || !attribute) continue;

    if (c.kind === "boolean") {
      if (c.tolerance !== null) mismatch(at("tolerance"), "A boolean criterion is met or missed: no tolerance.");
      if (requirement.shape.t !== "boolean")
        mismatch(
          at("requirement"),
          `A boolean criterion compares booleans; "${c.requirement}" is ${describe(requirement.shape)}.`,
        );
      if (attribute.shape.t !== "boolean")
        mismatch(
          at("attribute"),
          `A boolean criterion compares booleans; "${c.attribute}" is ${describe(attribute.shape)}.`,
        );
      if (problems.length === before)
        criteria.push({
          name: c.name,
          kind: "boolean",
          weight: c.weight,
          attribute: attribute.value,
          requirement: requirement.value,
          rule: c.rule ?? "equals",
        });
      continue;
    }

    // in
    if (c.rule !== null) mismatch(at("rule"), "rule is for boolean criteria.");
    const reqItem = requirement.shape.t === "list" ? requirement.shape.item : requirement.shape;
    const attItem = attribute.shape.t === "list" ? attribute.shape.item : attribute.shape;
    const scalar = (s: Shape) => s.t === "string" || s.t === "number";
    if (!scalar(reqItem))
      mismatch(
        at("requirement"),
        `"${c.requirement}" is ${describe(requirement.shape)}: an in criterion needs values or a list of values.`,
      );
    else if (!scalar(attItem))
      mismatch(
        at("attribute"),
        `"${c.attribute}" is ${describe(attribute.shape)}: an in criterion needs a value or a list of values.`,
      );
    else if (reqItem.t !== attItem.t)
      mismatch(
        at("attribute"),
        `"${c.requirement}" holds ${describe(reqItem)} values, "${c.attribute}" ${describe(attItem)} values.`,
      );
    else if (reqItem.t === "string" && attItem.t === "string" && reqItem.values && attItem.values) {
      const extra = reqItem.values.filter((v) => !attItem.values!.includes(v));
      if (extra.length)
        mismatch(
          at("requirement"),
          `"${c.requirement}" allows ${extra.map((v) => `"${v}"`).join(", ")}, which "${c.attribute}" never holds.`,
        );
    }
    const ordered = attribute.shape.t === "string" && attribute.shape.values ? attribute.shape.values : null;
    if (c.tolerance !== null && !ordered)
      mismatch(
        at("tolerance"),
        `A tolerance counts steps in the attribute's enum order; "${c.attribute}" is not one enum value.`,
      );
    if (c.tolerance !== null && !Number.isInteger(c.tolerance))
      bad("ENG_MATCHING_BAD_NUMBER", at("tolerance"), "An in criterion's tolerance is a whole number of steps.");
    if (problems.length === before)
      criteria.push({
        name: c.name,
        kind: "in",
        weight: c.weight,
        attribute: attribute.value,
        requirement: requirement.value,
        requirementList: requirement.shape.t === "list",
        attributeList: attribute.shape.t === "list",
        tolerance: c.tolerance ?? 0,
        ...(c.tolerance && ordered ? { order: ordered } : {}),
      });
  }
  const registry =
    problems.length || !demand || !supply
      ? null
      : { name: matching.name, demand: demand.name, supply: supply.name, nearPoints: matching.nearPoints, criteria };
  return { registry, problems };
}

/** Every matching of the template, resolved; each problem reported at its pointer. */
export function checkMatching({ ir, report }: CheckContext): void {
  for (const matching of ir.matching) for (const problem of resolveMatching(ir, matching).problems) report(problem);
}
