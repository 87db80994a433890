/**
 * Random industry templates that the engine accepts, for property tests of generic code (the
 * demo seeder, the sample generator). Everything the format lets a template choose is drawn
 * from the meta-schema itself: formats, field types, `x-type`s, scopes, role tiers, relation
 * kinds and `onDelete` — so a keyword added there is exercised here. Patterns are random
 * regular expressions (classes, literals, groups, alternation, quantifiers, anchors, Unicode
 * property escapes) with length limits that leave room for a match; names are everyday words
 * or random ones; ranges, `multipleOf`, `minItems`/`uniqueItems`, nested objects, maps,
 * money and measurements, nullable types, defaults, unique fields and cross-field facts
 * (`x-gt`/`x-gte`) are all in play. No template vocabulary: nothing here knows a shipped one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { RESERVED_FIELD_NAMES } from "../../engine/src/ir/ir-utils.ts";
import { pluralize, toKebabCase } from "../../engine/src/ir/naming.ts";

const META = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "..", "engine", "src", "template", "meta-schema.json"), "utf8"),
);
const VALUE = META.$defs.valueSchema.properties;
export const FORMATS: readonly string[] = VALUE.format.enum;
const X_TYPES: readonly string[] = VALUE["x-type"].enum;
const SCOPES: readonly string[] = META.$defs.entity.properties.scope.enum;
const TIERS: readonly string[] = META.$defs.role.properties.tier.enum;
const ON_DELETE: readonly string[] = META.$defs.relation.properties.onDelete.enum;
const BUILT_IN_BY_TIER: Record<string, string[]> = {
  tenant: ["moderator"],
  account: ["account-member", "account-owner"],
  user: ["user"],
};

type Json = Record<string, unknown>;

// ---------------------------------------------------------------- patterns

interface Regex {
  source: string;
  min: number;
  /** Infinity when a `+`/`*` repeats without bound. */
  max: number;
}

const ATOMS: Regex[] = [
  ["[a-z]", 1],
  ["[A-Z]", 1],
  ["[0-9]", 1],
  ["\\d", 1],
  ["\\w", 1],
  ["[a-f0-9]", 1],
  ["[A-Za-z]", 1],
  ["\\p{Lu}", 1],
  ["\\p{L}", 1],
  [".", 1],
  ["-", 1],
  ["_", 1],
  ["x", 1],
  ["Q", 1],
  ["7", 1],
  ["\\.", 1],
  ["[^\\s]", 1],
].map(([source, n]) => ({ source: source as string, min: n as number, max: n as number }));

const quantified = (atom: Regex): fc.Arbitrary<Regex> =>
  fc.oneof(
    fc.constant(atom),
    fc.constant({ source: `${atom.source}?`, min: 0, max: atom.max }),
    fc
      .integer({ min: 1, max: 4 })
      .map((n) => ({ source: `${atom.source}{${n}}`, min: atom.min * n, max: atom.max * n })),
    fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 }))
      .map(([a, b]) => ({ source: `${atom.source}{${a},${a + b}}`, min: atom.min * a, max: atom.max * (a + b) })),
    fc.constant({ source: `${atom.source}+`, min: atom.min, max: Infinity }),
    fc.constant({ source: `${atom.source}*`, min: 0, max: Infinity }),
  );

const sequence = (atoms: fc.Arbitrary<Regex>): fc.Arbitrary<Regex> =>
  fc.array(atoms, { minLength: 1, maxLength: 4 }).map((parts) => ({
    source: parts.map((p) => p.source).join(""),
    min: parts.reduce((n, p) => n + p.min, 0),
    max: parts.reduce((n, p) => n + p.max, 0),
  }));

const group = (inner: fc.Arbitrary<Regex>): fc.Arbitrary<Regex> =>
  fc.array(inner, { minLength: 1, maxLength: 3 }).map((alts) => ({
    source: `(${alts.map((a) => a.source).join("|")})`,
    min: Math.min(...alts.map((a) => a.min)),
    max: Math.max(...alts.map((a) => a.max)),
  }));

const atom = fc.constantFrom(...ATOMS).chain(quantified);
const body = sequence(
  fc.oneof({ weight: 4, arbitrary: atom }, { weight: 1, arbitrary: group(sequence(atom)).chain(quantified) }),
);

