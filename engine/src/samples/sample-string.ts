import randexpModule from "randexp";
import { compileValueSchema } from "../checks/value-validator.ts";
import { ENGLISH } from "./countries.ts";
import { capitalize, cityOf, emailOf, fullName, phoneOf, slugOf, type Persona } from "./persona.ts";
import { pick, randomInt, type Random } from "./random.ts";
import { recordText } from "./record-title.ts";
import { stringSemantic, type Semantic } from "./semantics.ts";

/** randexp is CommonJS whose `module.exports` is the class (its types describe `.default`). */
type RandExpClass = typeof randexpModule.default;
const RandExp = ((randexpModule as unknown as { default?: RandExpClass }).default ??
  randexpModule) as unknown as RandExpClass;

/** What every value of one record is drawn from. */
export interface SampleContext {
  readonly random: Random;
  readonly persona: Persona;
  readonly entityName: string;
  /** The record is about a person (it has a name, a birth date or a gender): heights are a person's. */
  readonly aboutPerson?: boolean;
}

type Schema = Readonly<Record<string, unknown>>;

/** Dates are placed around a fixed day, so a seed always gives the same record. */
const ANCHOR = Date.UTC(2026, 5, 15);
const DAY = 86_400_000;

/**
 * A string for `schema` (format, pattern, length), plausible for a field called `name`:
 * semantic candidates first, then strings generated from the pattern itself (randexp), so any
 * pattern the format allows is satisfied. Undefined when nothing fits.
 */
export function sampleString(schema: Schema, ctx: SampleContext, name: string): string | undefined {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  const format = typeof schema.format === "string" ? schema.format : null;
  const pattern = typeof schema.pattern === "string" ? safeRegExp(schema.pattern) : null;
  if (schema.pattern !== undefined && !pattern) return undefined;
  const formatOk = format ? compileValueSchema({ type: "string", format }) : null;
  const fits = (v: string) => {
    const length = [...v].length;
    return length >= min && length <= max && (!pattern || pattern.test(v)) && (!formatOk || formatOk(v) === true);
  };
  const semantic = stringSemantic(name, ctx.entityName);
  for (let attempt = 0; attempt < 3; attempt++) {
    const candidates = format ? formatCandidates(format, semantic, ctx, name) : textCandidates(semantic, ctx, name);
    if (!format && !pattern) {
      // Free text: the first candidate, cut or extended at word boundaries to the length range.
      const sized = fitLength(candidates[0], min, max, ctx);
      if (fits(sized)) return sized;
    }
    // A pattern often asks for a shape of the same text (lower case, a slug, no spaces).
    for (const candidate of candidates)
      for (const variant of pattern ? variants(candidate) : [candidate]) if (fits(variant)) return variant;
  }
  if (pattern) return fromPattern(schema.pattern as string, pattern, min, max, fits, ctx.random);
  return undefined;
}

/** The candidate as written, and in the shapes patterns often ask for. */
function variants(text: string): string[] {
  const slug = slugOf(text);
  return [text, text.toLowerCase(), text.toUpperCase(), slug, slug.replace(/-/g, ""), slug.replace(/-/g, "_")];
}

function textCandidates(semantic: Semantic, ctx: SampleContext, name = ""): string[] {
  const { persona: p, random } = ctx;
  const c = p.country;
  switch (semantic) {
    case "email":
      return [emailOf(p, random)];
    case "phone":
      return [phoneOf(p, random)];
    case "firstName":
      return [p.firstName];
    case "lastName":
      return [p.lastName];
    case "personName":
      return [fullName(p), p.firstName];
    case "company":
      return [p.company, p.lastName];
    case "city":
      return [cityOf(p, random)];
    case "country":
      return [c.code, c.alpha3, c.name];
    case "street":
      return [c.faker.location.streetAddress(), c.faker.location.street()];
    case "postalCode":
      return [c.faker.location.zipCode(), String(randomInt(random, 10000, 99999))];
    case "region":
      return [safe(() => c.faker.location.state()) ?? cityOf(p, random), cityOf(p, random)];
    case "currency":
      return [c.currency, "EUR", "USD"];
    case "language":
      return [c.language, `${c.language}-${c.code}`, "en"];
    case "timeZone":
      return [c.timeZone, "UTC"];
    case "color":
      return [hexColor(random)];
    case "image":
      return [`https://images.example.com/${slugOf(p.label)}-${randomInt(random, 1, 999)}.jpg`];
    case "url":
      return [`https://www.${slugOf(p.company) || "example"}.example.com`, `https://example.com/${slugOf(p.label)}`];
    case "slug":
      return [slugOf(p.label), `${slugOf(p.label)}-${randomInt(random, 2, 99)}`];
    case "title":
      return [p.label, `${p.label} ${capitalize(pick(p.words, random))}`];
    case "jobTitle":
      return [ENGLISH.person.jobTitle(), ENGLISH.person.jobType()];
    case "longText":
      return [recordText(name, ctx), ctx.persona.label];
    case "code":
      return [code(random), code(random).replace("-", ""), String(randomInt(random, 100000, 999999))];
    case "icon":
      return [pick(ICONS, random)];
    case "word":
      return [pick(p.words, random), ENGLISH.word.noun()];
    case "text":
      return [p.label, pick(p.words, random)];
  }
}

const ICONS = ["star", "heart", "camera", "calendar", "map-pin", "user", "briefcase", "music", "sparkles", "gift"];

const hexColor = (random: Random) =>
  `#${Array.from({ length: 6 }, () => "0123456789ABCDEF"[randomInt(random, 0, 15)]).join("")}`;

