// Why a staff session ended, in a code the console words for the person signed out (zh-CN and en):
// read off the batch of events that ended it, or given by the check that found it over.
import type { HallEvent } from '../engine/types.js';
import { AuthError } from './auth.js';

export const SESSION_END_REASONS = ['elsewhere', 'taken-over', 'logged-out', 'day-ended', 'expired', 'pin-changed', 'removed', 'ended'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * elsewhere: the same staff member logged in at another counter; taken-over: a colleague logged in at
 * this counter; logged-out: the counter was logged out (another tab or window); day-ended: the
 * business day rolled over; removed: the staff member left the config; pin-changed: a manager set a
 * new PIN (which ends every session of that staff member); expired: the session's hours ran out.
 */
export function sessionEndReason(events: readonly HallEvent[], who: { staffNo: string; counterId: string }, err?: unknown): SessionEndReason {
  const given = err instanceof AuthError ? err.params.reason : undefined;
  if (typeof given === 'string' && (SESSION_END_REASONS as readonly string[]).includes(given)) return given as SessionEndReason;
  // The last event about this session's staff member or counter says what happened to it.
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'day.rolled') return 'day-ended';
    if (e.type === 'config.changed') return e.config.staff.some((s) => s.no === who.staffNo) ? 'pin-changed' : 'removed';
    if (e.type !== 'counter.state') continue;
    const c = e.counter;
    if (e.cause === 'day' && c.id === who.counterId) return 'day-ended';
    if (e.cause === 'login' && c.id === who.counterId && c.staffNo !== who.staffNo) return 'taken-over';
    if (e.cause === 'login' && c.id !== who.counterId && c.staffNo === who.staffNo) return 'elsewhere';
    if (e.cause === 'logout' && c.id === who.counterId) {
      // Logging in elsewhere closes this counter first, in the same batch: the login comes after it.
      const later = events.slice(i + 1).some((x) => x.type === 'counter.state' && x.cause === 'login' && x.counter.staffNo === who.staffNo && x.counter.id !== who.counterId);
      return later ? 'elsewhere' : 'logged-out';
    }
  }
  return 'ended';
}
