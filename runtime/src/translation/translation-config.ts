import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { GlossaryTerm } from "./checks.ts";
import type { TranslationOptions } from "./translation-plugin.ts";

/**
 * Each template's glossary: `glossary.json` beside `<dir>/<id>/template.json`, a list of
 * `{ term, rule: "keep" | "translate", translation?, locale? }`, keyed by the folder's name.
 */
export async function loadTemplateGlossaries(dir: string): Promise<Record<string, GlossaryTerm[]>> {
  const out: Record<string, GlossaryTerm[]> = {};
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    try {
      const value = JSON.parse(await readFile(path.join(dir, entry.name, "glossary.json"), "utf8")) as unknown;
      if (Array.isArray(value)) out[entry.name] = value as GlossaryTerm[];
    } catch {
      // No glossary (or an unreadable one): none.
    }
  }
  return out;
}

/**
 * The server's translation options: on when `OPENAI_BASE_URL` or `ANTHROPIC_BASE_URL` is set or
 * `MONO_TRANSLATION=on` (then tenants may name their own endpoint in `settings.translation`),
 * off with `MONO_TRANSLATION=off`.
 */
export async function translationFromEnv(
  env: Record<string, string | undefined>,
  templatesDir: string,
): Promise<TranslationOptions | undefined> {
  if (env.MONO_TRANSLATION === "off") return undefined;
  if (!env.OPENAI_BASE_URL && !env.ANTHROPIC_BASE_URL && env.MONO_TRANSLATION !== "on") return undefined;
  return { glossaries: await loadTemplateGlossaries(templatesDir) };
}
