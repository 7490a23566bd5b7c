// Where the console keeps who is logged in: the session token in sessionStorage (a reload stays
// logged in, closing the tab forgets it), the counter number in localStorage (this PC's counter).
import type { CounterView } from '../web/live.js';

export interface StaffSession {
  token: string;
  staffNo: string;
  name: string;
  counterId: string;
  expiresAt: number;
}

const SESSION_KEY = 'hall.counter.session';
const COUNTER_KEY = 'hall.counter.id';

export function loadSession(): StaffSession | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<StaffSession>;
    if (typeof s.token !== 'string' || typeof s.counterId !== 'string' || typeof s.staffNo !== 'string') return null;
    if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) return null;
    return { token: s.token, staffNo: s.staffNo, name: s.name ?? '', counterId: s.counterId, expiresAt: s.expiresAt ?? 0 };
  } catch {
    return null;
  }
}

export function saveSession(s: StaffSession | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* storage refused: the session lasts for this page */
  }
}

/** The counter to prefill: ?counter=N first (and remembered), else the one this PC used last. */
export function initialCounter(): string {
  const q = new URLSearchParams(location.search).get('counter');
  try {
    if (q) {
      localStorage.setItem(COUNTER_KEY, q);
      return q;
    }
    return localStorage.getItem(COUNTER_KEY) ?? '';
  } catch {
    return q ?? '';
  }
}

export function rememberCounter(id: string): void {
  try {
    localStorage.setItem(COUNTER_KEY, id);
  } catch {
    /* ignore */
  }
}

/** What the lead adds to counterView: today's own figures. Absent on older hubs. */
export interface TodayFigures {
  served: number;
  rated: number;
  satisfied: number;
}

export type Counter = CounterView & { today?: TodayFigures | null };
