import type { StudioEntity, StudioTemplate } from "./registry-types.ts";

/**
 * The language a record's translatable texts are read and written in (`?locale=`), or null when
 * the entity has none (its records have one text per field). The studio's own language when the
 * template offers it, else the template's default.
 */
export function contentLocale(
  template: Pick<StudioTemplate, "locales" | "defaultLocale">,
  entity: Pick<StudioEntity, "fields">,
  uiLocale: string,
): string | null {
  if (!entity.fields.some((f) => f.translatable)) return null;
  return template.locales.includes(uiLocale) ? uiLocale : template.defaultLocale;
}
