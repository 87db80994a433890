import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { TEMPLATE_ID_PATTERN } from "../../../engine/src/contract/patterns.ts";
import { findTemplateFiles } from "../../../engine/src/template/load-template.ts";

export interface TemplateFileSummary {
  id: string;
  version: string | null;
  title: Record<string, string> | null;
  /** Path relative to the templates folder. */
  file: string;
}

/**
 * The industry-templates folder as the studio sees it: `<dir>/<id>/template.json` (or
 * `<dir>/<id>.json`). The only place the studio's design services touch template files.
 */
export class TemplateFiles {
  constructor(readonly dir: string) {}

  async list(): Promise<TemplateFileSummary[]> {
    const out: TemplateFileSummary[] = [];
    for (const file of await findTemplateFiles(this.dir)) {
      const value = await readJson(path.join(this.dir, file));
      const t = (value ?? {}) as { id?: unknown; version?: unknown; title?: unknown };
      const id = typeof t.id === "string" ? t.id : file.replace(/(\/template)?\.json$/, "");
      out.push({
        id,
        version: typeof t.version === "string" ? t.version : null,
        title: t.title && typeof t.title === "object" ? (t.title as Record<string, string>) : null,
        file,
      });
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The file that holds template `id`, or where a new one would go. */
  async locate(id: string): Promise<{ file: string; exists: boolean }> {
    if (!TEMPLATE_ID_PATTERN.test(id)) throw new Error(`Not a template id: ${id}`);
    for (const candidate of [path.join(id, "template.json"), `${id}.json`]) {
      if (await isFile(path.join(this.dir, candidate))) return { file: candidate, exists: true };
    }
    return { file: path.join(id, "template.json"), exists: false };
  }

  async read(id: string): Promise<{ file: string; text: string } | null> {
    const { file, exists } = await this.locate(id);
    return exists ? { file, text: await readFile(path.join(this.dir, file), "utf8") } : null;
  }

  /** Writes atomically (temp file + rename) in the layout of the shipped templates: 2 spaces, final newline. */
  async write(id: string, value: unknown): Promise<string> {
    const { file } = await this.locate(id);
    const target = path.join(this.dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(value, null, 2) + "\n");
    await rename(temp, target);
    return file;
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
}

const isFile = (file: string) =>
  stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
