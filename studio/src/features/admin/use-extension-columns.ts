import { useEffect, useState } from "react";
import { getExtensions } from "../../api/entity-api.ts";
import type { EntityColumn } from "../../core/entity-columns.ts";
import { humanize } from "../../core/labels.ts";
import type { StudioEntity } from "../../core/registry-types.ts";

/** Columns for the tenant's extension fields of an entity (none until they are loaded). */
export function useExtensionColumns(
  entity: StudioEntity | undefined,
  locale: string,
  tenant: string | null,
): EntityColumn[] {
  const [columns, setColumns] = useState<EntityColumn[]>([]);
  useEffect(() => {
    if (!entity || !tenant) return;
    let live = true;
    getExtensions(entity.apiName).then(
      (ext) => {
        if (!live) return;
        setColumns(
          Object.entries(ext.properties).map(([key, schema]) => {
            const labels = schema["x-label"] as Record<string, string> | undefined;
            const format = typeof schema.format === "string" ? (schema.format as EntityColumn["format"]) : null;
            return {
              key,
              label: labels?.[locale] ?? labels?.en ?? humanize(key),
              sortable: false,
              kind: "system" as const,
              format: format === "date-time" ? format : format === "date" ? format : null,
            };
          }),
        );
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [entity, locale, tenant]);
  return columns;
}
