// The queue engine: turns a command into the events it causes, or refuses it with an EngineError.
// Pure: it reads the state, the injected time and id source, and returns events; it never changes the
// state (applyEvent does, after the store has committed them) and does no I/O.
import type { HallConfig } from '../config/schema.js';
import type { PriorityClass } from './domain.js';
import { counterRefusal, notOpen, refuse, transferRefusal, type CounterAction } from './allowed-actions.js';
import { availability } from './availability.js';
import { indexCandidates, serviceRanks } from './call-order.js';
import { businessDay } from './calendar.js';
import { EngineError } from './errors.js';
import { nextCycle, policies, type Candidate } from './policy.js';
import { sharedQueue } from './queue-index.js';
import { headTickets } from './sorted-list.js';
import { closedCounter } from './state.js';
import type { Actor, Channel, CounterEvent, CounterState, HallEvent, HallState, Rating, Ticket, TicketEvent } from './types.js';
import { fromHardwarePad } from './types.js';
import { ratingClosesAt } from './rating.js';

export type Command =
  | {
      type: 'issue';
      serviceId: string;
      priority?: PriorityClass;
      channel?: Channel;
      appointment?: { code: string; slotAt: number };
      /** Issues nothing if today's ticket for this request exists already (a retried press). */
      requestId?: string;
    }
  | { type: 'call-next'; counterId: string }
  | { type: 'call-number'; counterId: string; number: string }
  | { type: 'recall'; counterId: string }
  | { type: 'skip'; counterId: string }
  | { type: 'start'; counterId: string }
  | { type: 'finish'; counterId: string }
  | { type: 'transfer'; counterId: string; toService?: string; toCounter?: string }
  | { type: 'hold'; counterId: string }
  | { type: 'resume-held'; counterId: string; ticketId: string }
  | { type: 'pause'; counterId: string; reason: string }
  | { type: 'resume'; counterId: string }
  | { type: 'login'; counterId: string; staffNo: string }
  | { type: 'logout'; counterId: string }
  | { type: 'requeue'; ticketId: string }
  | { type: 'cancel'; ticketId: string; reason: string }
  | { type: 'configure'; config: HallConfig; source: 'file' | 'api' }
  | { type: 'rate'; ticketId: string; rating: Omit<Rating, 'at'> }
  | { type: 'tick' };

export interface EngineContext {
  now: number;
  actor: Actor;
  /** Source of unguessable ticket ids. */
  newId: () => string;
}

/** Open: still to be dealt with today. */
const OPEN_STATES = new Set<Ticket['state']>(['waiting', 'called', 'serving', 'held']);

/**
 * Reads the state with the command's own changes laid over it, so that a command made of steps
 * (finish the current ticket, then call the next) sees its earlier steps.
 */
class Draft {
  readonly events: HallEvent[] = [];
  private readonly tickets = new Map<string, Ticket>();
  /**
   * Whether a step of this command moved a ticket into or out of the waiting state: then the queue
   * index (the state's, before the command) is not the draft's, and readers walk the tickets instead.
   * Only a day rolling over in the same command does it before a call or a re-queue.
   */
  waitingMoved = false;
  private readonly counters = new Map<string, CounterState>();

  constructor(
    readonly state: HallState,
    readonly ctx: EngineContext,
  ) {}

  ticket(id: string): Ticket | undefined {
    return this.tickets.get(id) ?? this.state.tickets.get(id);
  }

  *allTickets(): Iterable<Ticket> {
    for (const t of this.state.tickets.values()) yield this.tickets.get(t.id) ?? t;
    for (const t of this.tickets.values()) if (!this.state.tickets.has(t.id)) yield t;
  }

  /** Today's tickets with this printed number, as the draft has them. */
  byNumber(number: string): Ticket[] {
    const found: Ticket[] = [];
    for (const id of this.state.index.numbers.get(number) ?? []) found.push(this.ticket(id)!);
    for (const t of this.tickets.values()) if (!this.state.tickets.has(t.id) && t.number === number) found.push(t);
    return found;
  }

  counter(id: string): CounterState {
    const c = this.counters.get(id) ?? this.state.counters.get(id);
    if (!c) throw new EngineError('COUNTER_UNKNOWN', { counter: id });
    return c;
  }

