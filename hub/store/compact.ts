// How events are stored (issue 12): what changed, not whole copies. A ticket event stores the fields of
// the ticket that the event changed (ticket.issued: the fields that differ from a new ticket's
// defaults); a counter event the fields of the counter that changed, with a whole copy at a login or
// a day's start so that reading one back never walks further than a shift. type, at and the actor are
// columns of the row and not repeated. Reading folds the changes back into whole events, so the API,
// the realtime resync and the reports see exactly what was committed. Payloads of the earlier format
// (whole events, with a "type" key) read back as they are.
import type { CounterState, HallEvent, StoredEvent, Ticket } from '../engine/types.js';

/** A ticket's fields as ticket.issued leaves them unless the command says otherwise (hub/engine/engine.ts). */
const TICKET_DEFAULTS = {
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
} as const;

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

const newTicket = (id: string): Ticket => ({ id, ...TICKET_DEFAULTS }) as unknown as Ticket;

/** A ticket as stored in the tickets table's `data`: without its id (a column) and without default values. */
export function ticketData(t: Ticket): string {
  const { id: _id, ...rest } = t;
  return JSON.stringify(diff({ ...TICKET_DEFAULTS }, rest as Fields));
}

/** Reads a tickets row's `data` back (either format: the earlier one stored every field and the id). */
export function ticketFromData(id: string, data: string): Ticket {
  return { ...newTicket(id), ...(JSON.parse(data) as Fields), id } as Ticket;
}

/** The stored payload of an event, given the ticket or counter as the store had it before. */
export function encodePayload(e: HallEvent, before: { ticket?: Ticket | undefined; counter?: CounterState | undefined }): string {
  const { type: _t, at: _a, actor: _c, ...rest } = e;
  if ('ticket' in e) {
    const { ticket, ...more } = rest as { ticket: Ticket };
    // T: every field that differs from a new ticket's (ticket.issued, or no earlier version at hand); t: what this event changed.
    const whole = e.type === 'ticket.issued' || !before.ticket;
    const { id: _id, ...changed } = diff((whole ? newTicket(ticket.id) : before.ticket) as unknown as Fields, ticket as unknown as Fields);
    return JSON.stringify(whole ? { ...more, T: changed } : { ...more, t: changed });
  }
  if (e.type === 'counter.state') {
    const { counter, ...more } = rest as { counter: CounterState };
    if (!before.counter || e.cause === 'login' || e.cause === 'day') return JSON.stringify({ ...more, c: counter });
    return JSON.stringify({ ...more, d: diff(before.counter as unknown as Fields, counter as unknown as Fields) });
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
      const ticket = T ? patch(newTicket(id), T as Fields) : patch(this.tickets.get(id) ?? this.ticketAt(id, r.seq), t as Fields);
      this.tickets.set(id, ticket);
      return { ...head, ...more, ticket, seq: r.seq } as unknown as StoredEvent;
    }
    if ('c' in p || 'd' in p) {
      const { c, d, ...more } = p;
      const id = r.counter_id!;
      const counter = c ? (c as CounterState) : patch(this.counters.get(id) ?? this.counterAt(id, r.seq), d as Fields);
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
