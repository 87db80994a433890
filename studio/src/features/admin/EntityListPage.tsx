import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { listAllRecords } from "../../api/entity-api.ts";
import { createSavedSearch } from "../../api/saved-search-api.ts";
import { savedQueryOf } from "../../core/saved-search.ts";
import { problemText } from "../tags/problem-text.ts";
import { toCsv } from "../../core/csv.ts";
import { defaultColumns, entityColumns } from "../../core/entity-columns.ts";
import { activeFilterCount } from "../../core/filter-query.ts";
import { pickLabel } from "../../core/labels.ts";
import { initialListState, listQuery, type ListChange } from "../../core/list-state.ts";
import { entityAbilities } from "../../core/personas.ts";
import { useActingPersona } from "../../store/acting-persona.ts";
import type { EntityFormSpec } from "../../core/registry-types.ts";
import { useListStore } from "../../store/list-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { BulkBar } from "./BulkBar.tsx";
import { ColumnPicker } from "./ColumnPicker.tsx";
import { Pagination } from "./Pagination.tsx";
import { RecordTable } from "./RecordTable.tsx";
import { useEntity } from "./use-entity.ts";
import { useExtensionColumns } from "./use-extension-columns.ts";
import { useRecordPage } from "./use-record-page.ts";
import { contentLocale } from "../../core/content-locale.ts";
import { useReferenceTitles } from "./use-reference-titles.ts";

// RJSF only loads when someone opens the filters: the list itself renders without it.
const FilterPanel = lazy(async () => ({ default: (await import("./FilterPanel.tsx")).FilterPanel }));

const NO_RECORDS: never[] = [];
const NO_COLUMNS: never[] = [];

