// A year of a city's aggregates for the report benches: 30 halls × 16 services × 365 days of day rows
// (varied figures, so sums are not constant), and the month and hall-day rows that ingest would have
// written beside them. Replaces whatever aggregates the database held.
import type { Pool } from '../central/db.js';

export const YEAR = { from: '2025-01-01', to: '2025-12-31', halls: 30, services: 16 };

export async function seedCityYear(pool: Pool): Promise<{ dayRows: number; hallDayRows: number; monthRows: number }> {
  await pool.query('DELETE FROM day_stats; DELETE FROM month_stats; DELETE FROM hall_day_stats');
  await pool.query(
    `INSERT INTO halls (hall_id, name, tier) SELECT 'year-' || g, '年度大厅 ' || g, CASE WHEN g = 1 THEN 'district' WHEN g > 20 THEN 'village' ELSE 'township' END
     FROM generate_series(1, $1::int) g ON CONFLICT DO NOTHING`,
    [YEAR.halls],
  );
  await pool.query(
    `INSERT INTO day_stats (hall_id, day, service_id, issued, served, no_show, cancelled, wait_ms, within_target, service_ms, rated, satisfied, bad, score_sum)
     SELECT 'year-' || h, d::date, 's' || s, 30 + (h + s) % 20, 28 + (h + s) % 20, 1, 1, (28 + (h + s) % 20) * 600000, 25, (28 + (h + s) % 20) * 480000, 25, 23, 2, 115
     FROM generate_series(1, $1::int) h, generate_series($3::date, $4::date, interval '1 day') d, generate_series(1, $2::int) s`,
    [YEAR.halls, YEAR.services, YEAR.from, YEAR.to],
  );
  const sums = `sum(issued), sum(served), sum(no_show), sum(cancelled), sum(wait_ms), sum(within_target), sum(service_ms), sum(rated), sum(satisfied), sum(bad), sum(score_sum)`;
  await pool.query(`INSERT INTO month_stats SELECT hall_id, date_trunc('month', day)::date, service_id, ${sums} FROM day_stats GROUP BY 1, 2, 3`);
  await pool.query(`INSERT INTO hall_day_stats SELECT hall_id, day, ${sums} FROM day_stats GROUP BY 1, 2`);
  await pool.query('ANALYZE day_stats; ANALYZE month_stats; ANALYZE hall_day_stats');
  const n = async (t: string) => (await pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n as number;
  return { dayRows: await n('day_stats'), hallDayRows: await n('hall_day_stats'), monthRows: await n('month_stats') };
}
