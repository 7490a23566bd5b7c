// The one data table of the web terminals: columns (header, cell, numeric or not), the rows, a
// sentence when there are none, optional per-row actions. Headers come already localized (the page's
// t()); numeric columns are right-aligned with tabular figures so digits line up down a column.
// Styling is `table.grid` (ui/style.css); pages add their own class for column widths.
import type { ComponentChildren } from 'preact';

/** Attributes put on a row or a cell: data-testid, data-*, class. */
export type Attrs = Record<string, string | number | boolean | undefined> & { class?: string | undefined };

export interface Column<T> {
  /** The header, in the page's language. */
  header: ComponentChildren;
  /** The cell of a row. */
  cell: (row: T, index: number) => ComponentChildren;
  /** A number: right-aligned, tabular figures. */
  numeric?: boolean;
  /** Classes on the header and every cell of the column (e.g. "mono", "muted"). */
  class?: string;
  /** Attributes of a row's cell (data-testid, data-*, a class that depends on the row). */
  cellProps?: (row: T, index: number) => Attrs;
}

export interface DataTableProps<T> {
  columns: ReadonlyArray<Column<T> | false | null | undefined>;
  rows: readonly T[];
  /** A stable key per row (an id), so editing one row keeps the others' inputs. */
  rowKey: (row: T, index: number) => string | number;
  /** Attributes of a row's <tr> (data-testid, data-state, class). */
  rowProps?: (row: T, index: number) => Attrs;
  /** What to say when there are no rows (a whole-width row); without it the table is just empty. */
  empty?: ComponentChildren;
  /** Buttons for a row, in a last column headed `actionsHeader`. */
  actions?: (row: T, index: number) => ComponentChildren;
  actionsHeader?: ComponentChildren;
  /** Classes beside "grid" (e.g. "edit" for tables of inputs, "report"). */
  class?: string;
  testid?: string;
  /** More attributes of the <table> (data-count, data-rows …). */
  tableProps?: Attrs;
  /** Rows after the body (totals). */
  foot?: ComponentChildren;
}

export function DataTable<T>({ columns, rows, rowKey, rowProps, empty, actions, actionsHeader, class: cls, testid, tableProps, foot }: DataTableProps<T>) {
  const cols = columns.filter((c): c is Column<T> => !!c);
  const cellClass = (c: Column<T>, extra?: string) => [c.numeric ? 'n' : '', c.class ?? '', extra ?? ''].filter(Boolean).join(' ') || undefined;
  const width = cols.length + (actions ? 1 : 0);
  return (
    <table class={`grid data-table${cls ? ` ${cls}` : ''}`} data-testid={testid} {...tableProps}>
      <thead>
        <tr>
          {cols.map((c, i) => (
            <th key={i} class={cellClass(c)} scope="col">
              {c.header}
            </th>
          ))}
          {actions ? <th class="actions">{actionsHeader}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty ? (
          <tr class="data-table-empty">
            <td colSpan={width} class="muted empty" data-testid={testid ? `${testid}-empty` : undefined}>
              {empty}
            </td>
          </tr>
        ) : null}
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)} {...rowProps?.(row, r)}>
            {cols.map((c, i) => {
              const props = c.cellProps?.(row, r) ?? {};
              return (
                <td key={i} {...props} class={cellClass(c, props.class)}>
                  {c.cell(row, r)}
                </td>
              );
            })}
            {actions ? <td class="actions">{actions(row, r)}</td> : null}
          </tr>
        ))}
      </tbody>
      {foot ? <tfoot>{foot}</tfoot> : null}
    </table>
  );
}