  ticketEvent(type: TicketEvent['type'], ticket: Ticket, extra: Pick<TicketEvent, 'how' | 'from'> = {}): void {
    if (ticket.state === 'waiting' || this.ticket(ticket.id)?.state === 'waiting') this.waitingMoved = true;
    this.tickets.set(ticket.id, ticket);
    this.events.push({ type, at: this.ctx.now, actor: this.ctx.actor, ticket, ...extra });
  }

  counterEvent(counter: CounterState, cause: CounterEvent['cause']): void {
    const before = this.counter(counter.id);
    const next = before.state === counter.state ? { ...counter, since: before.since } : { ...counter, since: this.ctx.now };
    this.counters.set(counter.id, next);
    this.events.push({ type: 'counter.state', at: this.ctx.now, actor: this.ctx.actor, counter: next, cause });
  }
}

export function decide(state: HallState, command: Command, ctx: EngineContext): HallEvent[] {
  const d = new Draft(state, ctx);
  if (command.type !== 'tick') rollDayIfDue(d);
  switch (command.type) {
    case 'tick':
      rollDayIfDue(d);
      break;
    case 'issue':
      issue(d, command);
      break;
    case 'call-next':
      callNext(d, command.counterId);
      break;
    case 'call-number':
      callNumber(d, command.counterId, command.number);
      break;
    case 'recall':
      recall(d, command.counterId);
      break;
    case 'skip':
      skip(d, command.counterId);
      break;
    case 'start':
      start(d, command.counterId);
      break;
    case 'finish':
      finish(d, command.counterId);
      break;
    case 'transfer':
      transfer(d, command);
      break;
    case 'hold':
      hold(d, command.counterId);
      break;
    case 'resume-held':
      resumeHeld(d, command.counterId, command.ticketId);
      break;
    case 'pause':
      pause(d, command.counterId, command.reason);
      break;
    case 'resume':
      resume(d, command.counterId);
      break;
    case 'login':
      login(d, command.counterId, command.staffNo);
      break;
    case 'logout':
      logout(d, command.counterId);
      break;
    case 'requeue':
      requeue(d, command.ticketId);
      break;
    case 'cancel':
      cancel(d, command.ticketId, command.reason);
      break;
    case 'configure':
      configure(d, command.config, command.source);
      break;
    case 'rate':
      rate(d, command.ticketId, command.rating);
      break;
  }
  return d.events;
}

// ---- the day -------------------------------------------------------------------------------------

/** At the reset hour: cancel what is still open, close every counter, start the sequences again. */
function rollDayIfDue(d: Draft): void {
  const today = businessDay(d.ctx.now, d.state.config);
  if (today === d.state.businessDay) return;
  const expired: string[] = [];
  for (const t of d.allTickets()) {
    if (OPEN_STATES.has(t.state)) {
      d.ticketEvent('ticket.cancelled', { ...t, state: 'cancelled', cancelReason: 'day-ended' });
      expired.push(t.id);
    }
  }
  for (const c of d.state.counters.values()) {
    if (c.state !== 'closed') d.counterEvent(closedCounter(c.id, c.zone, d.ctx.now), 'day');
  }
  d.events.push({ type: 'day.rolled', at: d.ctx.now, actor: d.ctx.actor, from: d.state.businessDay, to: today, expired });
}

function today(d: Draft): string {
  return businessDay(d.ctx.now, d.state.config);
}

// ---- issuing -------------------------------------------------------------------------------------

