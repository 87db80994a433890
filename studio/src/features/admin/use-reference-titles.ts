import { useEffect, useMemo, useState } from "react";
import { listRecords } from "../../api/entity-api.ts";
import { referenceQueries, referenceQueryString } from "../../core/reference-titles.ts";
import type { EntityRecord, StudioEntity, StudioTemplate } from "../../core/registry-types.ts";

/** Foreign-key column → referenced id → the referenced record's title. */
export type ReferenceTitles = Record<string, Record<string, string>>;

/**
 * The titles of the records a page's foreign keys point at, one list request per column
 * (`filter[id:in]`, only id and title). A reference the caller may not read, or a failed
 * request, keeps showing the id.
 */
export function useReferenceTitles(
  template: StudioTemplate | null | undefined,
  entity: StudioEntity | null | undefined,
  records: readonly EntityRecord[],
  columns: readonly string[],
): ReferenceTitles {
  const queries = useMemo(
    () => (template && entity ? referenceQueries(template, entity, records, columns) : []),
    [template, entity, records, columns],
  );
  const wanted = JSON.stringify(queries);
  const [titles, setTitles] = useState<ReferenceTitles>({});
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      queries.map(async (q) => {
        const page = await listRecords(q.target, referenceQueryString(q), controller.signal).catch(() => null);
        const byId: Record<string, string> = {};
        for (const r of page?.data ?? []) {
          const title = r[q.titleField];
          if (title !== null && title !== undefined && title !== "") byId[r.id] = String(title);
        }
        return [q.column, byId] as const;
      }),
    ).then((entries) => {
      if (!controller.signal.aborted) setTitles(Object.fromEntries(entries));
    });
    return () => controller.abort();
    // `wanted` stands for `queries`: a new array with the same content asks nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wanted]);
  return titles;
}
