/**
 * Tenant branding as every layer reads it: the runtime validates and serves it (as a stylesheet
 * of CSS variables, and to the email layout), the studio edits it with a live preview and the
 * same checks. Colours are `#rgb`, `#rrggbb` or `rgb(r, g, b)` and are stored as `#rrggbb`.
 * Contrast is WCAG 2.x's: relative luminance of sRGB, ratio (L1 + 0.05) / (L2 + 0.05), and
 * AA for normal text needs 4.5. Pure: this module imports nothing.
 */

/** The colour roles of one theme (light or dark). */
export const COLOR_KEYS = [
  "primaryColor",
  "onPrimaryColor",
  "accentColor",
  "textColor",
  "mutedColor",
  "backgroundColor",
  "surfaceColor",
  "borderColor",
] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];
export type ThemeColors = Record<ColorKey, string>;

/** Branding as stored in `tenant.settings.branding` and answered by the API (defaults filled). */
export interface TenantBranding extends ThemeColors {
  /** An absolute http(s) URL or a same-origin path (e.g. a public media file). */
  readonly logoUrl: string | null;
  /** The dark theme's colours. */
  readonly dark: ThemeColors;
  /** A CSS font-family list: family names and generic families. */
  readonly fontFamily: string;
  /** Corner radius of controls, in px. */
  readonly radius: number;
  /** The emails' and PDFs' footer line. */
  readonly footer: string;
  /** The emails' sender name; empty: the tenant's name. */
  readonly senderName: string;
}

/** The minimum contrast ratio of text against its background (WCAG 2.x AA, normal text). */
export const AA_TEXT_CONTRAST = 4.5;

/**
 * Which colour is read against which: [foreground, background]. Text, muted text and links
 * (the accent) against the page and the surface; the text on primary buttons against the primary.
 */
export const CONTRAST_PAIRS: readonly (readonly [ColorKey, ColorKey])[] = [
  ["textColor", "backgroundColor"],
  ["textColor", "surfaceColor"],
  ["mutedColor", "backgroundColor"],
  ["mutedColor", "surfaceColor"],
  ["accentColor", "backgroundColor"],
  ["accentColor", "surfaceColor"],
  ["onPrimaryColor", "primaryColor"],
];

/** Font stacks offered by name; any other value must be a plain family list (see `parseFontFamily`). */
/**
 * Font stacks offered by name; any other value must be a plain family list (see `parseFontFamily`).
 * Written as `parseFontFamily` writes lists back (names quoted), so a stored stack reads back the same.
 */
export const FONT_STACKS: Readonly<Record<string, string>> = {
  system: 'system-ui, -apple-system, "Segoe UI", "Roboto", sans-serif',
  sans: '"Helvetica Neue", "Helvetica", "Arial", sans-serif',
  serif: '"Georgia", "Times New Roman", "Times", serif',
  mono: 'ui-monospace, "SFMono-Regular", "Menlo", "Consolas", monospace',
  rounded: 'ui-rounded, "Nunito", "Segoe UI", sans-serif',
};

/** The light theme's defaults: the studio's own tokens (studio/src/styles/app.css). */
export const DEFAULT_LIGHT: ThemeColors = {
  primaryColor: "#2563eb",
  onPrimaryColor: "#ffffff",
  accentColor: "#1d4ed8",
  textColor: "#1b2130",
  mutedColor: "#5d6577",
  backgroundColor: "#f6f7fb",
  surfaceColor: "#ffffff",
  borderColor: "#dfe3ec",
};

export const DEFAULT_DARK: ThemeColors = {
  primaryColor: "#e5e7eb",
  onPrimaryColor: "#111827",
  accentColor: "#93c5fd",
  textColor: "#f3f4f6",
  mutedColor: "#a1a1aa",
  backgroundColor: "#18181b",
  surfaceColor: "#27272a",
  borderColor: "#3f3f46",
};

export const DEFAULT_TENANT_BRANDING: TenantBranding = {
  ...DEFAULT_LIGHT,
  logoUrl: null,
  dark: DEFAULT_DARK,
  fontFamily: FONT_STACKS.system,
  radius: 10,
  footer: "",
  senderName: "",
};

/** The keys a branding body may carry (anything else is unknown). */
export const BRANDING_KEYS = [
  ...COLOR_KEYS,
  "logoUrl",
  "dark",
  "fontFamily",
  "radius",
  "footer",
  "senderName",
] as const;

