import type { EntityColumn } from "./entity-columns.ts";

const MAX = 80;
const clip = (text: string) => (text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text);

/** A value as a table cell shows it (short, readable, locale-aware dates and numbers). */
export function formatCell(
  value: unknown,
  column: Pick<EntityColumn, "kind" | "format" | "valueLabels">,
  locale: string,
): string {
  if (value === null || value === undefined || value === "") return "";
  // An enum value (or an array of them) reads as the template's label for it.
  const labels = column.valueLabels;
  if (labels && (typeof value === "string" || typeof value === "number")) return labels[String(value)] ?? String(value);
  if (labels && Array.isArray(value)) return clip(value.map((v) => labels[String(v)] ?? String(v)).join(", "));
  if (column.kind === "money" && typeof value === "object") {
    const { amount, currency } = value as { amount?: number; currency?: string };
    if (typeof amount !== "number") return "";
    try {
      return new Intl.NumberFormat(locale, { style: "currency", currency: currency ?? "EUR" }).format(amount / 100);
    } catch {
      return `${(amount / 100).toFixed(2)} ${currency ?? ""}`.trim();
    }
  }
  if (column.kind === "measurement" && typeof value === "object") {
    const { value: v, unit } = value as { value?: number; unit?: string };
    return v === undefined ? "" : `${v} ${unit ?? ""}`.trim();
  }
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string" && column.format === "date-time") {
    const date = new Date(value);
    return Number.isNaN(date.getTime())
      ? value
      : date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  }
  if (typeof value === "string" && column.format === "date") {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime())
      ? value
      : date.toLocaleDateString(locale, { dateStyle: "medium", timeZone: "UTC" });
  }
  if (typeof value === "string" && (column.format === "uuid" || column.kind === "relation")) return value.slice(0, 8);
  if (typeof value === "number") return value.toLocaleString(locale);
  if (Array.isArray(value))
    return clip(value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", "));
  if (typeof value === "object") return clip(JSON.stringify(value));
  return clip(String(value));
}
