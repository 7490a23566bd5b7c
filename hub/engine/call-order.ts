// The order in which a counter's "call next" would take the waiting tickets if pressed again and again
// now: the counter console lists its queue in it. The engine's call-next takes the first of the same
// candidates through the same policy (engine.ts `candidates` reads them here), so the list's head is
// what the next call calls.
import type { Rules } from '../config/schema.js';
import { businessDay } from './calendar.js';
import { isDueAppointment, nextCycle, policies, type Candidate } from './policy.js';
import { sharedQueue, type QueueIndex } from './queue-index.js';
import { firstTicket, headTickets, type SortedTickets } from './sorted-list.js';
import type { HallState, Ticket } from './types.js';

/** The counter's rank for each service it serves (1 = main service). */
export function serviceRanks(state: HallState, counterId: string): Map<string, number> {
  const config = state.config.counters.find((k) => k.id === counterId);
  return new Map((config?.services ?? []).map((s) => [s.service, s.rank]));
}

/**
 * Walks the head of sorted lists past the tickets already taken, each list read once (up to `depth`
 * tickets), so that listing n calls costs about n steps per list, not n².
 */
class Heads {
  private readonly lists = new Map<SortedTickets, { head: Ticket[]; at: number }>();
  constructor(
    private readonly taken: ReadonlySet<string>,
    private readonly depth: number,
  ) {}

  first(list: SortedTickets): Ticket | undefined {
    let l = this.lists.get(list);
    if (!l) this.lists.set(list, (l = { head: headTickets(list, this.depth), at: 0 }));
    while (l.at < l.head.length && this.taken.has(l.head[l.at]!.id)) l.at++;
    return l.head[l.at];
  }
}

/**
 * The tickets a policy picks among, from the queue index (see OrderingPolicy): the first ticket
 * transferred to this counter, and for each service it serves the first waiting ticket of each class
 * and every due appointment — leaving out those in `taken`.
 */
export function indexCandidates(
  index: QueueIndex,
  counterId: string,
  ranks: ReadonlyMap<string, number>,
  now: number,
  rules: Rules,
  heads: { first(list: SortedTickets): Ticket | undefined; taken?: ReadonlySet<string> } = { first: firstTicket },
): Candidate[] {
  const taken = heads.taken;
  const list: Candidate[] = [];
  const targeted = index.targeted.get(counterId);
  const mine = targeted && heads.first(targeted);
  if (mine) list.push({ ticket: mine, rank: 0, targeted: true });
  for (const [serviceId, rank] of ranks) {
    const q = sharedQueue(index, serviceId);
    if (!q) continue;
    const p = heads.first(q.priority);
    const n = heads.first(q.normal);
    if (p) list.push({ ticket: p, rank, targeted: false });
    if (n) list.push({ ticket: n, rank, targeted: false });
    for (const a of q.appointments.values()) if (a !== n && !taken?.has(a.id) && isDueAppointment(a, now, rules)) list.push({ ticket: a, rank, targeted: false });
  }
  return list;
}

/**
 * The counter's waiting tickets in the order successive calls at `now` would take them (no one new
 * arriving meanwhile), at most `limit`. Empty for a counter that does not exist, and when the business
 * day has ended (the next command cancels every waiting ticket).
 */
export function callOrder(state: HallState, counterId: string, now: number, limit = Infinity): Ticket[] {
  const counter = state.counters.get(counterId);
  const config = state.config.counters.find((k) => k.id === counterId);
  if (!counter || !config || businessDay(now, state.config) !== state.businessDay) return [];
  const { rules } = state.config;
  const policy = policies[config.policy ?? rules.policy];
  const ranks = serviceRanks(state, counterId);
  const taken = new Set<string>();
  // No list gives more than `limit` calls, so reading `limit` + 1 of each is enough.
  const waiting = Math.min(limit, [...ranks.keys()].reduce((n, id) => n + (sharedQueue(state.index, id)?.all.size ?? 0), state.index.targeted.get(counterId)?.size ?? 0));
  const walker = new Heads(taken, waiting + 1);
  const heads = { first: (l: SortedTickets) => walker.first(l), taken };
  const order: Ticket[] = [];
  let cycle = counter.cycle;
  while (order.length < limit) {
    const pick = policy(indexCandidates(state.index, counterId, ranks, now, rules, heads), { ...counter, cycle }, { now, rules });
    if (!pick) break;
    order.push(pick.ticket);
    taken.add(pick.ticket.id);
    cycle = nextCycle(cycle, pick.contested, rules);
  }
  return order;
}
