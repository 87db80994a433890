/** Values a cross-field fact or a range pair orders: numbers, dates, date-times, money. */
export type Comparable =
  { kind: "number" | "date" | "date-time"; value: number } | { kind: "money"; value: number; currency: string };

/** A field value as something ordered; undefined when it is not a value a fact compares. */
export function comparable(value: unknown): Comparable | undefined {
  if (typeof value === "number") return { kind: "number", value };
  if (typeof value === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { kind: "date", value: Date.parse(`${value}T00:00:00Z`) };
    const ms = Date.parse(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(ms)) return { kind: "date-time", value: ms };
    return undefined;
  }
  if (value && typeof value === "object" && "amount" in value && "currency" in value) {
    const { amount, currency } = value as { amount: unknown; currency: unknown };
    if (typeof amount === "number" && typeof currency === "string") return { kind: "money", value: amount, currency };
  }
  return undefined;
}
