/**
 * Template strings (`mono translate`): every labels object of a template file — titles,
 * descriptions, entity and field labels, help texts, enum labels, validation messages, workflow
 * labels, email subjects and MJML bodies — found by shape (an object of strings keyed by locales
 * that holds the default locale's text), outside `seed`. Missing translations are listed per
 * locale; translations are written back into the labels objects (keys in the template's locale
 * order) and the file keeps `JSON.stringify(…, null, 2)` layout, so a diff shows only new lines.
 */
import { checkSegment, type GlossaryTerm, type Issue } from "./checks.ts";
import type { TranslationProvider } from "./providers.ts";

const LOCALE = /^[a-z]{2,3}(-[A-Z][A-Za-z0-9]{1,7})?$/;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TemplateString {
  /** JSON pointer of the labels object. */
  readonly pointer: string;
  readonly source: string;
  /** Locale → text, as in the file. */
  readonly labels: Readonly<Record<string, string>>;
}

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** The template's labels objects, in document order. */
export function templateStrings(template: Record<string, Json>): TemplateString[] {
  const locales = Array.isArray(template.locales) ? (template.locales as string[]) : [];
  const defaultLocale = typeof template.defaultLocale === "string" ? template.defaultLocale : locales[0];
  const out: TemplateString[] = [];
  const walk = (value: Json, pointer: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`));
    if (!value || typeof value !== "object") return;
    const entries = Object.entries(value);
    const isLabels =
      entries.length > 0 &&
      typeof value[defaultLocale] === "string" &&
      entries.every(([k, v]) => LOCALE.test(k) && typeof v === "string");
    if (isLabels) {
      out.push({ pointer, source: value[defaultLocale] as string, labels: value as Record<string, string> });
      return;
    }
    for (const [k, v] of entries) {
      if (pointer === "" && (k === "seed" || k === "locales" || k === "$schema")) continue;
      walk(v, `${pointer}/${escapePointer(k)}`);
    }
  };
  walk(template, "");
  return out;
}

/** Per locale (the template's and `extra`), the pointers of labels objects without a text in it. */
export function missingStrings(
  template: Record<string, Json>,
  extra: readonly string[] = [],
): Record<string, string[]> {
  const locales = [...new Set([...((template.locales as string[]) ?? []), ...extra])].sort();
  const strings = templateStrings(template);
  const out: Record<string, string[]> = {};
  for (const locale of locales) {
    const missing = strings
      .filter((s) => typeof s.labels[locale] !== "string" || !s.labels[locale].trim())
      .map((s) => s.pointer);
    if (missing.length) out[locale] = missing;
  }
  return out;
}

function resolve(root: Json, pointer: string): Record<string, Json> {
  let node = root;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    node = Array.isArray(node) ? node[Number(key)] : (node as Record<string, Json>)[key];
  }
  return node as Record<string, Json>;
}

/**
 * Writes `texts` (pointer → text) for `locale` into the template: each labels object is rebuilt
 * with its keys in the order of `locales` (which gains `locale` when new), others after, sorted.
 */
export function applyStrings(template: Record<string, Json>, locale: string, texts: ReadonlyMap<string, string>): void {
  const locales = template.locales as string[];
  if (!locales.includes(locale)) locales.push(locale);
  for (const [pointer, text] of texts) {
    const labels = resolve(template, pointer);
    labels[locale] = text;
    const ordered = Object.keys(labels).sort((a, b) => {
      const ia = locales.indexOf(a);
      const ib = locales.indexOf(b);
      return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b);
    });
    const copy = Object.fromEntries(ordered.map((k) => [k, labels[k]]));
    for (const k of Object.keys(labels)) delete labels[k];
    Object.assign(labels, copy);
  }
}

/** The file's text: two-space JSON and a final newline (the shipped templates' layout). */
export const formatTemplate = (template: unknown) => `${JSON.stringify(template, null, 2)}\n`;

export interface StringOutcome {
  readonly pointer: string;
  readonly source: string;
  readonly status: "translated" | "review" | "rejected" | "failed";
  readonly text: string | null;
  readonly score: number | null;
  readonly issues: readonly Issue[];
  readonly error?: string;
}

/**
 * Translates the missing strings of `locale` with `provider`: each distinct source text once, in
 * batches; a rejected segment (placeholders or markup lost) or one below `threshold` is not
 * written but reported.
 */
export async function translateStrings(
  strings: readonly TemplateString[],
  from: string,
  locale: string,
  provider: TranslationProvider,
  options: { glossary?: readonly GlossaryTerm[]; threshold?: number; batchSize?: number } = {},
): Promise<StringOutcome[]> {
  const todo = strings.filter((s) => typeof s.labels[locale] !== "string" || !s.labels[locale].trim());
  const sources = [...new Set(todo.map((s) => s.source))];
  const bySource = new Map<string, Omit<StringOutcome, "pointer" | "source">>();
  const size = options.batchSize ?? 20;
  for (let i = 0; i < sources.length; i += size) {
    const batch = sources.slice(i, i + size);
    const segments = batch.map((text, n) => ({ id: `s${n + 1}`, text }));
    try {
      const answer = await provider.translate({
        sourceLocale: from,
        targetLocale: locale,
        segments,
        glossary: options.glossary ?? [],
        references: [],
      });
      for (const t of answer.translations) {
        const source = segments.find((s) => s.id === t.id)!.text;
        const verdict = checkSegment(source, t.text, t.rating, options.glossary ?? [], locale);
        bySource.set(source, {
          status: verdict.rejected ? "rejected" : verdict.score < (options.threshold ?? 0.7) ? "review" : "translated",
          text: verdict.rejected ? null : t.text,
          score: verdict.score,
          issues: verdict.issues,
        });
      }
    } catch (error) {
      for (const source of batch)
        bySource.set(source, {
          status: "failed",
          text: null,
          score: null,
          issues: [],
          error: (error as Error).message,
        });
    }
  }
  return todo.map((s) => ({ pointer: s.pointer, source: s.source, ...bySource.get(s.source)! }));
}
