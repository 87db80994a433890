/**
 * The template's own validation messages (`x-errorMessages`, carried per field as
 * `ui:options.errorMessages` in the form's uiSchema, already in the user's locale): they win
 * over the studio's sentences for the rule that failed.
 */
interface ValidationErrorLike {
  /** RJSF's path of the value: `.title`, `.tags.0`, `.location.city`, `['odd-name']`; a missing top-level key is bare (`title`). */
  property?: string;
  /** The rule that failed (Ajv's keyword): `required`, `pattern`, `minLength`, … */
  name?: string;
}

type UiSchema = Record<string, unknown>;

/** The top-level property an RJSF error path starts with, and whether it goes deeper. */
function topProperty(property: string): { name: string; nested: boolean } | null {
  const match = /^(?:\.?([^.[]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])(.*)$/.exec(property);
  if (!match) return null;
  return { name: match[1] ?? match[2] ?? match[3], nested: match[4].length > 0 };
}

/**
 * The template's message for this error, or undefined. A missing nested key (`required` under
 * `.location.city`) is the nested object's rule, not the field's: no message then.
 */
export function templateMessage(error: ValidationErrorLike, uiSchema: UiSchema | undefined): string | undefined {
  if (!uiSchema || !error.property || !error.name) return undefined;
  const top = topProperty(error.property);
  if (!top || (top.nested && error.name === "required")) return undefined;
  const entry = uiSchema[top.name] as UiSchema | undefined;
  const messages = (entry?.["ui:options"] as { errorMessages?: Record<string, string> } | undefined)?.errorMessages;
  return messages?.[error.name];
}
