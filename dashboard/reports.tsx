// The reports section: a range of business days, a grouping, the table (with the total last), and the
// same report downloaded as CSV or Excel.
import { useState } from 'preact/hooks';
import { ApiError } from '../ui/api.js';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { addDays } from '../shared/hall-time.js';
import { download, monthStart, num, pct, query, useLoad, type Call, type Report, type ReportBy } from './data.js';
import { t, type Key } from './words.js';

const GROUPS: [ReportBy, Key][] = [
  ['service', 'byServiceOpt'],
  ['counter', 'byCounterOpt'],
  ['staff', 'byStaffOpt'],
  ['day', 'byDayOpt'],
];

type Figures = Report['total'];

const COLUMNS: [Key, (r: Figures) => string][] = [
  ['colIssued', (r) => String(r.issued)],
  ['colServed', (r) => String(r.served)],
  ['colNoShow', (r) => String(r.noShow)],
  ['colCancelled', (r) => String(r.cancelled)],
  ['colOpen', (r) => String(r.open)],
  ['colAvgWait', (r) => num(r.avgWaitMin)],
  ['colP90Wait', (r) => num(r.p90WaitMin)],
  ['colWithin', (r) => pct(r.withinTarget)],
  ['colAvgService', (r) => num(r.avgServiceMin)],
  ['colP90Service', (r) => num(r.p90ServiceMin)],
  ['colRated', (r) => String(r.rated)],
  ['colNotRated', (r) => String(r.notRated ?? 0)],
  ['colSatisfaction', (r) => pct(r.satisfaction)],
  ['colAvgScore', (r) => num(r.avgScore, 2)],
];

export function ReportsSection({ call, token, day, zone, zoneName }: { call: Call; token: string; day: string; zone: string; zoneName: string }) {
  const [from, setFrom] = useState(day);
  const [to, setTo] = useState(day);
  const [by, setBy] = useState<ReportBy>('service');
  // What the table shows: changed by "show" (and the quick ranges), not on every keystroke in a date field.
  const [asked, setAsked] = useState({ from: day, to: day, by: 'service' as ReportBy });
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const params = { from: asked.from, to: asked.to, by: asked.by, zone: zone || null };
  const report = useLoad<Report>(() => call('GET', `/api/reports${query(params)}`), JSON.stringify(params), undefined);

  const ask = (f = from, tt = to, b = by) => {
    setFrom(f);
    setTo(tt);
    setBy(b);
    setAsked({ from: f, to: tt, by: b });
  };
  const quick: [Key, () => void][] = [
    ['today', () => ask(day, day)],
    ['yesterday', () => ask(addDays(day, -1), addDays(day, -1))],
    ['thisMonth', () => ask(monthStart(day), day)],
    ['last30', () => ask(addDays(day, -29), day)],
  ];

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setExportError(null);
    try {
      await download(token, `/api/reports/export${query({ ...params, format })}`, `hall-report.${format}`);
    } catch (e) {
      setExportError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(null);
    }
  };

  const r = report.data;
  return (
    <section class="panel reports-panel" data-testid="reports">
      <form
        class="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          ask();
        }}
      >
        <label>
          {t('from')}
          <input type="date" value={from} max={day} data-testid="report-from" onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={to} max={day} data-testid="report-to" onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          {t('groupBy')}
          <select value={by} data-testid="report-by" onChange={(e) => ask(from, to, e.currentTarget.value as ReportBy)}>
            {GROUPS.map(([g, key]) => (
              <option key={g} value={g}>
                {t(key)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" data-testid="report-run">
          {t('query')}
        </button>
        <span class="seg">
          {quick.map(([key, fn]) => (
            <button type="button" key={key} data-testid={`report-${key}`} onClick={fn}>
              {t(key)}
            </button>
          ))}
        </span>
        <span class="spacer" />
        <button type="button" data-testid="export-csv" disabled={!!exporting || !r} onClick={() => void exportAs('csv')}>
          {exporting === 'csv' ? t('exporting') : t('exportCsv')}
        </button>
        <button type="button" data-testid="export-xlsx" disabled={!!exporting || !r} onClick={() => void exportAs('xlsx')}>
          {exporting === 'xlsx' ? t('exporting') : t('exportXlsx')}
        </button>
      </form>
      {report.error ? (
        <div class="error-box" role="alert" data-testid="report-error">
          {report.error}
        </div>
      ) : null}
      {exportError ? (
        <div class="error-box" role="alert" data-testid="export-error">
          {exportError}
        </div>
      ) : null}
      <div class="muted report-note">
        {asked.from === asked.to ? asked.from : `${asked.from} – ${asked.to}`}
        {zone ? ` · ${t('zoneNote', { zone: zoneName })}` : ''} · {t('minutesNote')}
      </div>
      <div class="table-wrap">
        <DataTable
          class="report"
          testid="report-table"
          tableProps={{ 'data-rows': r?.rows.length ?? 0 }}
          rows={r?.rows ?? []}
          rowKey={(row) => row.key ?? '-'}
          rowProps={(row) => ({ 'data-testid': `report-row-${row.key ?? 'none'}` })}
          empty={r ? t('noData') : report.loading ? t('loading') : null}
          columns={[
            { header: t(GROUPS.find(([g]) => g === asked.by)![1]), cell: (row) => pick(row.label) },
            ...COLUMNS.map(([key, cell]) => ({ header: t(key), numeric: true, cell, cellProps: () => ({ 'data-col': key }) })),
          ]}
          foot={
            r && r.rows.length > 0 ? (
              <tr data-testid="report-total">
                <td>{t('total')}</td>
                {COLUMNS.map(([key, cell]) => (
                  <td class="n" key={key} data-col={key}>
                    {cell(r.total)}
                  </td>
                ))}
              </tr>
            ) : null
          }
        />
      </div>
    </section>
  );
}
