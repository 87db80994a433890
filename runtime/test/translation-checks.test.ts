/**
 * The pure parts of translation (runtime/src/translation): placeholder and markup checks, the
 * glossary, the segment score, the answer schema, retry-after parsing, and the template strings
 * of `mono translate` on random templates (test/support/random-template.ts) and a shipped one.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileTemplateText } from "../../engine/src/index.ts";
import { templateArb } from "../../test/support/random-template.ts";
import { checkSegment, glossaryIssues, placeholderIssues, placeholdersOf } from "../src/translation/checks.ts";
import { parseAnswer, retryAfterMs, TranslationProviderError } from "../src/translation/providers.ts";
import { applyStrings, formatTemplate, missingStrings, templateStrings } from "../src/translation/template-strings.ts";

describe("placeholders and markup", () => {
  test("Nunjucks output, tags, comments and HTML tags, spacing normalized", () => {
    expect(placeholdersOf('Hi {{name}}, {% if vip %}<b class="x">VIP</b>{% endif %} {# note #}<br/>')).toEqual([
      "{{ name }}",
      "{% if vip %}",
      '<b class="x">',
      "</b>",
      "{% endif %}",
      "{# note #}",
      "<br/>",
    ]);
    expect(placeholderIssues("Hi {{ name }}", "Hallo {{name}}")).toEqual([]);
    expect(placeholderIssues("Hi {{ name }}", "Hallo")).toEqual([
      { check: "placeholders", message: "missing {{ name }}" },
    ]);
    expect(placeholderIssues("<b>x</b>", "<b>x</b><i>")).toEqual([
      { check: "placeholders", message: "not in the source: <i>" },
    ]);
    // A repeated placeholder counts each time.
    expect(placeholderIssues("{{ a }} and {{ a }}", "{{ a }}")).toHaveLength(1);
    expect(placeholderIssues("3 < 4 and 5 > 2", "3 < 4 und 5 > 2")).toEqual([]);
  });

  test("a dropped placeholder or an empty answer rejects the segment", () => {
    expect(checkSegment("Hi {{ name }}", "Hallo", 1, [], "de")).toMatchObject({ rejected: true, score: 0 });
    expect(checkSegment("Hi", "  ", 1, [], "de").rejected).toBe(true);
  });
});

describe("glossary and score", () => {
  const glossary = [
    { term: "Acme", rule: "keep" as const },
    { term: "booking", rule: "translate" as const, translation: "Buchung", locale: "de" },
  ];
  test("kept and translated terms, on word boundaries, per locale", () => {
    expect(glossaryIssues("Your Acme booking", "Ihre Acme Buchung", glossary, "de")).toEqual([]);
    expect(glossaryIssues("Your Acme booking", "Ihre Akme Reservierung", glossary, "de").map((i) => i.message)).toEqual(
      ['"Acme" must stay untranslated', '"booking" must be "Buchung"'],
    );
    // The term is for `de` only; "bookings" is not the word "booking".
    expect(glossaryIssues("Your booking", "Votre réservation", glossary, "fr")).toEqual([]);
    expect(glossaryIssues("Many bookingsystems", "Viele Systeme", glossary, "de")).toEqual([]);
  });

  test("score: the model's rating less the penalties", () => {
    expect(checkSegment("Your Acme booking", "Ihre Acme Buchung", 0.9, glossary, "de")).toMatchObject({
      rejected: false,
      score: 0.9,
    });
    expect(checkSegment("Your Acme booking", "Ihre Acme Reservierung", 0.9, glossary, "de").score).toBe(0.5);
    expect(checkSegment("A long sentence of words", "Ja", 1, [], "de").score).toBe(0.8);
    expect(checkSegment("Welcome home", "Welcome home", 1, [], "de").score).toBe(0.8);
    expect(checkSegment("Acme", "Acme", 1, glossary, "de").score).toBe(1);
  });
});

describe("answers", () => {
  const request = {
    sourceLocale: "en",
    targetLocale: "de",
    segments: [{ id: "s1", text: "Hi" }],
    glossary: [],
    references: [],
  };
  test("the schema and the ids asked for", () => {
    expect(parseAnswer('{"translations":[{"id":"s1","text":"Hallo","rating":0.8}]}', request)).toEqual([
      { id: "s1", text: "Hallo", rating: 0.8 },
    ]);
    for (const bad of ["", "[]", '{"translations":[{"id":"s1","text":"Hallo"}]}', '{"translations":[],"x":1}'])
      expect(() => parseAnswer(bad, request)).toThrow(TranslationProviderError);
  });
  test("retry-after: milliseconds, seconds, an HTTP date", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterMs(h({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(h({ "retry-after": "2" }))).toBe(2000);
    const inFive = retryAfterMs(h({ "retry-after": new Date(Date.now() + 5000).toUTCString() }))!;
    expect(inFive).toBeGreaterThan(3000);
    expect(inFive).toBeLessThanOrEqual(5000);
    expect(retryAfterMs(h({}))).toBeNull();
  });
});

describe("template strings", () => {
  test("random templates: every label found, a new locale filled, the template still compiles", () => {
    fc.assert(
      fc.property(templateArb(0), (raw) => {
        const template = structuredClone(raw) as Record<string, never>;
        const missing = missingStrings(template, ["zz"]).zz ?? [];
        expect(missing.length).toBe(templateStrings(template).length);
        expect(missing.length).toBeGreaterThan(0);
        applyStrings(template, "zz", new Map(templateStrings(template).map((s) => [s.pointer, `zz ${s.source}`])));
        expect(missingStrings(template, ["zz"]).zz).toBeUndefined();
        const compiled = compileTemplateText(JSON.stringify(template), "random.json");
        expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(compiled.diagnostics.filter((d) => d.code === "ENG_LOCALE_MISSING")).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  test("a shipped template: nothing missing in its own locales, its file layout reproduced", async () => {
    const file = path.join(import.meta.dirname, "../../industry-templates/luxury-club/template.json");
    const text = await readFile(file, "utf8");
    const template = JSON.parse(text);
    expect(missingStrings(template)).toEqual({});
    expect(formatTemplate(template)).toBe(text);
    const strings = templateStrings(template);
    expect(strings.some((s) => s.pointer.startsWith("/emails/") && s.pointer.endsWith("/subject"))).toBe(true);
    expect(strings.some((s) => s.pointer.includes("/x-enumLabels/"))).toBe(true);
  });
});
