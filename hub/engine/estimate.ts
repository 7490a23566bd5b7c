// Waiting-ahead counts, estimated waits and live queue figures, computed from the state.
import { aheadInQueue } from './queue-index.js';
import { firstTicket } from './sorted-list.js';
import type { HallState, Ticket } from './types.js';

/** Average service minutes of a service: measured over the recent window, else the configured typical time. */
export function averageServiceMin(state: HallState, serviceId: string): number {
  const times = state.serviceTimes.get(serviceId);
  if (times && times.length > 0) return times.reduce((a, b) => a + b, 0) / times.length / 60_000;
  return state.config.services.find((s) => s.id === serviceId)?.typicalServiceMin ?? 10;
}

/** Counters configured for a service, and how many of them have someone logged in. */
export function counterCount(state: HallState, serviceId: string): { configured: number; open: number } {
  const configured = state.config.counters.filter((k) => k.services.some((s) => s.service === serviceId));
  const open = configured.filter((k) => (state.counters.get(k.id)?.state ?? 'closed') !== 'closed').length;
  return { configured: configured.length, open };
}

/** Counters that can serve a service now (staff logged in); if none, those configured for it. */
export function countersServing(state: HallState, serviceId: string): number {
  const { configured, open } = counterCount(state, serviceId);
  return Math.max(1, open || configured);
}

/** How many of the waiting tickets of its service will be called before this one (read from the queue index). */
export function aheadOf(state: HallState, ticket: Ticket, now: number): number {
  if (ticket.state !== 'waiting') return 0;
  return aheadInQueue(state.index, ticket, now, state.config.rules);
}

export function estimatedWaitMin(state: HallState, serviceId: string, ahead: number): number {
  return Math.round((ahead * averageServiceMin(state, serviceId)) / countersServing(state, serviceId));
}

export interface ServiceQueue {
  serviceId: string;
  waiting: number;
  /** Minutes the longest-waiting ticket has waited. */
  longestWaitMin: number;
  /** Estimated wait for a ticket issued now. */
  estimatedWaitMin: number;
  countersOpen: number;
}

/** Per service: waiting count, longest wait and the estimate for a newcomer, from the queue index. */
export function serviceQueues(state: HallState, now: number): ServiceQueue[] {
  return state.config.services.map((s) => {
    const all = state.index.services.get(s.id)?.all;
    const n = all?.size ?? 0;
    const oldest = all && firstTicket(all)?.issuedAt;
    const { open } = counterCount(state, s.id);
    return {
      serviceId: s.id,
      waiting: n,
      longestWaitMin: oldest !== undefined ? Math.max(0, Math.floor((now - oldest) / 60_000)) : 0,
      estimatedWaitMin: estimatedWaitMin(state, s.id, n),
      countersOpen: open,
    };
  });
}
