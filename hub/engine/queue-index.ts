// Today's waiting tickets kept in order as events apply, so that issuing, calling, "people ahead" and
// the live views read a few list heads and ranks instead of walking the day (50,000 tickets on a big
// day, nearly all finished). Derived data: applyEvent keeps it, a load or a new day rebuilds it.
import type { Rules } from './domain.js';
import { isDueAppointment, isPriority } from './policy.js';
import { byArrival, countWhile, insertTicket, removeTicket, sortedTickets, type SortedTickets } from './sorted-list.js';
import type { Ticket } from './types.js';

export interface ServiceWaiting {
  /** Waiting for any counter of the service, green channel and VIP, by arrival. */
  priority: SortedTickets;
  /** Waiting for any counter of the service, everyone else (appointments included), by arrival. */
  normal: SortedTickets;
  /** The appointments among `normal`: whether one is due depends on the time asked. Few a day. */
  appointments: Map<string, Ticket>;
  /** Every waiting ticket of the service (transferred to one counter too), by issue time. */
  all: SortedTickets;
}

/** How many called tickets the ring remembers: enough for a board's last calls after a few transfers. */
export const CALL_RING = 64;

export interface QueueIndex {
  services: Map<string, ServiceWaiting>;
  /** Tickets transferred to one counter, waiting for it, by arrival. */
  targeted: Map<string, SortedTickets>;
  /** Today's ticket ids by printed number (a wrapped sequence can reuse one). */
  numbers: Map<string, string[]>;
  /** Ticket ids in the order they were called or recalled, newest last, at most CALL_RING. */
  calls: string[];
  /** Whether `calls` ever let one go: then a short answer must be completed from the tickets. */
  callsDropped: boolean;
  /** The ticket finished last at each counter today. */
  lastFinished: Map<string, Ticket>;
  /** Today's tickets' issue order (0, 1, …): equal call times list in it, as a walk over the day did. */
  issueOrder: Map<string, number>;
  /** Tickets put aside (held) and no-shows who may come back, by id, in issue order: a counter's lists. */
  held: Map<string, Ticket>;
  noShow: Map<string, Ticket>;
}

export function createIndex(): QueueIndex {
  return { services: new Map(), targeted: new Map(), numbers: new Map(), calls: [], callsDropped: false, lastFinished: new Map(), issueOrder: new Map(), held: new Map(), noShow: new Map() };
}

function service(index: QueueIndex, id: string): ServiceWaiting {
  let s = index.services.get(id);
  if (!s)
    index.services.set(
      id,
      (s = { priority: sortedTickets('arrival'), normal: sortedTickets('arrival'), appointments: new Map(), all: sortedTickets('issue') }),
    );
  return s;
}

function targeted(index: QueueIndex, counterId: string): SortedTickets {
  let l = index.targeted.get(counterId);
  if (!l) index.targeted.set(counterId, (l = sortedTickets('arrival')));
  return l;
}

function removeWaiting(index: QueueIndex, t: Ticket): void {
  const s = index.services.get(t.serviceId);
  if (s) removeTicket(s.all, t);
  if (t.targetCounterId !== null) {
    const mine = index.targeted.get(t.targetCounterId);
    if (mine) removeTicket(mine, t);
  } else if (s) {
    removeTicket(isPriority(t) ? s.priority : s.normal, t);
    s.appointments.delete(t.id);
  }
}

function addWaiting(index: QueueIndex, t: Ticket): void {
  const s = service(index, t.serviceId);
  insertTicket(s.all, t);
  if (t.targetCounterId !== null) insertTicket(targeted(index, t.targetCounterId), t);
  else {
    insertTicket(isPriority(t) ? s.priority : s.normal, t);
    if (t.priority === 'appointment' && t.appointment) s.appointments.set(t.id, t);
  }
}

function noteCall(index: QueueIndex, id: string): void {
  index.calls.push(id);
  if (index.calls.length > CALL_RING) {
    index.calls.splice(0, index.calls.length - CALL_RING);
    index.callsDropped = true;
  }
}

