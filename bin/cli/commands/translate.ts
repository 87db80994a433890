import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { GlossaryTerm } from "../../../runtime/src/translation/checks.ts";
import { providerFor, type TranslationProvider } from "../../../runtime/src/translation/providers.ts";
import {
  applyStrings,
  formatTemplate,
  missingStrings,
  templateStrings,
  translateStrings,
} from "../../../runtime/src/translation/template-strings.ts";
import { UsageError, type CommandIo } from "../command-io.ts";

const USAGE = "Usage: mono translate <template.json> [--to LOCALE[,LOCALE…]] [--missing] [--json] [--threshold 0.7]";

/**
 * `mono translate <template.json>`: fills the template's missing translations (every declared
 * locale, or `--to`, which may add a locale) with the provider of OPENAI_BASE_URL /
 * OPENAI_API_KEY / MONO_TRANSLATION_MODEL (or ANTHROPIC_* with MONO_TRANSLATION_PROVIDER=anthropic),
 * honouring `glossary.json` beside the template. `--missing` only lists what is missing.
 * Exit 0: nothing left missing; 1: strings still missing (listed) or refused; 2: usage.
 */
export async function runTranslateCommand(
  argv: string[],
  io: CommandIo,
  provider?: TranslationProvider | null,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      missing: { type: "boolean" },
      json: { type: "boolean" },
      threshold: { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const file = positionals[0];
  const template = JSON.parse(await readFile(file, "utf8")) as Record<string, never>;
  const declared = (template.locales as unknown as string[]) ?? [];
  const defaultLocale = (template.defaultLocale as unknown as string) ?? declared[0];
  const targets = values.to
    ? values.to
        .split(",")
        .map((l) => l.trim())
        .filter(Boolean)
    : declared.filter((l) => l !== defaultLocale);
  for (const l of targets)
    if (!/^[a-z]{2,3}(-[A-Z][A-Za-z0-9]{1,7})?$/.test(l))
      throw new UsageError(`--to: "${l}" is not a locale (xx or xx-YY)`);
  const threshold = values.threshold === undefined ? 0.7 : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError("--threshold: a number from 0 to 1");

  if (values.missing) {
    const missing = missingStrings(template, targets);
    const only = Object.fromEntries(
      Object.entries(missing).filter(([l]) => targets.includes(l) || declared.includes(l)),
    );
    if (values.json) io.stdout(JSON.stringify(only, null, 2));
    else if (!Object.keys(only).length) io.stdout(`${file}: no missing translations`);
    else
      for (const [locale, pointers] of Object.entries(only)) {
        io.stdout(`${locale}: ${pointers.length} missing`);
        for (const p of pointers) io.stdout(`  ${p}`);
      }
    return Object.keys(only).length ? 1 : 0;
  }

  const chosen = provider === undefined ? providerFor({}, io.env) : provider;
  if (!chosen) {
    io.stderr("mono translate: no provider: set OPENAI_BASE_URL (and OPENAI_API_KEY, MONO_TRANSLATION_MODEL)");
    return 1;
  }
  const glossary = await readGlossary(path.join(path.dirname(file), "glossary.json"));
  const report: Record<string, unknown[]> = {};
  let left = 0;
  for (const locale of targets) {
    const outcomes = await translateStrings(templateStrings(template), defaultLocale, locale, chosen, {
      glossary,
      threshold,
    });
    const written = new Map(outcomes.filter((o) => o.status === "translated").map((o) => [o.pointer, o.text!]));
    applyStrings(template, locale, written);
    const refused = outcomes.filter((o) => o.status !== "translated");
    left += refused.length;
    report[locale] = refused;
    if (!values.json) {
      io.stdout(`${locale}: ${written.size} translated, ${refused.length} not written`);
      for (const o of refused)
        io.stdout(
          `  ${o.pointer}: ${o.status}${o.score !== null ? ` (score ${o.score})` : ""} ${o.error ?? o.issues.map((i) => i.message).join("; ")}`,
        );
    }
  }
  await writeFile(file, formatTemplate(template));
  if (values.json) io.stdout(JSON.stringify(report, null, 2));
  return left ? 1 : 0;
}

async function readGlossary(file: string): Promise<GlossaryTerm[]> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as unknown;
    if (!Array.isArray(value)) throw new Error(`${file}: a list of {term, rule, translation?, locale?}`);
    return value as GlossaryTerm[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
