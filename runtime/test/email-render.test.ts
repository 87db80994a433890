import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { templates } from "../../generated/registry.ts";
import { EmailRenderer } from "../src/email/email-renderer.ts";

/** Sample values for declared variables: each distinct, so the output shows which one landed where. */
const sampleVars = (names: readonly string[]) =>
  Object.fromEntries(names.map((n, i) => [n.split(".")[0], `v${i}-${n.replace(/\W/g, "")}`]));

describe("email rendering", () => {
  it("compiles every shipped template email in every locale, once, and fills every declared variable", async () => {
    const renderer = new EmailRenderer();
    let sources = 0;
    for (const t of templates)
      for (const email of t.emails)
        for (const locale of t.locales) {
          const source = { subject: email.subject[locale], mjml: email.mjml[locale] };
          expect(await renderer.problems(source, email.variables)).toEqual([]);
          const compiled = await renderer.compile(source);
          // The compiled HTML still holds the placeholders: only Nunjucks runs per message.
          expect(compiled.htmlSource).toMatch(/{{\s*\w+/);
          expect(compiled.htmlSource).not.toMatch(/<mj-/);
          const vars = sampleVars(email.variables);
          const out = renderer.render(compiled, vars, { locale });
          const html = out.html + out.subject;
          const shown = Object.values(vars).filter((v) => html.includes(v));
          expect(shown.length).toBeGreaterThan(0);
          expect(out.html).not.toMatch(/{{|{%/);
          expect(out.text).not.toMatch(/<[a-z]/i);
          renderer.render(compiled, vars, { locale });
          sources++;
        }
    expect(renderer.compiles).toBe(sources);
  });

  it("renders a generated template through the base layout, components, branding and locale filters", async () => {
    const renderer = new EmailRenderer();
    const names = fc.sample(fc.stringMatching(/^[a-z][a-zA-Z0-9]{2,12}$/), { numRuns: 30, seed: 11 });
    const [who, when, price, flag] = [...new Set(names)].filter((n) => !["brand", "locale", "loop"].includes(n));
    const source = {
      subject: `{{ ${who} | title }}: {{ ${price} | currency }}`,
      mjml:
        `{% extends "base" %}{% block content %}<mj-text>Hello {{ ${who} }}, {{ ${when} | date("long") }}</mj-text>` +
        `{% if ${flag} %}<mono-alert kind="warning">ALERT-SHOWN</mono-alert>{% endif %}` +
        `<mono-record-card title="Card"><mono-field label="Total">{{ ${price} | currency }}</mono-field></mono-record-card>` +
        `<mono-button href="https://example.test/r?x={{ ${who} | urlencode }}">Open</mono-button>{% endblock %}`,
    };
    expect(await renderer.problems(source, [who, when, price, flag])).toEqual([]);
    const brand = { senderName: "Brand-Sender", primaryColor: "#ab12cd", footer: "FOOTER-LINE", logoUrl: null };
    const vars = { [who]: "ada lovelace", [when]: "2026-05-01T10:00:00Z", [price]: 1234.5, [flag]: false };
    const de = await renderer.renderSource(source, vars, { locale: "de", currency: "EUR", brand });
    const en = await renderer.renderSource(source, { ...vars, [flag]: true }, { locale: "en", currency: "USD", brand });
    expect(de.subject).toBe("Ada Lovelace: 1.234,50 €");
    expect(en.subject).toBe("Ada Lovelace: $1,234.50");
    expect(de.html).toContain("1. Mai 2026");
    expect(en.html).toContain("May 1, 2026");
    expect(de.html).toContain("#ab12cd");
    expect(de.html).toContain("Brand-Sender");
    expect(de.html).toContain("FOOTER-LINE");
    expect(de.html).not.toContain("ALERT-SHOWN");
    expect(en.html).toContain("ALERT-SHOWN");
    expect(de.html).toContain("x=ada%20lovelace");
    expect(de.text).toMatch(/Total 1\.234,50\s€/);
    expect(de.text).toContain("Open [https://example.test/r?x=ada%20lovelace]");
    // Escaped in HTML, plain in text and subject.
    const tricky = await renderer.renderSource(source, { ...vars, [who]: "<b>x</b>" }, { locale: "en" });
    expect(tricky.html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(tricky.text).toContain("<b>x</b>");
    expect(renderer.compiles).toBe(1);
  });

  it("formats numbers and truncates at a word", async () => {
    const r = new EmailRenderer();
    const ok = (body: string) =>
      `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const source = { subject: "{{ n | number(2) }} / {{ s | truncate(12) }}", mjml: ok("{{ n | number }}") };
    const vars = { n: 1234567.891, s: "the quick brown fox jumps" };
    expect((await r.renderSource(source, vars, { locale: "de" })).subject).toBe("1.234.567,89 / the quick…");
    expect((await r.renderSource(source, vars, { locale: "en" })).subject).toBe("1,234,567.89 / the quick…");
    expect((await r.renderSource(source, vars, { locale: "en" })).html).toContain("1,234,567.891");
  });

  it("reports Nunjucks syntax, MJML strict validation, unknown layouts and undeclared variables", async () => {
    const r = new EmailRenderer();
    const ok = "<mjml><mj-body><mj-section><mj-column><mj-text>x</mj-text></mj-column></mj-section></mj-body></mjml>";
    expect(await r.problems({ subject: "{{ a | }", mjml: ok }, ["a"])).toMatchObject([
      { part: "subject", message: expect.stringMatching(/^Nunjucks:/) },
    ]);
    expect(await r.problems({ subject: "s", mjml: ok.replace("<mj-text>", '<mj-text bogus="1">') }, [])).toMatchObject([
      { part: "mjml", message: expect.stringContaining("bogus") },
    ]);
    expect(
      await r.problems({ subject: "s", mjml: ok.replace("mj-text", "mj-txt").replace("mj-text", "mj-txt") }, []),
    ).toMatchObject([{ part: "mjml", message: expect.stringContaining("mj-txt") }]);
    expect(await r.problems({ subject: "s", mjml: '{% extends "nope" %}' }, [])).toMatchObject([
      { part: "mjml", message: expect.stringContaining('unknown layout "nope"') },
    ]);
    expect(
      await r.problems(
        { subject: "{{ x }}", mjml: ok.replace(">x<", ">{% for i in items %}{{ i }}{{ y }}{% endfor %}<") },
        ["x", "items"],
      ),
    ).toEqual([{ part: "mjml", message: 'uses "y", which the template does not declare' }]);
  });
});
