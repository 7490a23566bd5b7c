// Made-up ticket rows for the summaries' tests and the reports bench (no tests in here): a hall's days
// with every state, waits and service times from seconds to hours, ratings, several zones, counters and
// staff, tickets never called. Written straight into the tickets table as the store writes them.
import type { HallConfig } from '../config/schema.js';
import { random } from '../planning/simulate.js';
import type { Db } from './database.js';

const STATES = ['done', 'done', 'done', 'done', 'done', 'done', 'no-show', 'cancelled'] as const;

/** Epoch ms of a local wall-clock time in Asia/Shanghai (UTC+8). */
const shanghai = (day: string, minutes: number) => Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000;

export function insertTickets(db: Db, config: HallConfig, days: readonly string[], perDay: number, seed = 1): number {
  const rnd = random(seed);
  const insert = db.prepare(
    `INSERT INTO tickets (id, business_day, issued_service_id, service_id, seq, number, state, priority, issued_at, called_at, started_at, finished_at, counter_id, staff_no, data, zone, rating_score)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const services = config.services;
  const staff = config.staff.length ? config.staff.map((s) => s.no) : ['1001', '1002', '1003'];
  let n = 0;
  db.transaction(() => {
    for (const day of days) {
      const seqs = new Map<string, number>();
      for (let i = 0; i < perDay; i++) {
        const s = services[Math.floor(rnd() * services.length)]!;
        const counters = config.counters.filter((k) => k.services.some((x) => x.service === s.id));
        const seq = (seqs.get(s.id) ?? 0) + 1;
        seqs.set(s.id, seq);
        const issuedAt = shanghai(day, 9 * 60 + rnd() * 8 * 60) + Math.floor(rnd() * 60_000);
        let state: string = STATES[Math.floor(rnd() * STATES.length)]!;
        // A few never called: cancelled while waiting.
        const called = !(state === 'cancelled' && rnd() < 0.7);
        if (state === 'cancelled' && called) state = 'done';
        // Waits from a few seconds to two hours, log-uniform; service times from seconds to an hour.
        const wait = called ? Math.round(Math.exp(rnd() * Math.log(7_200_000 / 3_000)) * 3_000) : null;
        const calledAt = wait === null ? null : issuedAt + wait;
        const startedAt = state === 'done' && calledAt !== null ? calledAt + Math.round(rnd() * 90_000) : null;
        const finishedAt = startedAt !== null ? startedAt + Math.round(Math.exp(rnd() * Math.log(3_600_000 / 500)) * 500) : null;
        const counter = called ? counters[Math.floor(rnd() * counters.length)]!.id : null;
        const staffNo = called ? staff[Math.floor(rnd() * staff.length)]! : null;
        const score = state === 'done' && rnd() < 0.6 ? 1 + Math.floor(rnd() * 5) : null;
        const id = `${day}-${i}`;
        insert.run(id, day, s.id, s.id, seq, `${s.prefix}${seq}`, state, issuedAt, calledAt, startedAt, finishedAt, counter, staffNo, JSON.stringify({ id, zone: s.zone, rating: score ? { score } : null }), s.zone, score);
        n++;
      }
    }
  })();
  return n;
}
