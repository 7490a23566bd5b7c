// Local time in the hall's time zone, business days and opening hours. Pure: every function takes
// the instant it reasons about.
import type { HallConfig, Hours, ServiceConfig } from '../config/schema.js';

export interface LocalTime {
  /** YYYY-MM-DD in the hall's zone. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * The last answers by zone and UTC minute: every command asks (the business day, each service's hours)
 * and formatToParts is the costly part. Local time within one UTC minute is the same minute wherever
 * the offset is whole minutes (every zone since the 1970s); the map is small and emptied when full.
 */
const recent = new Map<string, LocalTime>();
const RECENT_MAX = 256;

export function localTime(at: number, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(at / 60_000)}`;
  const hit = recent.get(key);
  if (hit) return { ...hit };
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) parts[p.type] = p.value;
  const local = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, local);
  return { ...local };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The business day an instant belongs to: the local date, with the day starting at dayResetHour. */
export function businessDay(at: number, config: HallConfig): string {
  return localTime(at - config.hall.dayResetHour * 3_600_000, config.hall.timezone).date;
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** "YYYY-MM-DD HH:MM" in the hall's time zone (what a ticket prints as its issue time). */
export function localDateTime(at: number, timeZone: string): string {
  const { date, minutes } = localTime(at, timeZone);
  return `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The instant of a local date and time ("YYYY-MM-DD", minutes since midnight) in a time zone: UTC
 * corrected by the zone's offset at that time (twice, so a DST change between the guess and the answer
 * settles). A time skipped by a DST change lands an hour later.
 */
export function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d) + minutes * 60_000;
  let at = wanted;
  for (let i = 0; i < 2; i++) {
    const l = localTime(at, timeZone);
    const [ly, lm, ld] = l.date.split('-').map(Number) as [number, number, number];
    at += wanted - (Date.UTC(ly, lm - 1, ld) + l.minutes * 60_000);
  }
  return at - (at % 60_000);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

/** The date `n` days after `day` (YYYY-MM-DD). */
export function addCalendarDays(day: string, n: number): string {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * A legal working day (工作日): one of `calendar.workingDays` and not a public holiday, or a make-up
 * working day (调休). Every "N working days" rule counts these; the opening days (`hours.days`) say
 * only when tickets are issued (a hall open on Saturdays does not shorten a deadline).
 */
export function isWorkingDay(day: string, config: HallConfig): boolean {
  if (config.calendar.extraWorkdays.includes(day)) return true;
  if (config.calendar.holidays.includes(day)) return false;
  return (config.calendar.workingDays ?? [1, 2, 3, 4, 5]).includes(weekdayOf(day));
}

/** The n-th working day after `day` (not counting `day` itself). */
export function addWorkingDays(day: string, n: number, config: HallConfig): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, config)) left--;
  }
  return d;
}

/** Whether the hall issues tickets on this local day: its opening weekdays, less holidays, plus make-up days. */
export function isWorkday(local: LocalTime, config: HallConfig, hours: Hours): boolean {
  if (config.calendar.extraWorkdays.includes(local.date)) return true;
  if (config.calendar.holidays.includes(local.date)) return false;
  return hours.days.includes(local.weekday);
}

export type IssueWindow =
  | { open: true }
  | { open: false; code: 'SERVICE_CLOSED' | 'LUNCH_BREAK' | 'ISSUING_STOPPED'; until: string | null };

/** Whether tickets for a service can be issued at this instant, and if not, why and until when. */
export function issueWindow(service: ServiceConfig, config: HallConfig, at: number): IssueWindow {
  const hours: Hours = { ...config.hours, ...service.hours };
  const local = localTime(at, config.hall.timezone);
  if (!isWorkday(local, config, hours)) return { open: false, code: 'SERVICE_CLOSED', until: null };
  const open = toMinutes(hours.open);
  const close = toMinutes(hours.close);
  if (local.minutes < open) return { open: false, code: 'SERVICE_CLOSED', until: hours.open };
  if (local.minutes >= close) return { open: false, code: 'SERVICE_CLOSED', until: null };
  if (hours.lunch && local.minutes >= toMinutes(hours.lunch.start) && local.minutes < toMinutes(hours.lunch.end))
    return { open: false, code: 'LUNCH_BREAK', until: hours.lunch.end };
  if (local.minutes >= close - hours.stopIssuingBeforeCloseMin) return { open: false, code: 'ISSUING_STOPPED', until: null };
  return { open: true };
}
