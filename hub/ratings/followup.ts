// Follow-up cases for bad ratings (差评整改): a 1–2 rating opens a case that must be rectified and the
// citizen called back within 15 working days (the hall's calendar: its weekdays, holidays, make-up
// days), with a warning the working day before. Pure: dates in, dates out.
import type { HallConfig } from '../config/schema.js';
import { isWorkday } from '../engine/calendar.js';
import { addDays } from '../reports/reports.js';

export const FOLLOWUP_WORKING_DAYS = 15;

export function isWorkingDay(day: string, config: HallConfig): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
  return isWorkday({ date: day, weekday, minutes: 0 }, config, config.hours);
}

/** The n-th working day after `day` (not counting `day` itself). */
export function addWorkingDays(day: string, n: number, config: HallConfig): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, config)) left--;
  }
  return d;
}

export interface FollowupDates {
  dueDay: string;
  /** The working day before the due day: the warning goes out from then. */
  warnDay: string;
}

export function followupDates(openedDay: string, config: HallConfig, workingDays = FOLLOWUP_WORKING_DAYS): FollowupDates {
  return { dueDay: addWorkingDays(openedDay, workingDays, config), warnDay: addWorkingDays(openedDay, workingDays - 1, config) };
}

export type FollowupStatus = 'open' | 'due-soon' | 'overdue' | 'closed';

export function followupStatus(c: { dueDay: string; warnDay: string; closedAt: number | null }, today: string): FollowupStatus {
  if (c.closedAt !== null) return 'closed';
  if (today > c.dueDay) return 'overdue';
  if (today >= c.warnDay) return 'due-soon';
  return 'open';
}

