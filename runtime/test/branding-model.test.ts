/**
 * The branding model (engine/src/contract/branding.ts), pure: colour syntax, the WCAG 2.x
 * contrast formula against known values, pointers of every kind of problem, and a stylesheet
 * that holds only validated values.
 */
import { describe, expect, test } from "vitest";
import {
  applyBranding,
  buildBrandingCss,
  contrastRatio,
  DEFAULT_TENANT_BRANDING,
  FONT_STACKS,
  parseColor,
  parseFontFamily,
  readBranding,
} from "../../engine/src/contract/branding.ts";

describe("colours and contrast", () => {
  test("hex and rgb() syntaxes normalise to #rrggbb; anything else is refused", () => {
    expect(parseColor("#ABC")).toBe("#aabbcc");
    expect(parseColor("#0a7F5a")).toBe("#0a7f5a");
    expect(parseColor("rgb(10, 20, 255)")).toBe("#0a14ff");
    expect(parseColor("rgb(10 20 30)")).toBe("#0a141e");
    for (const bad of ["red", "#12345", "#ggg", "rgb(256,0,0)", "rgba(0,0,0,0.5)", "#fff;}", 12, null])
      expect(parseColor(bad), String(bad)).toBeNull();
  });

  test("WCAG ratios of well-known pairs", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // #777 on white is the classic just-fails-AA grey (4.48:1); #767676 just passes (4.54:1).
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#767676")).toBeCloseTo(contrastRatio("#767676", "#ffffff"), 10);
  });
});

describe("applyBranding", () => {
  test("defaults pass their own checks (light and dark)", () => {
    expect(applyBranding(DEFAULT_TENANT_BRANDING, {}).ok).toBe(true);
  });

  test("every problem has a pointer: unknown keys, bad colours, fonts, radius, logo, low contrast", () => {
    const result = applyBranding(DEFAULT_TENANT_BRANDING, {
      colour: "#fff",
      primaryColor: "blue",
      dark: { textColor: "nope", glow: "#fff" },
      fontFamily: "Arial; } body { display:none",
      radius: 99,
      logoUrl: "javascript:alert(1)",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.pointer).sort()).toEqual(
      ["/colour", "/primaryColor", "/dark/glow", "/dark/textColor", "/fontFamily", "/radius", "/logoUrl"].sort(),
    );
    const low = applyBranding(DEFAULT_TENANT_BRANDING, { textColor: "#777777", surfaceColor: "#ffffff" });
    expect(low.ok).toBe(false);
    if (low.ok) return;
    expect(low.problems).toContainEqual({
      pointer: "/textColor",
      message: "contrast of textColor #777777 on surfaceColor #ffffff is 4.48:1; WCAG AA needs at least 4.5:1",
    });
    // A background that the stored text cannot be read on: the pointer is the key that was sent.
    const bg = applyBranding(DEFAULT_TENANT_BRANDING, { dark: { backgroundColor: "#d4d4d8" } });
    expect(!bg.ok && bg.problems.map((p) => p.pointer)).toContain("/dark/backgroundColor");
  });

  test("a valid change merges over the current branding, normalised", () => {
    const result = applyBranding(DEFAULT_TENANT_BRANDING, {
      primaryColor: "rgb(10, 127, 90)",
      fontFamily: "Inter, 'Open Sans', sans-serif",
      radius: 12,
      dark: { accentColor: "#AAC" },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.branding).toMatchObject({
      primaryColor: "#0a7f5a",
      fontFamily: '"Inter", "Open Sans", sans-serif',
      radius: 12,
      textColor: DEFAULT_TENANT_BRANDING.textColor,
      dark: { ...DEFAULT_TENANT_BRANDING.dark, accentColor: "#aaaacc" },
    });
    expect(parseFontFamily("serif")).toContain("Georgia");
    // The named stacks read back as themselves once stored.
    for (const stack of Object.values(FONT_STACKS)) expect(parseFontFamily(stack)).toBe(stack);
  });
});

test("the stylesheet carries both themes as variables; stored junk never reaches it", () => {
  const css = buildBrandingCss(
    readBranding({ primaryColor: "#0a7f5a", logoUrl: 'https://x.test/a.png");}', fontFamily: "x}{", radius: 8 }),
  );
  expect(css).toContain("--brand-primary: #0a7f5a;");
  expect(css).toContain("--brand-radius: 8px;");
  expect(css).toContain("--brand-logo: none;");
  expect(css).toContain(`--brand-font: ${DEFAULT_TENANT_BRANDING.fontFamily};`);
  expect(css).toMatch(/@media \(prefers-color-scheme: dark\)[\s\S]*--brand-background: #18181b;/);
  expect(css).toMatch(/:root\[data-theme="dark"\] \{[\s\S]*--brand-text: #f3f4f6;/);
  expect(css).not.toContain("x}{");
});
