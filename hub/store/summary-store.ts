// The closed days' summaries (day_summaries, summarized_days, summarized_months) behind named queries:
// hub/reports/summaries.ts decides what a day's and a month's rows hold, this file writes and reads
// them, and reads a closed day's tickets for it. Statements are prepared once per store.
import type { DaySummary } from '../reports/reports.js';
import type { ReportTicket } from '../reports/reports.js';
import type { Db } from './database.js';
import { ticketsOfDay } from './report-rows.js';

/** One group's stored figures of one day (or, for a "month:" dimension, one month: day = YYYY-MM). */
export interface SummaryRow extends DaySummary {
  day: string;
  zone: string;
  key: string;
}

type RawRow = [string, string, string, number, number, number, number, number, number, number, number, number, number, string, number, Buffer | null, Buffer | null];

const ROW_COLUMNS = `day, zone, key, issued, served, no_show, cancelled, open, waited, within, wait_sum, service_n, service_sum, scores, not_rated, wait_hist, service_hist`;

export class SummaryStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT OR REPLACE INTO day_summaries (dim, day, zone, key, issued, served, no_show, cancelled, open, waited, within, wait_sum, service_n, service_sum, scores, not_rated, wait_hist, service_hist)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      clear: db.prepare(`DELETE FROM day_summaries WHERE day = ?`),
      monthsToRoll: db
        .prepare(
          `SELECT DISTINCT substr(day, 1, 7) FROM summarized_days WHERE day < ? AND substr(day, 1, 7) NOT IN (SELECT month FROM summarized_months) ORDER BY 1`,
        )
        .pluck(),
      monthDone: db.prepare(`INSERT OR REPLACE INTO summarized_months (month, at) VALUES (?, ?)`),
      done: db.prepare(`INSERT OR REPLACE INTO summarized_days (day, tickets, at) VALUES (?, ?, ?)`),
      months: db.prepare(`SELECT month FROM summarized_months WHERE month BETWEEN ? AND ?`).pluck(),
      missing: db
        .prepare(`SELECT DISTINCT business_day FROM tickets WHERE business_day < ? AND business_day NOT IN (SELECT day FROM summarized_days) ORDER BY business_day`)
        .pluck(),
      daysWithTickets: db.prepare(`SELECT day FROM summarized_days WHERE tickets > 0 AND day BETWEEN ? AND ?`).pluck(),
      range: db.prepare(`SELECT ${ROW_COLUMNS} FROM day_summaries WHERE dim = ? AND day BETWEEN ? AND ?`).raw(),
      rangeZone: db.prepare(`SELECT ${ROW_COLUMNS} FROM day_summaries WHERE dim = ? AND day BETWEEN ? AND ? AND zone = ?`).raw(),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A closed day's tickets, every zone (from its archive if the day is archived). */
  ticketsOfDay(day: string): ReportTicket[] {
    return ticketsOfDay(this.db, day, null);
  }

  /** Drops a day's rows (before it is summarised again). */
  clearDay(day: string): void {
    this.s.clear.run(day);
  }

  /** Writes (or replaces) one group's row of a day or, for a "month:" dimension, a month. */
  put(dim: string, day: string, zone: string, key: string, x: DaySummary): void {
    this.s.insert.run(dim, day, zone, key, x.issued, x.served, x.noShow, x.cancelled, x.open, x.waited, x.within, x.waitSumMs, x.serviceN, x.serviceSumMs, x.scores.join(','), x.notRated, x.waitHist, x.serviceHist);
  }

  /** Marks a day summarised (with its ticket count). */
  dayDone(day: string, tickets: number, at: number): void {
    this.s.done.run(day, tickets, at);
  }

  /** Marks a month rolled up. */
  monthDone(month: string, at: number): void {
    this.s.monthDone.run(month, at);
  }

  /** Business days before `today` with tickets and no summary yet, oldest first. */
  unsummarizedDays(today: string): string[] {
    return this.s.missing.all(today) as string[];
  }

  /** Months (YYYY-MM) with summarised days before `day` and not rolled up yet. */
  monthsToRoll(day: string): string[] {
    return this.s.monthsToRoll.all(day) as string[];
  }

  /** The rolled-up months from…to (YYYY-MM, inclusive). */
  rolledMonths(from: string, to: string): string[] {
    return this.s.months.all(from, to) as string[];
  }

  /** Summarised days from…to that had any ticket. */
  daysWithTickets(from: string, to: string): string[] {
    return this.s.daysWithTickets.all(from, to) as string[];
  }

  /** The rows of one dimension over from…to (inclusive), optionally of one zone. */
  rows(dim: string, range: { from: string; to: string; zone: string | null }): SummaryRow[] {
    const rows = (range.zone ? this.s.rangeZone.all(dim, range.from, range.to, range.zone) : this.s.range.all(dim, range.from, range.to)) as RawRow[];
    return rows.map((r) => ({
      day: r[0],
      zone: r[1],
      key: r[2],
      issued: r[3],
      served: r[4],
      noShow: r[5],
      cancelled: r[6],
      open: r[7],
      waited: r[8],
      within: r[9],
      waitSumMs: r[10],
      serviceN: r[11],
      serviceSumMs: r[12],
      scores: r[13].split(',').map(Number) as DaySummary['scores'],
      notRated: r[14],
      waitHist: r[15],
      serviceHist: r[16],
    }));
  }
}
