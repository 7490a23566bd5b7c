// Who is logged in at this counter: the staff session in the shared session store (ui/session-store.ts:
// sessionStorage, a reload stays logged in, closing the tab forgets it), and this PC's counter number
// in localStorage.
import type { CounterView } from '../ui/live.js';
import { remembered, sessionStore, text } from '../ui/session-store.js';

export interface StaffSession {
  token: string;
  staffNo: string;
  name: string;
  counterId: string;
  expiresAt: number;
}

const store = sessionStore<StaffSession>('hall.counter.session', (s) =>
  typeof s.counterId === 'string' && typeof s.staffNo === 'string'
    ? { token: s.token, staffNo: s.staffNo, name: text(s.name), counterId: s.counterId, expiresAt: typeof s.expiresAt === 'number' ? s.expiresAt : 0 }
    : null,
);
export const loadSession = store.load;
export const saveSession = store.save;

const counterKey = remembered('local', 'hall.counter.id');

/** The counter to prefill: ?counter=N first (and remembered), else the one this PC used last. */
export function initialCounter(): string {
  const q = new URLSearchParams(location.search).get('counter');
  if (q) {
    counterKey.set(q);
    return q;
  }
  return counterKey.get() ?? '';
}

export const rememberCounter = (id: string): void => counterKey.set(id);

/** What the lead adds to counterView: today's own figures. Absent on older hubs. */
export interface TodayFigures {
  served: number;
  rated: number;
  satisfied: number;
}

export type Counter = CounterView & { today?: TodayFigures | null };
