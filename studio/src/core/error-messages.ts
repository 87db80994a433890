/**
 * Validation messages people can act on (issue 18): Ajv's `must match pattern "^[A-Z]{2}$"`
 * becomes "Use two capital letters", `must have required property 'title'` becomes "Title is
 * required", in the user's locale (English and German; English for any other locale). Pure:
 * the form passes the failing keyword, its params and the field's label.
 */
import { humanize } from "./labels.ts";

export interface ValidationProblem {
  /** Ajv keyword: `required`, `pattern`, `minLength`, `format`, … */
  name?: string;
  params?: Record<string, unknown>;
  /** Ajv's own message: kept when nothing better is known. */
  message?: string;
}

type Lang = "en" | "de";
const lang = (locale: string): Lang => (locale.split("-")[0] === "de" ? "de" : "en");

const NUMBER_WORDS: Record<Lang, string[]> = {
  en: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
  de: ["null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"],
};
const count = (n: number, l: Lang) => NUMBER_WORDS[l][n] ?? String(n);

/** `{2}` → "two", `{2,3}` → "2 to 3", `{4,}` → "at least four"; anything else → null. */
function quantity(q: string, l: Lang): string | null {
  const m = /^\{(\d+)(?:,(\d*))?\}$/.exec(q);
  if (!m) return null;
  const [min, max] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[2] === "" ? Infinity : Number(m[2])];
  if (min === max) return count(min, l);
  if (max === Infinity) return l === "de" ? `mindestens ${count(min, l)}` : `at least ${count(min, l)}`;
  return l === "de" ? `${min} bis ${max}` : `${min} to ${max}`;
}

const CLASSES: Record<string, Record<Lang, string>> = {
  "A-Z": { en: "capital letters", de: "Großbuchstaben" },
  "a-z": { en: "lowercase letters", de: "Kleinbuchstaben" },
  "A-Z0-9": { en: "capital letters or digits", de: "Großbuchstaben oder Ziffern" },
  "A-Z0-9-": { en: "capital letters, digits or hyphens", de: "Großbuchstaben, Ziffern oder Bindestriche" },
  "0-9": { en: "digits", de: "Ziffern" },
};

/** The patterns of the shipped templates, in words; null for a pattern not described. */
export function describePattern(pattern: string, locale: string): string | null {
  const l = lang(locale);
  const simple = /^\^\[([^\]]+)\](\{\d+(?:,\d*)?\})\$$/.exec(pattern);
  if (simple && CLASSES[simple[1]]) {
    const q = quantity(simple[2], l);
    if (q) return l === "de" ? `Verwenden Sie ${q} ${CLASSES[simple[1]].de}` : `Use ${q} ${CLASSES[simple[1]].en}`;
  }
  if (pattern === "^#[0-9a-fA-F]{6}$")
    return l === "de" ? "Geben Sie eine Farbe wie #1A2B3C ein" : "Enter a colour like #1A2B3C";
  if (pattern === "^[a-z0-9]+(-[a-z0-9]+)*$" || pattern === "^[a-z][a-z0-9-]{0,39}$")
    return l === "de"
      ? "Verwenden Sie Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. sommer-shooting"
      : "Use lowercase letters, digits and single hyphens, like summer-shoot";
  return null;
}

const FORMATS: Record<string, Record<Lang, string>> = {
  email: {
    en: "Enter an email address like name@example.com",
    de: "Geben Sie eine E-Mail-Adresse wie name@example.com ein",
  },
  uri: {
    en: "Enter a web address starting with https://",
    de: "Geben Sie eine Webadresse ein, die mit https:// beginnt",
  },
  date: { en: "Enter a date", de: "Geben Sie ein Datum ein" },
  "date-time": { en: "Enter a date and time", de: "Geben Sie Datum und Uhrzeit ein" },
  phone: { en: "Enter a phone number like +4930123456", de: "Geben Sie eine Telefonnummer wie +4930123456 ein" },
  uuid: { en: "Choose a record", de: "Wählen Sie einen Eintrag" },
};

