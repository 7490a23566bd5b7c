// Creating the engine's state and applying events to it. `applyEvent` is the only place the state
// changes: the hub applies the events a command produced once the store has committed them, and a
// restart rebuilds the same state from the store.
import { businessDay } from './calendar.js';
import { hallModel, type HallModel } from './domain.js';
import { buildIndex, createIndex, indexTicket } from './queue-index.js';
import type { CounterState, EngineInputs, HallEvent, HallState } from './types.js';

export function closedCounter(id: string, zone: string, since: number): CounterState {
  return { id, zone, state: 'closed', staffNo: null, ticketId: null, pauseReason: null, since, cycle: { priority: 0, normal: 0 } };
}

/** No history yet: the estimate's prior is the config's typical time. */
export const NO_INPUTS: EngineInputs = Object.freeze({ serviceHistory: new Map() });

export function createState(config: HallModel, now: number, inputs: EngineInputs = NO_INPUTS): HallState {
  return {
    inputs,
    config: hallModel(config),
    businessDay: businessDay(now, config),
    sequences: new Map(),
    issuedToday: new Map(),
    tickets: new Map(),
    counters: new Map(config.counters.map((c) => [c.id, closedCounter(c.id, c.zone, now)])),
    serviceTimes: new Map(),
    staffDay: new Map(),
    byRequestId: new Map(),
    index: createIndex(),
  };
}

/**
 * Hands the engine new inputs (the hub does, after the day summaries refresh the history): the one way
 * they change. Events never touch them, so a state rebuilt from the store is given them again.
 */
export function withInputs(state: HallState, inputs: EngineInputs): void {
  state.inputs = inputs;
}

/** Rebuilds the queue index from today's tickets (after loading them from the store). */
export function reindex(state: HallState): void {
  state.index = buildIndex(state.tickets.values());
}

function staffDay(state: HallState, staffNo: string) {
  let day = state.staffDay.get(staffNo);
  if (!day) state.staffDay.set(staffNo, (day = { served: 0, rated: 0, satisfied: 0 }));
  return day;
}

/** Rebuilds today's per-staff counts from today's tickets (after loading them from the store). */
export function recountStaffDay(state: HallState): void {
  state.staffDay.clear();
  state.byRequestId.clear();
  for (const t of state.tickets.values()) {
    if (t.requestId) state.byRequestId.set(t.requestId, t.id);
    if (t.state !== 'done' || !t.staffNo) continue;
    const day = staffDay(state, t.staffNo);
    day.served++;
    if (t.rating) {
      day.rated++;
      if (t.rating.score >= 3) day.satisfied++;
    }
  }
}

export function recordServiceTime(state: HallState, serviceId: string, ms: number): void {
  const list = state.serviceTimes.get(serviceId) ?? [];
  list.push(ms);
  const window = state.config.rules.estimateWindow;
  if (list.length > window) list.splice(0, list.length - window);
  state.serviceTimes.set(serviceId, list);
}

export function applyEvent(state: HallState, event: HallEvent): void {
  switch (event.type) {
    case 'counter.state':
      state.counters.set(event.counter.id, event.counter);
      return;
    case 'config.changed': {
      state.config = hallModel(event.config);
      const ids = new Set(event.config.counters.map((k) => k.id));
      for (const id of state.counters.keys()) if (!ids.has(id)) state.counters.delete(id);
      for (const k of event.config.counters) {
        const c = state.counters.get(k.id);
        state.counters.set(k.id, c ? { ...c, zone: k.zone } : closedCounter(k.id, k.zone, event.at));
      }
      return;
    }
    case 'day.rolled':
      state.businessDay = event.to;
      state.sequences.clear();
      state.issuedToday.clear();
      state.staffDay.clear();
      state.byRequestId.clear();
      for (const [id, t] of state.tickets) if (t.businessDay !== event.to) state.tickets.delete(id);
      reindex(state);
      return;
    default: {
      const t = event.ticket;
      indexTicket(state.index, state.tickets.get(t.id), t, event.type === 'ticket.called' || event.type === 'ticket.recalled');
      state.tickets.set(t.id, t);
      if (event.type === 'ticket.issued') {
        if (t.requestId) state.byRequestId.set(t.requestId, t.id);
        state.sequences.set(t.serviceId, Math.max(state.sequences.get(t.serviceId) ?? 0, t.seq));
        state.issuedToday.set(t.serviceId, (state.issuedToday.get(t.serviceId) ?? 0) + 1);
      } else if (event.type === 'ticket.finished') {
        if (t.startedAt !== null && t.finishedAt !== null) recordServiceTime(state, t.serviceId, t.finishedAt - t.startedAt);
        if (t.staffNo) staffDay(state, t.staffNo).served++;
      } else if (event.type === 'ticket.rated' && t.staffNo && t.rating) {
        const day = staffDay(state, t.staffNo);
        day.rated++;
        if (t.rating.score >= 3) day.satisfied++;
      }
    }
  }
}
