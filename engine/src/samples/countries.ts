import type { Faker } from "@faker-js/faker";
import { faker as fakerDA } from "@faker-js/faker/locale/da";
import { faker as fakerDE } from "@faker-js/faker/locale/de";
import { faker as fakerDE_AT } from "@faker-js/faker/locale/de_AT";
import { faker as fakerDE_CH } from "@faker-js/faker/locale/de_CH";
import { faker as fakerEN_US } from "@faker-js/faker/locale/en_US";
import { faker as fakerES } from "@faker-js/faker/locale/es";
import { faker as fakerES_MX } from "@faker-js/faker/locale/es_MX";
import { faker as fakerFI } from "@faker-js/faker/locale/fi";
import { faker as fakerFR } from "@faker-js/faker/locale/fr";
import { faker as fakerIT } from "@faker-js/faker/locale/it";
import { faker as fakerPL } from "@faker-js/faker/locale/pl";
import { faker as fakerPT_PT } from "@faker-js/faker/locale/pt_PT";

/**
 * The countries sample records live in: each with a faker locale whose city list is that
 * country's real cities, so a record's city, phone prefix, currency, language and time zone
 * agree with its country.
 */
export interface Country {
  /** ISO 3166-1 alpha-2. */
  readonly code: string;
  readonly alpha3: string;
  readonly name: string;
  readonly faker: Faker;
  readonly callingCode: string;
  /** ISO 4217. */
  readonly currency: string;
  /** ISO 639-1. */
  readonly language: string;
  readonly timeZone: string;
}

const country = (
  code: string,
  alpha3: string,
  name: string,
  faker: Faker,
  callingCode: string,
  currency: string,
  language: string,
  timeZone: string,
): Country => ({ code, alpha3, name, faker, callingCode, currency, language, timeZone });

export const COUNTRIES: readonly Country[] = [
  country("DE", "DEU", "Germany", fakerDE, "49", "EUR", "de", "Europe/Berlin"),
  country("AT", "AUT", "Austria", fakerDE_AT, "43", "EUR", "de", "Europe/Vienna"),
  country("CH", "CHE", "Switzerland", fakerDE_CH, "41", "CHF", "de", "Europe/Zurich"),
  country("FR", "FRA", "France", fakerFR, "33", "EUR", "fr", "Europe/Paris"),
  country("ES", "ESP", "Spain", fakerES, "34", "EUR", "es", "Europe/Madrid"),
  country("IT", "ITA", "Italy", fakerIT, "39", "EUR", "it", "Europe/Rome"),
  country("PT", "PRT", "Portugal", fakerPT_PT, "351", "EUR", "pt", "Europe/Lisbon"),
  country("PL", "POL", "Poland", fakerPL, "48", "PLN", "pl", "Europe/Warsaw"),
  country("DK", "DNK", "Denmark", fakerDA, "45", "DKK", "da", "Europe/Copenhagen"),
  country("FI", "FIN", "Finland", fakerFI, "358", "EUR", "fi", "Europe/Helsinki"),
  country("US", "USA", "United States", fakerEN_US, "1", "USD", "en", "America/New_York"),
  country("MX", "MEX", "Mexico", fakerES_MX, "52", "MXN", "es", "America/Mexico_City"),
];

/** English texts (titles, descriptions, words) whatever the record's country. */
export const ENGLISH: Faker = fakerEN_US;

/** The country a value names (code, alpha-3, name, currency, language), if it is one we know. */
export function countryOf(value: unknown): Country | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim().toLowerCase();
  return COUNTRIES.find(
    (c) => c.code.toLowerCase() === v || c.alpha3.toLowerCase() === v || c.name.toLowerCase() === v,
  );
}

/** The real city names of a country (faker's list for the locale). */
export function citiesOf(country: Country): readonly string[] {
  const names = (country.faker.rawDefinitions.location as { city_name?: readonly string[] } | undefined)?.city_name;
  return names?.length ? names : [country.faker.location.city()];
}
