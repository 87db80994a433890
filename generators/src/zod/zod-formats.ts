import { PHONE_PATTERN } from "../../../engine/src/contract/patterns.ts";
import { STORED_FORMAT_SOURCES } from "../../../engine/src/contract/stored-formats.ts";
import { fullFormats } from "ajv-formats/dist/formats.js";

/**
 * `format` → zod, matching what the runtime asserts: Ajv + ajv-formats in its default "full" mode,
 * plus our own "phone". Formats Ajv does not know are ignored, as Ajv ignores them (strict: false).
 * Regex formats are read from ajv-formats itself, so the emitted pattern is the runtime's pattern.
 */

/** Our own format: one rule, shared with the engine's and the runtime's Ajv. */
export { PHONE_PATTERN };

/** Formats Ajv knows but that assert nothing (ajv-formats defines them as `true` or always-valid). */
const NO_OP_FORMATS = new Set(["password", "binary", "float", "double"]);

/** Formats that check numbers (ajv-formats `type: "number"`); every other known format checks strings. */
const NUMBER_FORMATS: Readonly<Record<string, { check: string; message: string }>> = {
  int32: { check: "(n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647", message: "Invalid int32" },
  int64: { check: "Number.isInteger", message: "Invalid int64" },
};

/** ajv-formats' (unexported) URI regex, used by its `uri` function together with NOT_URI_FRAGMENT. */
const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;

/** ajv-formats' `byte` regex is /gm and reset before each test; without `g` it needs no reset. */
const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/m;

/** RFC 3339 time, as ajv-formats checks it: offset required when `strictTimeZone`, leap second only at 23:59:60 UTC. */
function timeLines(input: string, strictTimeZone: boolean): string[] {
  return [
    `const m = /^(\\d\\d):(\\d\\d):(\\d\\d(?:\\.\\d+)?)(z|([+-])(\\d\\d)(?::?(\\d\\d))?)?$/i.exec(${input});`,
    "if (!m) return false;",
    "const [hr, min, sec, tzH, tzM] = [+m[1], +m[2], +m[3], +(m[6] || 0), +(m[7] || 0)];",
    `if (tzH > 23 || tzM > 59${strictTimeZone ? " || !m[4]" : ""}) return false;`,
    "if (hr <= 23 && min <= 59 && sec < 60) return true;",
    'const sign = m[5] === "-" ? -1 : 1;',
    "const utcMin = min - tzM * sign;",
    "const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);",
    "return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;",
  ];
}

function dateTimeLines(strictTimeZone: boolean): string[] {
  return [
    "const parts = s.split(/t|\\s/i);",
    "if (parts.length !== 2 || !z.regexes.date.test(parts[0])) return false;",
    ...timeLines("parts[1]", strictTimeZone),
  ];
}

/** Formats checked by a function body over `s` (ajv-formats implements these as functions). */
const FUNCTION_FORMATS: Readonly<Record<string, readonly string[]>> = {
  time: timeLines("s", true),
  "iso-time": timeLines("s", false),
  // uuid, date and date-time as PostgreSQL stores them: the runtime's Ajv compiles the same bodies.
  ...STORED_FORMAT_SOURCES,
  "iso-date-time": dateTimeLines(false),
  uri: [`return /\\/|:/.test(s) && ${URI}.test(s);`],
  regex: [
    "if (/[^\\\\]\\\\Z/.test(s)) return false;",
    "try {",
    "  new RegExp(s);",
    "  return true;",
    "} catch {",
    "  return false;",
    "}",
  ],
};

function ajvRegexFormat(name: string): RegExp | undefined {
  const format: unknown = (fullFormats as Record<string, unknown>)[name];
  return format instanceof RegExp ? format : undefined;
}

/** Which instances a format checks, or undefined when it checks nothing (unknown or no-op). */
export function formatAppliesTo(format: string): "string" | "number" | undefined {
  if (NO_OP_FORMATS.has(format)) return undefined;
  if (Object.hasOwn(NUMBER_FORMATS, format)) return "number";
  if (stringFormatSchema(format, "") !== undefined) return "string";
  return undefined;
}

/** The zod string schema for a string format (used instead of `z.string()`), or undefined. */
export function stringFormatSchema(
  format: string,
  indent: string,
  named?: (format: string) => string | undefined,
): string | undefined {
  if (format === "phone") return `z.stringFormat("phone", ${PHONE_PATTERN})`;
  if (format === "byte") return `z.stringFormat("byte", ${BYTE})`;
  const body = Object.hasOwn(FUNCTION_FORMATS, format) ? FUNCTION_FORMATS[format] : undefined;
  if (body) {
    const helper = named?.(format);
    if (helper) return `z.stringFormat(${JSON.stringify(format)}, ${helper})`;
    const inner = body.map((line) => `${indent}  ${line}`).join("\n");
    return `z.stringFormat(${JSON.stringify(format)}, (s) => {\n${inner}\n${indent}})`;
  }
  const regex = ajvRegexFormat(format);
  if (!regex) return undefined;
  // zod's own email pattern differs from ajv-formats': keep the builder, pass Ajv's pattern.
  if (format === "email") return `z.email({ pattern: ${regex} })`;
  return `z.stringFormat(${JSON.stringify(format)}, ${regex})`;
}

/** `.refine(...)` arguments for a number format, or undefined. */
export function numberFormatRefine(format: string): string | undefined {
  const entry = Object.hasOwn(NUMBER_FORMATS, format) ? NUMBER_FORMATS[format] : undefined;
  return entry ? `${entry.check}, ${JSON.stringify(entry.message)}` : undefined;
}

/** Formats checked by a function (not a regex): a generated file declares each once. */
export const FUNCTION_FORMAT_NAMES: readonly string[] = Object.keys(FUNCTION_FORMATS);

/** `function <name>(s: string): boolean { … }` for a function format. */
export function formatFunctionSource(format: string, name: string): string {
  const body = FUNCTION_FORMATS[format].map((line) => `  ${line}`).join("\n");
  return `function ${name}(s: string): boolean {\n${body}\n}`;
}
