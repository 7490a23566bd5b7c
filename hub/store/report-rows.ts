// The rows a report reads: one business day's tickets (only the columns a report needs), from the live
// file or, for an archived period, from its archive. SQL filters by business day (the tickets table's
// UNIQUE (business_day, …) index finds a day) and zone; the figures are computed in hub/reports/.
import type Database from 'better-sqlite3';
import type { TicketState } from '../engine/types.js';
import type { ReportTicket } from '../reports/reports.js';
import { addDays, daysInRange } from '../../shared/hall-time.js';
import { archiveFor } from './archive.js';
import type { Db } from './database.js';

type Row = [string, string, string | null, string | null, string, number, number | null, number | null, number | null, number | null, string | null];

type Statement = Database.Statement<unknown[], unknown>;
const statements = new WeakMap<Db, { all: Statement; zone: Statement }>();

const COLUMNS = `business_day, service_id, counter_id, staff_no, state, issued_at, called_at, started_at, finished_at, rating_score, zone`;

/** One business day's tickets (optionally of one zone), only the columns a report needs. */
export function ticketsOfDay(live: Db, day: string, zone: string | null): ReportTicket[] {
  // A day of an archived period is read from its archive file (hub/store/archive.ts).
  const db = archiveFor(live, day) ?? live;
  let s = statements.get(db);
  if (!s) {
    s = {
      all: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE business_day = ?`).raw(),
      zone: db.prepare(`SELECT ${COLUMNS} FROM tickets WHERE business_day = ? AND zone = ?`).raw(),
    };
    statements.set(db, s);
  }
  const rows = (zone ? s.zone.all(day, zone) : s.all.all(day)) as Row[];
  return rows.map((r) => ({
    businessDay: r[0],
    serviceId: r[1],
    counterId: r[2],
    staffNo: r[3],
    state: r[4] as TicketState,
    issuedAt: r[5],
    calledAt: r[6],
    startedAt: r[7],
    finishedAt: r[8],
    rating: r[9] === null ? null : { score: r[9] },
    zone: r[10],
  }));
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Hands the tickets of business days from…to (inclusive) to `each`, one day at a time, letting the
 * event loop run between days. The hub is the hall's only writer and runs on one thread: a year of a
 * busy hall is millions of rows and seconds of reading, and calls at the counters must not wait for it.
 */
export async function eachDay(db: Db, range: { from: string; to: string; zone: string | null }, each: (tickets: ReportTicket[]) => void): Promise<void> {
  const days = daysInRange(range.from, range.to);
  for (let i = 0; i < days; i++) {
    each(ticketsOfDay(db, addDays(range.from, i), range.zone));
    if (i + 1 < days) await nextTurn();
  }
}
