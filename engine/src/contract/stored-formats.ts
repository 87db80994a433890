/**
 * `uuid`, `date` and `date-time` as PostgreSQL stores them, which is narrower than JSON
 * Schema's formats (ajv-formats): no `urn:uuid:` prefix, no year 0000, UTC offsets within
 * ±15:59, no leap second (PostgreSQL moves :60 to the next minute, so the value read back would
 * differ). One source for every validator: the engine's and the runtime's Ajv compile these
 * bodies, and the Zod generator emits them, so all three accept exactly the same strings.
 *
 * Each entry is the body of a function of `s: string` returning a boolean.
 */
export const STORED_FORMAT_SOURCES: Readonly<Record<"uuid" | "date" | "date-time", readonly string[]>> = {
  uuid: ["return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);"],
  date: [
    "const m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(s);",
    "if (!m) return false;",
    "const [y, mo, d] = [+m[1], +m[2], +m[3]];",
    "const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);",
    "return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];",
  ],
  "date-time": [
    "const m = /^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?(?:[Zz]|[+-](\\d{2})(?::?(\\d{2}))?)$/.exec(s);",
    "if (!m) return false;",
    "const [y, mo, d, h, mi, sec, oh, om] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], +(m[8] || 0), +(m[9] || 0)];",
    "const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);",
    "if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]) return false;",
    "return h <= 23 && mi <= 59 && sec <= 59 && oh <= 15 && om <= 59;",
  ],
};

export type StoredFormat = keyof typeof STORED_FORMAT_SOURCES;
export const STORED_FORMAT_NAMES = Object.keys(STORED_FORMAT_SOURCES) as StoredFormat[];

/** The same bodies as functions, for Ajv's `addFormat`. */
export const STORED_FORMATS: Readonly<Record<StoredFormat, (s: string) => boolean>> = Object.fromEntries(
  STORED_FORMAT_NAMES.map((name) => [name, new Function("s", STORED_FORMAT_SOURCES[name].join("\n"))]),
) as Record<StoredFormat, (s: string) => boolean>;

/** Adds the stored formats to an Ajv instance (after ajv-formats, so they replace its versions). */
export function addStoredFormats(ajv: { addFormat(name: string, format: (s: string) => boolean): unknown }): void {
  for (const name of STORED_FORMAT_NAMES) ajv.addFormat(name, STORED_FORMATS[name]);
}
