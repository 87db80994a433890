import type { JsonSchema } from "../ir/types.ts";
import { capitalize, cityOf } from "./persona.ts";
import { pick } from "./random.ts";
import type { SampleContext } from "./sample-string.ts";
import { nameWords } from "./semantics.ts";

/**
 * Neutral qualifiers that read naturally before any noun of any industry ("Spring casting",
 * "Riverside apartment", "Evening workshop"): no product words, no template vocabulary.
 */
const QUALIFIERS = [
  "Spring",
  "Summer",
  "Autumn",
  "Winter",
  "Weekend",
  "Evening",
  "Morning",
  "Annual",
  "Private",
  "Classic",
  "Open",
  "Seasonal",
  "Downtown",
  "Riverside",
  "Garden",
  "Harbour",
  "Central",
  "Quiet",
] as const;

/** Words that name a record's role, not what it is ("ModelProfile" is about a model). */
const GENERIC_NOUNS = /^(profile|profiles|item|items|record|records|entry|entries|detail|details|info|data)$/;

/** Entities that sort other records: their titles name a sort, not a thing in a place. */
const LOOKUP_NOUNS =
  /^(type|types|category|categories|kind|kinds|tier|tiers|level|levels|stage|stages|class|classes|group|groups|tag|tags|status|statuses|label|labels)$/;

/** Enum values that say nothing about what the record is. */
const NO_KIND = /^(other|others|none|unknown|misc|miscellaneous|n-?a|default|custom)$/;

/** A field whose enum says what kind of thing the record is (`jobType`, `category`, `kind`). */
const KIND_FIELD = /^(type|kind|category|genre|style|format|class|variety|discipline)$/;

/**
 * A title for one record, from its entity and its own values: the kind it was given (an enum
 * value of a `…type`/`category` field) or the entity's noun, with a city of the record's country
 * and a neutral qualifier: "Casting job in Besançon", "Vaasa event", "Autumn event in Turku".
 */
export function recordTitle(
  entityName: string,
  record: Readonly<Record<string, unknown>>,
  properties: Readonly<Record<string, JsonSchema>>,
  ctx: SampleContext,
): string {
  const { random } = ctx;
  const entityWords = nameWords(entityName).filter((w) => !GENERIC_NOUNS.test(w));
  const noun = entityWords[entityWords.length - 1] ?? "item";
  const qualifier = pick(QUALIFIERS, random);
  const city = cityOf(ctx.persona, random);
  // A lookup ("PropertyType", "MembershipTier"): named for what it sorts ("Classic membership").
  if (LOOKUP_NOUNS.test(noun)) {
    const sorted = entityWords[entityWords.length - 2];
    const what = sorted ?? noun;
    return pick([`${qualifier} ${what}`, `${city} ${what}`], random);
  }
  const kind = kindOf(record, properties, noun);
  // "Casting job", "Direct booking": the kind qualifies the entity's noun unless it already names it.
  const thing = kind ? (kind.split(" ").includes(noun) ? kind : `${kind} ${noun}`) : noun;
  // Every form names a place: titles (and the slugs drawn from them) rarely repeat.
  const forms = [`${capitalize(thing)} in ${city}`, `${city} ${thing}`, `${qualifier} ${thing} in ${city}`];
  return pick(forms, random);
}

/**
 * The humanised enum value of the record's kind field ("music-video" → "music video"), if any:
 * a field named `type`/`kind`/`category`… or `<noun>Type` (`jobType` of a Job), not another
 * field's type (`compensationType` says how a job pays, not what it is).
 */
function kindOf(
  record: Readonly<Record<string, unknown>>,
  properties: Readonly<Record<string, JsonSchema>>,
  noun: string,
) {
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== "string") continue;
    const schema = properties[name];
    if (typeof schema !== "object" || !Array.isArray(schema.enum)) continue;
    const words = nameWords(name);
    if (!KIND_FIELD.test(words[words.length - 1] ?? "")) continue;
    if (words.length > 1 && words.slice(0, -1).join("") !== noun) continue;
    if (NO_KIND.test(value)) continue;
    const text = nameWords(value).join(" ");
    if (text) return text;
  }
  return undefined;
}

const CLOSINGS = [
  "Details on request.",
  "More information on request.",
  "Get in touch for details.",
  "Questions are welcome.",
  "Availability may vary.",
  "Updated regularly.",
];

const OPINIONS = [
  "Very well organised, thank you.",
  "A great experience; I would recommend it.",
  "Good overall, though it started a little late.",
  "Friendly and professional from start to finish.",
  "Better than expected.",
  "Fine, but communication could be quicker.",
];

/**
 * Running text for a record: a short description built from its title, or, for fields that hold
 * someone's opinion (`comment`, `feedback`, `review`), a plain remark: no product blurbs.
 */
export function recordText(name: string, ctx: SampleContext): string {
  const words = nameWords(name);
  if (words.some((w) => /^(comments?|feedback|reviews?|remarks?|improvements|opinion|testimonial)$/.test(w)))
    return pick(OPINIONS, ctx.random);
  return `${ctx.persona.label}. ${pick(CLOSINGS, ctx.random)}`;
}