function issue(d: Draft, cmd: Extract<Command, { type: 'issue' }>): void {
  const { config } = d.state;
  // A retry of a press whose answer was lost: that ticket exists, so nothing more is issued (checked
  // first, so that the retry succeeds even if the service has closed meanwhile).
  if (cmd.requestId && d.state.businessDay === today(d) && d.state.byRequestId.has(cmd.requestId)) return;
  const service = config.services.find((s) => s.id === cmd.serviceId);
  if (!service) throw new EngineError('SERVICE_UNKNOWN', { service: cmd.serviceId });
  // The day may have rolled earlier in this very decision: its events are not applied yet, so today's
  // counts start from nothing rather than from yesterday's.
  const counts = d.state.businessDay === today(d) ? d.state : { ...d.state, sequences: new Map<string, number>(), issuedToday: new Map<string, number>() };
  const open = availability(counts, service, d.ctx.now);
  if (!open.open)
    throw new EngineError(open.code, { service: service.id, until: open.until, ...(open.code === 'QUOTA_REACHED' ? { quota: service.dailyQuota ?? null } : {}) });
  const priority = cmd.priority ?? 'normal';
  if (priority !== 'normal' && !config.priorityClasses.some((p) => p.id === priority && p.enabled))
    throw new EngineError('PRIORITY_UNAVAILABLE', { priority });
  if ((priority === 'appointment') !== (cmd.appointment !== undefined))
    throw new EngineError('APPOINTMENT_INVALID', { service: service.id });

  // The sequence only ever grows within a day, so `seq` is unique per service and day even when the
  // printed number wraps.
  const last = 10 ** service.digits - 1;
  let seq = (counts.sequences.get(service.id) ?? 0) + 1;
  let shown = seq;
  if (seq > last) {
    if (service.onOverflow === 'refuse') throw new EngineError('QUOTA_REACHED', { service: service.id, quota: last });
    if (service.onOverflow === 'wrap') {
      // Numbers still open today (wherever a transfer took them) are skipped: two live A001s would confuse.
      // Asked of the index of numbers (a few tickets each), not the day: every issue of a wrapped service asks.
      const inUse = (number: string) => d.byNumber(number).some((t) => OPEN_STATES.has(t.state) || t.state === 'no-show');
      const numberOf = (n: number) => service.prefix + String(((n - 1) % last) + 1).padStart(service.digits, '0');
      let tries = 0;
      while (inUse(numberOf(seq))) {
        if (++tries > last) throw new EngineError('QUOTA_REACHED', { service: service.id, quota: last });
        seq++;
      }
      shown = ((seq - 1) % last) + 1;
    }
  }
  const now = d.ctx.now;
  d.ticketEvent('ticket.issued', {
    id: d.ctx.newId(),
    number: service.prefix + String(shown).padStart(service.digits, '0'),
    serviceId: service.id,
    zone: service.zone,
    businessDay: today(d),
    seq,
    priority,
    channel: cmd.channel ?? (priority === 'appointment' ? 'appointment' : 'kiosk'),
    state: 'waiting',
    sortKey: now,
    issuedAt: now,
    calledAt: null,
    lastCalledAt: null,
    startedAt: null,
    finishedAt: null,
    counterId: null,
    staffNo: null,
    targetCounterId: null,
    recalls: 0,
    requeues: 0,
    transfers: 0,
    appointment: cmd.appointment ?? null,
    cancelReason: null,
    requestId: cmd.requestId ?? null,
    rating: null,
  });
}

// ---- counters ------------------------------------------------------------------------------------

/** The counter, if the rule of allowed-actions.ts lets it do `action` now (else its refusal is thrown). */
function allowed(d: Draft, action: CounterAction, counterId: string): CounterState {
  const c = d.counter(counterId);
  refuse(counterRefusal(action, c, c.ticketId ? d.ticket(c.ticketId) : undefined, d.state.config.rules));
  return c;
}

function inHand(d: Draft, c: CounterState): Ticket {
  const t = c.ticketId ? d.ticket(c.ticketId) : undefined;
  if (!t) throw new EngineError('NO_CURRENT_TICKET', { counter: c.id });
  return t;
}

function withTicket(c: CounterState, t: Ticket | null): CounterState {
  if (!t) return { ...c, state: 'idle', ticketId: null };
  return { ...c, state: t.state === 'serving' ? 'serving' : 'calling', ticketId: t.id };
}

/** Before a new call (allowed: see allowed-actions.ts): a ticket still in hand is being served and is finished now. */
function clearHandsForCall(d: Draft, c: CounterState): CounterState {
  if (!c.ticketId) return c;
  finish(d, c.id);
  return d.counter(c.id);
}

function candidates(d: Draft, c: CounterState): Candidate[] {
  const ranks = serviceRanks(d.state, c.id);
  if (d.waitingMoved) return allCandidates(d, c, ranks);
  return indexCandidates(d.state.index, c.id, ranks, d.ctx.now, d.state.config.rules);
}

/** Every waiting ticket the counter may call, walking the day with the draft's changes. */
function allCandidates(d: Draft, c: CounterState, ranks: Map<string, number>): Candidate[] {
  const list: Candidate[] = [];
  for (const t of d.allTickets()) {
    if (t.state !== 'waiting') continue;
    if (t.targetCounterId !== null) {
      if (t.targetCounterId === c.id) list.push({ ticket: t, rank: 0, targeted: true });
      continue;
    }
    const rank = ranks.get(t.serviceId);
    if (rank !== undefined) list.push({ ticket: t, rank, targeted: false });
  }
  return list;
}

