// Reading tickets for reports from a real store file: the columns (score and zone are columns), the
// zone filter, a day at a time with the event loop free between days; and the query validation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.js';
import { reportQuery } from './query.js';
import { eachDay, ticketsOfDay } from '../store/report-rows.js';

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hall-reports-'));
  db = openDatabase(dir);
  const insert = db.prepare(
    `INSERT INTO tickets (id, business_day, issued_service_id, service_id, seq, number, state, priority, issued_at, called_at, started_at, finished_at, counter_id, staff_no, data, zone, rating_score)
     VALUES (?, ?, 'a', ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let seq = 0;
  const add = (day: string, service: string, zone: string, state: string, score: number | null, called: number | null) => {
    seq++;
    insert.run(`t${seq}`, day, service, seq, `A${seq}`, state, 1000, called, null, null, called ? '1' : null, called ? '1001' : null, JSON.stringify({ zone, rating: score ? { score, at: 0 } : null }), zone, score);
  };
  add('2026-11-20', 'social', 'F1', 'done', 4, 61_000);
  add('2026-11-20', 'permit', 'F2', 'waiting', null, null);
  add('2026-11-23', 'social', 'F1', 'no-show', null, 2000);
  add('2026-11-24', 'social', 'F1', 'done', null, 3000);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ticketsOfDay', () => {
  it('reads the columns a report needs, the score and zone from their columns', () => {
    expect(ticketsOfDay(db, '2026-11-20', null)).toEqual([
      { businessDay: '2026-11-20', serviceId: 'social', counterId: '1', staffNo: '1001', state: 'done', issuedAt: 1000, calledAt: 61_000, startedAt: null, finishedAt: null, rating: { score: 4 }, zone: 'F1' },
      { businessDay: '2026-11-20', serviceId: 'permit', counterId: null, staffNo: null, state: 'waiting', issuedAt: 1000, calledAt: null, startedAt: null, finishedAt: null, rating: null, zone: 'F2' },
    ]);
  });

  it('filters by zone', () => {
    expect(ticketsOfDay(db, '2026-11-20', 'F2').map((t) => t.serviceId)).toEqual(['permit']);
    expect(ticketsOfDay(db, '2026-11-20', 'F9')).toEqual([]);
  });
});

describe('eachDay', () => {
  it('hands over each day of the range in order, empty days included, and lets the event loop run in between', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('other work'));
    await eachDay(db, { from: '2026-11-20', to: '2026-11-24', zone: null }, (tickets) => seen.push(`${tickets.length}`));
    expect(seen).toEqual(['2', 'other work', '0', '0', '1', '1']);
  });
});

describe('reportQuery', () => {
  const q = reportQuery(() => '2026-11-23');
  it.each([
    [{}, { from: '2026-11-23', to: '2026-11-23', by: 'service', zone: null }],
    [{ from: '2026-11-01' }, { from: '2026-11-01', to: '2026-11-01' }],
    [{ to: '2026-11-01' }, { from: '2026-11-01', to: '2026-11-01' }],
    [{ from: '2025-11-23', to: '2026-11-23', by: 'day', zone: 'F1' }, { from: '2025-11-23', to: '2026-11-23', by: 'day', zone: 'F1' }],
  ])('accepts %j', (input, expected) => {
    const r = q.safeParse(input);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject(expected);
  });

  it.each([
    [{ from: '2026-02-29' }, 'from'],
    [{ from: '2026-11-23', to: '2026-11-22' }, 'to'],
    [{ from: '2025-11-22', to: '2026-11-23' }, 'to'],
    [{ by: 'week' }, 'by'],
    [{ from: ['2026-11-23', '2026-11-24'] }, 'from'],
    [{ format: 'csv' }, ''],
  ])('refuses %j (at %s)', (input, path) => {
    const r = q.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
