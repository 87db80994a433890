import { useEffect, useState } from "react";
import { getExtensions } from "../../api/entity-api.ts";
import { withExtensionFields, type ExtensionFields } from "../../core/extension-fields.ts";
import type { EntityFormSpec, StudioEntity } from "../../core/registry-types.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";

/** The generated form spec of an entity with the current tenant's extension fields merged in. */
export function useFormSpec(templateId: string, entity: StudioEntity | undefined) {
  const loadForm = useRegistryStore((s) => s.loadForm);
  const tenant = useSessionStore((s) => s.tenant);
  const [spec, setSpec] = useState<EntityFormSpec | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!entity) return;
    let live = true;
    const extensions: Promise<ExtensionFields | null> = tenant
      ? getExtensions(entity.apiName).catch(() => null)
      : Promise.resolve(null);
    Promise.all([loadForm(templateId, entity.name), extensions]).then(
      ([base, ext]) => live && setSpec(withExtensionFields(base, ext)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [templateId, entity, tenant, loadForm]);
  return { spec, error };
}