function call(d: Draft, c: CounterState, t: Ticket, how: 'next' | 'number' | 'resume'): void {
  const now = d.ctx.now;
  const resumed = how === 'resume' && t.startedAt !== null;
  const ticket: Ticket = {
    ...t,
    state: resumed ? 'serving' : 'called',
    calledAt: t.calledAt ?? now,
    lastCalledAt: now,
    counterId: c.id,
    staffNo: c.staffNo,
    targetCounterId: null,
  };
  d.ticketEvent('ticket.called', ticket, { how });
  d.counterEvent(withTicket(c, ticket), 'call');
}

function callNext(d: Draft, counterId: string): void {
  let c = allowed(d, 'call-next', counterId);
  c = clearHandsForCall(d, c);
  const policyName = d.state.config.counters.find((k) => k.id === c.id)?.policy ?? d.state.config.rules.policy;
  const pick = policies[policyName](candidates(d, c), c, { now: d.ctx.now, rules: d.state.config.rules });
  if (!pick) return;
  call(d, { ...c, cycle: nextCycle(c.cycle, pick.contested, d.state.config.rules) }, pick.ticket, 'next');
}

function callNumber(d: Draft, counterId: string, number: string): void {
  // The counter first, then the number, then the hands (allowed() below): the refusal names the first fault.
  refuse(notOpen(d.counter(counterId)));
  const c = d.counter(counterId);
  const wanted = number.trim().toUpperCase();
  const found = d.byNumber(wanted).filter((t) => t.businessDay === d.state.businessDay);
  // A wrapped sequence can reuse a number: the open ticket is the one meant.
  const t = found.find((x) => x.state === 'waiting' || x.state === 'no-show') ?? found[0];
  if (!t) throw new EngineError('TICKET_UNKNOWN', { number: wanted });
  if (t.state !== 'waiting' && t.state !== 'no-show') throw new EngineError('TICKET_STATE', { number: t.number, state: t.state });
  const served = d.state.config.counters.find((k) => k.id === c.id)!.services.some((s) => s.service === t.serviceId);
  // A ticket transferred to one counter is that counter's alone, even by number.
  const mine = t.targetCounterId === null ? served : t.targetCounterId === c.id;
  if (!mine) throw new EngineError('SERVICE_NOT_SERVED', { counter: c.id, number: t.number });
  call(d, clearHandsForCall(d, allowed(d, 'call-number', counterId)), t, 'number');
}

function recall(d: Draft, counterId: string): void {
  const c = allowed(d, 'recall', counterId);
  const t = inHand(d, c);
  d.ticketEvent('ticket.recalled', { ...t, recalls: t.recalls + 1, lastCalledAt: d.ctx.now });
}

function skip(d: Draft, counterId: string): void {
  const c = allowed(d, 'skip', counterId);
  const t = inHand(d, c);
  d.ticketEvent('ticket.no-show', { ...t, state: 'no-show' });
  d.counterEvent(withTicket(c, null), 'skip');
}

function start(d: Draft, counterId: string): void {
  const c = allowed(d, 'start', counterId);
  const t = inHand(d, c);
  const ticket: Ticket = { ...t, state: 'serving', startedAt: d.ctx.now };
  d.ticketEvent('ticket.started', ticket);
  d.counterEvent(withTicket(c, ticket), 'start');
}

function finish(d: Draft, counterId: string): void {
  const c = allowed(d, 'finish', counterId);
  const t = inHand(d, c);
  // Finished straight from "called": the service began when the citizen was called.
  const startedAt = t.startedAt ?? t.lastCalledAt ?? d.ctx.now;
  d.ticketEvent('ticket.finished', { ...t, state: 'done', startedAt, finishedAt: d.ctx.now });
  d.counterEvent(withTicket(c, null), 'finish');
}

