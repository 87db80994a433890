import { citiesOf, COUNTRIES, ENGLISH, type Country } from "./countries.ts";
import { childSeed, pick, randomInt, type Random } from "./random.ts";

/**
 * Who or what one sample record is about: a person in a country, the company they work for,
 * and a title for the thing itself. Every name-like field of the record is drawn from it, so
 * the email matches the name and the city lies in the record's country.
 */
export interface Persona {
  country: Country;
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  /** A title for the record itself ("Golden Harbor"): names, titles and slugs agree with it. */
  label: string;
  readonly words: readonly string[];
  /** Drawn when first asked for, after the country is settled. */
  city?: string;
}

/** A neutral default title ("Evening session"), until a record gives its own (record-title.ts). */
const LABEL_QUALIFIERS = ["Spring", "Summer", "Autumn", "Winter", "Evening", "Morning", "Weekend", "Classic", "Open"];
const LABEL_NOUNS = ["plan", "option", "selection", "session", "package", "edition", "programme", "series", "offer"];

export function createPersona(random: Random, country: Country = pick(COUNTRIES, random)): Persona {
  const seed = childSeed(random);
  country.faker.seed(seed);
  const firstName = country.faker.person.firstName();
  const lastName = country.faker.person.lastName();
  const company = country.faker.company.name();
  ENGLISH.seed(seed);
  const label = `${pick(LABEL_QUALIFIERS, random)} ${pick(LABEL_NOUNS, random)}`;
  const words = Array.from({ length: 6 }, () => ENGLISH.word.noun({ length: { min: 4, max: 10 } }));
  return { country, firstName, lastName, company, label, words };
}

/** Moves the persona to another country (a record whose country field allows only some). */
export function relocate(persona: Persona, country: Country): void {
  if (persona.country === country) return;
  persona.country = country;
  persona.city = undefined;
}

export function cityOf(persona: Persona, random: Random): string {
  return (persona.city ??= pick(citiesOf(persona.country), random));
}

export const fullName = (p: Persona) => `${p.firstName} ${p.lastName}`;

/** `mia.berg@example.com`: ASCII, from the persona's own name. */
export function emailOf(p: Persona, random: Random, domain = "example.com"): string {
  const local = `${ascii(p.firstName)}.${ascii(p.lastName)}`.replace(/^\.|\.$/g, "") || "contact";
  return `${local}${random() < 0.3 ? randomInt(random, 1, 99) : ""}@${domain}`;
}

/** An E.164 number with the persona's country code: `+4915123456789`. */
export function phoneOf(p: Persona, random: Random): string {
  const digits = 10 - Math.max(0, p.country.callingCode.length - 2);
  const first = String(randomInt(random, 1, 9));
  const rest = Array.from({ length: digits - 1 }, () => String(randomInt(random, 0, 9))).join("");
  return `+${p.country.callingCode}${first}${rest}`;
}

/** `golden-harbor` */
export const slugOf = (text: string) =>
  ascii(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** Lower-case ASCII: diacritics dropped, other characters removed. */
export function ascii(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/ø/gi, "o")
    .replace(/æ/gi, "ae")
    .replace(/ł/gi, "l")
    .toLowerCase()
    .replace(/[^a-z0-9 .-]/g, "")
    .replace(/[ ]+/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
}

export const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