/** The tenant admin's list of one entity: sort, filter, paginate, pick columns, bulk edit, export. */
export function EntityListPage({ templateId, entityName }: { templateId: string; entityName: string }) {
  const { template, entity } = useEntity(templateId, entityName);
  const locale = useSessionStore((s) => s.locale);
  const tenant = useSessionStore((s) => s.tenant);
  const persona = useActingPersona();
  const key = `${templateId}/${entityName}`;
  const stored = useListStore((s) => s.lists[key]);
  const dispatchTo = useListStore((s) => s.dispatch);
  const ensure = useListStore((s) => s.ensure);
  const loadForm = useRegistryStore((s) => s.loadForm);
  const [spec, setSpec] = useState<EntityFormSpec | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const initial = useMemo(
    () =>
      entity
        ? initialListState(
            defaultColumns(entity),
            entity.sortableSystemColumns.includes("createdAt") ? { field: "createdAt", direction: "desc" } : null,
          )
        : null,
    [entity],
  );
  useEffect(() => {
    if (initial) ensure(key, () => initial);
  }, [key, initial, ensure]);
  const state = stored ?? initial;

  const filtering = !!state && activeFilterCount(state.filters) > 0;
  useEffect(() => {
    if ((filtersOpen || filtering) && entity && !spec) void loadForm(templateId, entity.name).then(setSpec, () => {});
  }, [filtersOpen, filtering, entity, spec, templateId, loadForm]);

  const language = template && entity ? contentLocale(template, entity, locale) : null;
  const query =
    state && (!filtering || spec)
      ? listQuery(state, spec?.filter.operators ?? {}, [
          ["total", "true"],
          ...(language ? ([["locale", language]] as [string, string][]) : []),
        ])
      : null;
  const extensionColumns = useExtensionColumns(entity, locale, tenant);
  const { page, loading, error } = useRecordPage(entity?.apiName ?? entityName, tenant ? query : null, version);
  const references = useReferenceTitles(template, entity, page?.data ?? NO_RECORDS, state?.columns ?? NO_COLUMNS);

  if (!template || !entity || !state)
    return <ErrorNote title="Unknown entity">{`${templateId} / ${entityName}`}</ErrorNote>;
  if (!tenant) {
    return (
      <ErrorNote title="No tenant chosen">
        Pick the marketplace to manage in <Link to={{ name: "session" }}>Session settings</Link>.
      </ErrorNote>
    );
  }

  const dispatch = (change: ListChange) => dispatchTo(key, change);
  const columns = [...entityColumns(entity, locale), ...extensionColumns];
  const visible = state.columns.map((c) => columns.find((col) => col.key === c)).filter((c) => c !== undefined);
  const abilities = entityAbilities(persona, template, entity);
  const title = pickLabel(entity.pluralLabel, locale, entity.name, template.defaultLocale);
  const records = page?.data ?? [];

  const exportCsv = async () => {
    setExporting(true);
    try {
      const params = new URLSearchParams(listQuery({ ...state, cursor: null }, spec?.filter.operators ?? {}));
      const all = await listAllRecords(entity.apiName, params);
      const csv = toCsv(all, [
        { key: "id", header: "id" },
        ...visible.map((c) => ({ key: c.key, header: c.label, valueLabels: c.valueLabels })),
      ]);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: `${entity.apiName}.csv` });
      a.click();
      URL.revokeObjectURL(url);
      setNotice(`Exported ${all.length} record(s).`);
    } catch (e) {
      setNotice(`Export failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  };

  const saveSearch = async () => {
    const name = window.prompt("Name this search", title);
    if (!name?.trim()) return;
    try {
      await createSavedSearch({
        name: name.trim(),
        entity: `${templateId}:${entity.apiName}`,
        query: savedQueryOf(listQuery({ ...state, cursor: null }, spec?.filter.operators ?? {})),
      });
      setNotice(`Saved “${name.trim()}”: new matches are notified (see Saved searches).`);
    } catch (e) {
      setNotice(`Saving the search failed: ${problemText(e)}`);
    }
  };

  return (
    <div className="page list-page">
      <PageHeader
        title={title}
        subtitle={pickLabel(entity.description, locale, "")}
        actions={
          <>
            <button
              type="button"
              className="button"
              aria-expanded={filtersOpen}
              aria-controls="filters"
              onClick={() => setFiltersOpen((o) => !o)}
            >
              Filters{filtering ? ` (${activeFilterCount(state.filters)})` : ""}
            </button>
            <ColumnPicker
              columns={columns}
              visible={state.columns}
              onToggle={(column) => dispatch({ type: "toggleColumn", column })}
            />
            <button type="button" className="button" onClick={() => void exportCsv()} disabled={exporting}>
              {exporting ? "Exporting…" : "Export CSV"}
            </button>
            <button type="button" className="button" onClick={() => void saveSearch()}>
              Save search
            </button>
            <Link to={{ name: "saved-searches" }} className="button">
              Saved searches
            </Link>
            {abilities.create && (
              <Link to={{ name: "new", template: templateId, entity: entityName }} className="button primary">
                New {pickLabel(entity.label, locale, entity.name).toLowerCase()}
              </Link>
            )}
          </>
        }
      />
      {notice && (
        <div className="alert info" role="status">
          {notice}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {filtersOpen && (
        <div id="filters">
          {spec ? (
            <Suspense fallback={<Loading label="Loading filters…" />}>
              <FilterPanel
                spec={spec}
                values={state.filters}
                locale={locale}
                onApply={(values) => dispatch({ type: "filter", values })}
                onClear={() => dispatch({ type: "clearFilters" })}
              />
            </Suspense>
          ) : (
            <Loading label="Loading filters…" />
          )}
        </div>
      )}
      {state.selected.length > 0 && (
        <BulkBar
          entity={entity}
          selected={state.selected}
          locale={locale}
          canDelete={abilities.delete}
          canUpdate={abilities.update}
          onClear={() => dispatch({ type: "clearSelection" })}
          onDone={(message) => {
            setNotice(message);
            dispatch({ type: "clearSelection" });
            setVersion((v) => v + 1);
          }}
        />
      )}
      {error && <ErrorNote title="The records cannot be loaded">{error}</ErrorNote>}
      {!error && !page && loading && <Loading label="Loading records…" />}
      {page && (
        <>
          <RecordTable
            templateId={templateId}
            apiName={entityName}
            caption={title}
            columns={visible}
            records={records}
            sort={state.sort}
            selected={state.selected}
            titleField={entity.titleField}
            references={references}
            locale={locale}
            canEdit={abilities.update}
            onSort={(field) => dispatch({ type: "sort", field })}
            onSelect={(id, selected) => dispatch({ type: "select", id, selected })}
            onSelectAll={(selected) => dispatch({ type: "selectAll", ids: records.map((r) => r.id), selected })}
          />
          {records.length === 0 && (
            <p className="empty">
              No {title.toLowerCase()} {filtering ? "match these filters" : "yet"}.
            </p>
          )}
          <Pagination
            shown={records.length}
            total={page.total}
            pageNumber={state.history.length + 1}
            limit={state.limit}
            hasPrevious={state.history.length > 0}
            hasNext={!!page.nextCursor}
            onPrevious={() => dispatch({ type: "previousPage" })}
            onNext={() => page.nextCursor && dispatch({ type: "nextPage", cursor: page.nextCursor })}
            onLimit={(limit) => dispatch({ type: "limit", limit })}
          />
        </>
      )}
    </div>
  );
}