/** A pattern with the lengths its matches can have (`openEnds`: unanchored sides allow more). */
export const patternArb: fc.Arbitrary<{ pattern: string; min: number; max: number }> = fc
  .tuple(body, fc.boolean(), fc.boolean())
  .map(([re, start, end]) => ({
    pattern: `${start ? "^" : ""}${re.source}${end ? "$" : ""}`,
    min: re.min,
    max: start && end ? re.max : Infinity,
  }));

// ---------------------------------------------------------------- value schemas

/** A string schema: free text, a format, or a pattern with compatible length limits. */
const stringArb: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ maxLength: fc.option(fc.integer({ min: 12, max: 300 }), { nil: undefined }) }).map((r) => ({
    type: "string",
    ...(r.maxLength ? { maxLength: r.maxLength, minLength: Math.min(3, r.maxLength) } : {}),
  })),
  fc.constantFrom(...FORMATS).map((format) => ({
    type: "string",
    format,
    ...(["email", "uri", "hostname"].includes(format) ? { maxLength: 254 } : {}),
  })),
  patternArb.chain(({ pattern, min, max }) =>
    fc.tuple(fc.integer({ min: 0, max: Math.max(min, 2) }), fc.integer({ min: 2, max: 20 })).map(([low, extra]) => {
      const minLength = Math.min(low, Number.isFinite(max) ? max : low);
      const maxLength = Math.max(minLength, min) + extra;
      return { type: "string", pattern, minLength, maxLength };
    }),
  ),
);

const integerArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.integer({ min: -1000, max: 100_000 }),
    fc.integer({ min: 10, max: 100_000 }),
    fc.constantFrom(undefined, 1, 2, 5, 10),
    fc.boolean(),
  )
  .map(([low, width, multipleOf, exclusive]) => ({
    type: "integer",
    ...(exclusive ? { exclusiveMinimum: low - 1 } : { minimum: low }),
    maximum: low + width * (multipleOf ?? 1),
    ...(multipleOf ? { multipleOf } : {}),
  }));

const numberArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.double({ min: -500, max: 500, noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: 1, max: 10_000, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(undefined, 0.5, 0.25, 0.1, 0.01, 2.5),
  )
  .map(([low, width, multipleOf]) => ({
    type: "number",
    minimum: Math.round(low * 100) / 100,
    // Room for several multiples of multipleOf.
    exclusiveMaximum: Math.round((low + Math.max(width, 3 * (multipleOf ?? 0))) * 100) / 100,
    ...(multipleOf ? { multipleOf } : {}),
  }));

const enumArb: fc.Arbitrary<Json> = fc.oneof(
  fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), { minLength: 1, maxLength: 6 }).map((values) => ({
    type: "string",
    enum: values,
  })),
  fc.uniqueArray(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 5 }).map((values) => ({ enum: values })),
);

const scalarArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: stringArb },
  { weight: 2, arbitrary: integerArb },
  { weight: 2, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.constant({ type: "boolean" }) },
  { weight: 2, arbitrary: enumArb },
);

const arrayArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.oneof(stringArb, integerArb, enumArb),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 5 }),
    fc.boolean(),
  )
  .map(([items, minItems, extra, unique]) => {
    let uniqueItems = unique;
    // Unique items of a small enum cannot outnumber the enum; a pattern may allow only a few strings.
    if (items.pattern) uniqueItems = false;
    const cap = Array.isArray(items.enum) && uniqueItems ? items.enum.length : Infinity;
    const min = Math.min(minItems, cap);
    return {
      type: "array",
      items,
      minItems: min,
      maxItems: Math.min(min + extra, cap === Infinity ? 99 : cap),
      uniqueItems,
    };
  });

const NESTED_NAMES = [
  "street",
  "city",
  "postalCode",
  "country",
  "min",
  "max",
  "label",
  "note",
  "amount",
  "value",
  "code",
  "email",
];

const objectArb: fc.Arbitrary<Json> = fc.oneof(
  fc
    .uniqueArray(fc.tuple(fc.constantFrom(...NESTED_NAMES), scalarArb, fc.boolean()), {
      minLength: 1,
      maxLength: 4,
      selector: ([name]) => name,
    })
    .map((props) => ({
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(props.map(([name, schema]) => [name, schema])),
      required: props.filter(([, , required]) => required).map(([name]) => name),
    })),
  scalarArb.map((values) => ({ type: "object", additionalProperties: values })),
  fc.tuple(arrayArb, fc.constant(0)).map(([items]) => ({
    type: "array",
    items: { type: "object", properties: { entry: items }, required: ["entry"] },
    maxItems: 4,
  })),
);

const moneyArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.subarray(["EUR", "USD", "GBP", "CHF", "JPY"]),
    fc.integer({ min: 0, max: 5000 }),
    fc.integer({ min: 100, max: 10_000_000 }),
  )
  .map(([currencies, low, width]) => ({
    "x-type": X_TYPES.includes("money") ? "money" : X_TYPES[0],
    ...(currencies.length ? { "x-currencies": currencies } : {}),
    minimum: low,
    maximum: low + width,
  }));

const measurementArb: fc.Arbitrary<Json> = fc
  .tuple(fc.subarray(["cm", "in", "kg", "m"], { minLength: 1 }), fc.integer({ min: 0, max: 100 }))
  .map(([units, low]) => ({ "x-type": "measurement", "x-units": units, minimum: low, maximum: low + 500 }));

/** Any field schema (without its x-id), nullable or not. */
const fieldSchemaArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: scalarArb },
      { weight: 2, arbitrary: arrayArb },
      { weight: 2, arbitrary: objectArb },
      { weight: 1, arbitrary: moneyArb },
      { weight: 1, arbitrary: measurementArb },
    ),
    fc.boolean(),
    fc.constantFrom("none", "none", "none", "index", "searchable", "readOnly"),
  )
  .map(([schema, nullable, flag]) => {
    const out: Json = { ...schema };
    if (nullable && typeof out.type === "string" && out.type !== "array" && !out.enum) out.type = [out.type, "null"];
    if (flag === "index" && ["string", "integer", "number"].includes(String(out.type))) out["x-index"] = true;
    if (flag === "searchable" && out.type === "string") out["x-searchable"] = true;
    if (flag === "readOnly") out.readOnly = true;
    return out;
  });

// ---------------------------------------------------------------- entities

/** Everyday field names (the sample generator reads meaning from them) and random ones. */
const FIELD_WORDS = [
  "title",
  "name",
  "email",
  "phone",
  "city",
  "country",
  "countryCode",
  "description",
  "slug",
  "code",
  "price",
  "rating",
  "quantity",
  "website",
  "firstName",
  "lastName",
  "companyName",
  "notes",
  "color",
  "startsAt",
  "createdOn",
  "tags",
  "address",
  "language",
  "timezone",
  "avatarUrl",
  "status",
  "kind",
];

const fieldName = fc.oneof(fc.constantFrom(...FIELD_WORDS), fc.stringMatching(/^[a-z][a-z]{2,8}[A-Z][a-z]{1,6}$/));

/** A pair of fields with a cross-field fact, ranges that allow it. */
const factArb: fc.Arbitrary<[string, Json, string, Json]> = fc.oneof(
  fc
    .constantFrom("date", "date-time")
    .map((format): [string, Json, string, Json] => [
      "beginsOn",
      { type: "string", format },
      "finishesOn",
      { type: "string", format, [format === "date" ? "x-gte" : "x-gt"]: "beginsOn" },
    ]),
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.constantFrom("x-gt", "x-gte"))
    .map(([low, op]): [string, Json, string, Json] => [
      "lowCount",
      { type: "integer", minimum: low, maximum: low + 50 },
      "highCount",
      { type: "integer", minimum: low, maximum: low + 60, [op]: "lowCount" },
    ]),
  fc.constant<[string, Json, string, Json]>([
    "priceFrom",
    { "x-type": "money", "x-currencies": ["EUR", "USD"], minimum: 0, maximum: 100_000 },
    "priceTo",
    { "x-type": "money", "x-currencies": ["EUR", "USD"], minimum: 0, maximum: 200_000, "x-gte": "priceFrom" },
  ]),
);

interface EntityDraft {
  name: string;
  scope: string;
  fields: [string, Json, boolean][];
  facts: [string, Json, string, Json] | null;
  uniqueField: boolean;
}

const entityDraftArb = (name: string): fc.Arbitrary<EntityDraft> =>
  fc
    .record({
      scope: fc.constantFrom(...SCOPES),
      fields: fc.uniqueArray(fc.tuple(fieldName, fieldSchemaArb, fc.boolean()), {
        minLength: 1,
        maxLength: 8,
        selector: ([n]) => n.toLowerCase(),
      }),
      facts: fc.option(factArb, { nil: null, freq: 3 }),
      uniqueField: fc.boolean(),
    })
    .map((r) => ({ name, ...r }));

// ---------------------------------------------------------------- templates

const ENTITY_NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];