function transfer(d: Draft, cmd: Extract<Command, { type: 'transfer' }>): void {
  const c = allowed(d, 'transfer', cmd.counterId);
  const t = inHand(d, c);
  const { config } = d.state;
  refuse(transferRefusal(config, (id) => (d.state.counters.has(id) ? d.counter(id) : undefined), c.id, t, cmd));
  const service = cmd.toService ? config.services.find((x) => x.id === cmd.toService)! : undefined;
  const serviceId = service?.id ?? t.serviceId;
  const zone = cmd.toCounter ? config.counters.find((x) => x.id === cmd.toCounter)!.zone : (service?.zone ?? t.zone);
  // The number stays, and so does its place by arrival: the citizen has already waited once.
  const ticket: Ticket = {
    ...t,
    state: 'waiting',
    serviceId,
    zone,
    targetCounterId: cmd.toCounter ?? null,
    counterId: null,
    staffNo: null,
    startedAt: null,
    lastCalledAt: null,
    recalls: 0,
    transfers: t.transfers + 1,
  };
  d.ticketEvent('ticket.transferred', ticket, { from: { serviceId: t.serviceId, counterId: c.id } });
  d.counterEvent(withTicket(c, null), 'transfer');
}

function hold(d: Draft, counterId: string): void {
  const c = allowed(d, 'hold', counterId);
  const t = inHand(d, c);
  d.ticketEvent('ticket.held', { ...t, state: 'held' });
  d.counterEvent(withTicket(c, null), 'hold');
}

function resumeHeld(d: Draft, counterId: string, ticketId: string): void {
  refuse(notOpen(d.counter(counterId)));
  const t = d.ticket(ticketId);
  if (!t || t.businessDay !== d.state.businessDay) throw new EngineError('TICKET_UNKNOWN', { ticket: ticketId });
  if (t.state !== 'held' || t.counterId !== counterId) throw new EngineError('TICKET_STATE', { number: t.number, state: t.state });
  call(d, clearHandsForCall(d, allowed(d, 'resume-held', counterId)), t, 'resume');
}

function pause(d: Draft, counterId: string, reason: string): void {
  const c = allowed(d, 'pause', counterId);
  d.counterEvent({ ...c, state: 'paused', pauseReason: reason }, 'pause');
}

function resume(d: Draft, counterId: string): void {
  const c = allowed(d, 'resume', counterId);
  d.counterEvent({ ...c, state: 'idle', pauseReason: null }, 'resume');
}

function login(d: Draft, counterId: string, staffNo: string): void {
  const c = d.counter(counterId);
  if (!d.state.config.staff.some((s) => s.no === staffNo)) throw new EngineError('STAFF_UNKNOWN', { staff: staffNo });
  if (c.staffNo === staffNo) return; // logged in here already (a page reload): nothing changes
  if (c.ticketId) throw new EngineError('COUNTER_OCCUPIED', { counter: c.id, staff: c.staffNo });
  for (const other of d.state.counters.values()) {
    if (other.id === c.id || other.staffNo !== staffNo) continue;
    if (d.counter(other.id).ticketId) throw new EngineError('STAFF_BUSY_ELSEWHERE', { staff: staffNo, counter: other.id });
    d.counterEvent(closedCounter(other.id, other.zone, d.ctx.now), 'logout');
  }
  d.counterEvent({ ...c, state: 'idle', staffNo, ticketId: null, pauseReason: null }, 'login');
}

function logout(d: Draft, counterId: string): void {
  const c = allowed(d, 'logout', counterId);
  if (c.state === 'closed') return;
  d.counterEvent(closedCounter(c.id, c.zone, d.ctx.now), 'logout');
}

function todaysTicket(d: Draft, ticketId: string): Ticket {
  const t = d.ticket(ticketId);
  if (!t || t.businessDay !== d.state.businessDay) throw new EngineError('TICKET_UNKNOWN', { ticket: ticketId });
  return t;
}

/** A no-show who comes back goes `requeueBack` places behind the head of their service's queue (过号顺延). */
function requeue(d: Draft, ticketId: string): void {
  const t = todaysTicket(d, ticketId);
  if (t.state !== 'no-show') throw new EngineError('TICKET_STATE', { number: t.number, state: t.state });
  const { rules } = d.state.config;
  if (t.requeues >= rules.maxRequeues) throw new EngineError('REQUEUE_LIMIT', { number: t.number, max: rules.maxRequeues });
  const k = rules.requeueBack;
  const queue = d.waitingMoved
    ? [...d.allTickets()]
        .filter((x) => x.state === 'waiting' && x.serviceId === t.serviceId && x.targetCounterId === null)
        .map((x) => x.sortKey)
        .sort((a, b) => a - b)
    : headSortKeys(d, t.serviceId, k + 1);
  let sortKey: number;
  if (queue.length === 0) sortKey = d.ctx.now;
  else if (k === 0) sortKey = queue[0]! - 1;
  else if (queue.length <= k) sortKey = queue[queue.length - 1]! + 1;
  else sortKey = (queue[k - 1]! + queue[k]!) / 2;
  d.ticketEvent('ticket.requeued', {
    ...t,
    state: 'waiting',
    sortKey,
    counterId: null,
    staffNo: null,
    recalls: 0,
    requeues: t.requeues + 1,
  });
}