/** Keeps the index in step with one ticket's change (`before` is its previous version, if any). */
export function indexTicket(index: QueueIndex, before: Ticket | undefined, after: Ticket, called: boolean): void {
  if (before?.state === 'waiting') removeWaiting(index, before);
  if (after.state === 'waiting') addWaiting(index, after);
  // A Map keeps insertion order: a ticket set aside again goes to the end, so these are re-sorted on reading.
  if (before?.state === 'held') index.held.delete(before.id);
  if (before?.state === 'no-show') index.noShow.delete(before.id);
  if (after.state === 'held') index.held.set(after.id, after);
  if (after.state === 'no-show') index.noShow.set(after.id, after);
  if (!before) {
    index.issueOrder.set(after.id, index.issueOrder.size);
    const ids = index.numbers.get(after.number);
    if (ids) ids.push(after.id);
    else index.numbers.set(after.number, [after.id]);
  }
  if (called) noteCall(index, after.id);
  if (after.state === 'done' && after.counterId !== null && after.finishedAt !== null) {
    const last = index.lastFinished.get(after.counterId);
    // On a tie (same millisecond) the later-issued one, as a walk over the day in issue order found.
    const later = !last || after.finishedAt > last.finishedAt! || (after.finishedAt === last.finishedAt && index.issueOrder.get(after.id)! >= index.issueOrder.get(last.id)!);
    if (later || last.id === after.id) index.lastFinished.set(after.counterId, after);
  }
}

/** Builds the index from scratch over a day's tickets in issue order (a load, a new day). */
export function buildIndex(tickets: Iterable<Ticket>): QueueIndex {
  const b = indexBuilder();
  for (const t of tickets) b.add(t);
  return b.done();
}

/**
 * The same, a ticket at a time: a start-up that loads the day in pages indexes each page as it comes
 * (one long block of indexing 50,000 tickets stalled the event loop for a second).
 */
export function indexBuilder(): { add(t: Ticket): void; done(): QueueIndex } {
  const index = createIndex();
  const called: Ticket[] = [];
  return {
    add(t) {
      indexTicket(index, undefined, t, false);
      if (t.lastCalledAt !== null) called.push(t);
    },
    done() {
      // Stable: equal call times keep issue order, as the boards' list did.
      called.sort((a, b) => a.lastCalledAt! - b.lastCalledAt!);
      for (const t of called) noteCall(index, t.id);
      return index;
    },
  };
}

/**
 * A counter's lists (GET /api/counters/:id), from the index: the tickets waiting for it (its services'
 * shared queues and those transferred to it) by queue key, its held tickets, its services' no-shows; each
 * in the order a walk over the day in issue order gave.
 */
export function counterLists(index: QueueIndex, counterId: string, services: ReadonlySet<string>): { readonly waiting: Ticket[]; held: Ticket[]; noShow: Ticket[] } {
  const order = (t: Ticket) => index.issueOrder.get(t.id) ?? 0;
  const byIssue = (a: Ticket, b: Ticket) => order(a) - order(b);
  return {
    // In queue-key order, built only when read: the console lists its queue in call order
    // (hub/engine/call-order.ts), so GET /api/counters/:id reads only held and noShow from here.
    get waiting() {
      const waiting: Ticket[] = [...(index.targeted.get(counterId)?.chunks.flat() ?? [])];
      for (const s of services) {
        const q = index.services.get(s);
        if (q) for (const l of [q.priority, q.normal]) for (const c of l.chunks) for (const t of c) waiting.push(t);
      }
      return waiting.sort((a, b) => a.sortKey - b.sortKey || a.issuedAt - b.issuedAt || a.seq - b.seq || order(a) - order(b));
    },
    held: [...index.held.values()].filter((t) => t.counterId === counterId).sort(byIssue),
    noShow: [...index.noShow.values()].filter((t) => services.has(t.serviceId)).sort(byIssue),
  };
}

/** The waiting tickets of a service's shared queue (not those transferred to one counter). */
export function sharedQueue(index: QueueIndex, serviceId: string): ServiceWaiting | undefined {
  return index.services.get(serviceId);
}

/** How many waiting tickets of the service's shared queue have a queue key below the ticket's. */
export function aheadInQueue(index: QueueIndex, ticket: Ticket, now: number, rules: Rules): number {
  if (ticket.targetCounterId !== null) {
    const list = index.targeted.get(ticket.targetCounterId);
    return list ? countWhile(list, (e) => e.sortKey < ticket.sortKey) : 0;
  }
  const s = index.services.get(ticket.serviceId);
  if (!s) return 0;
  const before = (e: Ticket) => byArrival(e, ticket) < 0;
  let due = 0;
  let dueBefore = 0;
  for (const a of s.appointments.values()) {
    if (a.id === ticket.id || !isDueAppointment(a, now, rules)) continue;
    due++;
    if (before(a)) dueBefore++;
  }
  // Key: due appointments, then priority, then arrival (see queueKey).
  if (isDueAppointment(ticket, now, rules)) return dueBefore;
  if (isPriority(ticket)) return due + countWhile(s.priority, before);
  return due + s.priority.size + countWhile(s.normal, before) - dueBefore;
}
