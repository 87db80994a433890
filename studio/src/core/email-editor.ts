import type { EmailDefinition, EmailOverride } from "./email-types.ts";
import { pointerPath, type Problem } from "./problem-errors.ts";

/** What the editor shows for one email in one locale: the tenant's override, else the template's or platform's text. */
export interface EditorSource {
  subject: string;
  mjml: string;
  /** The tenant's override of this locale, when there is one (then Reset removes it). */
  override: EmailOverride | null;
}

/** The text of `locale`, else of the definition's first locale (the one a send falls back to). */
export function editorSource(definition: EmailDefinition, locale: string): EditorSource {
  const override = definition.overrides.find((o) => o.locale === locale) ?? null;
  if (override) return { subject: override.subject, mjml: override.mjml, override };
  const fallback = definition.locales[0];
  return {
    subject: definition.subject[locale] ?? definition.subject[fallback] ?? "",
    mjml: definition.mjml[locale] ?? definition.mjml[fallback] ?? "",
    override: null,
  };
}

/** The locales an override may be written in: the email's own, then the tenant's other template locales. */
export function editorLocales(definition: EmailDefinition, templateLocales: readonly string[]): string[] {
  return [...new Set([...definition.locales, ...definition.overrides.map((o) => o.locale), ...templateLocales])];
}

export type EditorField = "subject" | "mjml" | "record" | "template" | "locale";

export interface EditorErrors {
  /** Messages per field of the editor, from `errors[].pointer` (`/body/subject`, `/body/mjml`…). */
  fields: Partial<Record<EditorField, string[]>>;
  /** Every error with its pointer, as the API sent it. */
  all: { pointer: string; message: string }[];
  /** The problem's own detail (no pointer, or pointing at no field of the editor). */
  general: string[];
}

const FIELDS: readonly EditorField[] = ["subject", "mjml", "record", "template", "locale"];

export function editorErrors(problem: Problem): EditorErrors {
  const out: EditorErrors = { fields: {}, all: [], general: [] };
  for (const error of problem.errors ?? []) {
    out.all.push({ pointer: error.pointer, message: error.message });
    const head = pointerPath(error.pointer)?.[0] as EditorField | undefined;
    if (head && FIELDS.includes(head)) (out.fields[head] ??= []).push(error.message);
    else out.general.push(error.message);
  }
  if (!problem.errors?.length)
    out.general.push(problem.detail ?? problem.title ?? `Request failed (${problem.status})`);
  return out;
}

export const NO_ERRORS: EditorErrors = { fields: {}, all: [], general: [] };
