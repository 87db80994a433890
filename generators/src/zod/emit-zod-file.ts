import { CodeBlockWriter } from "ts-morph";
import type { TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema, toPascalCase } from "../../../engine/src/index.ts";
import { TS_BANNER } from "../plugin.ts";
import { buildZodExpression } from "./build-zod-expression.ts";
import { FUNCTION_FORMAT_NAMES, formatFunctionSource } from "./zod-formats.ts";

const MODES = [
  ["create", "Create", "Input", "What a client sends to create"],
  ["update", "Update", "Input", "What a client sends to change (every key optional)"],
  ["output", "", "Record", "What the API returns for"],
] as const;

/**
 * The Zod validators of one template: create, update and output per entity. Written with
 * ts-morph's code writer rather than its AST: building and formatting an AST of this size
 * takes seconds, and the expressions come out indented already.
 */
export function emitZodFile(template: TemplateIR): string {
  // Function-checked formats (date-time, uri…) are declared once and named in each schema.
  const usedFormats = new Set<string>();
  const formats = (format: string) => {
    if (!FUNCTION_FORMAT_NAMES.includes(format)) return undefined;
    usedFormats.add(format);
    return `is${toPascalCase(format)}`;
  };
  const body = new CodeBlockWriter({ indentNumberOfSpaces: 2 });
  for (const entity of template.entities) {
    const label = entity.label[template.defaultLocale] ?? entity.name;
    for (const [mode, suffix, typeSuffix, doc] of MODES) {
      const name = `${entity.name}${suffix}Schema`;
      body.writeLine(`/** ${doc} a ${label} (${entity.apiName}). */`);
      body.writeLine(`export const ${name} = ${buildZodExpression(entityRecordSchema(entity, mode), { formats })};`);
      body.blankLine();
      body.writeLine(`export type ${entity.name}${suffix}${typeSuffix} = z.infer<typeof ${name}>;`);
      body.blankLine();
    }
  }
  body.writeLine("/** Every entity's validators, by entity name. */");
  body.writeLine("export const schemas = {");
  for (const entity of template.entities) {
    body.writeLine(
      `  ${entity.name}: { create: ${entity.name}CreateSchema, update: ${entity.name}UpdateSchema, output: ${entity.name}Schema },`,
    );
  }
  body.writeLine("} as const;");

  const head = new CodeBlockWriter({ indentNumberOfSpaces: 2 });
  head.writeLine('import { z } from "zod";').blankLine();
  if (usedFormats.size) {
    head.writeLine("// Format checks shared by the schemas below (the same rules as ajv-formats).");
    for (const format of [...usedFormats].sort())
      head.writeLine(formatFunctionSource(format, `is${toPascalCase(format)}`)).blankLine();
  }
  return `${TS_BANNER}\n${head.toString()}${body.toString()}`;
}
