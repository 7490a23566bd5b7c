// What the report routes accept (validated with zod, so bad input is a 400, never a 5xx) and how the
// tickets of a range are read from the store. SQL filters by business day (the tickets table's
// UNIQUE (business_day, …) index finds a day) and zone; the figures are computed in reports.ts.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { TicketState } from '../engine/types.js';
import type { Db } from '../store/database.js';
import { archiveFor } from '../store/archive.js';
import { addDays, daysInRange, isCalendarDate } from '../../shared/hall-time.js';
import { MAX_RANGE_DAYS, REPORT_GROUPINGS, type ReportTicket } from './reports.js';

const date = z.string().refine(isCalendarDate, 'a calendar date as YYYY-MM-DD');

const rangeFields = z.object({
  from: date.optional(),
  to: date.optional(),
  zone: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a zone id')
    .optional(),
});

const by = z.enum(REPORT_GROUPINGS).default('service');

/** from/to default to each other, then to the current business day: a bare GET /api/reports is today's. */
function ranged<S extends z.ZodType<{ from?: string | undefined; to?: string | undefined; zone?: string | undefined }>>(schema: S, today: () => string) {
  return schema
    .transform((q) => ({ ...q, from: q.from ?? q.to ?? today(), to: q.to ?? q.from ?? today(), zone: q.zone ?? null }))
    .superRefine((q, ctx) => {
      const days = daysInRange(q.from, q.to);
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: '"to" is before "from"' });
      else if (days > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days in one report` });
    });
}

export const reportQuery = (today: () => string) => ranged(rangeFields.extend({ by }).strict(), today);
export const exportQuery = (today: () => string) => ranged(rangeFields.extend({ by, format: z.enum(['csv', 'xlsx']).default('csv') }).strict(), today);
export const hourlyQuery = (today: () => string) => ranged(rangeFields.strict(), today);

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
