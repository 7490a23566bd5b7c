// The hall as device drivers see it (devices/driver.ts: HallSnapshot, DeviceHallEvent): a small,
// stable cut of the live view and of the committed events, JSON all through (it travels to agents).
// Devices are devices wherever their driver runs (in the hub or on an agent's PC): a ticket appears
// under its screen key (hub/access/visibility.ts), never its id; a pad's rating names that key back.
import type { TicketRefs } from '../access/visibility.js';
import type { DeviceConfig, HallConfig } from '../config/schema.js';
import type { DeviceHallEvent, DeviceTicket, DriverDevice, HallSnapshot } from '../../devices/driver.js';
import type { HallState, StoredEvent, Ticket } from '../engine/types.js';
import { counterView, noticesView, recentCalls, servicesView } from '../views.js';

/** `services`: the services view to draw from (default: worked out now). */
export function deviceSnapshot(state: Readonly<HallState>, boards: HallConfig['boards'], seq: number, now: number, refs: TicketRefs, services = servicesView(state, now)): HallSnapshot {
  const c = state.config;
  return {
    seq,
    at: now,
    businessDay: state.businessDay,
    hall: { id: c.hall.id, name: c.hall.name, timezone: c.hall.timezone },
    zones: c.zones.map((z) => ({ id: z.id, name: z.name })),
    counters: [...state.counters.values()].map((k) => {
      const v = counterView(state, k);
      return {
        id: v.id,
        name: v.name,
        zone: v.zone,
        state: v.state,
        pauseReason: v.pauseReason,
        staff: v.staff ? { no: v.staff.no, name: v.staff.name } : null,
        ticket: v.ticket ? { id: refs.ref(v.ticket.id), number: v.ticket.number, serviceId: v.ticket.serviceId, state: v.ticket.state } : null,
        services: v.services.map((x) => x.service),
      };
    }),
    recentCalls: recentCalls(state).map((c) => ({ ...c, ticketId: refs.ref(c.ticketId) })),
    services: services.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      zone: s.zone,
      note: s.note,
      waiting: s.waiting,
      estimatedWaitMin: s.estimatedWaitMin,
    })),
    notice: noticesView(c).notice,
    boards,
  };
}

function deviceTicket(t: Ticket, refs: TicketRefs): DeviceTicket {
  return {
    id: refs.ref(t.id),
    number: t.number,
    serviceId: t.serviceId,
    zone: t.zone,
    state: t.state,
    priority: t.priority,
    channel: t.channel,
    counterId: t.counterId,
    recalls: t.recalls,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    lastCalledAt: t.lastCalledAt,
    finishedAt: t.finishedAt,
  };
}

export function deviceEvent(e: StoredEvent, refs: TicketRefs): DeviceHallEvent {
  const base = { seq: e.seq, type: e.type, at: e.at };
  switch (e.type) {
    case 'counter.state':
      return {
        ...base,
        cause: e.cause,
        counter: { id: e.counter.id, zone: e.counter.zone, state: e.counter.state, staffNo: e.counter.staffNo, ticketId: e.counter.ticketId && refs.ref(e.counter.ticketId), pauseReason: e.counter.pauseReason },
      };
    case 'day.rolled':
    case 'config.changed':
      return base;
    default:
      return { ...base, ticket: deviceTicket(e.ticket, refs), ...(e.how ? { how: e.how } : {}) };
  }
}

export function driverDevice(d: DeviceConfig): DriverDevice {
  return {
    id: d.id,
    kind: d.kind,
    name: d.name ?? null,
    zone: d.zone ?? null,
    counter: d.counter ?? null,
    address: d.address ?? '',
    kiosk: d.kiosk ?? null,
    units: (d.units ?? []).map((u) => ({ unit: u.unit, counter: u.counter ?? null, name: u.name ?? null })),
    ...(d.options ? { options: d.options } : {}),
  };
}
