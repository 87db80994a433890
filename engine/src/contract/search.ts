/**
 * Full-text search (`q=`) over an entity's `x-searchable` fields: what the generated migration
 * indexes and what the runtime's list statement queries are one set of expressions, written
 * here once, so an index always matches the query that should use it.
 *
 * Per searchable string field and per text-search configuration (always `simple`, plus the
 * language configuration PostgreSQL ships for each of the template's locales), one expression
 * GIN index over `to_tsvector(config, COALESCE(column, ''))`, and one trigram (`pg_trgm`) GIN
 * index over `COALESCE(column, '')` for the fallback on misspelled words (`<%`,
 * `word_similarity`).
 */

/** Limits of `q`: characters and words (runtime and OpenAPI state the same). */
export const Q_LIMIT = { maxLength: 200, maxWords: 8 } as const;

/** ISO 639-1 language → the text-search configuration PostgreSQL ships (15+) for it. */
const CONFIG_BY_LANGUAGE: Readonly<Record<string, string>> = {
  ar: "arabic",
  hy: "armenian",
  eu: "basque",
  ca: "catalan",
  da: "danish",
  nl: "dutch",
  en: "english",
  fi: "finnish",
  fr: "french",
  de: "german",
  el: "greek",
  hi: "hindi",
  hu: "hungarian",
  id: "indonesian",
  ga: "irish",
  it: "italian",
  lt: "lithuanian",
  ne: "nepali",
  no: "norwegian",
  nb: "norwegian",
  nn: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  es: "spanish",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
  yi: "yiddish",
};

/** A locale's configuration (`en-GB` → `english`), or `simple` for languages PostgreSQL has none for. */
export function searchConfigForLocale(locale: string): string {
  return CONFIG_BY_LANGUAGE[locale.toLowerCase().split(/[-_]/)[0]] ?? "simple";
}

/** `simple` first, then each locale's configuration once, in the template's locale order. */
export function searchConfigs(locales: readonly string[]): string[] {
  const out = ["simple"];
  for (const l of locales) {
    const c = searchConfigForLocale(l);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** String formats stored in non-text columns (uuid, date, timestamptz): not text to search. */
const NOT_TEXT_FORMATS: ReadonlySet<string> = new Set(["uuid", "date", "date-time"]);

/**
 * A field takes part in search when it is `x-searchable` text: a string, or an array of
 * strings, stored as text (an `x-searchable` date or uuid is ignored).
 */
export function searchKind(field: {
  readonly searchable: boolean;
  readonly kind: string;
  readonly itemKind?: string | null;
  readonly format?: string | null;
}): "text" | "array" | null {
  if (!field.searchable || (field.format && NOT_TEXT_FORMATS.has(field.format))) return null;
  if (field.kind === "string") return "text";
  if (field.kind === "array" && field.itemKind === "string") return "array";
  return null;
}

/** The searched text of a column expression (NULL is the empty document). */
export function searchDocument(column: string, array: "pg" | "jsonb" | null = null): string {
  if (array === "pg") return `COALESCE(array_to_string(${column}, ' '), '')`;
  if (array === "jsonb")
    return `COALESCE((SELECT string_agg(x, ' ') FROM jsonb_array_elements_text(${column}) AS x), '')`;
  return `COALESCE(${column}, '')`;
}

/** The tsvector of one document under one configuration. */
export const searchVector = (config: string, document: string): string =>
  `to_tsvector('${config}'::regconfig, ${document})`;
