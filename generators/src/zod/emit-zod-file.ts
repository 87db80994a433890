import { Project, VariableDeclarationKind, type SourceFile } from "ts-morph";
import type { TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema } from "../../../engine/src/index.ts";
import { TS_BANNER } from "../plugin.ts";
import { buildZodExpression } from "./build-zod-expression.ts";
import { FUNCTION_FORMAT_NAMES, formatFunctionSource } from "./zod-formats.ts";
import { toPascalCase } from "../../../engine/src/index.ts";

// One in-memory project for every file: creating a ts-morph Project is the slow part.
let project: Project | undefined;

const MODES = [
  ["create", "Create", "What a client sends to create"],
  ["update", "Update", "What a client sends to change (every key optional)"],
  ["output", "", "What the API returns for"],
] as const;

/** The Zod validators of one template: create, update and output per entity, readable TypeScript. */
export function emitZodFile(template: TemplateIR): string {
  project ??= new Project({ useInMemoryFileSystem: true });
  const file: SourceFile = project.createSourceFile(`${template.id}-zod.ts`, "", { overwrite: true });
  file.addImportDeclaration({ moduleSpecifier: "zod", namedImports: ["z"] });
  const index: string[] = [];
  // Function-checked formats (date-time, uri…) are declared once and named in each schema.
  const usedFormats = new Set<string>();
  const formats = (format: string) => {
    if (!FUNCTION_FORMAT_NAMES.includes(format)) return undefined;
    usedFormats.add(format);
    return `is${toPascalCase(format)}`;
  };
  for (const entity of template.entities) {
    const label = entity.label[template.defaultLocale] ?? entity.name;
    for (const [mode, suffix, doc] of MODES) {
      const name = `${entity.name}${suffix}Schema`;
      file.addVariableStatement({
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`${doc} a ${label} (${entity.apiName}).`],
        declarations: [{ name, initializer: buildZodExpression(entityRecordSchema(entity, mode), { formats }) }],
      });
      file.addTypeAlias({ isExported: true, name: `${entity.name}${suffix}Input`.replace(/Input$/, mode === "output" ? "Record" : "Input"), type: `z.infer<typeof ${name}>` });
    }
    index.push(`  ${entity.name}: { create: ${entity.name}CreateSchema, update: ${entity.name}UpdateSchema, output: ${entity.name}Schema },`);
  }
  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["Every entity's validators, by entity name."],
    declarations: [{ name: "schemas", initializer: `{\n${index.join("\n")}\n} as const` }],
  });
  const helpers = [...usedFormats].sort().map((f) => formatFunctionSource(f, `is${toPascalCase(f)}`));
  if (helpers.length) file.insertStatements(1, ["// Format checks shared by the schemas below (the same rules as ajv-formats).", ...helpers]);
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  const text = TS_BANNER + "\n" + file.getFullText();
  project.removeSourceFile(file);
  return text;
}
