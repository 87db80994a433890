import { useEffect, useState } from "react";
import { listRecords } from "../../api/entity-api.ts";
import type { RecordPage } from "../../core/registry-types.ts";

interface PageState {
  page: RecordPage | null;
  loading: boolean;
  error: string | null;
}

/** Loads one page of records for a query string; `version` forces a reload (after bulk actions). */
export function useRecordPage(apiName: string, query: string | null, version: number): PageState {
  const [state, setState] = useState<PageState>({ page: null, loading: true, error: null });
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    listRecords(apiName, query, controller.signal).then(
      (page) => setState({ page, loading: false, error: null }),
      (error: Error) => {
        if (error.name !== "AbortError") setState({ page: null, loading: false, error: error.message });
      },
    );
    return () => controller.abort();
  }, [apiName, query, version]);
  return state;
}
