// Clocks and dates in the hall's time zone, not the terminal PC's: a kiosk PC left on UTC must still
// show 09:30 in a Beijing-time hall and book its appointment slots in hall time. The zone comes with
// the live snapshot (or /api/health); until then the PC's own zone is used. This file only holds the
// page's zone; the arithmetic is shared/hall-time.ts, the same as the hub's.
import { formatMinutes, isValidTimeZone, zonedParts } from '../shared/hall-time.js';

let zone: string | undefined;

export function setHallTimeZone(timeZone: string | undefined): void {
  // An unknown zone keeps the PC's.
  if (timeZone && isValidTimeZone(timeZone)) zone = timeZone;
}

/** Asks the hub for the hall's zone once (pages that get no live snapshot, such as the tracking page). */
export async function loadHallTimeZone(): Promise<void> {
  try {
    const res = await fetch('/api/health');
    if (res.ok) setHallTimeZone(((await res.json()) as { timezone?: string }).timezone);
  } catch {
    /* offline: the PC's zone until the next try */
  }
}

/** The parts of an instant in the hall's zone, with Date's getter names so callers read naturally. */
export interface HallDate {
  getFullYear(): number;
  /** 0–11, as Date's. */
  getMonth(): number;
  getDate(): number;
  /** 0 = Sunday, as Date's. */
  getDay(): number;
  getHours(): number;
  getMinutes(): number;
  getSeconds(): number;
}

export function hallDate(at: number): HallDate {
  if (!zone) return new Date(at);
  const p = zonedParts(at, zone);
  return {
    getFullYear: () => p.year,
    getMonth: () => p.month - 1,
    getDate: () => p.day,
    getDay: () => p.weekday % 7,
    getHours: () => p.hour,
    getMinutes: () => p.minute,
    getSeconds: () => p.second,
  };
}

/** "09:05" in hall time. */
export function hallHm(at: number): string {
  const d = hallDate(at);
  return formatMinutes(d.getHours() * 60 + d.getMinutes());
}
