import { createHash } from "node:crypto";
import { convert } from "html-to-text";
import mjml2html from "mjml";
import nunjucks from "nunjucks";
import {
  DEFAULT_BRANDING,
  EMAIL_GLOBALS,
  EMAIL_LAYOUTS,
  prepareEmailMjml,
  templateVariables,
  type EmailBranding,
  type TemplateNode,
} from "../../../engine/src/contract/email-source.ts";
import { addEmailFilters } from "./email-filters.ts";

/** One email template in one locale, as stored at any level (platform, template, tenant). */
export interface EmailSource {
  readonly subject: string;
  readonly mjml: string;
}

/** What is wrong with a source: which part (`subject` or `mjml`) and why. */
export interface EmailProblem {
  readonly part: "subject" | "mjml";
  readonly message: string;
}

/** A source compiled once: MJML is HTML now, with the Nunjucks placeholders intact. */
export interface CompiledEmail {
  readonly hash: string;
  /** The HTML with placeholders (the compile step's output; the preview API shows it). */
  readonly htmlSource: string;
  readonly subject: nunjucks.Template;
  readonly html: nunjucks.Template;
  readonly text: nunjucks.Template;
}

/** The per-message context: who reads it, in which locale and currency, under which brand. */
export interface RenderContext {
  readonly locale: string;
  readonly currency?: string;
  readonly brand?: Partial<EmailBranding>;
  readonly recipient?: { readonly email: string; readonly name?: string | null };
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export class EmailTemplateError extends Error {
  constructor(readonly problems: readonly EmailProblem[]) {
    super(`email template does not compile: ${problems.map((p) => `${p.part}: ${p.message}`).join("; ")}`);
  }
}

const TEXT_OPTIONS = {
  // Never wrap: a wrapped line could split a placeholder's string argument.
  wordwrap: false as const,
  selectors: [
    { selector: "img", format: "skip" },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "inline" },
  ],
};

/**
 * MJML is compiled once per template version (its text's hash) into HTML that still holds the
 * Nunjucks placeholders; each message then only runs the three precompiled Nunjucks templates
 * (subject, HTML, text). The text alternative is derived from the compiled HTML once, too.
 */
export class EmailRenderer {
  private readonly html = new nunjucks.Environment(null, { autoescape: true });
  private readonly plain = new nunjucks.Environment(null, { autoescape: false });
  private readonly cache = new Map<string, Promise<CompiledEmail>>();
  /** How many MJML compiles ran (tests check the cache with it). */
  compiles = 0;

  constructor(private readonly layouts: Readonly<Record<string, string>> = EMAIL_LAYOUTS) {
    addEmailFilters(this.html);
    addEmailFilters(this.plain);
  }

  compile(source: EmailSource): Promise<CompiledEmail> {
    const hash = createHash("sha256").update(source.subject).update("\0").update(source.mjml).digest("hex");
    let hit = this.cache.get(hash);
    if (!hit) {
      hit = this.compileNow(source, hash);
      this.cache.set(hash, hit);
      hit.catch(() => this.cache.delete(hash));
      if (this.cache.size > 2000) this.cache.delete(this.cache.keys().next().value!);
    }
    return hit;
  }

  render(compiled: CompiledEmail, variables: Record<string, unknown>, context: RenderContext): RenderedEmail {
    const vars = {
      ...variables,
      locale: context.locale,
      currency: context.currency ?? "EUR",
      brand: { ...DEFAULT_BRANDING, ...context.brand },
      recipient: context.recipient ?? null,
    };
    return {
      subject: compiled.subject.render(vars).replace(/\s+/g, " ").trim(),
      html: compiled.html.render(vars),
      text:
        compiled.text
          .render(vars)
          .replace(/\n{3,}/g, "\n\n")
          .trim() + "\n",
    };
  }

  async renderSource(source: EmailSource, variables: Record<string, unknown>, context: RenderContext) {
    return this.render(await this.compile(source), variables, context);
  }

  /**
   * Problems of a source: Nunjucks syntax, MJML strict validation (a placeholder where MJML
   * wants a colour or a unit is checked at render time, not here), and variables used without
   * being declared (`declared` plus EMAIL_GLOBALS).
   */
  async problems(source: EmailSource, declared: readonly string[]): Promise<EmailProblem[]> {
    const problems: EmailProblem[] = [];
    const known = new Set([...declared.map((v) => v.split(".")[0]), ...EMAIL_GLOBALS]);
    for (const part of ["subject", "mjml"] as const) {
      try {
        const used = templateVariables(parseNunjucks(source[part]));
        for (const name of used)
          if (!known.has(name)) problems.push({ part, message: `uses "${name}", which the template does not declare` });
      } catch (error) {
        problems.push({ part, message: `Nunjucks: ${nunjucksMessage(error)}` });
      }
    }
    if (problems.some((p) => p.message.startsWith("Nunjucks:"))) return problems;
    const prepared = prepareEmailMjml(source.mjml, this.layouts);
    if (!prepared.ok) return [...problems, { part: "mjml", message: prepared.problem.message }];
    try {
      const result = await mjml2html(prepared.mjml, { validationLevel: "soft" });
      for (const e of result.errors)
        if (!isPlaceholderValue(e.message)) problems.push({ part: "mjml", message: e.message.trim() });
    } catch (error) {
      problems.push({ part: "mjml", message: `MJML: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (!/<mjml[\s>]/.test(prepared.mjml))
      problems.push({ part: "mjml", message: "the body is not an <mjml> document" });
    if (!/<mj-body[\s>]/.test(prepared.mjml)) problems.push({ part: "mjml", message: "the document has no <mj-body>" });
    return problems;
  }

  private async compileNow(source: EmailSource, hash: string): Promise<CompiledEmail> {
    const prepared = prepareEmailMjml(source.mjml, this.layouts);
    if (!prepared.ok) throw new EmailTemplateError([{ part: "mjml", message: prepared.problem.message }]);
    this.compiles++;
    const { html } = await mjml2html(prepared.mjml, { validationLevel: "skip", keepComments: false });
    try {
      return {
        hash,
        htmlSource: html,
        subject: new nunjucks.Template(source.subject, this.plain, `subject:${hash}`, true),
        html: new nunjucks.Template(html, this.html, `html:${hash}`, true),
        text: new nunjucks.Template(convert(html, TEXT_OPTIONS), this.plain, `text:${hash}`, true),
      };
    } catch (error) {
      throw new EmailTemplateError([{ part: "mjml", message: `Nunjucks: ${nunjucksMessage(error)}` }]);
    }
  }
}

/** Nunjucks' parser (public, though its typings leave it out). */
const parseNunjucks = (text: string): TemplateNode =>
  (nunjucks as unknown as { parser: { parse(src: string): TemplateNode } }).parser.parse(text);

const isPlaceholderValue = (message: string) => /has invalid value: .*({{|{%)/.test(message);

function nunjucksMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/^\(unknown path\)\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}
