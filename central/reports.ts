// City reports over any range of business days and any set of halls, grouped by service, hall, tier or
// day. Summed from the aggregates written at ingest, never from the event log: month_stats for the whole
// months of the range and day_stats for the days at its ends, hall_day_stats (one row per hall and day) for a
// report by day, so a year across 30 halls and 16 services sums ~6k month rows or 11k hall-day rows, not
// 175k day rows (bench/city-reports-bench.ts).
import { z } from 'zod';
import type { Pool } from './db.js';
import { SATISFIED_LEVELS_ZH } from '../shared/vocabulary.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const cityReportQuery = z
  .object({
    from: day,
    to: day,
    by: z.enum(['service', 'hall', 'tier', 'day']).default('hall'),
    /** Comma-separated hall ids; none: every hall. */
    halls: z
      .string()
      .max(4000)
      .optional()
      .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined)),
    tier: z.enum(['district', 'township', 'village']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] });
export type CityReportQuery = z.output<typeof cityReportQuery>;

export interface CityReportRow {
  key: string;
  label: { zh: string; en: string };
  halls: number;
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  avgWaitMin: number | null;
  withinTarget: number | null;
  avgServiceMin: number | null;
  rated: number;
  satisfaction: number | null;
  avgScore: number | null;
  bad: number;
}

export interface CityReport {
  from: string;
  to: string;
  by: CityReportQuery['by'];
  halls: string[] | null;
  tier: string | null;
  rows: CityReportRow[];
  total: CityReportRow;
}

const TIER_NAME: Record<string, { zh: string; en: string }> = {
  district: { zh: '区县政务服务中心', en: 'District centre' },
  township: { zh: '乡镇（街道）便民服务中心', en: 'Township centre' },
  village: { zh: '村（社区）便民服务站', en: 'Village service point' },
};

const KEY: Record<CityReportQuery['by'], string> = {
  service: 'd.service_id',
  hall: 'd.hall_id',
  tier: 'h.tier',
  // The date itself (read back as 'YYYY-MM-DD' by db.ts): grouping by a to_char() string made PostgreSQL
  // sort every row by the text instead of using the day index.
  day: 'd.day',
};

const SUMS = `count(DISTINCT d.hall_id)::int AS halls, sum(d.issued)::int AS issued, sum(d.served)::int AS served,
  sum(d.no_show)::int AS no_show, sum(d.cancelled)::int AS cancelled, sum(d.wait_ms)::float8 AS wait_ms,
  sum(d.within_target)::int AS within_target, sum(d.service_ms)::float8 AS service_ms, sum(d.rated)::int AS rated,
  sum(d.satisfied)::int AS satisfied, sum(d.bad)::int AS bad, sum(d.score_sum)::int AS score_sum`;

interface SumRow {
  key: string | null;
  halls: number;
  issued: number;
  served: number;
  no_show: number;
  cancelled: number;
  wait_ms: number;
  within_target: number;
  service_ms: number;
  rated: number;
  satisfied: number;
  bad: number;
  score_sum: number;
}

function figures(r: SumRow, key: string, label: { zh: string; en: string }): CityReportRow {
  const per = (a: number, b: number) => (b > 0 ? a / b : null);
  const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    key,
    label,
    halls: r.halls ?? 0,
    issued: r.issued ?? 0,
    served: r.served ?? 0,
    noShow: r.no_show ?? 0,
    cancelled: r.cancelled ?? 0,
    avgWaitMin: round1(per(r.wait_ms ?? 0, (r.served ?? 0) * 60_000)),
    withinTarget: per(r.within_target ?? 0, r.served ?? 0),
    avgServiceMin: round1(per(r.service_ms ?? 0, (r.served ?? 0) * 60_000)),
    rated: r.rated ?? 0,
    satisfaction: per(r.satisfied ?? 0, r.rated ?? 0),
    avgScore: per(r.score_sum ?? 0, r.rated ?? 0),
    bad: r.bad ?? 0,
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const shift = (day: string, days: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const nextMonth = (month: string) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return iso(d);
};

/**
 * A range of days as whole months (read from month_stats) and the days at either end that are not a whole
 * month (read from day_stats). Exported for its test.
 */
export function splitRange(from: string, to: string): { months: [string, string] | null; days: [string, string][] } {
  const firstFull = from === monthStart(from) ? from : nextMonth(monthStart(from));
  const lastFullEnd = shift(nextMonth(monthStart(to)), -1) === to ? to : shift(monthStart(to), -1);
  if (firstFull > lastFullEnd) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < firstFull) days.push([from, shift(firstFull, -1)]);
  if (to > lastFullEnd) days.push([shift(lastFullEnd, 1), to]);
  return { months: [firstFull, monthStart(lastFullEnd)], days };
}

const COLS = 'hall_id, service_id, issued, served, no_show, cancelled, wait_ms, within_target, service_ms, rated, satisfied, bad, score_sum';

