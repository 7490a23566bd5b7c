// Waiting-ahead counts, estimated waits and live queue figures, computed from the state.
import { localTime } from '../../shared/hall-time.js';
import { aheadInQueue } from './queue-index.js';
import { firstTicket } from './sorted-list.js';
import { estimateWait, expectedServiceMin, halfHourOfMinutes, type WaitEstimate, type WaitReason } from './wait-model.js';
import type { HallState, Ticket } from './types.js';

/** The prior service minutes for a service at this instant: its history for the half-hour, else the config's typical time. */
export function priorServiceMin(state: HallState, serviceId: string, now: number): number {
  const slot = halfHourOfMinutes(localTime(now, state.config.hall.timezone).minutes);
  const history = state.inputs.serviceHistory.get(serviceId)?.[slot];
  return history ?? state.config.services.find((s) => s.id === serviceId)?.typicalServiceMin ?? 10;
}

/** Expected service minutes of a service now: the recent window, trimmed and shrunk towards the prior (wait-model.ts). */
export function averageServiceMin(state: HallState, serviceId: string, now: number): number {
  return expectedServiceMin(state.serviceTimes.get(serviceId) ?? [], priorServiceMin(state, serviceId, now));
}

/** Counters configured for a service, how many have someone logged in, and how many of those have a ticket in hand. */
export function counterCount(state: HallState, serviceId: string): { configured: number; open: number; busy: number } {
  const configured = state.config.counters.filter((k) => k.services.some((s) => s.service === serviceId));
  let open = 0;
  let busy = 0;
  for (const k of configured) {
    const c = state.counters.get(k.id);
    if (!c || c.state === 'closed') continue;
    open++;
    if (c.ticketId !== null) busy++;
  }
  return { configured: configured.length, open, busy };
}

/** Counters that serve a service now (staff logged in). */
export function countersServing(state: HallState, serviceId: string): number {
  return counterCount(state, serviceId).open;
}

/** How many of the waiting tickets of its service will be called before this one (read from the queue index). */
export function aheadOf(state: HallState, ticket: Ticket, now: number): number {
  if (ticket.state !== 'waiting') return 0;
  return aheadInQueue(state.index, ticket, now, state.config.rules);
}

/** The wait for a ticket with `ahead` people before it: minutes, or null with NO_COUNTER_OPEN (wait-model.ts). */
export function estimatedWait(state: HallState, serviceId: string, ahead: number, now: number): WaitEstimate {
  const { open, busy } = counterCount(state, serviceId);
  if (open === 0) return estimateWait({ ahead, countersOpen: 0, busy: 0, serviceMin: 0 });
  return estimateWait({ ahead, countersOpen: open, busy, serviceMin: averageServiceMin(state, serviceId, now), inHandMin: inHandMinutes(state, serviceId, now) });
}

/** Minutes since the call of each ticket in hand at the open counters serving a service. */
function inHandMinutes(state: HallState, serviceId: string, now: number): number[] {
  const out: number[] = [];
  for (const k of state.config.counters) {
    if (!k.services.some((s) => s.service === serviceId)) continue;
    const c = state.counters.get(k.id);
    if (!c || c.state === 'closed' || c.ticketId === null) continue;
    const t = state.tickets.get(c.ticketId);
    const since = t?.lastCalledAt ?? t?.calledAt ?? null;
    out.push(since === null ? 0 : Math.max(0, (now - since) / 60_000));
  }
  return out;
}

export function estimatedWaitMin(state: HallState, serviceId: string, ahead: number, now: number): number | null {
  return estimatedWait(state, serviceId, ahead, now).estimatedWaitMin;
}

export interface ServiceQueue {
  serviceId: string;
  waiting: number;
  /** Minutes the longest-waiting ticket has waited. */
  longestWaitMin: number;
  /** Estimated wait for a ticket issued now; null when no counter is open (waitReason says so). */
  estimatedWaitMin: number | null;
  countersOpen: number;
  waitReason: WaitReason | null;
}

/** Per service: waiting count, longest wait and the estimate for a newcomer, from the queue index. */
export function serviceQueues(state: HallState, now: number): ServiceQueue[] {
  return state.config.services.map((s) => {
    const all = state.index.services.get(s.id)?.all;
    const n = all?.size ?? 0;
    const oldest = all && firstTicket(all)?.issuedAt;
    const estimate = estimatedWait(state, s.id, n, now);
    return {
      serviceId: s.id,
      waiting: n,
      longestWaitMin: oldest !== undefined ? Math.max(0, Math.floor((now - oldest) / 60_000)) : 0,
      ...estimate,
    };
  });
}
