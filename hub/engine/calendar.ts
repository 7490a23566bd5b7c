// The hall's calendar: business days, legal working days and opening hours, over the hall's config.
// Pure: every function takes the instant it reasons about. Zone arithmetic itself is shared/hall-time.ts.
import type { HallModel, Hours, Service } from './domain.js';
import { addDays, businessDayAt, localTime, toMinutes, weekdayOf, type LocalTime } from '../../shared/hall-time.js';

/** The business day an instant belongs to: the local date, with the day starting at dayResetHour. */
export function businessDay(at: number, config: HallModel): string {
  return businessDayAt(at, config.hall.timezone, config.hall.dayResetHour);
}

/**
 * A legal working day (工作日): one of `calendar.workingDays` and not a public holiday, or a make-up
 * working day (调休). Every "N working days" rule counts these; the opening days (`hours.days`) say
 * only when tickets are issued (a hall open on Saturdays does not shorten a deadline).
 */
export function isWorkingDay(day: string, config: HallModel): boolean {
  if (config.calendar.extraWorkdays.includes(day)) return true;
  if (config.calendar.holidays.includes(day)) return false;
  return (config.calendar.workingDays ?? [1, 2, 3, 4, 5]).includes(weekdayOf(day));
}

/** The n-th working day after `day` (not counting `day` itself). */
export function addWorkingDays(day: string, n: number, config: HallModel): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, config)) left--;
  }
  return d;
}

/** Whether the hall issues tickets on this local day: its opening weekdays, less holidays, plus make-up days. */
export function isWorkday(local: LocalTime, config: HallModel, hours: Hours): boolean {
  if (config.calendar.extraWorkdays.includes(local.date)) return true;
  if (config.calendar.holidays.includes(local.date)) return false;
  return hours.days.includes(local.weekday);
}

export type IssueWindow =
  | { open: true }
  | { open: false; code: 'SERVICE_CLOSED' | 'LUNCH_BREAK' | 'ISSUING_STOPPED'; until: string | null };

/** Whether tickets for a service can be issued at this instant, and if not, why and until when. */
export function issueWindow(service: Service, config: HallModel, at: number): IssueWindow {
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
