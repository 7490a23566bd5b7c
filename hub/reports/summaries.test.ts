// Closed days summarised once: reports from the summaries equal the reports from the raw rows (every
// grouping, a zone, by hour) on a made-up data set in a real store; a summarised day is not read again
// (count of summaries; a tampered ticket row does not show); the rollover summarises the day that ended;
// the migration fills the new columns of existing rows.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { businessDay } from '../engine/calendar.js';
import { makeConfig } from '../engine/test-fixture.js';
import { Hall, SYSTEM } from '../hall.js';
import { DB_FILE, openDatabase } from '../store/database.js';
import { SummaryStore } from '../store/summary-store.js';
import { HallStore } from '../store/hall-store.js';
import { migrations } from '../store/migrations.js';
import { ticketsOfDay } from '../store/report-rows.js';
import { addDays } from '../../shared/hall-time.js';
import { buildHourly, buildReport, HourlyBuilder, REPORT_GROUPINGS, ReportBuilder } from './reports.js';
import { addClosedDays, addClosedHours, daySummaries, summarizeDay } from './summaries.js';
import { insertTickets } from '../store/report-test-data.js';

const config = makeConfig();
const DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
/** All of October (rolled up into a month at start) and DAYS. */
const WITH_OCTOBER = [...Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`), ...DAYS];
const TODAY = '2026-11-23';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'hall-summaries-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function hallAt(dir: string, at: number): { hall: Hall; clock: ManualClock } {
  const clock = new ManualClock(at);
  const hall = new Hall({ store: new HallStore(openDatabase(dir)), config, configSource: 'test', clock, log: pino({ level: 'silent' }) });
  return { hall, clock };
}

describe('reports from summaries equal reports from the raw rows', () => {
  let hall: Hall;
  beforeAll(() => {
    const dir = tempDir();
    const db = openDatabase(dir);
    insertTickets(db, config, WITH_OCTOBER, 150, 42);
    db.close();
    hall = hallAt(dir, Date.parse(`${TODAY}T10:00:00+08:00`)).hall;
    daySummaries(hall);
  });
  afterAll(() => hall.close());

  const raw = (from: string, to: string, zone: string | null) => WITH_OCTOBER.filter((d) => d >= from && d <= to).flatMap((d) => ticketsOfDay(hall.store.db, d, zone));

  it('rolled October up into a month', () => {
    expect(hall.store.db.prepare(`SELECT month FROM summarized_months`).pluck().all()).toEqual(['2026-10']);
  });

  for (const [from, to] of [['2026-11-16', '2026-11-20'], ['2026-10-01', '2026-11-20'], ['2026-10-15', '2026-11-18'], ['2026-09-20', '2026-10-31']] as const)
  for (const zone of [null, 'z1', 'z2'])
    for (const by of REPORT_GROUPINGS)
      it(`${from}…${to} by ${by}, zone ${zone ?? 'all'}`, () => {
        const range = { from, to, zone };
        const expected = buildReport(raw(from, to, zone), config, { ...range, by });
        const b = new ReportBuilder(config, { ...range, by });
        addClosedDays(hall.store.summaries, b, by, range);
        expect(b.result()).toEqual(expected);
        expect(expected.total.issued).toBeGreaterThan(0);
        expect(expected.total.p90WaitMin).not.toBeNull();
      });

  it('by hour', () => {
    const range = { from: DAYS[0]!, to: DAYS[DAYS.length - 1]!, zone: null };
    const b = new HourlyBuilder(config.hall.timezone, range);
    addClosedHours(hall.store.summaries, b, range);
    expect(b.result()).toEqual(buildHourly(raw(range.from, range.to, null), config.hall.timezone, range));
  });
});

describe('a closed day is summarised once', () => {
  it('backfills at start, not again; a tampered row of a closed day does not change its report', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    insertTickets(db, config, DAYS, 50, 7);
    db.close();
    let { hall } = hallAt(dir, Date.parse(`${TODAY}T10:00:00+08:00`));
    const s = daySummaries(hall);
    expect(s.summarized).toBe(DAYS.length);
    expect(s.catchUp()).toEqual([]);
    expect(s.summarized).toBe(DAYS.length);

    const range = { from: DAYS[0]!, to: DAYS[4]!, zone: null };
    const before = buildReport(DAYS.flatMap((d) => ticketsOfDay(hall.store.db, d, null)), config, { ...range, by: 'service' });
    // Tamper: a closed day's tickets all become no-shows in the raw table.
    hall.store.db.prepare(`UPDATE tickets SET state = 'no-show' WHERE business_day = ?`).run(DAYS[2]);
    const fromSummaries = () => {
      const b = new ReportBuilder(config, { ...range, by: 'service' });
      addClosedDays(hall.store.summaries, b, 'service', range);
      return b.result();
    };
    expect(fromSummaries()).toEqual(before);
    hall.close();

    // A restart does not summarise them again either.
    hall = hallAt(dir, Date.parse(`${TODAY}T11:00:00+08:00`)).hall;
    expect(daySummaries(hall).summarized).toBe(0);
    expect(fromSummaries()).toEqual(before);
    hall.close();
  });

  it('summarises the day that ended at the rollover, once', () => {
    const dir = tempDir();
    const { hall, clock } = hallAt(dir, Date.parse(`${TODAY}T10:00:00+08:00`));
    const s = daySummaries(hall);
    expect(s.summarized).toBe(0);
    hall.execute({ type: 'login', counterId: '1', staffNo: '1001' }, SYSTEM);
    const issued = hall.execute({ type: 'issue', serviceId: 'household' }, SYSTEM)[0]!;
    clock.advance(5 * 60_000);
    hall.execute({ type: 'call-next', counterId: '1' }, SYSTEM);
    hall.execute({ type: 'start', counterId: '1' }, SYSTEM);
    clock.advance(7 * 60_000);
    hall.execute({ type: 'finish', counterId: '1' }, SYSTEM);
    hall.execute({ type: 'issue', serviceId: 'household' }, SYSTEM); // still waiting at the end of the day
    expect('ticket' in issued && issued.ticket.businessDay).toBe(TODAY);

    clock.set(Date.parse(`${addDays(TODAY, 1)}T03:30:00+08:00`));
    hall.execute({ type: 'tick' }, SYSTEM);
    expect(businessDay(clock.now(), config)).toBe(addDays(TODAY, 1));
    expect(s.summarized).toBe(1);
    const b = new ReportBuilder(config, { from: TODAY, to: TODAY, by: 'service' });
    addClosedDays(hall.store.summaries, b, 'service', { from: TODAY, to: TODAY, zone: null });
    const r = b.result();
    expect(r.total).toMatchObject({ issued: 2, served: 1, cancelled: 1, avgWaitMin: 5, avgServiceMin: 7 });
    expect(r).toEqual(buildReport(ticketsOfDay(hall.store.db, TODAY, null), config, { from: TODAY, to: TODAY, by: 'service' }));
    // The estimate's prior is refreshed from the summaries (one service is below the 10-sample minimum: none yet).
    expect(hall.view.inputs.serviceHistory.get('household')?.every((x) => x === null)).toBe(true);
    hall.execute({ type: 'tick' }, SYSTEM);
    expect(s.summarized).toBe(1);
    hall.close();
  });
});

describe('the migration', () => {
  it('fills zone and rating_score of the rows stored before it', () => {
    const dir = tempDir();
    const mine = migrations.findIndex((m) => typeof m === 'string' && m.includes('day_summaries'));
    const old = new Database(join(dir, DB_FILE));
    for (let v = 0; v < mine; v++) {
      const m = migrations[v]!;
      if (typeof m === 'string') old.exec(m);
      else m.run(old);
    }
    old.pragma(`user_version = ${mine}`);
    old.prepare(
      `INSERT INTO tickets (id, business_day, issued_service_id, service_id, seq, number, state, priority, issued_at, data)
       VALUES ('x', '2026-11-20', 'a', 'a', 1, 'A001', 'done', 'normal', 0, ?)`,
    ).run(JSON.stringify({ zone: 'F2', rating: { score: 2 } }));
    old.close();
    const db = openDatabase(dir);
    expect(db.prepare(`SELECT zone, rating_score AS score FROM tickets WHERE id = 'x'`).get()).toEqual({ zone: 'F2', score: 2 });
    // …and the closed day is summarised from those columns.
    summarizeDay(new SummaryStore(db), '2026-11-20', config, 0);
    expect(db.prepare(`SELECT zone, scores FROM day_summaries WHERE dim = 'service' AND day = '2026-11-20'`).get()).toEqual({ zone: 'F2', scores: '0,1,0,0,0' });
    db.close();
  });
});
