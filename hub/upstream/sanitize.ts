// What of an event leaves the hall for the city's central store. A whitelist, field by field, so that a
// field added to the engine later stays in the hall until someone decides the city is entitled to it.
// A ticket goes through the hall's one ticket whitelist (hub/access/visibility.ts, the city audience);
// counters, day rolls and configs are shaped here.
//
// The city gets what supervision (电子监察) and city reports need: times, states, services, counters,
// staff numbers (工号: the city supervises staff performance by number), scores and reason ids.
// It does not get:
//  - ticket ids: the id is the key of the citizen's tracking link (anyone holding it follows the ticket);
//    it is replaced by a one-way key (sha256 of hall and id) that still ties a ticket's events together;
//  - a rating's free-text comment, a cancellation reason and a pause reason typed by a person (they may
//    name people); only whether there was one;
//  - the appointment's booking code (it identifies the booking, and so the citizen); its slot is kept;
//  - the kiosk's request id;
//  - from config.changed: staff names and photos, PIN and password hashes, managers (user names and
//    password hashes), device tokens and token hashes, device addresses and options (the hall's
//    internal network), the rating-upload settings, the hall's own `central` settings (its upload
//    token) and its public URL. The store work moves secrets out of config events too; this strips
//    them regardless, whatever an older event in the log still carries.
import { cityTicket, cityTicketKey } from '../access/visibility.js';
import type { StoredEvent, CounterState } from '../engine/types.js';

/** A ticket's id as the city sees it (hub/access/visibility.ts, the city audience). */
export const ticketKey = cityTicketKey;

export type ShippedTicket = ReturnType<typeof cityTicket>;

function shippedCounter(hallId: string, c: CounterState) {
  return {
    id: c.id,
    zone: c.zone,
    state: c.state,
    staffNo: c.staffNo,
    ticketKey: c.ticketId ? ticketKey(hallId, c.ticketId) : null,
    paused: c.pauseReason !== null && c.pauseReason !== undefined,
    since: c.since,
  };
}

/** The config a city may see: how the hall is organised and when it opens, nothing that opens anything. */
export function shippedConfig(config: unknown): Record<string, unknown> {
  const c = (config ?? {}) as Record<string, any>;
  const pick = (o: any, keys: string[]) => Object.fromEntries(keys.filter((k) => o && o[k] !== undefined).map((k) => [k, o[k]]));
  return {
    hall: pick(c.hall, ['id', 'name', 'timezone', 'dayResetHour']),
    calendar: c.calendar,
    hours: c.hours,
    zones: c.zones,
    rules: c.rules,
    ratingReasons: c.ratingReasons,
    priorityClasses: c.priorityClasses,
    services: c.services,
    counters: c.counters,
    staff: Array.isArray(c.staff) ? c.staff.map((s: any) => ({ no: s?.no })) : [],
    devices: Array.isArray(c.devices) ? c.devices.map((d: any) => pick(d, ['id', 'kind', 'name', 'zone', 'counter', 'kiosk', 'agent', 'units'])) : [],
    notices: c.notices,
    demo: c.demo,
  };
}

export type ShippedEvent = { seq: number; at: number; type: string; actor: { kind: string; id: string } } & Record<string, unknown>;

/** One event as shipped to the central. */
export function shippedEvent(hallId: string, e: StoredEvent): ShippedEvent {
  // A manager's user name is a person's login; the city sees that a manager acted.
  const actor = { kind: e.actor.kind, id: e.actor.kind === 'manager' ? 'manager' : e.actor.id };
  const base = { seq: e.seq, at: e.at, type: e.type, actor };
  switch (e.type) {
    case 'counter.state':
      return { ...base, counter: shippedCounter(hallId, e.counter), cause: e.cause };
    case 'day.rolled':
      return { ...base, from: e.from, to: e.to, expired: e.expired.map((id) => ticketKey(hallId, id)) };
    case 'config.changed':
      return { ...base, config: shippedConfig(e.config), source: e.source };
    default:
      return {
        ...base,
        ticket: cityTicket(hallId, e.ticket),
        ...(e.how ? { how: e.how } : {}),
        ...(e.from ? { from: e.from } : {}),
      };
  }
}
