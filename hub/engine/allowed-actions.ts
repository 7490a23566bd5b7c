// What a counter may do now, and why not: the one copy of the counter commands' rules. The engine's
// command checks throw the refusal this file finds (engine.ts calls `refuse`), and the counter console
// greys its buttons out from the same answer (GET /api/counters/:id), so the two cannot disagree.
import type { HallModel, Rules } from './domain.js';
import { businessDay } from './calendar.js';
import { EngineError, type EngineErrorCode } from './errors.js';
import { closedCounter } from './state.js';
import type { CounterState, HallState, Ticket } from './types.js';

/** The commands a counter's staff give about their own counter (the console's buttons). */
export const COUNTER_ACTIONS = ['call-next', 'call-number', 'recall', 'skip', 'start', 'finish', 'transfer', 'hold', 'resume-held', 'pause', 'resume', 'logout'] as const;
export type CounterAction = (typeof COUNTER_ACTIONS)[number];

export interface Refusal {
  code: EngineErrorCode;
  params: Record<string, string | number | null>;
}

/** Every action with its refusal, or null where it is allowed. */
export type AllowedActions = Record<CounterAction, Refusal | null>;

const no = (code: EngineErrorCode, params: Refusal['params']): Refusal => ({ code, params });

/** Someone logged in and not paused (call-number and resume-held ask it before looking at their ticket). */
export function notOpen(c: CounterState): Refusal | null {
  if (c.state === 'closed') return no('COUNTER_CLOSED', { counter: c.id });
  if (c.state === 'paused') return no('COUNTER_PAUSED', { counter: c.id, reason: c.pauseReason });
  return null;
}

/** The ticket in hand, in one of `states`. */
function notInHand(c: CounterState, t: Ticket | undefined, states: readonly Ticket['state'][]): Refusal | null {
  if (!c.ticketId || !t) return no('NO_CURRENT_TICKET', { counter: c.id });
  if (!states.includes(t.state)) return no('TICKET_STATE', { number: t.number, state: t.state });
  return null;
}

/** Before a new call the hands must be free, or hold a ticket being served that the call finishes. */
function handsFull(c: CounterState, t: Ticket | undefined, rules: Rules): Refusal | null {
  if (!c.ticketId) return null;
  if (!t) return no('NO_CURRENT_TICKET', { counter: c.id });
  if (t.state === 'serving' && rules.callNextFinishesServing) return null;
  return no('TICKET_IN_HAND', { counter: c.id, number: t.number });
}

/**
 * Why `counter` may not do `action` now (null: it may). `inHand` is the ticket its `ticketId` names.
 * The checks about a chosen ticket (call-number's number, resume-held's ticket) and a transfer's
 * target come after these, in the engine and in `transferRefusal`.
 */
export function counterRefusal(action: CounterAction, counter: CounterState, inHand: Ticket | undefined, rules: Rules): Refusal | null {
  const c = counter;
  switch (action) {
    case 'call-next':
    case 'call-number':
    case 'resume-held':
      return notOpen(c) ?? handsFull(c, inHand, rules);
    case 'recall': {
      const r = notOpen(c) ?? notInHand(c, inHand, ['called']);
      if (r) return r;
      if (inHand!.recalls >= rules.maxRecalls) return no('RECALL_LIMIT', { number: inHand!.number, max: rules.maxRecalls });
      return null;
    }
    case 'skip':
    case 'start':
      return notInHand(c, inHand, ['called']);
    case 'finish':
    case 'transfer':
    case 'hold':
      return notInHand(c, inHand, ['called', 'serving']);
    case 'pause':
      return notOpen(c) ?? (c.ticketId ? no('COUNTER_BUSY', { counter: c.id }) : null);
    case 'resume':
      return c.state === 'paused' ? null : no('NOT_PAUSED', { counter: c.id });
    case 'logout':
      // Logging out of a closed counter changes nothing and is not refused.
      return c.ticketId ? no('COUNTER_BUSY', { counter: c.id }) : null;
  }
}

/** Throws the refusal as the engine's error: how the engine's commands use `counterRefusal`. */
export function refuse(r: Refusal | null): void {
  if (r) throw new EngineError(r.code, r.params);
}

/**
 * Every action of a counter at `now`, as the engine would answer it. A command first rolls the day
 * over when the business day has ended, which closes every counter: then everything is refused as
 * for a closed counter.
 */
export function allowedActions(state: HallState, counterId: string, now: number): AllowedActions {
  const known = state.counters.get(counterId);
  const out = {} as AllowedActions;
  if (!known) {
    for (const a of COUNTER_ACTIONS) out[a] = no('COUNTER_UNKNOWN', { counter: counterId });
    return out;
  }
  const rolled = businessDay(now, state.config) !== state.businessDay;
  const c = rolled ? closedCounter(known.id, known.zone, now) : known;
  const t = c.ticketId ? state.tickets.get(c.ticketId) : undefined;
  for (const a of COUNTER_ACTIONS) out[a] = counterRefusal(a, c, t, state.config.rules);
  return out;
}

/** Where a transfer may go, after `counterRefusal('transfer')`: the engine's rule for the target. */
export function transferRefusal(
  config: HallModel,
  counterState: (id: string) => CounterState | undefined,
  fromCounterId: string,
  ticket: Ticket,
  target: { toService?: string | undefined; toCounter?: string | undefined },
): Refusal | null {
  if (!target.toService && !target.toCounter) return no('TRANSFER_TARGET', { reason: 'none' });
  if (target.toService) {
    const s = config.services.find((x) => x.id === target.toService);
    if (!s) return no('SERVICE_UNKNOWN', { service: target.toService });
    if (!s.enabled) return no('SERVICE_DISABLED', { service: s.id });
  }
  if (target.toCounter) {
    const k = config.counters.find((x) => x.id === target.toCounter);
    if (!k) return no('COUNTER_UNKNOWN', { counter: target.toCounter });
    if (k.id === fromCounterId) return no('TRANSFER_TARGET', { reason: 'same-counter' });
    // Nobody at a closed counter would ever call the ticket: it would wait there until the day ends.
    if ((counterState(k.id)?.state ?? 'closed') === 'closed') return no('TRANSFER_TARGET', { reason: 'counter-closed', counter: k.id });
  } else if ((target.toService ?? ticket.serviceId) === ticket.serviceId) {
    return no('TRANSFER_TARGET', { reason: 'same-service' });
  }
  return null;
}

/**
 * The counters the ticket in hand at `fromCounterId` may be transferred to, each with the services it
 * serves (the console offers, for the service the ticket goes to, the counters that serve it). None
 * while nothing is in hand.
 */
export function transferCounters(state: HallState, fromCounterId: string): { id: string; services: string[] }[] {
  const c = state.counters.get(fromCounterId);
  const t = c?.ticketId ? state.tickets.get(c.ticketId) : undefined;
  if (!t) return [];
  const get = (id: string) => state.counters.get(id);
  return state.config.counters
    .filter((k) => transferRefusal(state.config, get, fromCounterId, t, { toCounter: k.id }) === null)
    .map((k) => ({ id: k.id, services: k.services.map((s) => s.service) }));
}
