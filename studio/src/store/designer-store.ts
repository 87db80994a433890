import { create } from "zustand";
import { ProblemError } from "../api/http.ts";
import { loadTemplate, saveTemplate, type SaveResult } from "../api/studio-api.ts";
import { createHistory, record, redo, undo, type History } from "../core/history.ts";
import type { Diagnostic, RawTemplate } from "../core/registry-types.ts";
import { applySchemaChange, type SchemaChange } from "../core/schema-changes.ts";

type Status = "idle" | "loading" | "ready" | "saving" | "error";

interface DesignerStore {
  templateId: string | null;
  history: History<RawTemplate> | null;
  /** The template as last loaded or saved (for "unsaved changes"). */
  saved: RawTemplate | null;
  /** Diagnostics of the last load/save/preview. */
  diagnostics: Diagnostic[];
  compatibility: Diagnostic[];
  status: Status;
  error: string | null;
  lastSave: SaveResult | null;
  load(id: string): Promise<void>;
  /** Applies a change; `coalesce` merges repeated edits of one input into one undo step. */
  apply(change: SchemaChange, coalesce?: string): void;
  undo(): void;
  redo(): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  save(): Promise<boolean>;
}

/** The template draft of the schema designer (and the workflow editor, which saves through it). */
export const useDesignerStore = create<DesignerStore>((set, get) => ({
  templateId: null,
  history: null,
  saved: null,
  diagnostics: [],
  compatibility: [],
  status: "idle",
  error: null,
  lastSave: null,
  async load(id) {
    if (get().templateId === id && get().history) return;
    set({
      templateId: id,
      status: "loading",
      error: null,
      history: null,
      saved: null,
      diagnostics: [],
      compatibility: [],
      lastSave: null,
    });
    try {
      const loaded = await loadTemplate(id);
      if (!loaded.template) throw new Error("The template file is not valid JSON; fix it in an editor first.");
      set({
        history: createHistory(loaded.template),
        saved: loaded.template,
        diagnostics: loaded.diagnostics,
        status: "ready",
      });
    } catch (error) {
      set({ status: "error", error: (error as Error).message });
    }
  },
  apply(change, coalesce) {
    const history = get().history;
    if (!history) return;
    set({ history: record(history, applySchemaChange(history.present, change), coalesce ?? null) });
  },
  undo() {
    const history = get().history;
    if (history) set({ history: undo(history) });
  },
  redo() {
    const history = get().history;
    if (history) set({ history: redo(history) });
  },
  setDiagnostics(diagnostics) {
    set({ diagnostics });
  },
  async save() {
    const { templateId, history } = get();
    if (!templateId || !history) return false;
    set({ status: "saving", error: null });
    try {
      const result = await saveTemplate(templateId, history.present);
      set({
        status: "ready",
        saved: history.present,
        diagnostics: result.diagnostics,
        compatibility: result.compatibility,
        lastSave: result,
      });
      return true;
    } catch (error) {
      const problem = error instanceof ProblemError ? error.problem : null;
      const diagnostics = (problem?.diagnostics as Diagnostic[] | undefined) ?? get().diagnostics;
      set({ status: "ready", error: (error as Error).message, diagnostics, lastSave: null });
      return false;
    }
  },
}));

export const isDirty = (s: Pick<DesignerStore, "history" | "saved">) => !!s.history && s.history.present !== s.saved;
