// Follow-up cases for bad ratings (差评整改): a 1–2 rating opens a case that must be rectified and the
// citizen called back within 15 working days — the legal calendar (calendar.workingDays, public holidays,
// make-up days 调休), not the hall's opening days — with a warning the working day before. Pure: dates
// in, dates out.
import type { HallConfig } from '../config/schema.js';
import { addWorkingDays, isWorkingDay } from '../engine/calendar.js';

export { addWorkingDays, isWorkingDay };

export const FOLLOWUP_WORKING_DAYS = 15;

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

