import { parseArgs } from "node:util";
import {
  compareTemplates,
  compileTemplateText,
  formatDiagnostic,
  hasErrors,
  type Diagnostic,
} from "../../../engine/src/index.ts";
import { loadTemplateFile } from "../../../engine/src/template/load-template.ts";
import type { CommandIo } from "../command-io.ts";

/** `mono validate <file> [--json] [--against <previous>]`: exit 1 when any error is found. */
export async function runValidateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, against: { type: "string" } },
  });
  if (positionals.length !== 1) {
    io.stderr("Usage: mono validate <template.json> [--json] [--against <previous.json>]");
    return 2;
  }
  const diagnostics = await validateFile(positionals[0], values.against);
  if (values.json) {
    io.stdout(JSON.stringify(diagnostics, null, 2));
  } else if (diagnostics.length === 0) {
    io.stdout(`${positionals[0]}: ok`);
  } else {
    for (const d of diagnostics) io.stdout(formatDiagnostic(d));
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    io.stdout(`\n${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  }
  return hasErrors(diagnostics) ? 1 : 0;
}

async function validateFile(file: string, against: string | undefined): Promise<Diagnostic[]> {
  const loaded = await loadTemplateFile(file);
  if (!loaded.ok) return loaded.diagnostics;
  const result = compileTemplateText(loaded.source.text, file);
  if (!result.ok || !against) return result.diagnostics;
  const previousFile = await loadTemplateFile(against);
  if (!previousFile.ok) return previousFile.diagnostics;
  const previous = compileTemplateText(previousFile.source.text, against);
  if (!previous.ok) return previous.diagnostics;
  return [...result.diagnostics, ...compareTemplates(previous.ir, result.ir).map((d) => ({ ...d, file }))];
}
