import type { Labels } from "./registry-types.ts";

/** The label in `locale`, else the fallback locale, else any, else `fallback`. */
export function pickLabel(
  labels: Labels | null | undefined,
  locale: string,
  fallback = "",
  defaultLocale = "en",
): string {
  if (!labels) return fallback;
  return labels[locale] ?? labels[defaultLocale] ?? Object.values(labels)[0] ?? fallback;
}

/** `heightCm` → `Height cm`, `service-areas` → `Service areas`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