/** One problem with a branding, at a JSON pointer relative to the branding object (`/textColor`). */
export interface BrandingProblem {
  readonly pointer: string;
  readonly message: string;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB = /^rgb\(\s*(\d{1,3})\s*(?:,\s*|\s+)(\d{1,3})\s*(?:,\s*|\s+)(\d{1,3})\s*\)$/i;

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as `#rrggbb`; null when it is none of them. */
export function parseColor(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  const hex = HEX.exec(text);
  if (hex) {
    const h = hex[1].toLowerCase();
    return h.length === 3 ? `#${h[0]}${h[0]}${h[1]}${h[1]}${h[2]}${h[2]}` : `#${h}`;
  }
  const rgb = RGB.exec(text);
  if (rgb) {
    const parts = rgb.slice(1, 4).map(Number);
    if (parts.some((n) => n > 255)) return null;
    return `#${parts.map((n) => n.toString(16).padStart(2, "0")).join("")}`;
  }
  return null;
}

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2.x contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const GENERIC = new Set([
  "serif",
  "sans-serif",
  "monospace",
  "cursive",
  "fantasy",
  "system-ui",
  "ui-serif",
  "ui-sans-serif",
  "ui-monospace",
  "ui-rounded",
  "-apple-system",
]);
const FAMILY = /^[A-Za-z0-9][A-Za-z0-9 -]{0,59}$/;

/**
 * A font-family value as CSS may carry it safely: a name of `FONT_STACKS`, or a comma-separated
 * list of up to 8 generic families and family names (letters, digits, spaces, hyphens; quoted or
 * not), written back with names quoted. Null when it is neither.
 */
export function parseFontFamily(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 300) return null;
  if (FONT_STACKS[value.trim()]) return FONT_STACKS[value.trim()];
  const items = value.split(",").map((s) => s.trim());
  if (items.length === 0 || items.length > 8) return null;
  const out: string[] = [];
  for (const item of items) {
    const bare = /^"([^"]*)"$|^'([^']*)'$/.exec(item);
    const name = bare ? (bare[1] ?? bare[2]) : item;
    if (!bare && GENERIC.has(name)) out.push(name);
    else if (FAMILY.test(name)) out.push(`"${name}"`);
    else return null;
  }
  return out.join(", ");
}

