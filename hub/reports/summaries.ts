// Closed business days, summarised once. A day that has ended cannot change (its open tickets were
// cancelled at the rollover), so its tickets are read once — at the rollover, or by the backfill at
// start for days closed before this version or while the hub was down — into day_summaries rows: per
// zone and per service, counter, staff member, hour of issue, and service × half-hour of issue (the
// staffing advice's arrival rates and service times). Counts, exact sums and 0.1-minute histograms, so
// a report over any range equals the one computed from the raw rows (reports.ts: Histogram). Reports
// read the rows of closed days and compute only today live.
import type { Logger } from 'pino';
import type { HallConfig } from '../config/schema.js';
import type { Hall } from '../hall.js';
import type { SummaryRow, SummaryStore } from '../store/summary-store.js';
import { addDays, minuteOfDay } from '../../shared/hall-time.js';
import { Accumulator, FALLBACK_TARGET_WAIT_MIN, HourlyBuilder, type DaySummary, type ReportBuilder, type ReportBy } from './reports.js';

export const SUMMARY_DIMS = ['service', 'counter', 'staff', 'hour', 'slot', 'all'] as const;
export type SummaryDim = (typeof SUMMARY_DIMS)[number];

/** The key of the "never called" group (counter and staff): SQL keys are not null. */
const NONE = '';
const WITH_HISTOGRAMS = new Set<string>(['service', 'counter', 'staff', 'all']);
/** Dimensions rolled up into whole months (reports read them; the hourly chart and staffing read days). */
const MONTHLY: readonly SummaryDim[] = ['service', 'counter', 'staff', 'all'];

/** A slot row's key: service and local half-hour of issue (0–47). */
export const slotKey = (serviceId: string, halfHour: number) => `${serviceId}|${halfHour}`;

export type { SummaryRow } from '../store/summary-store.js';