/** One sentence for one failed check of the field labelled `label`. */
export function validationMessage(problem: ValidationProblem, label: string, locale: string): string {
  const l = lang(locale);
  const p = problem.params ?? {};
  const de = l === "de";
  const n = (key: string) => Number(p[key]);
  switch (problem.name) {
    case "required":
      return de ? `${label} ist erforderlich` : `${label} is required`;
    case "minLength":
      return n("limit") === 1
        ? de
          ? `${label} darf nicht leer sein`
          : `${label} cannot be empty`
        : de
          ? `Geben Sie mindestens ${n("limit")} Zeichen ein`
          : `Enter at least ${n("limit")} characters`;
    case "maxLength":
      return de ? `Geben Sie höchstens ${n("limit")} Zeichen ein` : `Enter at most ${n("limit")} characters`;
    case "minimum":
      return de ? `${label} muss mindestens ${n("limit")} sein` : `${label} must be ${n("limit")} or more`;
    case "maximum":
      return de ? `${label} darf höchstens ${n("limit")} sein` : `${label} must be ${n("limit")} or less`;
    case "exclusiveMinimum":
      return de ? `${label} muss größer als ${n("limit")} sein` : `${label} must be more than ${n("limit")}`;
    case "exclusiveMaximum":
      return de ? `${label} muss kleiner als ${n("limit")} sein` : `${label} must be less than ${n("limit")}`;
    case "multipleOf":
      return de
        ? `${label} muss ein Vielfaches von ${n("multipleOf")} sein`
        : `${label} must be a multiple of ${n("multipleOf")}`;
    case "minItems":
      return de ? `Wählen Sie mindestens ${n("limit")}` : `Choose at least ${n("limit")}`;
    case "maxItems":
      return de ? `Wählen Sie höchstens ${n("limit")}` : `Choose at most ${n("limit")}`;
    case "uniqueItems":
      return de ? "Jeder Eintrag darf nur einmal vorkommen" : "Each entry may appear only once";
    case "enum":
    case "const":
      return de
        ? `Wählen Sie einen der angebotenen Werte für ${label}`
        : `Choose one of the offered values for ${label}`;
    case "type":
      return p.type === "integer" || p.type === "number"
        ? de
          ? `${label} muss eine Zahl sein`
          : `${label} must be a number`
        : de
          ? `${label} hat nicht die erwartete Form`
          : `${label} is not in the expected form`;
    case "pattern":
      return (
        describePattern(String(p.pattern ?? ""), locale) ??
        (de ? `${label} hat nicht die erwartete Form` : `${label} is not in the expected form`)
      );
    case "format":
      return (
        FORMATS[String(p.format)]?.[l] ??
        (de ? `${label} hat nicht die erwartete Form` : `${label} is not in the expected form`)
      );
  }
  return problem.message ?? (de ? `${label} ist ungültig` : `${label} is not valid`);
}

type Schema = { title?: string; properties?: Record<string, Schema>; items?: Schema };
type UiSchema = Record<string, unknown>;

/**
 * The label of the field at an RJSF error `property` (`.rate.amount`, `.tags.0`): its
 * `ui:title`, else its schema `title`, else its humanized name.
 */
export function labelAt(property: string | undefined, schema: Schema, uiSchema: UiSchema | undefined): string {
  const path = (property ?? "")
    .replace(/\[['"]?([^\]'"]+)['"]?\]/g, ".$1")
    .split(".")
    .filter(Boolean);
  let s: Schema | undefined = schema;
  let ui: UiSchema | undefined = uiSchema;
  let label = "";
  for (const part of path) {
    if (/^\d+$/.test(part)) {
      s = s?.items;
      ui = ui?.items as UiSchema | undefined;
      continue;
    }
    s = s?.properties?.[part];
    ui = ui?.[part] as UiSchema | undefined;
    label = (ui?.["ui:title"] as string | undefined) ?? s?.title ?? humanize(part);
  }
  return label || "This field";
}
