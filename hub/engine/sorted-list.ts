// Tickets kept sorted in chunks (the "sorted containers" layout): insert, remove and rank cost a
// binary search over the chunks plus a short memmove inside one, so a queue of 50,000 waiting tickets
// costs about what one of 50 does. Plain data (no functions, no class) like the rest of the engine
// state, so the state can still be cloned and compared.
import type { Ticket } from './types.js';

const CHUNK = 512;

export type TicketOrder = 'arrival' | 'issue';

export interface SortedTickets {
  order: TicketOrder;
  chunks: Ticket[][];
  size: number;
}

const byId = (a: Ticket, b: Ticket) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Queue order: the arrival key (moved on re-queue), then the daily sequence. */
export function byArrival(a: Ticket, b: Ticket): number {
  return a.sortKey - b.sortKey || a.seq - b.seq || byId(a, b);
}

export function byIssue(a: Ticket, b: Ticket): number {
  return a.issuedAt - b.issuedAt || byId(a, b);
}

function compare(list: SortedTickets, a: Ticket, b: Ticket): number {
  return list.order === 'arrival' ? byArrival(a, b) : byIssue(a, b);
}

export function sortedTickets(order: TicketOrder): SortedTickets {
  return { order, chunks: [], size: 0 };
}

/** The chunk an element belongs in: the first whose last element is not before it. */
function chunkFor(list: SortedTickets, x: Ticket): number {
  let lo = 0;
  let hi = list.chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = list.chunks[mid]!;
    if (compare(list, c[c.length - 1]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(arr: readonly Ticket[], before: (e: Ticket) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(arr[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertTicket(list: SortedTickets, x: Ticket): void {
  list.size++;
  if (list.chunks.length === 0) {
    list.chunks.push([x]);
    return;
  }
  const i = chunkFor(list, x);
  const chunk = list.chunks[i]!;
  chunk.splice(
    lowerBound(chunk, (e) => compare(list, e, x) <= 0),
    0,
    x,
  );
  if (chunk.length > 2 * CHUNK) list.chunks.splice(i + 1, 0, chunk.splice(CHUNK));
}

/** Removes the ticket with x's id, found by x's order; false when it is not there. */
export function removeTicket(list: SortedTickets, x: Ticket): boolean {
  if (list.chunks.length === 0) return false;
  const i = chunkFor(list, x);
  const chunk = list.chunks[i]!;
  const j = lowerBound(chunk, (e) => compare(list, e, x) < 0);
  // The order ends with the id: equal order means the same ticket.
  if (j >= chunk.length || chunk[j]!.id !== x.id) return false;
  chunk.splice(j, 1);
  if (chunk.length === 0) list.chunks.splice(i, 1);
  list.size--;
  return true;
}

/** How many tickets come before the first for which `before` is false (`before` must be monotone in the order). */
export function countWhile(list: SortedTickets, before: (e: Ticket) => boolean): number {
  let n = 0;
  for (const chunk of list.chunks) {
    if (before(chunk[chunk.length - 1]!)) {
      n += chunk.length;
      continue;
    }
    return n + lowerBound(chunk, before);
  }
  return n;
}

export function firstTicket(list: SortedTickets): Ticket | undefined {
  return list.chunks[0]?.[0];
}

/** The first `k` tickets in order. */
export function headTickets(list: SortedTickets, k: number): Ticket[] {
  const out: Ticket[] = [];
  for (const chunk of list.chunks) {
    for (const e of chunk) {
      if (out.length >= k) return out;
      out.push(e);
    }
  }
  return out;
}
