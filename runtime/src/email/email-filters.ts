import type nunjucks from "nunjucks";

/**
 * Filters every email template may use. They follow the message's `locale` and `currency`
 * (the recipient's locale, the tenant's currency), read from the render context.
 */
type Ctx = { lookup(name: string): unknown };

const localeOf = (ctx: Ctx): string => {
  const l = ctx.lookup("locale");
  return typeof l === "string" && l ? l : "en";
};

const toDate = (value: unknown): Date | null => {
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
};

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as T;
}

const DATE_STYLES = new Set(["full", "long", "medium", "short"]);

export function addEmailFilters(env: nunjucks.Environment): void {
  /** `{{ at | date }}`, `{{ at | date("long") }}`, `{{ at | date("short", true) }}` (with the time). */
  env.addFilter("date", function (this: Ctx, value: unknown, style = "medium", withTime = false) {
    const d = toDate(value);
    if (!d) return value ?? "";
    const locale = localeOf(this);
    const dateStyle = (DATE_STYLES.has(style) ? style : "medium") as Intl.DateTimeFormatOptions["dateStyle"];
    const key = `d:${locale}:${dateStyle}:${withTime}`;
    return cached(
      key,
      () =>
        new Intl.DateTimeFormat(locale, { dateStyle, ...(withTime ? { timeStyle: "short" } : {}), timeZone: "UTC" }),
    ).format(d);
  });
  /** `{{ price | currency }}`: a number, or `{amount, currency}` as money fields hold it. */
  env.addFilter("currency", function (this: Ctx, value: unknown, code?: string) {
    let amount = value;
    let currency = code;
    if (value && typeof value === "object" && "amount" in value) {
      amount = (value as { amount: unknown }).amount;
      currency ??= (value as { currency?: string }).currency;
    }
    currency ??= String(this.lookup("currency") ?? "EUR");
    const n = Number(amount);
    if (!Number.isFinite(n)) return value ?? "";
    const locale = localeOf(this);
    return cached(
      `c:${locale}:${currency}`,
      () => new Intl.NumberFormat(locale, { style: "currency", currency }),
    ).format(n);
  });
  env.addFilter("number", function (this: Ctx, value: unknown, digits?: number) {
    const n = Number(value);
    if (value === null || value === undefined || value === "" || !Number.isFinite(n)) return value ?? "";
    const locale = localeOf(this);
    return cached(
      `n:${locale}:${digits ?? ""}`,
      () =>
        new Intl.NumberFormat(
          locale,
          digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
        ),
    ).format(n);
  });
  // Nunjucks' own `truncate` counts characters and adds "..."; this one cuts at a word and adds "…".
  env.addFilter("truncate", (value: unknown, length = 80) => {
    const s = value === null || value === undefined ? "" : String(value);
    if (s.length <= length) return s;
    const cut = s.slice(0, length);
    const space = cut.lastIndexOf(" ");
    return (space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd() + "…";
  });
  env.addFilter("title", function (this: Ctx, value: unknown) {
    const locale = localeOf(this);
    return (value === null || value === undefined ? "" : String(value)).replace(
      /(^|[\s\-–(/"'])(\p{L})(\p{L}*)/gu,
      (_m, pre: string, first: string, rest: string) =>
        pre + first.toLocaleUpperCase(locale) + rest.toLocaleLowerCase(locale),
    );
  });
  env.addFilter("urlencode", (value: unknown) =>
    encodeURIComponent(value === null || value === undefined ? "" : String(value)),
  );
}
