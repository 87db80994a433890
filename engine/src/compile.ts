import path from "node:path";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.ts";
import { buildTemplateIr } from "./ir/build-ir.ts";
import { deepFreeze } from "./ir/deep-freeze.ts";
import type { AppIR, TemplateIR } from "./ir/types.ts";
import { runChecks } from "./checks/run-checks.ts";
import { findTemplateFiles, loadTemplateFile } from "./template/load-template.ts";
import { parseTemplateText } from "./template/parse-template.ts";
import type { RawTemplate } from "./template/raw-template.ts";
import { validateTemplateShape } from "./validate/validate-template.ts";

export type CompileResult =
  { ok: true; ir: TemplateIR; diagnostics: Diagnostic[] } | { ok: false; ir?: undefined; diagnostics: Diagnostic[] };

/** load → meta-schema → $ref → IR → semantic checks. Never throws on a bad template. */
export function compileTemplateText(text: string, file = "<template>"): CompileResult {
  const parsed = parseTemplateText(text);
  if (!parsed.ok) return { ok: false, diagnostics: withFile(parsed.diagnostics, file) };
  return compileTemplateValue(parsed.value, file);
}

export function compileTemplateValue(value: unknown, file = "<template>"): CompileResult {
  const shape = validateTemplateShape(value);
  if (shape.length) return { ok: false, diagnostics: withFile(shape, file) };
  const raw = value as RawTemplate;
  const diagnostics: Diagnostic[] = [];
  const ir = buildTemplateIr(raw, file, diagnostics);
  runChecks({ raw, ir, report: (d) => diagnostics.push(d) });
  const sorted = withFile(sortDiagnostics(dedupe(diagnostics)), file);
  return hasErrors(sorted) ? { ok: false, diagnostics: sorted } : { ok: true, ir: deepFreeze(ir), diagnostics: sorted };
}

export type CompileAppResult =
  { ok: true; app: AppIR; diagnostics: Diagnostic[] } | { ok: false; app?: undefined; diagnostics: Diagnostic[] };

/**
 * Results of earlier compiles by file, reused while a file's text is unchanged: compiling is pure,
 * so `generate --watch` recompiles only the template that was edited. The IR is frozen, so the
 * same object can be handed out again (and generators may cache per IR object).
 */
export type CompileCache = Map<string, { text: string; result: CompileResult }>;

/** Compiles every template of a folder into one app IR (templates sorted by id). */
export async function compileTemplatesDir(dir: string, cache?: CompileCache): Promise<CompileAppResult> {
  const files = await findTemplateFiles(dir);
  const diagnostics: Diagnostic[] = [];
  const templates: TemplateIR[] = [];
  for (const file of files) {
    const loaded = await loadTemplateFile(path.join(dir, file), file);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      continue;
    }
    const { text } = loaded.source;
    const cached = cache?.get(file);
    const result = cached?.text === text ? cached.result : compileTemplateText(text, file);
    cache?.set(file, { text, result });
    diagnostics.push(...result.diagnostics);
    if (result.ok) templates.push(result.ir);
  }
  // Forget files that are gone, so the cache never outgrows the folder.
  for (const file of cache?.keys() ?? []) if (!files.includes(file)) cache!.delete(file);
  return assembleApp(templates, diagnostics);
}

/** Joins compiled templates; two templates with one id is an error at the second. */
export function assembleApp(templates: TemplateIR[], diagnostics: Diagnostic[] = []): CompileAppResult {
  const seen = new Map<string, string>();
  for (const template of templates) {
    const first = seen.get(template.id);
    if (first) {
      diagnostics.push({
        ...diagnostic("ENG_TEMPLATE_DUPLICATE", "/id", `Template id "${template.id}" is also used by ${first}.`),
        file: template.source,
      });
    }
    seen.set(template.id, template.source);
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  const sorted = [...templates].sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, app: deepFreeze({ templates: sorted }), diagnostics };
}

function withFile(list: Diagnostic[], file: string): Diagnostic[] {
  return list.map((d) => ({ ...d, file }));
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code}|${d.pointer}|${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