/** Reads one closed day's tickets and writes its summary rows (replacing any), in one transaction. */
export function summarizeDay(store: SummaryStore, day: string, config: HallConfig, now: number): number {
  const tickets = store.ticketsOfDay(day);
  const targets = new Map(config.services.map((x) => [x.id, x.targetWaitMin * 60_000]));
  const minuteOf = minuteOfDay(config.hall.timezone);
  const groups = new Map<string, { dim: SummaryDim; zone: string; key: string; acc: Accumulator }>();
  const add = (dim: SummaryDim, zone: string, key: string) => {
    const id = `${dim}\u0000${zone}\u0000${key}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { dim, zone, key, acc: new Accumulator() }));
    return g.acc;
  };
  for (const t of tickets) {
    const target = targets.get(t.serviceId) ?? FALLBACK_TARGET_WAIT_MIN * 60_000;
    const zone = t.zone ?? NONE;
    const minute = minuteOf(t.issuedAt);
    add('service', zone, t.serviceId).add(t, target);
    add('counter', zone, t.counterId ?? NONE).add(t, target);
    add('staff', zone, t.staffNo ?? NONE).add(t, target);
    add('hour', zone, String(Math.floor(minute / 60))).add(t, target);
    add('slot', zone, slotKey(t.serviceId, Math.floor(minute / 30))).add(t, target);
    add('all', zone, NONE).add(t, target);
  }
  store.transaction(() => {
    store.clearDay(day);
    for (const g of groups.values()) store.put(g.dim, day, g.zone, g.key, g.acc.summary(WITH_HISTOGRAMS.has(g.dim)));
    store.dayDone(day, tickets.length, now);
  });
  return tickets.length;
}

/**
 * Rolls the day rows of a whole closed month up into "month:<dim>" rows (day = YYYY-MM): merged counts,
 * sums and histograms, so they report exactly what the days do.
 */
export function rollUpMonth(store: SummaryStore, month: string, now: number): void {
  const from = `${month}-01`;
  const to = `${month}-31`;
  store.transaction(() => {
    for (const dim of MONTHLY) {
      const groups = new Map<string, { zone: string; key: string; acc: Accumulator }>();
      for (const r of store.rows(dim, { from, to, zone: null })) {
        const id = `${r.zone}\u0000${r.key}`;
        let g = groups.get(id);
        if (!g) groups.set(id, (g = { zone: r.zone, key: r.key, acc: new Accumulator() }));
        g.acc.merge(r);
      }
      for (const g of groups.values()) store.put(`month:${dim}`, month, g.zone, g.key, g.acc.summary(true));
    }
    store.monthDone(month, now);
  });
}

/** A range of days as whole months (YYYY-MM, rolled up) and the days left over at either end. */
export function splitByMonth(from: string, to: string, rolled: (month: string) => boolean): { months: string[]; days: { from: string; to: string }[] } {
  const months: string[] = [];
  const days: { from: string; to: string }[] = [];
  let runFrom: string | null = null;
  for (let d = from; d <= to; ) {
    const month = d.slice(0, 7);
    const last = lastDayOfMonth(month);
    if (d.endsWith('-01') && last <= to && rolled(month)) {
      if (runFrom) days.push({ from: runFrom, to: addDays(d, -1) });
      runFrom = null;
      months.push(month);
      d = addDays(last, 1);
    } else {
      runFrom ??= d;
      d = addDays(d, 1);
    }
  }
  if (runFrom) days.push({ from: runFrom, to });
  return { months, days };
}

function lastDayOfMonth(month: string): string {
  return addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);
}

/** The summary rows of one dimension over closed days from…to (inclusive), optionally one zone. */
export function summaryRows(store: SummaryStore, dim: SummaryDim | `month:${SummaryDim}`, range: { from: string; to: string; zone: string | null }): SummaryRow[] {
  return store.rows(dim, range);
}

/** Adds the closed days of a range to a report: the summary rows of the report's grouping. */
export function addClosedDays(store: SummaryStore, b: ReportBuilder, by: ReportBy, range: { from: string; to: string; zone: string | null }): void {
  if (by === 'day') {
    // One row per day (and zone): the "all" rows.
    for (const r of summaryRows(store, 'all', range)) b.addSummary(r.day, r);
    return;
  }
  const rolled = new Set(store.rolledMonths(range.from.slice(0, 7), range.to.slice(0, 7)));
  const { months, days } = splitByMonth(range.from, range.to, (m) => rolled.has(m));
  const add = (r: SummaryRow) => b.addSummary(r.key === NONE ? null : r.key, r);
  if (months.length) summaryRows(store, `month:${by}`, { from: months[0]!, to: months[months.length - 1]!, zone: range.zone }).forEach(add);
  for (const d of days) summaryRows(store, by, { ...d, zone: range.zone }).forEach(add);
}

export function addClosedHours(store: SummaryStore, b: HourlyBuilder, range: { from: string; to: string; zone: string | null }): void {
  for (const r of summaryRows(store, 'hour', range)) b.addSummary(r.day, Number(r.key), r.issued, r.waited, r.waitSumMs);
}

/**
 * Mean service minutes per service and half-hour over the closed days from…to: the wait estimate's
 * prior (the engine's input EngineInputs.serviceHistory). A half-hour with fewer than `minSamples` services has none.
 */
export function serviceHistory(store: SummaryStore, range: { from: string; to: string }, minSamples = 10): Map<string, (number | null)[]> {
  const sums = new Map<string, { n: number[]; ms: number[] }>();
  for (const r of summaryRows(store, 'slot', { ...range, zone: null })) {
    const [service, half] = r.key.split('|') as [string, string];
    let s = sums.get(service);
    if (!s) sums.set(service, (s = { n: new Array<number>(48).fill(0), ms: new Array<number>(48).fill(0) }));
    s.n[Number(half)]! += r.serviceN;
    s.ms[Number(half)]! += r.serviceSumMs;
  }
  const out = new Map<string, (number | null)[]>();
  for (const [service, s] of sums) out.set(service, s.n.map((n, i) => (n >= minSamples ? s.ms[i]! / n / 60_000 : null)));
  return out;
}

/** How far back the estimate's prior looks (days). */
export const HISTORY_DAYS = 8 * 7;

/** The hall's summaries: the backfill at start, a summary at each rollover, and the estimate's prior kept fresh. */
export class DaySummaries {
  /** Days this process summarised (a closed day is summarised once: tests count on it). */
  summarized = 0;
  private started = false;

  constructor(
    private readonly hall: Hall,
    private readonly log?: Logger,
  ) {}

  get store(): SummaryStore {
    return this.hall.store.summaries;
  }

  /** Summarises every closed day that has none yet, then refreshes the estimate's prior. */
  catchUp(): string[] {
    const today = this.hall.view.businessDay;
    const days = this.store.unsummarizedDays(today);
    const t0 = performance.now();
    let tickets = 0;
    for (const day of days) {
      tickets += summarizeDay(this.store, day, this.hall.config, this.hall.clock.now());
      this.summarized++;
    }
    // Whole months before today's are rolled up (once each).
    const months = this.store.monthsToRoll(`${today.slice(0, 7)}-01`);
    for (const m of months) rollUpMonth(this.store, m, this.hall.clock.now());
    if (days.length || months.length)
      this.log?.info({ days: days.length, from: days[0], to: days[days.length - 1], months: months.length, tickets, ms: Math.round(performance.now() - t0) }, 'closed days summarised');
    // The prior is not part of the event-sourced state: derived from the summaries, handed to the engine as an input.
    this.hall.setEngineInputs({ serviceHistory: serviceHistory(this.store, { from: addDays(today, -HISTORY_DAYS), to: addDays(today, -1) }) });
    return days;
  }

  /** Backfills now and summarises each day as it closes. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.catchUp();
    this.hall.subscribe((events) => {
      if (!events.some((e) => e.type === 'day.rolled')) return;
      try {
        this.catchUp();
      } catch (e) {
        this.log?.error({ err: e }, 'summarising the closed day failed; the next start retries');
      }
    });
  }
}

const perHall = new WeakMap<Hall, DaySummaries>();

/** The one DaySummaries of a hall (started on first use). */
export function daySummaries(hall: Hall): DaySummaries {
  let s = perHall.get(hall);
  if (!s) {
    perHall.set(hall, (s = new DaySummaries(hall, hall.log.child({ part: 'summaries' }))));
    s.start();
  }
  return s;
}
