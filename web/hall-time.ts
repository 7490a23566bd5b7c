// Clocks and dates in the hall's time zone, not the terminal PC's: a kiosk PC left on UTC must still
// show 09:30 in a Beijing-time hall and book its appointment slots in hall time. The zone comes with
// the live snapshot (or /api/health); until then the PC's own zone is used.
let zone: string | undefined;
let formatter: Intl.DateTimeFormat | undefined;

export function setHallTimeZone(timeZone: string | undefined): void {
  if (!timeZone || timeZone === zone) return;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    zone = timeZone;
  } catch {
    /* an unknown zone: keep the PC's */
  }
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

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

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
  if (!formatter) return new Date(at);
  const p: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(at))) p[part.type] = part.value;
  const n = (k: string) => Number(p[k]);
  return {
    getFullYear: () => n('year'),
    getMonth: () => n('month') - 1,
    getDate: () => n('day'),
    getDay: () => WEEKDAYS[p.weekday ?? 'Sun'] ?? 0,
    getHours: () => n('hour'),
    getMinutes: () => n('minute'),
    getSeconds: () => n('second'),
  };
}

/** "09:05" in hall time. */
export function hallHm(at: number): string {
  const d = hallDate(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