const code = (random: Random) =>
  `${Array.from({ length: 3 }, () => String.fromCharCode(65 + randomInt(random, 0, 25))).join("")}-${randomInt(random, 1000, 9999)}`;

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function formatCandidates(format: string, semantic: Semantic, ctx: SampleContext, name: string): string[] {
  const { random, persona: p } = ctx;
  switch (format) {
    case "email":
      return [emailOf(p, random), emailOf(p, random, "example.org")];
    case "uri":
      return textCandidates(semantic === "image" ? "image" : "url", ctx);
    case "date":
      return [isoDate(dateFor(name, random))];
    case "date-time":
      return [isoDateTime(dateFor(name, random) + randomInt(random, 8 * 4, 21 * 4) * 15 * 60_000)];
    case "time":
      return [`${pad(randomInt(random, 8, 21))}:${pad(randomInt(random, 0, 3) * 15)}:00Z`];
    case "uuid":
      return [uuid(random)];
    case "phone":
      return [phoneOf(p, random)];
    case "hostname":
      return [`${slugOf(p.company) || "www"}.example.com`];
    case "ipv4":
      return [`${pick(["192.0.2", "198.51.100", "203.0.113"], random)}.${randomInt(random, 1, 254)}`];
    case "ipv6":
      return [`2001:db8::${randomInt(random, 1, 0xffff).toString(16)}`];
    default:
      return [];
  }
}

/** Past for birthdays and things that happened, future for deadlines and plans, near otherwise. */
function dateFor(name: string, random: Random): number {
  const n = name.toLowerCase();
  if (/birth|dob|born/.test(n)) return ANCHOR - randomInt(random, 20 * 365, 60 * 365) * DAY;
  if (
    /since|founded|joined|hired|created|started|published|approved|verified|completed|closed|paid|sent|last|ed(at|on)?$/.test(
      n,
    )
  )
    return ANCHOR - randomInt(random, 1, 3 * 365) * DAY;
  return ANCHOR + randomInt(random, 1, 365) * DAY;
}

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const isoDateTime = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(2, "0");

function uuid(random: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => randomInt(random, 0, 15).toString(16)).join("");
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[randomInt(random, 0, 3)]}${hex(3)}-${hex(12)}`;
}

/** Words added or cut to land inside [min, max] (no pattern to respect). */
function fitLength(text: string, min: number, max: number, ctx: SampleContext): string {
  let out = text;
  while ([...out].length < min) out = `${out} ${pick(ctx.persona.words, ctx.random)}`;
  if ([...out].length > max) {
    const chars = [...out].slice(0, max);
    const cut = chars.join("");
    const space = cut.lastIndexOf(" ");
    out = space >= min && space > 0 ? cut.slice(0, space) : cut;
    out = out.trimEnd().length >= min ? out.trimEnd() : out;
  }
  return out;
}

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source, "u");
  } catch {
    return null;
  }
}

/** Unicode property classes randexp cannot read, as the ASCII classes they mostly mean. */
const PROPERTY_CLASSES: [RegExp, string][] = [
  [/\\p\{(Lu|Uppercase_Letter)\}/g, "A-Z"],
  [/\\p\{(Ll|Lowercase_Letter)\}/g, "a-z"],
  [/\\p\{(L|Letter|Alphabetic|Alpha)\}/g, "A-Za-z"],
  [/\\p\{(N|Nd|Number|Decimal_Number)\}/g, "0-9"],
  [/\\p\{[^}]*\}/g, "A-Za-z0-9"],
];

function forRandexp(source: string): string {
  let out = source;
  for (const [re, range] of PROPERTY_CLASSES) {
    // Inside a class `[\p{L}]` the range stands alone; outside it needs brackets.
    out = out.replace(new RegExp(`\\[([^\\]]*?)${re.source}`, "g"), `[$1${range}`);
    out = out.replace(re, `[${range}]`);
  }
  return out;
}

/** Strings generated from the pattern (randexp, our PRNG), sized to [min, max]. */
function fromPattern(
  source: string,
  pattern: RegExp,
  min: number,
  max: number,
  fits: (v: string) => boolean,
  random: Random,
): string | undefined {
  let generator: InstanceType<RandExpClass>;
  try {
    generator = new RandExp(forRandexp(source));
  } catch {
    return undefined;
  }
  // Every other draw leans to small counts and early alternatives: tight length ranges need them.
  let lean = false;
  generator.randInt = (low: number, high: number) =>
    lean ? low + Math.floor(random() ** 3 * (high - low + 1)) : randomInt(random, low, high);
  const openStart = !source.startsWith("^");
  const openEnd = !/(^|[^\\])\$$/.test(source);
  const ceiling = Number.isFinite(max) ? max : min + 24;
  for (let attempt = 0; attempt < 120; attempt++) {
    // Repetitions per `+`/`*`: few at first (several quantifiers add up), more later.
    // Repetitions per `+`/`*`: few (several quantifiers add up), cycling up to more and more.
    generator.max = Math.max(1, Math.min(ceiling, 1 + (attempt % (2 + Math.floor(attempt / 8)))));
    lean = attempt % 2 === 1;
    let value = generator.gen();
    // JSON Schema patterns search: an unanchored one still matches with letters around it.
    if ([...value].length < min && (openEnd || openStart)) {
      const filler = "x".repeat(min - [...value].length);
      value = openEnd ? value + filler : filler + value;
    }
    if (fits(value)) return value;
    if (pattern.test(value) && [...value].length > max && openEnd && openStart) {
      // A match found inside a longer string may be enough on its own.
      const inner = value.match(pattern)?.[0];
      if (inner !== undefined && fits(inner)) return inner;
    }
  }
  return undefined;
}
