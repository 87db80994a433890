import { useEffect, useMemo, useState, type CSSProperties } from "react";
import {
  BRANDING_CSS_VARIABLES,
  COLOR_KEYS,
  contrastProblems,
  FONT_STACKS,
  parseColor,
  parseFontFamily,
  type ColorKey,
  type TenantBranding,
  type ThemeColors,
} from "../../../../engine/src/contract/branding.ts";
import { getBranding, putBranding } from "../../api/branding-api.ts";
import { ProblemError } from "../../api/http.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { problemText } from "../tags/problem-text.ts";
import { refreshTenantStylesheet } from "./tenant-stylesheet.ts";

const LABELS: Record<ColorKey, string> = {
  primaryColor: "Primary",
  onPrimaryColor: "Text on primary",
  accentColor: "Accent (links)",
  textColor: "Text",
  mutedColor: "Muted text",
  backgroundColor: "Background",
  surfaceColor: "Surface",
  borderColor: "Border",
};

type Theme = "light" | "dark";
/** The form's colours as typed (any text), per theme. */
type Draft = { light: Record<ColorKey, string>; dark: Record<ColorKey, string> } & Pick<
  TenantBranding,
  "radius" | "footer" | "senderName"
> & { logoUrl: string; fontFamily: string };

const colorsOf = (b: ThemeColors) => Object.fromEntries(COLOR_KEYS.map((k) => [k, b[k]])) as Record<ColorKey, string>;
const fieldKey = (theme: Theme, key: string) => (theme === "dark" ? `dark.${key}` : key);

/** The draft's colours of one theme where they parse (the last saved value where they do not). */
function themeOf(draft: Draft, saved: TenantBranding, theme: Theme): ThemeColors {
  const fallback = theme === "light" ? saved : saved.dark;
  return Object.fromEntries(
    COLOR_KEYS.map((k) => [k, parseColor(draft[theme][k]) ?? fallback[k]]),
  ) as unknown as ThemeColors;
}

/**
 * The tenant's branding (runtime/src/branding): colours of the light and dark themes, font,
 * corner radius and logo, with a preview that follows every keystroke and contrast warnings
 * (WCAG AA, the server's own check) at the fields; Save stores it and relinks the stylesheet.
 */
