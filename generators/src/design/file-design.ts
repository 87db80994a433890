import { compileTemplateText, compileTemplateValue } from "../../../engine/src/index.ts";
import type { DesignStorage, LoadedDesign, TemplateDesignPort } from "../../../engine/src/contract/design-port.ts";
import { compatibilityWith, previewDesign } from "./compile-design.ts";
import { readLock, versionAfterEdit } from "../template-lock.ts";
import { dryRunGenerate } from "./generate-dry-run.ts";
import { TemplateFiles } from "./template-files.ts";

export interface FileDesignOptions {
  /** industry-templates/ (read and written). */
  templatesDir: string;
  /** generated/ (only read: generate here is a dry run). */
  generatedDir: string;
}

/** A template file as the designer opens it: parsed when it is JSON, the raw text otherwise. */
export function loadedDesign(
  id: string,
  source: { file: string; text: string },
  storage: DesignStorage = "file",
): LoadedDesign {
  const result = compileTemplateText(source.text, source.file);
  let template: unknown = null;
  try {
    template = JSON.parse(source.text);
  } catch {
    // Diagnostics say why (ENG_JSON_PARSE); the designer shows the raw text.
  }
  return {
    id,
    file: storage === "file" ? source.file : null,
    storage,
    template,
    text: template === null ? source.text : undefined,
    diagnostics: result.diagnostics,
  };
}

/**
 * The development design services: designs are the template files themselves (validated by the
 * engine; a template with errors is never written), and `generate` runs as a dry run that
 * shows the migration a saved template would need.
 */
export function fileDesign(options: FileDesignOptions): TemplateDesignPort {
  const files = new TemplateFiles(options.templatesDir);
  return {
    storage: "file",
    list: async () => (await files.list()).map((t) => ({ ...t, storage: "file" as const })),
    async read(id) {
      const source = await files.read(id);
      return source ? loadedDesign(id, source) : null;
    },
    async save(id, edited) {
      const { file, exists } = await files.locate(id);
      // A changed design gets a version above the last generated one (as `generate` demands).
      const value = withVersionAfterEdit(edited, await readLock(options.generatedDir, id));
      const result = compileTemplateValue(value, file);
      if (!result.ok) return { ok: false, diagnostics: result.diagnostics };
      const compatibility = exists ? compatibilityWith(await files.read(id), result.ir) : [];
      await files.write(id, value);
      return {
        ok: true,
        saved: {
          saved: true,
          file,
          storage: "file",
          created: !exists,
          diagnostics: result.diagnostics,
          compatibility,
          draft: null,
        },
      };
    },
    preview: async (template, entity) => previewDesign(template, entity),
    generate: (migrationName) => dryRunGenerate(options.templatesDir, options.generatedDir, migrationName),
    drafts: async () => [],
  };
}

function withVersionAfterEdit(value: unknown, lock: Awaited<ReturnType<typeof readLock>>): unknown {
  if (!value || typeof value !== "object" || typeof (value as { version?: unknown }).version !== "string") return value;
  const version = versionAfterEdit(value as { version: string }, lock);
  return version === (value as { version: string }).version ? value : { ...value, version };
}