export async function cityReport(pool: Pool, q: CityReportQuery): Promise<CityReport> {
  const where = `($3::text[] IS NULL OR d.hall_id = ANY($3)) AND ($4::text IS NULL OR h.tier = $4) AND $1::date <= $2::date`;
  let source: string;
  let params: unknown[];
  if (q.by === 'day') {
    // By day reads one row per hall and day (hall_day_stats), not one per service too.
    source = `(SELECT * FROM hall_day_stats WHERE day BETWEEN $1::date AND $2::date)`;
    params = [q.from, q.to, q.halls ?? null, q.tier ?? null];
  } else {
    // Whole months come from the month rows (12 a year instead of 365), the edges from the day rows.
    const split = splitRange(q.from, q.to);
    const [a, b] = [split.days[0] ?? [null, null], split.days[1] ?? [null, null]];
    source = `(
    SELECT ${COLS}, NULL::date AS day FROM month_stats WHERE $5::date IS NOT NULL AND month BETWEEN $5::date AND $6::date
    UNION ALL
    SELECT ${COLS}, day FROM day_stats WHERE ($7::date IS NOT NULL AND day BETWEEN $7::date AND $8::date) OR ($9::date IS NOT NULL AND day BETWEEN $9::date AND $10::date)
  )`;
    params = [q.from, q.to, q.halls ?? null, q.tier ?? null, split.months?.[0] ?? null, split.months?.[1] ?? null, a[0], a[1], b[0], b[1]];
  }
  const [grouped, total, names] = await Promise.all([
    pool.query<SumRow>(`SELECT ${KEY[q.by]} AS key, ${SUMS} FROM ${source} d JOIN halls h USING (hall_id) WHERE ${where} GROUP BY 1 ORDER BY 1`, params),
    pool.query<SumRow>(`SELECT NULL AS key, ${SUMS} FROM ${source} d JOIN halls h USING (hall_id) WHERE ${where}`, params),
    labels(pool, q.by),
  ]);
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    halls: q.halls ?? null,
    tier: q.tier ?? null,
    rows: grouped.rows.map((r) => figures(r, String(r.key), names.get(String(r.key)) ?? { zh: String(r.key), en: String(r.key) })),
    total: figures(total.rows[0]!, '', { zh: '合计', en: 'Total' }),
  };
}

/** Names for the report's keys: halls from the registry, services from the halls' shipped configs. */
async function labels(pool: Pool, by: CityReportQuery['by']): Promise<Map<string, { zh: string; en: string }>> {
  const m = new Map<string, { zh: string; en: string }>();
  if (by === 'tier') for (const [k, v] of Object.entries(TIER_NAME)) m.set(k, v);
  if (by === 'hall') {
    for (const r of (await pool.query<{ hall_id: string; name: string; name_en: string | null }>('SELECT hall_id, name, name_en FROM halls')).rows)
      m.set(r.hall_id, { zh: r.name, en: r.name_en ?? r.name });
  }
  if (by === 'service') {
    const r = await pool.query<{ id: string; zh: string; en: string | null }>(
      `SELECT DISTINCT ON (s->>'id') s->>'id' AS id, s->'name'->>'zh' AS zh, s->'name'->>'en' AS en
       FROM hall_state, jsonb_array_elements(COALESCE(config->'services', '[]'::jsonb)) AS s ORDER BY s->>'id', hall_id`,
    );
    for (const x of r.rows) m.set(x.id, { zh: x.zh, en: x.en ?? x.zh });
  }
  return m;
}

const HEAD: Record<CityReportQuery['by'], string> = { service: '业务 (Service)', hall: '大厅 (Hall)', tier: '层级 (Tier)', day: '营业日 (Business day)' };

/** The report as an .xlsx workbook (exceljs, as the hub's reports): the table, totals last, and what it covers. */
export async function cityReportXlsx(report: CityReport, generatedAt = new Date()): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hall-queue central';
  wb.created = generatedAt;
  const sheet = wb.addWorksheet('城市报表 City report', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols: [string, (r: CityReportRow) => string | number | null, string?][] = [
    ['编号 (Key)', (r) => r.key],
    [HEAD[report.by], (r) => r.label.zh],
    ['大厅数 (Halls)', (r) => r.halls, '0'],
    ['取号数 (Issued)', (r) => r.issued, '0'],
    ['办结数 (Served)', (r) => r.served, '0'],
    ['过号数 (No-shows)', (r) => r.noShow, '0'],
    ['取消数 (Cancelled)', (r) => r.cancelled, '0'],
    ['平均等候/分钟 (Avg wait, min)', (r) => r.avgWaitMin, '0.0'],
    ['目标内占比 (Within target)', (r) => r.withinTarget, '0.0%'],
    ['平均办理/分钟 (Avg service, min)', (r) => r.avgServiceMin, '0.0'],
    ['评价数 (Rated)', (r) => r.rated, '0'],
    ['满意率 (Satisfaction)', (r) => r.satisfaction, '0.0%'],
    ['差评数 (Bad ratings)', (r) => r.bad, '0'],
  ];
  sheet.columns = cols.map(([, , fmt], i) => ({ key: `c${i}`, width: i === 1 ? 28 : 16, ...(fmt ? { style: { numFmt: fmt } } : {}) }));
  const header = sheet.addRow(cols.map(([h]) => h));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of report.rows) sheet.addRow(cols.map(([, v]) => v(r)));
  sheet.addRow(cols.map(([, v], i) => (i === 0 ? '' : v(report.total)))).font = { bold: true };
  const about = wb.addWorksheet('说明 About');
  about.columns = [{ width: 28 }, { width: 60 }];
  for (const r of [
    ['起始营业日 (From)', report.from],
    ['截止营业日 (To)', report.to],
    ['分组 (Grouped by)', HEAD[report.by]],
    ['大厅 (Halls)', report.halls?.join(', ') ?? '全部 (All)'],
    ['层级 (Tier)', report.tier ?? '全部 (All)'],
    ['生成时间 (Generated)', generatedAt.toISOString()],
    ['等候 (Wait)', '取号到首次叫号，按办结计 (issue → first call, of tickets served)'],
    ['满意率 (Satisfaction)', `(${SATISFIED_LEVELS_ZH}) / 评价数 ((5+4+3) / rated)`],
  ])
    about.addRow(r);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
