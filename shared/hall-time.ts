// Time in the hall's time zone, for the hub, its reports and the browser terminals alike: a kiosk PC
// left on UTC must still show 09:30 in a Beijing-time hall, and a report must count an 08:59 ticket in
// hour 8 whatever zone the server runs in. Pure (no Node APIs, no reading the clock): every function
// takes the instant it reasons about. Business rules that need the hall's config (working days, opening
// hours) live in hub/engine/calendar.ts, on top of this.

/** An instant's parts on the wall clock of a zone. */
export interface ZonedParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export interface LocalTime {
  /** YYYY-MM-DD in the hall's zone. */
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, kept.
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
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock parts of an instant in a zone (throws a RangeError for an unknown zone). */
export function zonedParts(at: number, timeZone: string): ZonedParts {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 1,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last answers by zone and UTC minute: every engine command asks (the business day, each service's
 * hours) and formatToParts is the costly part. Local time within one UTC minute is the same minute
 * wherever the offset is whole minutes (every zone since the 1970s); the map is small and emptied when full.
 */
const recent = new Map<string, LocalTime>();
const RECENT_MAX = 256;

export function localTime(at: number, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(at / MINUTE)}`;
  const hit = recent.get(key);
  if (hit) return { ...hit };
  const p = zonedParts(at, timeZone);
  const local = { date: `${p.year}-${pad2(p.month)}-${pad2(p.day)}`, weekday: p.weekday, minutes: p.hour * 60 + p.minute };
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, local);
  return { ...local };
}

/**
 * The business day an instant belongs to: the local date, with the day starting at `dayResetHour` on the
 * wall clock (03:00 is 03:00 on the morning the clocks go forward too, not three elapsed hours after
 * midnight).
 */
export function businessDayAt(at: number, timeZone: string, dayResetHour: number): string {
  // Asked at every command (the day may have rolled) and almost always for the same minute: the last
  // answer is kept.
  const minute = Math.floor(at / MINUTE);
  const last = lastBusinessDay;
  if (last && last.minute === minute && last.timeZone === timeZone && last.dayResetHour === dayResetHour) return last.day;
  const local = localTime(at, timeZone);
  const day = local.minutes < dayResetHour * 60 ? addDays(local.date, -1) : local.date;
  lastBusinessDay = { minute, timeZone, dayResetHour, day };
  return day;
}
let lastBusinessDay: { minute: number; timeZone: string; dayResetHour: number; day: string } | undefined;

/**
 * The instant of a local date and time ("YYYY-MM-DD", minutes since midnight) in a time zone: UTC
 * corrected by the zone's offset at that time (twice, so a DST change between the guess and the answer
 * settles). A time skipped by a DST change lands an hour later.
 */
export function instantOfLocal(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  let at = wanted;
  for (let i = 0; i < 2; i++) {
    const l = localTime(at, timeZone);
    const [ly, lm, ld] = l.date.split('-').map(Number) as [number, number, number];
    at += wanted - (Date.UTC(ly, lm - 1, ld) + l.minutes * MINUTE);
  }
  return at - (at % MINUTE);
}

/**
 * The local minute of the day (0–1439) of an instant, for counting many instants in one zone (a year of
 * tickets in a report): the zone's offset is looked up once per UTC hour and kept, instead of running
 * Intl for each instant. Offsets change only on whole UTC hours in every zone in use.
 */
export function minuteOfDay(timeZone: string): (at: number) => number {
  const offsets = new Map<number, number>();
  const offsetAt = (bucket: number) => {
    let off = offsets.get(bucket);
    if (off === undefined) {
      const at = bucket * HOUR;
      const p = zonedParts(at, timeZone);
      off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
      offsets.set(bucket, off);
    }
    return off;
  };
  return (at) => {
    const local = at + offsetAt(Math.floor(at / HOUR));
    return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  };
}

/** The local hour (0–23) of instants in one zone, with minuteOfDay's kept offsets. */
export function hourOfDay(timeZone: string): (at: number) => number {
  const minuteOf = minuteOfDay(timeZone);
  return (at) => Math.floor(minuteOf(at) / 60);
}

// ---- calendar dates (YYYY-MM-DD), zone-free ------------------------------------------------------

/** Whether a YYYY-MM-DD string is a real calendar date. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}

/** The date `n` days after `day` (YYYY-MM-DD; n may be negative). Calendar arithmetic: DST plays no part. */
export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for a single day; 0 or less when reversed). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

// ---- formatting --------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "HH:MM" → minutes since midnight. */
export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Minutes since midnight → "HH:MM". */
export function formatMinutes(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** "HH:MM" of an instant in a zone (a board's clock, a ticket's issue time). */
export function localHm(at: number, timeZone: string): string {
  return formatMinutes(localTime(at, timeZone).minutes);
}

/** "YYYY-MM-DD HH:MM" in the hall's time zone (what a ticket prints as its issue time). */
export function localDateTime(at: number, timeZone: string): string {
  const { date, minutes } = localTime(at, timeZone);
  return `${date} ${formatMinutes(minutes)}`;
}
