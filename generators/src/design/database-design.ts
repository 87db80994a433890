import { compileTemplateValue } from "../../../engine/src/index.ts";
import type { Database } from "../../../engine/src/contract/database-port.ts";
import type { DesignSummary, DraftTemplate, TemplateDesignPort } from "../../../engine/src/contract/design-port.ts";
import { compatibilityWith, draftTemplateOf, previewDesign } from "./compile-design.ts";
import { loadedDesign } from "./file-design.ts";
import { TemplateFiles } from "./template-files.ts";

export interface DatabaseDesignOptions {
  db: Database;
  /** The shipped template files, only read (a design of one of them is saved as a draft row). */
  templatesDir?: string;
  /** Told about a stored draft that no longer compiles (it is not served). */
  log?: (line: string) => void;
}

interface DraftRow {
  templateId: string;
  source: string;
}

/** How a draft row is named in diagnostics and the designer (it has no file). */
const draftFile = (id: string) => `draft_template:${id}`;

const SELECT = `SELECT "templateId", "source" FROM "draft_template"`;

/**
 * The production design services (NODE_ENV=production): a saved design becomes a row of
 * `draft_template` (its JSON text, so key order survives), served in draft mode, records as
 * validated JSONB in draft_record. No route using it writes a file, and it has no `generate`:
 * a design reaches native columns only through generate → test → deploy. The engine validates
 * it; the registry entry and form specs of the draft are projected in memory.
 */
export function databaseDesign(options: DatabaseDesignOptions): TemplateDesignPort {
  const { db } = options;
  const files = options.templatesDir ? new TemplateFiles(options.templatesDir) : null;
  const row = async (id: string) =>
    (await db.query<DraftRow>(`${SELECT} WHERE "templateId" = $1`, [id])).rows[0] ?? null;
  const fileSource = async (id: string) => (files ? files.read(id).catch(absentFolder(null)) : null);

  return {
    storage: "database",
    async list() {
      const { rows } = await db.query<DraftRow>(`${SELECT} ORDER BY "templateId"`);
      const drafts = new Map(rows.map((r) => [r.templateId, summary(r)]));
      const shipped = files ? await files.list().catch(absentFolder([])) : [];
      const out: DesignSummary[] = [
        ...shipped.filter((t) => !drafts.has(t.id)).map((t) => ({ ...t, storage: "file" as const })),
        ...drafts.values(),
      ];
      return out.sort((a, b) => a.id.localeCompare(b.id));
    },
    async read(id) {
      const draft = await row(id);
      if (draft) return loadedDesign(id, { file: draftFile(id), text: draft.source }, "database");
      const source = await fileSource(id);
      return source ? loadedDesign(id, source) : null;
    },
    async save(id, value) {
      const file = draftFile(id);
      const result = compileTemplateValue(value, file);
      if (!result.ok) return { ok: false, diagnostics: result.diagnostics };
      const before = await row(id);
      const previous = before ? { file, text: before.source } : await fileSource(id);
      const source = JSON.stringify(value, null, 2) + "\n";
      await db.query(
        `INSERT INTO "draft_template" ("templateId", "source") VALUES ($1, $2)
         ON CONFLICT ("templateId") DO UPDATE SET "source" = EXCLUDED."source", "updatedAt" = now()`,
        [id, source],
      );
      return {
        ok: true,
        saved: {
          saved: true,
          file: null,
          storage: "database",
          created: previous === null,
          diagnostics: result.diagnostics,
          compatibility: compatibilityWith(previous, result.ir),
          draft: draftTemplateOf(value, file),
        },
      };
    },
    preview: async (template, entity) => previewDesign(template, entity),
    async drafts() {
      const { rows } = await db.query<DraftRow>(`${SELECT} ORDER BY "templateId"`);
      const out: DraftTemplate[] = [];
      for (const r of rows) {
        const value = parse(r.source);
        const draft = value && draftTemplateOf(value, draftFile(r.templateId));
        if (draft) out.push(draft);
        else options.log?.(`draft template "${r.templateId}" no longer compiles: not served (open it in the studio)`);
      }
      return out;
    },
  };
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function summary(r: DraftRow): DesignSummary {
  const t = (parse(r.source) ?? {}) as { version?: unknown; title?: unknown };
  return {
    id: r.templateId,
    version: typeof t.version === "string" ? t.version : null,
    title: t.title && typeof t.title === "object" ? (t.title as Record<string, string>) : null,
    file: null,
    storage: "database",
  };
}

/** A missing templates folder (a deployment without one) reads as empty; other errors still throw. */
const absentFolder =
  <T>(fallback: T) =>
  (error: NodeJS.ErrnoException): T => {
    if (error.code === "ENOENT") return fallback;
    throw error;
  };
