import type { EntityRegistry, TemplateRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { ApiError } from "../../http/problem.ts";
import { col, literal } from "../sql/ident.ts";
import type { EntityView, OutputColumn } from "./types.ts";

/**
 * Translatable fields (`x-translatable`): the field's column holds the text in the template's
 * default locale; the other locales' texts live in the row's `translations` JSONB
 * (`{"de": {"title": "…"}}`; a draft keeps it under `data.translations`). A request acts in one
 * locale: `?locale=`, else the tenant's default locale, else the template's.
 */
export interface LocaleChoice {
  /** The locale the request acts in (what `Content-Language` says). */
  readonly locale: string;
  /**
   * Locales whose translations are read before the column, in order; empty when the request
   * acts in the template's default locale (the column alone).
   */
  readonly chain: readonly string[];
}

const translated = new WeakMap<EntityRegistry, boolean>();

/** Does the entity have translatable fields (and so a `locale` parameter)? */
export function isTranslated(entity: EntityRegistry): boolean {
  let yes = translated.get(entity);
  if (yes === undefined) translated.set(entity, (yes = entity.fields.some((f) => f.translatable)));
  return yes;
}

/**
 * The request's locale and its fallback chain: the locale asked for, then the tenant's default
 * locale (when the template declares it), then the template's default locale (the column).
 * A `locale` the template does not declare is a 400 pointing at the parameter.
 */
export function localeChoice(
  query: Record<string, unknown>,
  template: TemplateRegistry,
  tenantDefault: string | null,
): LocaleChoice {
  const asked = query.locale;
  if (asked !== undefined && (typeof asked !== "string" || !template.locales.includes(asked)))
    throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
      {
        pointer: "/query/locale",
        message: `must be one of the template's locales: ${template.locales.join(", ")}`,
      },
    ]);
  const candidates = [
    asked as string | undefined,
    tenantDefault && template.locales.includes(tenantDefault) ? tenantDefault : undefined,
    template.defaultLocale,
  ].filter((l): l is string => l !== undefined);
  const chain: string[] = [];
  for (const locale of candidates) {
    if (locale === template.defaultLocale) break;
    if (!chain.includes(locale)) chain.push(locale);
  }
  return { locale: candidates[0], chain };
}

const localized = new WeakMap<EntityView, Map<string, EntityView>>();

/**
 * The view whose translatable outputs read `chain`'s translations before the column
 * (`COALESCE(translations->'de'->>'title', …, "title")`); writes through it put translatable
 * values into the first locale of the chain. The view itself when there is nothing to translate.
 */
export function localizedView(view: EntityView, chain: readonly string[]): EntityView {
  if (!chain.length || !isTranslated(view.entity)) return view;
  const key = chain.join(",");
  let byChain = localized.get(view);
  if (!byChain) localized.set(view, (byChain = new Map()));
  let out = byChain.get(key);
  if (!out) {
    const translatable = new Set(view.entity.fields.filter((f) => f.translatable).map((f) => f.name));
    const draft = view.storage.kind === "draft";
    const outputs = view.outputs.map((o): OutputColumn => {
      if (!translatable.has(o.name)) return o;
      const field = view.entity.fields.find((f) => f.name === o.name)!;
      const name = literal(o.name);
      const sql = draft
        ? (a: string) =>
            `COALESCE(${chain.map((l) => `${col(a, "data")}->'translations'->${literal(l)}->${name}`).join(", ")}, ${col(a, "data")}->${name})`
        : (a: string) =>
            `COALESCE(${chain.map((l) => `${col(a, "translations")}->${literal(l)}->>${name}`).join(", ")}, ${col(a, field.columns[0].name)})`;
      return { name: o.name, sql };
    });
    out = {
      ...view,
      key: `${view.key}@${key}`,
      outputs,
      outputByName: new Map(outputs.map((o) => [o.name, o])),
      translation: { locale: chain[0], chain, fields: translatable },
    };
    byChain.set(key, out);
  }
  return out;
}
