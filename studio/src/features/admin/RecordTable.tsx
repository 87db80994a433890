import type { EntityColumn } from "../../core/entity-columns.ts";
import { formatCell } from "../../core/format-value.ts";
import type { ListState } from "../../core/list-state.ts";
import type { EntityRecord } from "../../core/registry-types.ts";
import { Link } from "../shell/Link.tsx";

interface RecordTableProps {
  templateId: string;
  apiName: string;
  caption: string;
  columns: EntityColumn[];
  records: EntityRecord[];
  sort: ListState["sort"];
  selected: string[];
  titleField: string | null;
  /** Foreign-key column → referenced id → that record's title (shown instead of the id). */
  references?: Record<string, Record<string, string>>;
  locale: string;
  canEdit: boolean;
  onSort(column: string): void;
  onSelect(id: string, selected: boolean): void;
  onSelectAll(selected: boolean): void;
}

const ariaSort = (sort: ListState["sort"], key: string) =>
  sort?.field !== key ? "none" : sort.direction === "asc" ? "ascending" : "descending";

/** The records of one page: sortable headers, a checkbox per row, the title linking to the record. */
export function RecordTable(props: RecordTableProps) {
  const { columns, records, sort, selected, locale } = props;
  const allSelected = records.length > 0 && records.every((r) => selected.includes(r.id));
  const linkColumn =
    props.titleField && columns.some((c) => c.key === props.titleField) ? props.titleField : columns[0]?.key;
  return (
    <div className="table-wrap">
      <table className="records">
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="select-col">
              <input
                type="checkbox"
                aria-label="Select all on this page"
                checked={allSelected}
                onChange={(e) => props.onSelectAll(e.target.checked)}
              />
            </th>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={c.sortable ? ariaSort(sort, c.key) : undefined}>
                {c.sortable ? (
                  <button type="button" className="sort-button" onClick={() => props.onSort(c.key)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {sort?.field === c.key ? (sort.direction === "asc" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
            <th scope="col" className="actions-col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const isSelected = selected.includes(record.id);
            const detail = {
              name: "detail",
              template: props.templateId,
              entity: props.apiName,
              id: record.id,
            } as const;
            return (
              <tr key={record.id} className={isSelected ? "selected" : undefined} data-record-id={record.id}>
                <td className="select-col">
                  <input
                    type="checkbox"
                    aria-label={`Select ${rowTitle(record, props.titleField)}`}
                    checked={isSelected}
                    onChange={(e) => props.onSelect(record.id, e.target.checked)}
                  />
                </td>
                {columns.map((c) => (
                  <td key={c.key} data-label={c.label} className={`cell-${c.kind}`}>
                    {c.key === linkColumn ? (
                      <Link to={detail}>{formatCell(record[c.key], c, locale) || rowTitle(record, null)}</Link>
                    ) : (
                      (referenceTitle(record[c.key], c.key, props.references) ?? formatCell(record[c.key], c, locale))
                    )}
                  </td>
                ))}
                <td className="actions-col">
                  {props.canEdit && (
                    <Link
                      to={{ ...detail, name: "edit" }}
                      className="button ghost small"
                      aria-label={`Edit ${rowTitle(record, props.titleField)}`}
                    >
                      Edit
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A foreign key's referenced title, when known. */
function referenceTitle(
  value: unknown,
  column: string,
  references: Record<string, Record<string, string>> | undefined,
): string | undefined {
  return typeof value === "string" ? references?.[column]?.[value] : undefined;
}

function rowTitle(record: EntityRecord, titleField: string | null): string {
  const title = titleField ? record[titleField] : null;
  return typeof title === "string" && title ? title : `record ${record.id.slice(0, 8)}`;
}
