/**
 * The studio's design-time services as the runtime sees them: a port the server entry injects
 * into the runtime's studio plugin. Two implementations, both outside the runtime:
 *
 * - files (development): template files in industry-templates/ are read and written, and
 *   `generate` runs as a dry run (generators/src/design/file-design.ts);
 * - database (NODE_ENV=production): a saved design becomes a draft template row, served in
 *   draft mode; no file is written and no generator runs (generators/src/design/database-design.ts).
 */
import type { DataLossWarning } from "./migrations.ts";
import type { EntityFormSpec } from "./form-spec.ts";
import type { TemplateRegistry } from "./registry-types.ts";

/** A template diagnostic as the design API returns it (the engine's `Diagnostic` fits). */
export interface DesignDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning";
  /** JSON pointer into the template (RFC 6901). */
  readonly pointer: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
}

/** Where a design is kept. */
export type DesignStorage = "file" | "database";

/** One template in the designer's list. */
export interface DesignSummary {
  readonly id: string;
  readonly version: string | null;
  readonly title: Readonly<Record<string, string>> | null;
  /** Path relative to the templates folder, or null for a draft kept in the database. */
  readonly file: string | null;
  readonly storage: DesignStorage;
}

/** A template as the designer opens it. */
export interface LoadedDesign {
  readonly id: string;
  readonly file: string | null;
  readonly storage: DesignStorage;
  /** The parsed template, or null when its text is not JSON (`text` holds it then). */
  readonly template: unknown;
  readonly text?: string;
  readonly diagnostics: readonly DesignDiagnostic[];
}

/** A draft template the runtime serves in draft mode: its registry entry and the form specs of its entities. */
export interface DraftTemplate {
  readonly registry: TemplateRegistry;
  readonly forms: Readonly<Record<string, EntityFormSpec>>;
}

/** A saved design. */
export interface SavedDesign {
  readonly saved: true;
  readonly file: string | null;
  readonly storage: DesignStorage;
  readonly created: boolean;
  readonly diagnostics: readonly DesignDiagnostic[];
  /** Compatibility notes against the previous version of the same template. */
  readonly compatibility: readonly DesignDiagnostic[];
  /**
   * Database storage: the draft template now served in draft mode, or null when a compiled
   * template has this id (that one keeps serving until the design is generated and deployed).
   */
  readonly draft: DraftTemplate | null;
}

/** The outcome of a save: the design had errors (nothing was saved), or it was saved. */
export type SaveOutcome =
  | { readonly ok: false; readonly diagnostics: readonly DesignDiagnostic[] }
  | { readonly ok: true; readonly saved: SavedDesign };

/** Compiled form specs of an unsaved design. */
export interface PreviewOutcome {
  readonly ok: boolean;
  readonly diagnostics: readonly DesignDiagnostic[];
  readonly forms: Readonly<Record<string, EntityFormSpec>>;
}

/** What `mono generate` would do now: changed files and the next migration; nothing written. */
export interface GenerateReport {
  readonly ok: boolean;
  readonly diagnostics: readonly DesignDiagnostic[];
  readonly changed: readonly string[];
  readonly migration: {
    readonly name: string;
    readonly sql: string;
    readonly downSql: string;
    readonly warnings: readonly DataLossWarning[];
  } | null;
  readonly ms: number;
}

export interface TemplateDesignPort {
  /** Where `save` puts a design. */
  readonly storage: DesignStorage;
  list(): Promise<DesignSummary[]>;
  read(id: string): Promise<LoadedDesign | null>;
  /** Validates (engine) and saves; a design with errors is never saved. */
  save(id: string, template: Readonly<Record<string, unknown>>): Promise<SaveOutcome>;
  preview(template: unknown, entity?: string): Promise<PreviewOutcome>;
  /** The dry-run `generate`; absent where no generator may run (production). */
  readonly generate?: (migrationName?: string) => Promise<GenerateReport>;
  /** The draft templates saved in this store, for the runtime to serve at start (none for files). */
  drafts(): Promise<DraftTemplate[]>;
}
