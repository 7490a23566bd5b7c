// How events are stored: what changed, not whole copies. A ticket event stores the fields of
// the ticket that the event changed (ticket.issued: the fields that differ from a new ticket's
// defaults); a counter event the fields of the counter that changed, with a whole copy at a login or
// a day's start so that reading one back never walks further than a shift. type, at and the actor are
// columns of the row and not repeated. Reading folds the changes back into whole events, so the API,
// the realtime resync and the reports see exactly what was committed. Payloads of the earlier format
// (whole events, with a "type" key) read back as they are.
import type { CounterState, HallEvent, Rating, StoredEvent, Ticket } from '../engine/types.js';

/**
 * The values a stored ticket or ticket.issued payload leaves out. A storage format, frozen: rows written
 * with it decode by it forever, whatever a new ticket's values become in the engine (hub/engine/engine.ts);
 * the engine's values only decide what is worth leaving out (tests/durability/compact-format.test.ts).
 * So the list repeats the engine's new-ticket literal on purpose: deriving one from the other would let
 * an engine change silently re-read every stored row differently.
 */
export const TICKET_DEFAULTS = Object.freeze({
  // The usual values of a new ticket, so that the common case costs nothing.
  state: 'waiting',
  priority: 'normal',
  channel: 'kiosk',
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
  appointment: null,
  cancelReason: null,
  requestId: null,
  rating: null,
} as const);

type Fields = Record<string, unknown>;

/** The keys of `next` whose value differs from `prev` (compared as JSON), and the keys it dropped. */
function diff(prev: Fields, next: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(next)) if (v !== undefined && JSON.stringify(prev[k]) !== JSON.stringify(v)) out[k] = v;
  const gone = Object.keys(prev).filter((k) => prev[k] !== undefined && next[k] === undefined);
  if (gone.length) out['-'] = gone;
  return out;
}

function patch<T>(base: T, d: Fields): T {
  const out = { ...base } as Fields;
  for (const [k, v] of Object.entries(d)) if (k !== '-') out[k] = v;
  for (const k of (d['-'] as string[] | undefined) ?? []) delete out[k];
  return out as T;
}

/** A rating without its empty parts, its time relative to the event's (as other times). */
function compactRating(r: Rating, at: number): Fields {
  const out: Fields = { score: r.score };
  if (r.items !== null) out.items = r.items;
  if (r.reasons.length) out.reasons = r.reasons;
  if (r.comment !== null) out.comment = r.comment;
  out.source = r.source;
  out.at = r.at - at;
  return out;
}

function wholeRating(r: Fields, at: number): Rating {
  return { score: r.score, items: r.items ?? null, reasons: r.reasons ?? [], comment: r.comment ?? null, source: r.source, at: (r.at as number) + at } as Rating;
}

const newTicket = (id: string): Ticket => ({ id, ...TICKET_DEFAULTS }) as unknown as Ticket;

/** The tickets table's columns that hold a ticket's fields; `data` holds the rest. */
export const TICKET_COLUMNS = `id, number, business_day, service_id, seq, state, priority, issued_at, called_at, started_at, finished_at, counter_id, staff_no, data`;

export interface TicketRow {
  id: string;
  number: string;
  business_day: string;
  service_id: string;
  seq: number;
  state: string;
  priority: string;
  issued_at: number;
  called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  counter_id: string | null;
  staff_no: string | null;
  data: string;
}

/** A ticket as stored in the tickets table's `data`: without what its columns hold and without default values. */
export function ticketData(t: Ticket): string {
  const { id: _i, number: _n, businessDay: _b, serviceId: _s, seq: _q, state: _t, priority: _p, issuedAt: _a, calledAt: _c, startedAt: _st, finishedAt: _f, counterId: _k, staffNo: _w, ...rest } = t;
  const defaults = TICKET_DEFAULTS as Fields;
  const kept: Fields = Object.fromEntries(Object.entries(rest).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(defaults[k])));
  if (kept.rating) kept.rating = compactRating(kept.rating as Rating, 0);
  return JSON.stringify(kept);
}

/** Reads a tickets row back (either format: the earlier one stored every field in `data` too). */
export function ticketFromRow(r: TicketRow): Ticket {
  const data = JSON.parse(r.data) as Fields;
  if (data.rating) data.rating = wholeRating(data.rating as Fields, 0);
  return {
    ...newTicket(r.id),
    ...data,
    id: r.id,
    number: r.number,
    businessDay: r.business_day,
    serviceId: r.service_id,
    seq: r.seq,
    state: r.state,
    priority: r.priority,
    issuedAt: r.issued_at,
    calledAt: r.called_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counterId: r.counter_id,
    staffNo: r.staff_no,
  } as Ticket;
}

/**
 * Times in a stored change are kept relative to the event's own time (0 for "now", which most are):
 * 1–2 digits instead of 13. Only in changes (T, t, d), never in whole copies of the earlier format.
 */
const TIME_FIELDS = new Set(['sortKey', 'issuedAt', 'calledAt', 'lastCalledAt', 'startedAt', 'finishedAt', 'since']);

function relative(d: Fields, at: number): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(d)) out[k] = TIME_FIELDS.has(k) && typeof v === 'number' ? v - at : v;
  return out;
}

