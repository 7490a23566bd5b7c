// Reports over a year, and the wait estimate's error, each beside its baseline in the same run (shared,
// noisy machines: read ratios). Not a test: it prints.
//
//   npm run bench:reports     (HALL_BENCH_DAYS=365 HALL_BENCH_PER_DAY=1000 by default)
//
// 1. A one-year report over 365,000 tickets from the closed days' summaries (goal ≤ 50 ms), beside a
//    one-day report, the live method for today (raw rows), and the raw-row method over the whole year
//    (what main did for every range).
// 2. A simulated day replayed through the engine: the estimate shown at each issue against the wait
//    that followed — median and P90 of |estimated − actual| for the model (hub/engine/wait-model.ts)
//    and for the naive "people ahead × average ÷ counters".
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { aheadOf, estimatedWait } from '../hub/engine/estimate.js';
import { naiveWaitMin } from '../hub/engine/wait-model.js';
import { exponential, random, simulate, type Arrival, type Shift } from '../hub/planning/simulate.js';
import { ticketsOfDay } from '../hub/store/report-rows.js';
import { ReportBuilder } from '../hub/reports/reports.js';
import { addDays } from '../shared/hall-time.js';
import { addClosedDays, rollUpMonth, summarizeDay } from '../hub/reports/summaries.js';
import { SummaryStore } from '../hub/store/summary-store.js';
import { insertTickets } from '../hub/store/report-test-data.js';
import { openDatabase } from '../hub/store/database.js';
import { median, percentileOf } from '../shared/percentile.js';

const DAYS = Number(process.env.HALL_BENCH_DAYS ?? 365);
const PER_DAY = Number(process.env.HALL_BENCH_PER_DAY ?? 1000);
const config = demoHallConfig();

/** Median wall and CPU milliseconds over `runs` runs (after one warm-up run). */
function timed<T>(fn: () => T, runs: number, warmUp = true): { ms: number; cpu: number; value: T } {
  const times: number[] = [];
  const cpus: number[] = [];
  let value = warmUp ? fn() : (undefined as T);
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { ms: median(times), cpu: median(cpus), value };
}

function reportsBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-reports-'));
  try {
    const db = openDatabase(dir);
    const summaries = new SummaryStore(db);
    const first = '2025-11-23';
    const days = Array.from({ length: DAYS }, (_, i) => addDays(first, i));
    const last = days[days.length - 1]!;
    let t0 = performance.now();
    const n = insertTickets(db, config, days, PER_DAY, 3);
    console.log(`store: ${n.toLocaleString('en')} tickets over ${DAYS} days (${PER_DAY}/day) written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    for (const d of days) summarizeDay(summaries, d, config, 0);
    const summariseMs = performance.now() - t0;
    // Whole months before the last day's are rolled up, as the hub does at the first rollover of a month.
    t0 = performance.now();
    const months = [...new Set(days.map((d) => d.slice(0, 7)))].filter((m) => m < last.slice(0, 7));
    for (const m of months) rollUpMonth(summaries, m, 0);
    const rollMs = performance.now() - t0;
    const rows = db.prepare(`SELECT COUNT(*) FROM day_summaries`).pluck().get() as number;
    console.log(`summaries: ${rows.toLocaleString('en')} rows, ${(summariseMs / DAYS).toFixed(1)} ms per closed day (once, at its rollover), ${months.length ? (rollMs / months.length).toFixed(1) : '–'} ms per month rolled up`);
    console.log(`(load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores: wall times stretch with it; CPU ms is this process's own)\n`);

    const fromSummaries = (from: string, by: 'service' | 'day' | 'staff') => () => {
      const b = new ReportBuilder(config, { from, to: last, by });
      addClosedDays(summaries, b, by, { from, to: last, zone: null });
      return b.result();
    };
    const raw = (from: string, by: 'service' | 'day' | 'staff') => () => {
      const b = new ReportBuilder(config, { from, to: last, by });
      for (let d = from; d <= last; d = addDays(d, 1)) for (const t of ticketsOfDay(db, d, null)) b.add(t);
      return b.result();
    };
    const lines: [string, number, number, number][] = [];
    const year = timed(fromSummaries(first, 'service'), 7);
    lines.push([`${DAYS} days by service, from summaries (goal for 365: ≤ 50 ms)`, year.ms, year.cpu, year.value.total.issued]);
    const yearDay = timed(fromSummaries(first, 'day'), 5);
    lines.push([`${DAYS} days by day, from summaries`, yearDay.ms, yearDay.cpu, yearDay.value.total.issued]);
    const yearStaff = timed(fromSummaries(first, 'staff'), 5);
    lines.push([`${DAYS} days by staff, from summaries`, yearStaff.ms, yearStaff.cpu, yearStaff.value.total.issued]);
    const oneDay = timed(fromSummaries(last, 'service'), 21);
    lines.push([`one day by service, from summaries`, oneDay.ms, oneDay.cpu, oneDay.value.total.issued]);
    const today = timed(raw(last, 'service'), 21);
    lines.push([`one day by service, raw rows (today's live method)`, today.ms, today.cpu, today.value.total.issued]);
    const yearRaw = timed(raw(first, 'service'), 1, false);
    lines.push([`${DAYS} days by service, raw rows (baseline: main's method)`, yearRaw.ms, yearRaw.cpu, yearRaw.value.total.issued]);
    console.log('report'.padEnd(58), 'wall ms'.padStart(9), 'CPU ms'.padStart(9), 'tickets'.padStart(10));
    for (const [name, ms, cpu, issued] of lines) console.log(name.padEnd(58), ms.toFixed(2).padStart(9), cpu.toFixed(2).padStart(9), issued.toLocaleString('en').padStart(10));
    const same = JSON.stringify(year.value.total) === JSON.stringify(yearRaw.value.total);
    console.log(`\nsummaries vs raw rows, whole-range totals identical: ${same}; speed-up ×${(yearRaw.ms / year.ms).toFixed(0)}\n`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function estimateBench(): void {
  const errors = { model: [] as number[], naive: [] as number[] };
  let tickets = 0;
  let noCounter = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const r = replayDay(seed);
    errors.model.push(...r.model);
    errors.naive.push(...r.naive);
    tickets += r.tickets;
    noCounter += r.noCounter;
  }
  console.log(`estimate replay: ${tickets} tickets of 8 simulated days through the engine (${noCounter} issued with no counter open: told there is no counter open, not counted)`);
  console.log('|estimated − actual wait|, minutes'.padEnd(58), 'median'.padStart(9), 'P90'.padStart(9));
  console.log('model (hub/engine/wait-model.ts)'.padEnd(58), median(errors.model).toFixed(1).padStart(9), percentileOf(errors.model, 0.9).toFixed(1).padStart(9));
  console.log('naive: ahead × average ÷ counters (baseline)'.padEnd(58), median(errors.naive).toFixed(1).padStart(9), percentileOf(errors.naive, 0.9).toFixed(1).padStart(9));
}

function replayDay(seed: number): { model: number[]; naive: number[]; tickets: number; noCounter: number } {
  // The demo hall's social-security queue on a Monday: a morning rush, three counters then two after
  // lunch, service times log-normal around 8 min with a burst of 1-second "services" (no-shows
  // clicked through) mid-morning — what made main say 无需等候 with 26 ahead.
  const rnd = random(seed * 101);
  const HOUR = 3_600_000;
  const day = Date.parse('2026-11-23T09:00:00+08:00');
  const arrivals: Arrival[] = [];
  const rate = (h: number) => (h < 1 ? 30 : h < 3 ? 22 : h < 4.5 ? 8 : 14); // per hour
  for (let t = day; t < day + 7.5 * HOUR; ) {
    t += exponential(rnd, HOUR / rate((t - day) / HOUR));
    arrivals.push({ at: Math.round(t), serviceId: 'social-security' });
  }
  const shifts: Shift[] = [
    { counterId: '1', from: day, to: day + 8 * HOUR },
    { counterId: '2', from: day, to: day + 3 * HOUR },
    { counterId: '3', from: day + 0.5 * HOUR, to: day + 8 * HOUR },
  ];
  const estimates = new Map<string, { model: number | null; naive: number }>();
  const { tickets } = simulate({
    config,
    arrivals,
    shifts,
    seed,
    serviceMs: (t) => {
      const at = t.issuedAt - day;
      if (at > 1.5 * HOUR && at < 1.8 * HOUR && rnd() < 0.7) return 300 + rnd() * 700;
      return Math.exp(Math.log(8 * 60_000) + 0.5 * (rnd() + rnd() + rnd() - 1.5));
    },
    onIssued: (state, ticket, now) => {
      const ahead = aheadOf(state, ticket, now);
      const counters = [...state.counters.values()].filter((c) => c.state !== 'closed' && state.config.counters.find((k) => k.id === c.id)?.services.some((s) => s.service === ticket.serviceId)).length;
      estimates.set(ticket.id, {
        model: estimatedWait(state, ticket.serviceId, ahead, now).estimatedWaitMin,
        naive: naiveWaitMin(ahead, state.serviceTimes.get(ticket.serviceId) ?? [], 8, counters),
      });
    },
  });
  const errors = { model: [] as number[], naive: [] as number[] };
  let noCounter = 0;
  for (const t of tickets) {
    const e = estimates.get(t.id);
    if (!e || t.calledAt === null) continue;
    const actual = (t.calledAt - t.issuedAt) / 60_000;
    if (e.model === null) {
      noCounter++;
      continue;
    }
    errors.model.push(Math.abs(e.model - actual));
    errors.naive.push(Math.abs(e.naive - actual));
  }
  return { ...errors, tickets: tickets.length, noCounter };
}

reportsBench();
estimateBench();