export function BrandingPage() {
  const tenant = useSessionStore((s) => s.tenant);
  const [saved, setSaved] = useState<TenantBranding | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState("");
  const [previewTheme, setPreviewTheme] = useState<Theme>("light");

  const load = (b: TenantBranding) => {
    setSaved(b);
    setDraft({
      light: colorsOf(b),
      dark: colorsOf(b.dark),
      logoUrl: b.logoUrl ?? "",
      fontFamily: Object.entries(FONT_STACKS).find(([, v]) => v === b.fontFamily)?.[0] ?? b.fontFamily,
      radius: b.radius,
      footer: b.footer,
      senderName: b.senderName,
    });
  };
  useEffect(() => {
    const abort = new AbortController();
    getBranding(abort.signal).then(load, (e: unknown) => !abort.signal.aborted && setError(problemText(e)));
    return () => abort.abort();
  }, [tenant]);

  const themes = useMemo(
    () => (draft && saved ? { light: themeOf(draft, saved, "light"), dark: themeOf(draft, saved, "dark") } : null),
    [draft, saved],
  );
  /** Contrast warnings by field (the foreground of each failing pair). */
  const warnings = useMemo(() => {
    const out: Record<string, string[]> = {};
    if (!themes) return out;
    for (const theme of ["light", "dark"] as const)
      for (const p of contrastProblems(themes[theme])) (out[fieldKey(theme, p.pair[0])] ??= []).push(p.message);
    return out;
  }, [themes]);

  if (error && !draft) return <ErrorNote title="The branding cannot be loaded">{error}</ErrorNote>;
  if (!draft || !saved || !themes) return <Loading />;

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const setColor = (theme: Theme, key: ColorKey, value: string) => {
    setDraft({ ...draft, [theme]: { ...draft[theme], [key]: value } });
    // The server's word on this field no longer applies; the live checks take over.
    if (fieldErrors[fieldKey(theme, key)]) {
      const { [fieldKey(theme, key)]: _gone, ...rest } = fieldErrors;
      setFieldErrors(rest);
    }
  };
  const syntax = (theme: Theme, key: ColorKey) =>
    parseColor(draft[theme][key]) ? null : "Use #rgb, #rrggbb or rgb(r, g, b).";
  const fontOk = parseFontFamily(draft.fontFamily) !== null;

  const save = async () => {
    setError(null);
    setFieldErrors({});
    setStatus("");
    try {
      const next = await putBranding({
        ...draft.light,
        dark: draft.dark,
        logoUrl: draft.logoUrl.trim() || null,
        fontFamily: draft.fontFamily,
        radius: draft.radius,
        footer: draft.footer,
        senderName: draft.senderName,
      });
      load(next);
      refreshTenantStylesheet(tenant);
      setStatus("Branding saved.");
    } catch (e) {
      if (e instanceof ProblemError)
        setFieldErrors(
          Object.fromEntries(
            (e.problem.errors ?? []).map((f) => [f.pointer.replace(/^\/body\//, "").replace("/", "."), f.message]),
          ),
        );
      setError(problemText(e));
    }
  };

  const shown = themes[previewTheme];
  const previewStyle = {
    ...Object.fromEntries(COLOR_KEYS.map((k) => [BRANDING_CSS_VARIABLES[k], shown[k]])),
    "--brand-font": parseFontFamily(draft.fontFamily) ?? saved.fontFamily,
    "--brand-radius": `${draft.radius}px`,
  } as CSSProperties;
  const logo = draft.logoUrl.trim();

  const colorField = (theme: Theme, key: ColorKey) => {
    const id = `brand-${theme}-${key}`;
    const notes = [syntax(theme, key), fieldErrors[fieldKey(theme, key)], ...(warnings[fieldKey(theme, key)] ?? [])];
    const text = notes.filter(Boolean) as string[];
    return (
      <div className="brand-color" key={id}>
        <label htmlFor={id}>{LABELS[key]}</label>
        <div className="brand-color-inputs">
          <input
            type="color"
            aria-label={`${LABELS[key]} (${theme}) picker`}
            value={parseColor(draft[theme][key]) ?? "#000000"}
            onChange={(e) => setColor(theme, key, e.target.value)}
          />
          <input
            id={id}
            name={fieldKey(theme, key)}
            value={draft[theme][key]}
            onChange={(e) => setColor(theme, key, e.target.value)}
            aria-invalid={text.length > 0}
            aria-describedby={text.length ? `${id}-note` : undefined}
            spellCheck={false}
            maxLength={40}
          />
        </div>
        {text.length > 0 && (
          <p id={`${id}-note`} className="field-warning">
            {text.join(" ")}
          </p>
        )}
      </div>
    );
  };

  return (
    <div className="page branding-page">
      <PageHeader
        title="Branding"
        subtitle="Your marketplace's colours, font, corners and logo: in the studio, on the end-user forms and in emails."
        actions={
          <button type="button" className="button primary" onClick={() => void save()}>
            Save branding
          </button>
        }
      />
      {error && <ErrorNote title="The branding was not saved">{error}</ErrorNote>}
      <p role="status" className="muted">
        {status}
      </p>
      <div className="branding-layout">
        <form className="branding-form" onSubmit={(e) => (e.preventDefault(), void save())}>
          {(["light", "dark"] as const).map((theme) => (
            <fieldset key={theme}>
              <legend>{theme === "light" ? "Light theme" : "Dark theme"}</legend>
              {COLOR_KEYS.map((key) => colorField(theme, key))}
            </fieldset>
          ))}
          <fieldset>
            <legend>Type, corners and logo</legend>
            <label htmlFor="brand-font">Font</label>
            <input
              id="brand-font"
              list="brand-font-stacks"
              value={draft.fontFamily}
              onChange={(e) => set({ fontFamily: e.target.value })}
              aria-invalid={!fontOk}
              aria-describedby="brand-font-note"
            />
            <datalist id="brand-font-stacks">
              {Object.keys(FONT_STACKS).map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            <p id="brand-font-note" className={fontOk ? "muted" : "field-warning"}>
              {fontOk
                ? `${Object.keys(FONT_STACKS).join(", ")} or a list of font names.`
                : "Use one of the named stacks or font names (letters, digits, spaces, hyphens) separated by commas."}
              {fieldErrors.fontFamily ? ` ${fieldErrors.fontFamily}` : ""}
            </p>
            <label htmlFor="brand-radius">Corner radius (px)</label>
            <input
              id="brand-radius"
              type="number"
              min={0}
              max={32}
              value={draft.radius}
              onChange={(e) => set({ radius: Math.max(0, Math.min(32, Math.round(Number(e.target.value) || 0))) })}
            />
            <label htmlFor="brand-logo">Logo URL</label>
            <input
              id="brand-logo"
              value={draft.logoUrl}
              placeholder="https://… or /media/files/…"
              onChange={(e) => set({ logoUrl: e.target.value })}
              aria-describedby={fieldErrors.logoUrl ? "brand-logo-note" : undefined}
            />
            {fieldErrors.logoUrl && (
              <p id="brand-logo-note" className="field-warning">
                {fieldErrors.logoUrl}
              </p>
            )}
            <label htmlFor="brand-footer">Email footer</label>
            <input
              id="brand-footer"
              value={draft.footer}
              maxLength={500}
              onChange={(e) => set({ footer: e.target.value })}
            />
            <label htmlFor="brand-sender">Email sender name</label>
            <input
              id="brand-sender"
              value={draft.senderName}
              maxLength={100}
              onChange={(e) => set({ senderName: e.target.value })}
            />
          </fieldset>
        </form>
        <section className="branding-preview-panel" aria-labelledby="brand-preview-title">
          <h2 id="brand-preview-title">Preview</h2>
          <div role="radiogroup" aria-label="Preview theme" className="brand-theme-switch">
            {(["light", "dark"] as const).map((theme) => (
              <label key={theme}>
                <input
                  type="radio"
                  name="preview-theme"
                  checked={previewTheme === theme}
                  onChange={() => setPreviewTheme(theme)}
                />
                {theme === "light" ? "Light" : "Dark"}
              </label>
            ))}
          </div>
          <div className="brand-preview" data-testid="brand-preview" style={previewStyle}>
            <div className="brand-preview-head">
              {logo ? <img src={logo} alt="Logo" height={28} /> : <strong>{draft.senderName || tenant}</strong>}
            </div>
            <div className="brand-preview-card">
              <h3>A sample form</h3>
              <p>Body text reads like this.</p>
              <p className="brand-preview-muted">Muted text is for hints.</p>
              <label htmlFor="brand-preview-input">A field</label>
              <input id="brand-preview-input" defaultValue="Some value" />
              <p>
                <a href="#brand-preview-title">A link in the accent colour</a>
              </p>
              <button type="button" className="brand-preview-button">
                Primary action
              </button>
            </div>
          </div>
        </section>
      </div>
    </div>
  );
}
