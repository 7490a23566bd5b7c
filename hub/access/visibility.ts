// Who sees what: the one place that decides what each principal may read of the hall, and the one
// redaction of config, events and tickets. Every REST answer and every socket push that carries hall
// data goes through here (docs/security.md, "Who sees what").
//
//   manager   everything except secrets (hashes, tokens): the event log (电子监察) with actors, rating
//             comments, appointment codes, device health and addresses.
//   staff     the hall and tickets with their ids (the console resumes a held ticket, opens a ticket by
//             id), never rating comments, appointment codes or device health.
//   device    (kiosk, display, pad, keypad, agent, printer, board) what a shared screen draws: numbers,
//             counters, services, names. A ticket appears under its screen key (`ref`), never its id:
//             a ticket id is the citizen's private tracking link, and a board sits in a public hall.
//   follower  (a phone with a ticket id) that one ticket's view.
//   anonymous the services and health.
//   city      (the city's central, hub/upstream/) what supervision and city reports need: the staff
//             whitelist of a ticket with staff numbers, under a one-way key instead of its id; whether
//             there was a cancellation reason or a rating comment, never their text.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Principal } from '../auth/auth.js';
import type { DeviceConfig, HallConfig, StaffConfig } from '../config/schema.js';
import type { Hall } from '../hall.js';
import type { StoredEvent, Ticket } from '../engine/types.js';
import type { CounterView, LiveView, TicketView } from '../views.js';

export type Audience = 'manager' | 'staff' | 'device';

export function audienceOf(p: Principal): Audience {
  return p.kind === 'device' ? 'device' : p.kind;
}

// ---- secrets: config ----

export function staffWithoutSecret({ pinHash: _p, ...rest }: StaffConfig) {
  return rest;
}

export function deviceWithoutSecret({ token: _t, tokenSha256: _h, ...rest }: DeviceConfig) {
  return rest;
}

/** The config as anyone outside the hub may see it (a manager): no PIN hashes, password hashes or device tokens. */
export function configWithoutSecrets(c: HallConfig) {
  return {
    ...c,
    staff: c.staff.map(staffWithoutSecret),
    managers: c.managers.map(({ passwordHash: _p, ...rest }) => rest),
    devices: c.devices.map(deviceWithoutSecret),
    // The hall's upload token to the city's central is a secret too: only where it ships to is shown.
    central: c.central ? { url: c.central.url } : undefined,
  };
}

// ---- tickets on shared screens: screen keys instead of ids ----

/**
 * A ticket's screen key: stable for the ticket while the hub runs, unique, and useless as a tracking
 * link (an HMAC of the id under a key that never leaves the hub). Boards key their lists by it, a pad
 * rates with it at its own counter.
 */
export class TicketRefs {
  private readonly cache = new Map<string, string>();
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  ref(id: string): string {
    let r = this.cache.get(id);
    if (!r) {
      r = `r${createHmac('sha256', this.key).update(id).digest('base64url').slice(0, 22)}`;
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(id, r);
    }
    return r;
  }

  /** The ticket of today behind a screen key, if any. */
  find(ref: string, tickets: Iterable<Ticket>): Ticket | undefined {
    if (!/^r[A-Za-z0-9_-]{22}$/.test(ref)) return undefined;
    for (const t of tickets) if (this.ref(t.id) === ref) return t;
    return undefined;
  }
}

const refsOfHall = new WeakMap<Hall, TicketRefs>();
/** One key per hub (hall): REST and sockets give a ticket the same screen key. */
export function refsOf(hall: Hall): TicketRefs {
  let r = refsOfHall.get(hall);
  if (!r) refsOfHall.set(hall, (r = new TicketRefs()));
  return r;
}

// ---- views ----

export function ticketFor(aud: Audience, v: TicketView, refs: TicketRefs): TicketView {
  return aud === 'device' ? { ...v, id: refs.ref(v.id) } : v;
}