/** The first `k` sort keys of a service's shared queue, both classes merged (the index keeps each in order). */
function headSortKeys(d: Draft, serviceId: string, k: number): number[] {
  const q = sharedQueue(d.state.index, serviceId);
  if (!q) return [];
  return [...headTickets(q.priority, k), ...headTickets(q.normal, k)]
    .map((x) => x.sortKey)
    .sort((a, b) => a - b)
    .slice(0, k);
}

function cancel(d: Draft, ticketId: string, reason: string): void {
  const t = todaysTicket(d, ticketId);
  if (t.state !== 'waiting' && t.state !== 'no-show' && t.state !== 'held')
    throw new EngineError('TICKET_STATE', { number: t.number, state: t.state });
  d.ticketEvent('ticket.cancelled', { ...t, state: 'cancelled', cancelReason: reason });
}

/** A new config may not strand anyone: open tickets keep their service, staffed counters and their staff stay. */
function configure(d: Draft, config: HallConfig, source: 'file' | 'api'): void {
  const services = new Set(config.services.map((s) => s.id));
  const counters = new Set(config.counters.map((k) => k.id));
  const staff = new Set(config.staff.map((s) => s.no));
  for (const t of d.allTickets()) {
    // A no-show may still come back (过号顺延): its service must stay too.
    if ((OPEN_STATES.has(t.state) || t.state === 'no-show') && !services.has(t.serviceId)) throw new EngineError('CONFIG_CONFLICT', { service: t.serviceId, number: t.number });
    if (OPEN_STATES.has(t.state) && t.targetCounterId && !counters.has(t.targetCounterId))
      throw new EngineError('CONFIG_CONFLICT', { counter: t.targetCounterId, number: t.number });
  }
  for (const c of d.state.counters.values()) {
    if (c.state !== 'closed' && !counters.has(c.id)) throw new EngineError('CONFIG_CONFLICT', { counter: c.id });
    // Someone logged in at a counter stays on the staff list until they log out.
    if (c.state !== 'closed' && c.staffNo !== null && !staff.has(c.staffNo)) throw new EngineError('CONFIG_CONFLICT', { staff: c.staffNo, counter: c.id });
  }
  d.events.push({ type: 'config.changed', at: d.ctx.now, actor: d.ctx.actor, config, source });
}

/**
 * The citizen's rating of a finished ticket (好差评): once per ticket, within the rating window after
 * the finish, with at least one reason for 不满意 / 非常不满意. The same rating sent twice (a pad
 * retrying) changes nothing; a different one is refused.
 */
function rate(d: Draft, ticketId: string, rating: Omit<Rating, 'at'>): void {
  const t = todaysTicket(d, ticketId);
  if (t.state !== 'done' || t.finishedAt === null) throw new EngineError('TICKET_STATE', { number: t.number, state: t.state });
  if (t.rating) {
    const same =
      t.rating.score === rating.score &&
      JSON.stringify(t.rating.reasons) === JSON.stringify(rating.reasons) &&
      t.rating.comment === rating.comment &&
      JSON.stringify(t.rating.items) === JSON.stringify(rating.items);
    if (same) return;
    throw new EngineError('ALREADY_RATED', { number: t.number });
  }
  const { rules, ratingReasons } = d.state.config;
  if (d.ctx.now > ratingClosesAt(t, rules.ratingWindowMin)!) throw new EngineError('RATING_WINDOW_CLOSED', { number: t.number, minutes: rules.ratingWindowMin });
  // A hardware pad has five keys and no screen to ask why: its 1–2 comes without reasons (the
  // follow-up's call-back asks them); the web pad and the API must give them.
  if (rating.score <= 2 && rating.reasons.length === 0 && !fromHardwarePad(rating.source)) throw new EngineError('REASON_REQUIRED', { number: t.number });
  const unknown = rating.reasons.find((r) => !ratingReasons.some((x) => x.id === r));
  if (unknown) throw new EngineError('REASON_UNKNOWN', { reason: unknown });
  d.ticketEvent('ticket.rated', { ...t, rating: { ...rating, at: d.ctx.now } });
}
