/** Name conversions shared by the engine and every generator. Pure and locale-independent. */

export const toPascalCase = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");

export const toCamelCase = (name: string): string => {
  const pascal = toPascalCase(name);
  return pascal ? pascal[0].toLowerCase() + pascal.slice(1) : pascal;
};

export const toSnakeCase = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();

export const toKebabCase = (name: string): string => toSnakeCase(name).replace(/_/g, "-");

/** English plural of the last word, good enough for API paths (`Category` → `Categories`). */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + "ies";
  if (/(s|x|z|ch|sh)$/i.test(word)) return word + "es";
  return word + "s";
}

/** Postgres truncates identifiers past 63 bytes; we refuse them instead. */
export const MAX_IDENTIFIER_LENGTH = 63;
