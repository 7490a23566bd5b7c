// Next week's staffing advice from the summaries of past weeks in a real store: the same weekday and
// half-hour averaged over the weeks that had tickets, and Erlang C's counters for the target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/hall-time.js';
import { makeConfig } from '../engine/test-fixture.js';
import { summarizeDay } from '../reports/summaries.js';
import { openDatabase } from '../store/database.js';
import { SummaryStore } from '../store/summary-store.js';
import { nextMonday, staffingAdvice } from './advice.js';
import { countersNeeded } from './erlang.js';

const dir = mkdtempSync(join(tmpdir(), 'hall-advice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('staffing advice', () => {
  it('takes the arrivals and service times of the same weekday and half-hour in past weeks', () => {
    const config = makeConfig({ staffing: { targetShare: 0.8, targetWaitMin: 20, weeks: 4 } });
    const db = openDatabase(dir);
    const summaries = new SummaryStore(db);
    const insert = db.prepare(
      `INSERT INTO tickets (id, business_day, issued_service_id, service_id, seq, number, state, priority, issued_at, called_at, started_at, finished_at, counter_id, staff_no, data, zone, rating_score)
       VALUES (?, ?, 'household', 'household', ?, ?, 'done', 'normal', ?, ?, ?, ?, '1', '1001', '{}', 'z1', NULL)`,
    );
    const week = '2026-11-30'; // a Monday
    expect(nextMonday('2026-11-25')).toBe(week);
    // Past Mondays 11-23, 11-16, 11-09 had 50 household tickets between 10:00 and 10:30, served in 6 min
    // (11-02 was closed: no tickets, it must not halve the rate); on 11-16 the service took 9 min.
    const mondays = ['2026-11-23', '2026-11-16', '2026-11-09'];
    for (const day of mondays) {
      const at = Date.parse(`${day}T10:00:00+08:00`);
      const serviceMs = (day === '2026-11-16' ? 9 : 6) * 60_000;
      for (let i = 0; i < 50; i++) {
        const issued = at + i * 30_000;
        insert.run(`${day}-${i}`, day, i + 1, `A${i + 1}`, issued, issued + 60_000, issued + 60_000, issued + 60_000 + serviceMs);
      }
    }
    for (const day of [...mondays, '2026-11-02']) summarizeDay(summaries, day, config, 0);
    const advice = staffingAdvice(summaries, config, week);
    const monday = advice.services.find((s) => s.serviceId === 'household')!.days[0]!;
    expect(monday).toMatchObject({ date: week, weekday: 1, basedOnDays: 3 });
    expect(monday.slots).toHaveLength(1);
    const slot = monday.slots[0]!;
    // 50 per half-hour = 100 an hour; mean service (6 + 9 + 6) / 3 = 7 min: A = 11.67 Erlang.
    expect(slot).toMatchObject({ half: 20, arrivalsPerHour: 100, serviceMin: 7 });
    const expected = countersNeeded({ arrivalsPerHour: 100, serviceMin: 7, targetMin: 20, level: 0.8 });
    expect(slot.counters).toBe(expected.counters);
    expect(slot.counters).toBeGreaterThan(11.67);
    expect(monday.peak).toBe(slot.counters);
    // Tuesday had no tickets in past weeks: no advice, not zero counters pretending to be one.
    expect(advice.services[0]!.days[1]).toMatchObject({ date: addDays(week, 1), basedOnDays: 0, peak: 0, slots: [] });
    db.close();
  });
});
