import { useEffect, useState } from "react";
import { previewTemplate } from "../../api/studio-api.ts";
import type { EntityFormSpec, RawTemplate } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";

/**
 * Compiles the draft on the server (the engine is not browser-safe: it reads files) a moment
 * after the last edit, and returns the entity's generated create form. Diagnostics go to the
 * designer store, so every panel shows the same ones.
 */
export function usePreview(template: RawTemplate | null, entity: string | undefined, delayMs = 350) {
  const setDiagnostics = useDesignerStore((s) => s.setDiagnostics);
  const [form, setForm] = useState<EntityFormSpec | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!template) return;
    const controller = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      previewTemplate(template, entity, controller.signal).then(
        (result) => {
          setDiagnostics(result.diagnostics);
          setForm(entity && result.forms[entity] ? result.forms[entity] : null);
          setError(result.ok ? null : "The draft has errors: the preview shows the last version that compiled.");
          setPending(false);
        },
        (e: Error) => {
          if (e.name === "AbortError") return;
          setError(e.message);
          setPending(false);
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [template, entity, delayMs, setDiagnostics]);

  return { form, pending, error };
}
