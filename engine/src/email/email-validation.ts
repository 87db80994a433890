/**
 * Email checks that need MJML and Nunjucks themselves (the template's own emails at `mono
 * validate` time): Nunjucks syntax, MJML strict validation of the prepared document (layout
 * resolved, components expanded, see engine/src/contract/email-source.ts) and the variables
 * the text reads. Synchronous, like every template check: MJML's parser and validator are.
 */
import { createRequire } from "node:module";
import nunjucks from "nunjucks";
import { prepareEmailMjml, templateVariables, type TemplateNode } from "../contract/email-source.ts";

// MJML's own packages are CommonJS without typings; `require` reads them the same way under
// every loader (Node, tsx, vitest). Requiring `mjml` registers the standard components.
const require = createRequire(import.meta.url);
require("mjml");
const { components, initializeType } = require("mjml-core") as {
  components: Record<string, unknown>;
  initializeType: (type: string) => unknown;
};
const MJMLParser = require("mjml-parser-xml") as (xml: string, options: object) => unknown;
const { default: MJMLValidator, dependencies } = require("mjml-validator") as {
  default: (tree: unknown, options: object) => { message: string; line?: number }[];
  dependencies: Record<string, unknown>;
};

export type EmailTextProblem =
  | { readonly kind: "syntax"; readonly message: string }
  | { readonly kind: "mjml"; readonly message: string; readonly line?: number }
  | { readonly kind: "variable"; readonly name: string };

const parse = (text: string): TemplateNode =>
  (nunjucks as unknown as { parser: { parse(src: string): TemplateNode } }).parser.parse(text);

/** Problems of one subject or MJML text; `declared` holds the template's variables and the globals. */
export function emailTextProblems(
  text: string,
  part: "subject" | "mjml",
  declared: ReadonlySet<string>,
): EmailTextProblem[] {
  let used: Set<string>;
  try {
    used = templateVariables(parse(text));
  } catch (error) {
    return [
      {
        kind: "syntax",
        message: (error instanceof Error ? error.message : String(error))
          .replace(/^\(unknown path\)\s*/, "")
          .replace(/\s+/g, " "),
      },
    ];
  }
  const problems: EmailTextProblem[] = [...used]
    .filter((n) => !declared.has(n))
    .map((name) => ({ kind: "variable" as const, name }));
  if (part === "mjml") problems.push(...mjmlProblems(text));
  return problems;
}

/**
 * MJML's validation of one body, cached by its text: it costs a few milliseconds, and most
 * edits (and every recompile in `generate --watch`) leave the emails as they were.
 */
const mjmlCache = new Map<string, EmailTextProblem[]>();
function mjmlProblems(text: string): EmailTextProblem[] {
  let hit = mjmlCache.get(text);
  if (!hit) {
    if (mjmlCache.size > 500) mjmlCache.clear();
    mjmlCache.set(text, (hit = validateMjml(text)));
  }
  return hit;
}

function validateMjml(text: string): EmailTextProblem[] {
  const prepared = prepareEmailMjml(text);
  if (!prepared.ok) return [{ kind: "mjml", message: prepared.problem.message }];
  if (!/<mjml[\s>]/.test(prepared.mjml)) return [{ kind: "mjml", message: "the body is not an <mjml> document" }];
  try {
    const tree = MJMLParser(prepared.mjml, { components, keepComments: false, ignoreIncludes: true });
    const errors = MJMLValidator(tree, { components, dependencies, initializeType });
    // A placeholder where MJML wants a colour or a unit is checked when it renders, not here.
    return errors
      .filter((e) => !/has invalid value: .*({{|{%)/.test(e.message))
      .map((e) => ({ kind: "mjml" as const, message: e.message.trim(), line: e.line }));
  } catch (error) {
    return [{ kind: "mjml", message: error instanceof Error ? error.message : String(error) }];
  }
}
