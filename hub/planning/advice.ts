// Next week's staffing advice: for each service, weekday and half-hour, the arrival rate and the mean
// service time of the same weekday and half-hour in past weeks (from the closed days' summaries: the
// service × half-hour rows), and the counters Erlang C says that needs so that `staffing.targetShare`
// of citizens are called within `staffing.targetWaitMin` (docs/staffing.md).
import type { HallConfig } from '../config/schema.js';
import { addDays, weekdayOf } from '../../shared/hall-time.js';
import { summaryRows } from '../reports/summaries.js';
import type { SummaryStore } from '../store/summary-store.js';
import { countersNeeded } from './erlang.js';

export interface SlotAdvice {
  /** Local half-hour of the day, 0–47 (20 = 10:00–10:30). */
  half: number;
  arrivalsPerHour: number;
  serviceMin: number;
  counters: number;
  /** Predicted share called within the target with that many counters. */
  withinTarget: number;
}

export interface DayAdvice {
  date: string;
  weekday: number;
  /** Past same weekdays with tickets that the figures average over. */
  basedOnDays: number;
  /** Most counters needed at any half-hour of the day. */
  peak: number;
  slots: SlotAdvice[];
}

export interface ServiceAdvice {
  serviceId: string;
  days: DayAdvice[];
}

export interface StaffingAdvice {
  week: string;
  target: { share: number; waitMin: number };
  weeks: number;
  services: ServiceAdvice[];
}

/** The Monday of the week after the one `day` is in. */
export function nextMonday(day: string): string {
  return addDays(day, 8 - weekdayOf(day));
}

/**
 * Advice for the 7 days from `week` (a Monday), from the `staffing.weeks` same weekdays before each.
 * A past day without tickets (a holiday, a closed day) does not count as a day of no arrivals.
 */
export function staffingAdvice(store: SummaryStore, config: HallConfig, week: string): StaffingAdvice {
  const { targetShare, targetWaitMin, weeks } = config.staffing;
  const services = new Map<string, DayAdvice[]>(config.services.map((s) => [s.id, []]));
  for (let i = 0; i < 7; i++) {
    const date = addDays(week, i);
    const past = Array.from({ length: weeks }, (_, k) => addDays(date, -7 * (k + 1)));
    const open = new Set(store.daysWithTickets(past[past.length - 1]!, past[0]!));
    const used = past.filter((d) => open.has(d));
    const sums = new Map<string, { issued: number; n: number; ms: number }>();
    for (const d of used)
      for (const r of summaryRows(store, 'slot', { from: d, to: d, zone: null })) {
        const s = sums.get(r.key) ?? { issued: 0, n: 0, ms: 0 };
        s.issued += r.issued;
        s.n += r.serviceN;
        s.ms += r.serviceSumMs;
        sums.set(r.key, s);
      }
    for (const s of config.services) {
      const slots: SlotAdvice[] = [];
      for (let half = 0; half < 48 && used.length; half++) {
        const x = sums.get(`${s.id}|${half}`);
        if (!x || x.issued === 0) continue;
        // Per hour: a half-hour's arrivals, averaged over the days used, twice.
        const arrivalsPerHour = (x.issued / used.length) * 2;
        const serviceMin = x.n > 0 ? x.ms / x.n / 60_000 : s.typicalServiceMin;
        const f = countersNeeded({ arrivalsPerHour, serviceMin, targetMin: targetWaitMin, level: targetShare });
        slots.push({ half, arrivalsPerHour: round(arrivalsPerHour, 2), serviceMin: round(serviceMin, 2), counters: f.counters, withinTarget: round(f.withinTarget, 4) });
      }
      services.get(s.id)!.push({ date, weekday: weekdayOf(date), basedOnDays: used.length, peak: Math.max(0, ...slots.map((x) => x.counters)), slots });
    }
  }
  return { week, target: { share: targetShare, waitMin: targetWaitMin }, weeks, services: [...services].map(([serviceId, days]) => ({ serviceId, days })) };
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
