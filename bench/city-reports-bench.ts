// City reports over a year × 30 halls × 16 services, every grouping, in a real PostgreSQL (a throwaway
// cluster, default settings incl. work_mem), each beside baselines measured in the same run: a bare scan
// of the year's day rows (what any report reading them pays at least) and the report by day as it was
// before hall_day_stats (day_stats grouped by a to_char() key). Not a test: it prints figures.
//
//   npm run bench:city-reports      (CITY_REPORTS_RUNS=7: the median of that many runs per row)
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { cityReport, type CityReportQuery } from '../central/reports.js';
import { startCentral } from '../central/server.js';
import { startPgCluster } from '../tests/support/postgres.js';
import { seedCityYear, YEAR } from './city-year.js';
import { median } from '../shared/percentile.js';

const RUNS = Number(process.env.CITY_REPORTS_RUNS ?? 7);
const timed = async (fn: () => Promise<unknown>) => {
  await fn(); // warm: plans and pages cached, as on a central in use
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
};

const cluster = await startPgCluster();
try {
  const central = await startCentral({ db: cluster.createDatabase('city_reports_bench'), port: 0, log: pino({ level: 'silent' }) });
  const pool = central.pool;
  const seeded = await seedCityYear(pool);
  const rows: [string, number, string][] = [];
  const { from, to } = YEAR;

  const bare = await timed(() => pool.query(`SELECT count(*), sum(issued) FROM day_stats WHERE day BETWEEN $1::date AND $2::date`, [from, to]));
  rows.push([`baseline: bare scan of the year's ${seeded.dayRows.toLocaleString('en-US')} day rows (count, sum)`, bare, 'baseline']);
  const before = await timed(() =>
    Promise.all(
      [`SELECT to_char(d.day, 'YYYY-MM-DD') AS key,`, 'SELECT NULL AS key,'].map((head, i) =>
        pool.query(
          `${head} count(DISTINCT d.hall_id)::int AS halls, sum(d.issued)::int AS issued, sum(d.served)::int AS served, sum(d.wait_ms)::float8 AS wait_ms, sum(d.rated)::int AS rated
           FROM (SELECT * FROM day_stats WHERE day BETWEEN $1::date AND $2::date) d JOIN halls h USING (hall_id) ${i === 0 ? 'GROUP BY 1 ORDER BY 1' : ''}`,
          [from, to],
        ),
      ),
    ),
  );
  rows.push(['baseline: by day as before (day_stats grouped by to_char, + total)', before, 'baseline']);

  const report = (q: Partial<CityReportQuery>) => () => cityReport(pool, { from, to, by: 'hall', halls: undefined, tier: undefined, ...q } as CityReportQuery);
  for (const by of ['service', 'hall', 'tier', 'day'] as const) rows.push([`city report, a year × 30 halls, by ${by}`, await timed(report({ by })), by === 'day' ? 'hall_day_stats' : 'month_stats']);
  rows.push(['  by hall, 15 Jan … 20 Dec (months + 36 edge days)', await timed(report({ from: '2025-01-15', to: '2025-12-20' })), 'months + day rows']);
  rows.push(['  by day, 10 halls named', await timed(report({ by: 'day', halls: Array.from({ length: 10 }, (_, i) => `year-${i + 1}`) })), 'hall_day_stats']);
  rows.push(['  by day, village tier only', await timed(report({ by: 'day', tier: 'village' })), 'hall_day_stats']);

  // The report is right, not just fast: by day and by hall sum to the same total.
  const [d, h] = await Promise.all([report({ by: 'day' })(), report({ by: 'hall' })()]);
  if (d.rows.length !== 365 || d.total.issued !== h.total.issued || d.total.served !== h.total.served) throw new Error(`by day ${d.total.issued} ≠ by hall ${h.total.issued}`);
  await central.close();

  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`city reports bench — PostgreSQL (throwaway cluster), ${seeded.dayRows} day rows, ${seeded.hallDayRows} hall-day rows, ${seeded.monthRows} month rows, median of ${RUNS}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`${'what'.padEnd(w)}  ${'seconds'.padStart(8)}  ${'× bare scan'.padStart(11)}  reads`);
  for (const [what, ms, src] of rows) console.log(`${what.padEnd(w)}  ${(ms / 1000).toFixed(3).padStart(8)}  ${(ms / bare).toFixed(1).padStart(11)}  ${src}`);
} finally {
  cluster.stop();
}
