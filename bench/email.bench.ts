/**
 * `npm run bench:email`: renders per second through the pipeline's renderer (MJML compiled once
 * per template version, cached; Nunjucks per message) against the naive way (Nunjucks on the
 * MJML source, then mjml2html, per message), same templates and data, in one run.
 *
 *   templates  every email of every shipped template, in every locale, plus the platform's system
 *              emails (base layout, components), each with distinct sample values per message
 *   pipeline   EmailRenderer.render: subject, HTML and text part
 *   naive      nunjucks.renderString on subject and MJML, then mjml2html (HTML only)
 *   run        BENCH_SECONDS (default 3) per side after a warm-up, interleaved twice
 *
 * Last line: `email renders_per_s=<n> naive_per_s=<n> ratio=<r>` (goal: ratio ≥ 20).
 */
import mjml2html from "mjml";
import nunjucks from "nunjucks";
import { prepareEmailMjml } from "../engine/src/contract/email-source.ts";
import type { TemplateRegistry } from "../engine/src/contract/registry-types.ts";
import { templates } from "../generated/registry.ts";
import { EmailRenderer, type EmailSource } from "../runtime/src/email/email-renderer.ts";
import { addEmailFilters } from "../runtime/src/email/email-filters.ts";
import { SYSTEM_EMAILS } from "../runtime/src/email/system-emails.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

interface Case {
  source: EmailSource;
  variables: readonly string[];
  locale: string;
}
const cases: Case[] = [];
for (const t of templates as unknown as readonly TemplateRegistry[])
  for (const e of t.emails)
    for (const locale of Object.keys(e.mjml))
      cases.push({
        source: { subject: e.subject[locale] ?? "", mjml: e.mjml[locale] },
        variables: e.variables,
        locale,
      });
for (const e of Object.values(SYSTEM_EMAILS))
  for (const locale of Object.keys(e.mjml))
    cases.push({ source: { subject: e.subject[locale], mjml: e.mjml[locale] }, variables: e.variables, locale });

const data = (c: Case, i: number) => Object.fromEntries(c.variables.map((v) => [v.split(".")[0], `${v} value ${i}`]));
const brand = { senderName: "Bench", primaryColor: "#123456", footer: "Bench footer" };

const renderer = new EmailRenderer();
const compiled = await Promise.all(cases.map((c) => renderer.compile(c.source)));
const env = new nunjucks.Environment(null, { autoescape: true });
addEmailFilters(env);
// The naive side resolves the layout and components too, so both produce the same email.
const prepared = cases.map((c) => {
  const p = prepareEmailMjml(c.source.mjml);
  if (!p.ok) throw new Error(p.problem.message);
  return p.mjml;
});

let sink = 0;
async function pipeline(i: number) {
  const k = i % cases.length;
  const out = renderer.render(compiled[k], data(cases[k], i), { locale: cases[k].locale, brand });
  sink += out.html.length + out.text.length;
}
async function naive(i: number) {
  const k = i % cases.length;
  const ctx = { ...data(cases[k], i), locale: cases[k].locale, currency: "EUR", brand };
  env.renderString(cases[k].source.subject, ctx);
  const mjml = env.renderString(prepared[k], ctx);
  const { html } = await mjml2html(mjml, { validationLevel: "skip" });
  sink += html.length;
}

async function measure(fn: (i: number) => Promise<void>, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) for (let j = 0; j < 20; j++) await fn(n++);
  return n / ((performance.now() - start) / 1000);
}

await measure(pipeline, 0.5);
await measure(naive, 0.5);
const p: number[] = [];
const q: number[] = [];
for (let round = 0; round < 2; round++) {
  p.push(await measure(pipeline, SECONDS / 2));
  q.push(await measure(naive, SECONDS / 2));
}
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rps = avg(p);
const naiveRps = avg(q);
console.log(`templates=${cases.length} mjml_compiles=${renderer.compiles} (bytes ${sink})`);
console.log(
  `email renders_per_s=${Math.round(rps)} naive_per_s=${Math.round(naiveRps)} ratio=${(rps / naiveRps).toFixed(1)}`,
);