export function counterFor(aud: Audience, v: CounterView, refs: TicketRefs): CounterView {
  return aud === 'device' && v.ticket ? { ...v, ticket: { ...v.ticket, id: refs.ref(v.ticket.id) } } : v;
}

/** The live view (GET /api/live, the sockets' snapshot): device health only for managers, screen keys for devices. */
export function liveFor(aud: Audience, v: LiveView, refs: TicketRefs): LiveView {
  if (aud === 'manager') return v;
  const out: LiveView = { ...v, devices: [] };
  if (aud === 'device') {
    out.counters = v.counters.map((c) => counterFor(aud, c, refs));
    out.recentCalls = v.recentCalls.map((c) => ({ ...c, ticketId: refs.ref(c.ticketId) }));
  }
  return out;
}

// ---- events ----

/**
 * A ticket as an event carries it to staff, devices and the city: one whitelist, never a comment or a
 * booking code. `id` is what the audience knows the ticket by (the id, a screen key, the city's key).
 */
function eventTicket(aud: Exclude<Audience, 'manager'> | 'city', t: Ticket, id: string) {
  return {
    id,
    number: t.number,
    serviceId: t.serviceId,
    zone: t.zone,
    businessDay: t.businessDay,
    priority: t.priority,
    channel: t.channel,
    state: t.state,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    lastCalledAt: t.lastCalledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    counterId: t.counterId,
    targetCounterId: t.targetCounterId,
    recalls: t.recalls,
    requeues: t.requeues,
    transfers: t.transfers,
    appointmentAt: t.appointment?.slotAt ?? null,
    ...(aud === 'staff' ? { staffNo: t.staffNo, cancelReason: t.cancelReason } : {}),
    ...(aud === 'city' ? { staffNo: t.staffNo, seq: t.seq, cancelled: t.cancelReason !== null && t.cancelReason !== undefined } : {}),
    rating: !t.rating
      ? null
      : aud === 'city'
        ? { score: t.rating.score, items: t.rating.items, reasons: t.rating.reasons, at: t.rating.at, source: t.rating.source, hasComment: !!t.rating.comment }
        : { score: t.rating.score, at: t.rating.at },
  };
}

/** A ticket's key at the city's central: stable per ticket (ties its events together), useless as a tracking link. */
export function cityTicketKey(hallId: string, ticketId: string): string {
  return createHash('sha256').update(`${hallId}\u0000${ticketId}`).digest('base64url').slice(0, 22);
}

/** A ticket as it is shipped to the city's central: the city audience's whitelist, keyed by cityTicketKey. */
export function cityTicket(hallId: string, t: Ticket) {
  const { id, ...rest } = eventTicket('city', t, cityTicketKey(hallId, t.id));
  return { key: id, ...rest };
}

/**
 * An event as a socket pushes it. Managers get the ticket whole (the dashboard is the supervision
 * desk); staff and devices a whitelist; nobody gets the actor's identity (the log is for that) nor a
 * config (a snapshot follows a config change).
 */
export function pushedEvent(aud: Audience, e: StoredEvent, refs: TicketRefs): Record<string, unknown> {
  const { actor, ...rest } = e;
  if (rest.type === 'config.changed') return { seq: rest.seq, type: rest.type, at: rest.at, source: rest.source };
  const out: Record<string, unknown> = { ...rest, actorKind: actor.kind };
  if (aud === 'manager') return out;
  if (rest.type === 'counter.state') {
    if (aud === 'device' && rest.counter.ticketId) out.counter = { ...rest.counter, ticketId: refs.ref(rest.counter.ticketId) };
  } else if (rest.type === 'day.rolled') {
    if (aud === 'device') out.expired = [];
  } else {
    out.ticket = eventTicket(aud, rest.ticket, aud === 'device' ? refs.ref(rest.ticket.id) : rest.ticket.id);
  }
  return out;
}

/** An event of the log as a manager reads it (GET /api/events): whole, with its actor, the config without secrets. */
export function loggedEvent(e: StoredEvent) {
  return e.type === 'config.changed' ? { ...e, config: configWithoutSecrets(e.config) } : e;
}