/** A logo address: an absolute http(s) URL or a same-origin path, without characters CSS or HTML would need escaped. */
export function isLogoUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 2000 || /["'()\\\s<>]/.test(value)) return false;
  if (value.startsWith("/") && !value.startsWith("//")) return true;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a branding change against the stored branding: every key known, every colour, font and
 * logo well-formed, and every contrast pair of the resulting light and dark themes at least AA.
 * `change` is what a client sends (any subset of the keys; `dark` any subset of the colours).
 * Returns the resulting branding, or the problems (pointers relative to the change).
 */
export function applyBranding(
  current: TenantBranding,
  change: unknown,
): { ok: true; branding: TenantBranding } | { ok: false; problems: BrandingProblem[] } {
  const problems: BrandingProblem[] = [];
  if (!isObject(change)) return { ok: false, problems: [{ pointer: "", message: "must be an object" }] };
  const next: Record<string, unknown> = { ...current, dark: { ...current.dark } };
  const colours = (source: Record<string, unknown>, target: Record<string, unknown>, at: string) => {
    for (const key of COLOR_KEYS) {
      if (!(key in source)) continue;
      const colour = parseColor(source[key]);
      if (colour) target[key] = colour;
      else problems.push({ pointer: `${at}/${key}`, message: "must be a colour: #rgb, #rrggbb or rgb(r, g, b)" });
    }
  };
  for (const key of Object.keys(change))
    if (!(BRANDING_KEYS as readonly string[]).includes(key))
      problems.push({ pointer: `/${key}`, message: "is not a known branding key" });
  colours(change, next, "");
  if ("dark" in change) {
    if (!isObject(change.dark)) problems.push({ pointer: "/dark", message: "must be an object of colours" });
    else {
      for (const key of Object.keys(change.dark))
        if (!(COLOR_KEYS as readonly string[]).includes(key))
          problems.push({ pointer: `/dark/${key}`, message: "is not a known colour of a theme" });
      colours(change.dark, next.dark as Record<string, unknown>, "/dark");
    }
  }
  if ("logoUrl" in change) {
    if (change.logoUrl === null || change.logoUrl === "") next.logoUrl = null;
    else if (isLogoUrl(change.logoUrl)) next.logoUrl = change.logoUrl;
    else problems.push({ pointer: "/logoUrl", message: "must be an http(s) URL or a path starting with /, or null" });
  }
  if ("fontFamily" in change) {
    const font = parseFontFamily(change.fontFamily);
    if (font) next.fontFamily = font;
    else
      problems.push({
        pointer: "/fontFamily",
        message: `must be one of ${Object.keys(FONT_STACKS).join(", ")} or a comma-separated list of font names`,
      });
  }
  if ("radius" in change) {
    const r = change.radius;
    if (typeof r === "number" && Number.isInteger(r) && r >= 0 && r <= 32) next.radius = r;
    else problems.push({ pointer: "/radius", message: "must be a whole number of px from 0 to 32" });
  }
  for (const [key, max] of [
    ["footer", 500],
    ["senderName", 100],
  ] as const) {
    if (!(key in change)) continue;
    const v = change[key];
    if (typeof v === "string" && v.length <= max) next[key] = v;
    else problems.push({ pointer: `/${key}`, message: `must be text of at most ${max} characters` });
  }
  if (problems.length) return { ok: false, problems };
  const branding = next as unknown as TenantBranding;
  const given = (theme: "light" | "dark", key: ColorKey) =>
    theme === "light" ? key in change : isObject(change.dark) && key in change.dark;
  for (const theme of ["light", "dark"] as const) {
    const colorsOf = theme === "light" ? branding : branding.dark;
    for (const problem of contrastProblems(colorsOf)) {
      const [fg, bg] = problem.pair;
      // Point at what the change set (the foreground first), else at the foreground.
      const key = given(theme, fg) || !given(theme, bg) ? fg : bg;
      problems.push({ pointer: `${theme === "dark" ? "/dark" : ""}/${key}`, message: problem.message });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, branding };
}

/** The contrast pairs of one theme below AA, with a message naming the pair and the ratio. */
export function contrastProblems(
  colors: ThemeColors,
): { pair: readonly [ColorKey, ColorKey]; ratio: number; message: string }[] {
  const out = [];
  for (const pair of CONTRAST_PAIRS) {
    const ratio = contrastRatio(colors[pair[0]], colors[pair[1]]);
    if (ratio < AA_TEXT_CONTRAST)
      out.push({
        pair,
        ratio,
        message: `contrast of ${pair[0]} ${colors[pair[0]]} on ${pair[1]} ${colors[pair[1]]} is ${ratio.toFixed(2)}:1; WCAG AA needs at least ${AA_TEXT_CONTRAST}:1`,
      });
  }
  return out;
}

/** The stored branding (`settings.branding`, possibly partial or from older writers) with defaults filled. */
export function readBranding(stored: unknown): TenantBranding {
  const s = isObject(stored) ? stored : {};
  const theme = (source: Record<string, unknown>, fallback: ThemeColors): ThemeColors =>
    Object.fromEntries(COLOR_KEYS.map((k) => [k, parseColor(source[k]) ?? fallback[k]])) as ThemeColors;
  return {
    ...theme(s, DEFAULT_LIGHT),
    dark: theme(isObject(s.dark) ? s.dark : {}, DEFAULT_DARK),
    logoUrl: isLogoUrl(s.logoUrl) ? s.logoUrl : null,
    fontFamily: parseFontFamily(s.fontFamily) ?? DEFAULT_TENANT_BRANDING.fontFamily,
    radius:
      typeof s.radius === "number" && Number.isInteger(s.radius) && s.radius >= 0 && s.radius <= 32
        ? s.radius
        : DEFAULT_TENANT_BRANDING.radius,
    footer: typeof s.footer === "string" ? s.footer : "",
    senderName: typeof s.senderName === "string" ? s.senderName : "",
  };
}

const CSS_NAMES: Record<ColorKey, string> = {
  primaryColor: "--brand-primary",
  onPrimaryColor: "--brand-on-primary",
  accentColor: "--brand-accent",
  textColor: "--brand-text",
  mutedColor: "--brand-muted",
  backgroundColor: "--brand-background",
  surfaceColor: "--brand-surface",
  borderColor: "--brand-border",
};

/** The CSS variable of each colour role. */
export const BRANDING_CSS_VARIABLES: Readonly<Record<ColorKey, string>> = CSS_NAMES;

const declarations = (colors: ThemeColors) => COLOR_KEYS.map((k) => `  ${CSS_NAMES[k]}: ${colors[k]};`).join("\n");

/**
 * The stylesheet of a branding: `--brand-*` variables on `:root` (light), the dark theme under
 * `prefers-color-scheme: dark` unless a page pins `data-theme="light"`, and under
 * `[data-theme="dark"]`. Every value is validated (colours as `#rrggbb`, fonts and logo by
 * their parsers), so nothing in it can break out of its declaration.
 */
export function buildBrandingCss(b: TenantBranding): string {
  const shared = [
    `  --brand-font: ${b.fontFamily};`,
    `  --brand-radius: ${b.radius}px;`,
    `  --brand-logo: ${b.logoUrl ? `url("${b.logoUrl}")` : "none"};`,
  ].join("\n");
  return [
    "/* Tenant branding (generated by Mono; GET /branding.css). */",
    `:root {\n${declarations(b)}\n${shared}\n  color-scheme: light;\n}`,
    `@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"]) {\n${declarations(b.dark).replace(/^/gm, "  ")}\n    color-scheme: dark;\n  }\n}`,
    `:root[data-theme="dark"] {\n${declarations(b.dark)}\n  color-scheme: dark;\n}`,
    "",
  ].join("\n");
}
