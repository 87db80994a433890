const words = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);

/** `Stage name` → `stageName` (a template field name). */
export const toFieldName = (text: string) => {
  const [first = "", ...rest] = words(text).map((w) => w.toLowerCase());
  const name = first + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return /^[a-z]/.test(name) ? name : name ? `f${name}` : "";
};

/** `service area` → `ServiceArea` (a template entity name). */
export const toEntityName = (text: string) => {
  const name = words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
  return /^[A-Z]/.test(name) ? name : name ? `E${name}` : "";
};

/** `stageName` → `stage_name` (stable ids). */
export const toSnake = (name: string) =>
  words(name)
    .map((w) => w.toLowerCase())
    .join("_");

export const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;
export const ENTITY_NAME = /^[A-Z][A-Za-z0-9]*$/;