/** A whole template; `index` makes its id (and so its tables) unique among a batch. */
export const templateArb = (index: number): fc.Arbitrary<Json> =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...ENTITY_NAMES.slice(0, n).map(entityDraftArb))),
      fc.array(fc.tuple(fc.constantFrom(...TIERS), fc.boolean()), { maxLength: 4 }),
      fc.infiniteStream(fc.integer({ min: 0, max: 1_000_000 })),
    )
    .map(([drafts, roleSpecs, stream]) => {
      const next = (() => {
        const it = stream[Symbol.iterator]();
        return (n: number) => it.next().value % n;
      })();
      const roles: Record<string, Json> = {};
      roleSpecs.forEach(([tier, inherit], i) => {
        const sameTier = Object.entries(roles)
          .filter(([, r]) => r.tier === tier)
          .map(([n]) => n);
        const parents =
          inherit && sameTier.length ? [sameTier[0]] : BUILT_IN_BY_TIER[tier] ? [BUILT_IN_BY_TIER[tier][0]] : [];
        roles[`role-${String.fromCharCode(97 + i)}`] = {
          label: { en: `Role ${i}` },
          tier,
          inherits: parents,
          permissions: [`*:read`],
        };
      });
      const roleNames = Object.keys(roles);
      const entities: Record<string, Json> = {};
      drafts.forEach((draft, e) => {
        const properties: Record<string, Json> = {};
        const required: string[] = [];
        const taken = new Set<string>();
        const add = (name: string, schema: Json, must: boolean) => {
          if (RESERVED_FIELD_NAMES.has(name) || taken.has(name.toLowerCase())) return;
          // Money and measurement columns (<name>Amount …) must not meet another field's name.
          for (const t of taken) if (name.toLowerCase().startsWith(t) || t.startsWith(name.toLowerCase())) return;
          taken.add(name.toLowerCase());
          properties[name] = { "x-id": `fld_${e}_${name}`, ...schema };
          if (must && !schema.readOnly) required.push(name);
        };
        for (const [name, schema, must] of draft.fields) add(name, schema, must);
        if (draft.facts) {
          const [lowName, low, highName, high] = draft.facts;
          add(lowName, low, next(2) === 0);
          if (properties[lowName]) add(highName, high, next(2) === 0);
        }
        const firstString = Object.entries(properties).find(
          ([, s]) => s.type === "string" && !s.format && !s.enum && !s.readOnly,
        );
        if (draft.uniqueField && firstString) {
          // A unique field needs room for many distinct values.
          properties[firstString[0]] = { ...firstString[1], "x-unique": true, minLength: 0, maxLength: 300 };
          delete properties[firstString[0]].pattern;
        }
        const relations: Record<string, Json> = {};
        if (e > 0 && next(3) > 0) {
          const target = ENTITY_NAMES[next(e)];
          const mustRef = next(2) === 0;
          relations[`parent${target}`] = {
            id: `rel_${e}_parent`,
            to: target,
            kind: "many-to-one",
            required: mustRef,
            onDelete: mustRef ? ON_DELETE.filter((o) => o !== "setNull")[next(2)] : ON_DELETE[next(ON_DELETE.length)],
          };
        }
        if (next(4) === 0)
          relations.previous = { id: `rel_${e}_self`, to: draft.name, kind: "many-to-one", onDelete: "setNull" };
        const roleFor = (action: string): unknown => {
          const choice = next(5);
          if (choice === 0) return "public";
          if (choice === 1) return "authenticated";
          if (choice === 2 && roleNames.length) return roleNames[next(roleNames.length)];
          if (choice === 3) return draft.scope === "account" ? "account|tenant-admin" : "owner|tenant-admin";
          return action === "read" ? "public" : "tenant-admin";
        };
        entities[draft.name] = {
          id: `ent_${e}`,
          scope: draft.scope,
          label: { en: draft.name },
          schema: { type: "object", additionalProperties: false, required, properties },
          relations,
          access: {
            read: roleFor("read"),
            create: roleFor("create"),
            update: roleFor("update"),
            delete: roleFor("delete"),
          },
        };
      });
      // Permissions name real resources: the entities' API names.
      for (const role of Object.values(roles))
        role.permissions = [
          ...(role.permissions as string[]),
          `${toKebabCase(pluralize(Object.keys(entities)[0]))}:create`,
        ];
      return {
        id: `rt${index}-any`,
        version: "1.0.0",
        title: { en: `Random template ${index}` },
        locales: ["en"],
        roles,
        entities,
      };
    });
