// The pure heart of ui/live.ts: how one pushed hall event changes a terminal's view. Kept apart from
// the socket so it can be tested without a browser: events apply strictly in seq order; an event at or
// below the view's seq is old news (a duplicate after a resync) and changes nothing; a gap (seq jumps
// past view.seq + 1: an event was missed) must not be applied on top of a view that lacks the missing
// one — the terminal asks the hub for a fresh snapshot instead.
import type { CounterView, LiveView, TicketView } from '../shared/wire.js';

export interface HallEventLike {
  seq: number;
  type: string;
  at: number;
  ticket?: { id: string; number: string; zone: string; state: string; counterId: string | null; lastCalledAt: number | null };
  view?: CounterView;
}

export type Applied = { kind: 'applied'; view: LiveView } | { kind: 'stale' } | { kind: 'gap'; expected: number; got: number } | { kind: 'no-view' };

/** Recent calls kept in the view (the board shows six). */
export const RECENT_KEPT = 10;

export function applyHallEvent(v: LiveView | null, e: HallEventLike): Applied {
  if (!v) return { kind: 'no-view' };
  if (e.seq <= v.seq) return { kind: 'stale' };
  if (e.seq !== v.seq + 1) return { kind: 'gap', expected: v.seq + 1, got: e.seq };
  const next: LiveView = { ...v, seq: e.seq };
  if (e.type === 'counter.state' && e.view) next.counters = v.counters.map((c) => (c.id === e.view!.id ? e.view! : c));
  if ((e.type === 'ticket.called' || e.type === 'ticket.recalled') && e.ticket && e.ticket.counterId) {
    const t = e.ticket;
    const call = { ticketId: t.id, number: t.number, counterId: t.counterId!, zone: t.zone, at: t.lastCalledAt ?? e.at, state: t.state as TicketView['state'] };
    next.recentCalls = [call, ...v.recentCalls.filter((c) => c.ticketId !== t.id)].slice(0, RECENT_KEPT);
  }
  return { kind: 'applied', view: next };
}