function absolute(d: Fields, at: number): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(d)) out[k] = TIME_FIELDS.has(k) && typeof v === 'number' ? v + at : v;
  return out;
}

/** The stored payload of an event, given the ticket or counter as the store had it before. */
export function encodePayload(e: HallEvent, before: { ticket?: Ticket | undefined; counter?: CounterState | undefined }): string {
  const { type: _t, at: _a, actor: _c, ...rest } = e;
  if ('ticket' in e) {
    const { ticket, ...more } = rest as { ticket: Ticket; how?: string };
    // A call is by policy unless it says otherwise.
    if (e.type === 'ticket.called' && more.how === 'next') delete more.how;
    // T: every field that differs from a new ticket's (ticket.issued, or no earlier version at hand); t: what this event changed.
    const whole = e.type === 'ticket.issued' || !before.ticket;
    const { id: _id, ...changed } = diff((whole ? newTicket(ticket.id) : before.ticket) as unknown as Fields, ticket as unknown as Fields);
    if (changed.rating) changed.rating = compactRating(changed.rating as Rating, e.at);
    return JSON.stringify(whole ? { ...more, T: relative(changed, e.at) } : { ...more, t: relative(changed, e.at) });
  }
  if (e.type === 'counter.state') {
    const { counter, ...more } = rest as { counter: CounterState };
    if (!before.counter || e.cause === 'login' || e.cause === 'day') return JSON.stringify({ ...more, c: counter });
    return JSON.stringify({ ...more, d: relative(diff(before.counter as unknown as Fields, counter as unknown as Fields), e.at) });
  }
  return JSON.stringify(rest);
}

export interface EventRow {
  seq: number;
  at: number;
  type: string;
  ticket_id: string | null;
  counter_id: string | null;
  actor_kind: string;
  actor_id: string;
  payload: string;
}

/** Where a decoder finds what came before the rows it was given. */
export interface EventHistory {
  /** The rows of a ticket before `seq`, oldest first. */
  ticketBefore(ticketId: string, seq: number): EventRow[];
  /** The counter.state rows of a counter before `seq`, newest first, lazily: read until a whole copy. */
  counterBefore(counterId: string, seq: number): Iterable<EventRow>;
}

/** Turns stored rows (in seq order) back into the events as they were committed. */
export class EventDecoder {
  private readonly tickets = new Map<string, Ticket>();
  private readonly counters = new Map<string, CounterState>();

  constructor(private readonly history: EventHistory) {}

  decode(r: EventRow): StoredEvent {
    const p = JSON.parse(r.payload) as Fields;
    if (typeof p.type === 'string') {
      // The earlier format: the whole event.
      const e = { ...(p as unknown as HallEvent), seq: r.seq } as StoredEvent;
      if ('ticket' in e) this.tickets.set(e.ticket.id, e.ticket);
      if (e.type === 'counter.state') this.counters.set(e.counter.id, e.counter);
      return e;
    }
    const head = { type: r.type, at: r.at, actor: { kind: r.actor_kind, id: r.actor_id } };
    if ('t' in p || 'T' in p) {
      const { t, T, ...more } = p;
      const id = r.ticket_id!;
      if (r.type === 'ticket.called' && more.how === undefined) more.how = 'next';
      for (const d of [t, T] as (Fields | undefined)[]) if (d?.rating) d.rating = wholeRating(d.rating as Fields, r.at);
      const ticket = T ? patch(newTicket(id), absolute(T as Fields, r.at)) : patch(this.tickets.get(id) ?? this.ticketAt(id, r.seq), absolute(t as Fields, r.at));
      this.tickets.set(id, ticket);
      return { ...head, ...more, ticket, seq: r.seq } as unknown as StoredEvent;
    }
    if ('c' in p || 'd' in p) {
      const { c, d, ...more } = p;
      const id = r.counter_id!;
      const counter = c ? (c as CounterState) : patch(this.counters.get(id) ?? this.counterAt(id, r.seq), absolute(d as Fields, r.at));
      this.counters.set(id, counter);
      return { ...head, ...more, counter, seq: r.seq } as unknown as StoredEvent;
    }
    return { ...head, ...p, seq: r.seq } as unknown as StoredEvent;
  }

  /** The ticket as the events before `seq` left it. */
  private ticketAt(id: string, seq: number): Ticket {
    const own = new EventDecoder({ ticketBefore: () => [], counterBefore: () => [] });
    let t = newTicket(id);
    for (const r of this.history.ticketBefore(id, seq)) {
      const e = own.decode(r);
      if ('ticket' in e) t = e.ticket;
    }
    return t;
  }

  /** The counter as the events before `seq` left it: back to the last whole copy, then forward. */
  private counterAt(id: string, seq: number): CounterState {
    const back: EventRow[] = [];
    for (const r of this.history.counterBefore(id, seq)) {
      back.push(r);
      const p = JSON.parse(r.payload) as Fields;
      if (typeof p.type === 'string' || 'c' in p) break;
    }
    const own = new EventDecoder({ ticketBefore: () => [], counterBefore: () => [] });
    let c: CounterState | undefined;
    for (const r of back.reverse()) {
      const e = own.decode(r);
      if (e.type === 'counter.state') c = e.counter;
    }
    // No history at all (its copy was archived, or never stored): what is known is the change itself.
    return c ?? ({ id } as CounterState);
  }
}
