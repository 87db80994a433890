import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics.ts";

/** A template file's text and where it came from. The only place the engine reads files. */
export interface TemplateSource {
  /** Path relative to the templates folder (or as given), used in diagnostics. */
  readonly file: string;
  readonly text: string;
}

export async function loadTemplateFile(
  filePath: string,
  displayName = filePath,
): Promise<{ ok: true; source: TemplateSource } | { ok: false; diagnostics: Diagnostic[] }> {
  try {
    return { ok: true, source: { file: displayName, text: await readFile(filePath, "utf8") } };
  } catch (error) {
    return {
      ok: false,
      diagnostics: [
        {
          ...diagnostic("ENG_FILE_READ", "", (error as Error).message, "Check the path and permissions."),
          file: displayName,
        },
      ],
    };
  }
}

/**
 * Finds every template in a folder: `<dir>/<id>/template.json` or `<dir>/<id>.json`,
 * sorted by path so the output never depends on directory order.
 */
export async function findTemplateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      const inner = await readdir(path.join(dir, entry.name));
      if (inner.includes("template.json")) files.push(path.join(entry.name, "template.json"));
    } else if (entry.isFile() && entry.name.endsWith(".json")) {
      files.push(entry.name);
    }
  }
  return files.sort();
}
