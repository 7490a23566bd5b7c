// What terminals see: the engine state turned into the JSON the API returns and the realtime layer
// pushes, in the shapes the wire contract (shared/wire.ts) declares. No secrets (tokens, PIN and password
// hashes stay in the store). Personal data, on purpose: the staff member at each counter (name, staff
// number, photo: 亮身份, shown to the public by rule) and their day's figures; tickets carry no citizen's
// name or booking code. The full view goes to managers; who gets which cut (a board never sees ticket
// ids, only managers see device health) is hub/access/visibility.ts's to decide.
import type { DeviceHealth } from './device-supervision/health.js';
import { availability } from './engine/availability.js';
import { aheadOf, estimatedWait, serviceQueues } from './engine/estimate.js';
import type { HallModel } from './engine/domain.js';
import type { CounterState, HallEvent, HallState, Ticket } from './engine/types.js';
import { WIRE_VERSION } from '../shared/wire-version.js';
import type { CounterView, Hello, LiveView, RecentCall, ServiceView, TicketView } from '../shared/wire.js';

export type { CounterView, LiveView, TicketView };
import { counterWords } from '../shared/vocabulary.js';

type Text = { zh: string; en?: string | undefined };

/** A service's name, or its id when the config no longer has it. */
export function serviceName(config: HallModel, id: string): Text {
  return config.services.find((s) => s.id === id)?.name ?? { zh: id };
}

/** A counter's name, or its label ("Counter N") when it has none. */
export function counterName(config: HallModel, id: string | null): Text | null {
  if (!id) return null;
  return config.counters.find((k) => k.id === id)?.name ?? counterWords(id);
}

export function ticketView(state: Readonly<HallState>, t: Ticket, now: number): TicketView {
  const ahead = t.state === 'waiting' && t.businessDay === state.businessDay ? aheadOf(state, t, now) : 0;
  return {
    id: t.id,
    number: t.number,
    serviceId: t.serviceId,
    serviceName: serviceName(state.config, t.serviceId),
    zone: t.zone,
    businessDay: t.businessDay,
    state: t.state,
    priority: t.priority,
    channel: t.channel,
    ahead,
    // Waiting: minutes (never 0 with someone ahead), or null with countersOpen 0 and waitReason NO_COUNTER_OPEN.
    ...(t.state === 'waiting' ? estimatedWait(state, t.serviceId, ahead, now) : { estimatedWaitMin: 0, countersOpen: null, waitReason: null }),
    counterId: t.state === 'waiting' ? t.targetCounterId : t.counterId,
    counterName: counterName(state.config, t.state === 'waiting' ? t.targetCounterId : t.counterId),
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    lastCalledAt: t.lastCalledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    recalls: t.recalls,
    requeues: t.requeues,
    transfers: t.transfers,
    appointmentAt: t.appointment?.slotAt ?? null,
    cancelReason: t.cancelReason,
    rating: t.rating ? { score: t.rating.score, at: t.rating.at } : null,
  };
}

export function servicesView(state: Readonly<HallState>, now: number): ServiceView[] {
  const queues = new Map(serviceQueues(state, now).map((q) => [q.serviceId, q]));
  return state.config.services.map((s) => {
    const q = queues.get(s.id)!;
    return {
      id: s.id,
      prefix: s.prefix,
      name: s.name,
      department: s.department,
      departmentEn: s.departmentEn ?? null,
      zone: s.zone,
      note: s.note ?? null,
      targetWaitMin: s.targetWaitMin,
      dailyQuota: s.dailyQuota ?? null,
      waiting: q.waiting,
      longestWaitMin: q.longestWaitMin,
      estimatedWaitMin: q.estimatedWaitMin,
      countersOpen: q.countersOpen,
      waitReason: q.waitReason,
      counters: state.config.counters.filter((k) => k.services.some((x) => x.service === s.id)).map((k) => k.id),
      availability: availability(state, s, now),
    };
  });
}

export function counterView(state: Readonly<HallState>, c: CounterState): CounterView {
  const config = state.config.counters.find((k) => k.id === c.id);
  const staff = c.staffNo ? state.config.staff.find((s) => s.no === c.staffNo) : undefined;
  const t = c.ticketId ? state.tickets.get(c.ticketId) : undefined;
  return {
    id: c.id,
    name: counterName(state.config, c.id),
    zone: c.zone,
    state: c.state,
    since: c.since,
    pauseReason: c.pauseReason,
    staff: staff ? { no: staff.no, name: staff.name, photo: staff.photo ?? null } : null,
    /** The logged-in staff member's day so far. */
    today: c.staffNo ? (state.staffDay.get(c.staffNo) ?? { served: 0, rated: 0, satisfied: 0 }) : null,
    services: config?.services ?? [],
    ticket: t
      ? { id: t.id, number: t.number, serviceId: t.serviceId, state: t.state, calledAt: t.calledAt, lastCalledAt: t.lastCalledAt, startedAt: t.startedAt, recalls: t.recalls }
      : null,
  };
}

/** The last calls, newest first, for boards: read from the index's ring of calls, not the day. */
export function recentCalls(state: Readonly<HallState>, limit = 10): RecentCall[] {
  const shown = (t: Ticket | undefined): t is Ticket => t !== undefined && t.lastCalledAt !== null && t.counterId !== null;
  const seen = new Set<string>();
  let found: Ticket[] = [];
  const ring = state.index.calls;
  // The whole ring (a few dozen): a call tied in time with the tenth may sit further back.
  for (let i = ring.length - 1; i >= 0; i--) {
    const id = ring[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    const t = state.tickets.get(id);
    if (shown(t)) found.push(t);
  }
  // The ring let older calls go and transfers took some of its own off the boards: walk the day.
  if (found.length < limit && state.index.callsDropped) found = [...state.tickets.values()].filter(shown);
  const order = state.index.issueOrder;
  return found
    .sort((a, b) => b.lastCalledAt! - a.lastCalledAt! || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))
    .slice(0, limit)
    .map((t) => ({ ticketId: t.id, number: t.number, counterId: t.counterId!, zone: t.zone, at: t.lastCalledAt!, state: t.state }));
}

/** Between notices on the boards' scrolling line: two ideographic spaces. */
export const NOTICE_SEPARATOR = '\u3000\u3000';

/**
 * The enabled notices (公告), each with the zones whose boards show it ([] = every board), and the line
 * a board without a zone scrolls: every enabled notice joined, in Chinese and in English (falling back
 * to Chinese), or null when there is none.
 */
export function noticesView(config: HallModel) {
  const notices = (config.notices ?? []).filter((n) => n.enabled).map((n) => ({ id: n.id, text: n.text, zones: n.zones ?? [] }));
  const notice = notices.length
    ? { zh: notices.map((n) => n.text.zh).join(NOTICE_SEPARATOR), en: notices.map((n) => n.text.en ?? n.text.zh).join(NOTICE_SEPARATOR) }
    : null;
  return { notices, notice };
}

/** Everything a terminal needs to draw the hall: sent on connect, on a seq gap, and by GET /api/live. */
export function liveView(state: Readonly<HallState>, seq: number, now: number, devices: readonly DeviceHealth[] = []): LiveView {
  return {
    wire: WIRE_VERSION,
    seq,
    at: now,
    businessDay: state.businessDay,
    hall: { id: state.config.hall.id, name: state.config.hall.name, demo: state.config.demo, timezone: state.config.hall.timezone },
    zones: state.config.zones,
    priorityClasses: state.config.priorityClasses.filter((p) => p.enabled),
    ratingReasons: state.config.ratingReasons,
    ratingWindowMin: state.config.rules.ratingWindowMin,
    /** Rules terminals act on (the counter console enables its buttons by them). */
    rules: {
      maxRecalls: state.config.rules.maxRecalls,
      callNextFinishesServing: state.config.rules.callNextFinishesServing,
      ratingWindowMin: state.config.rules.ratingWindowMin,
    },
    services: servicesView(state, now),
    counters: [...state.counters.values()].map((c) => counterView(state, c)),
    recentCalls: recentCalls(state),
    /** Device health (terminals and driven devices): the dashboard's devices tab. */
    devices: devices.map((d) => ({ ...d })),
    ...noticesView(state.config),
  };
}

/** The socket's first word to a terminal: the wire version and who the hub takes it for. */
export function helloView(p: { kind: 'device'; deviceId: string; deviceKind: string; zone: string | null; counterId: string | null } | { kind: 'staff' | 'manager' }, counterId: string | null): Hello {
  return {
    wire: WIRE_VERSION,
    principal: p.kind === 'device' ? { kind: 'device', deviceId: p.deviceId, deviceKind: p.deviceKind, zone: p.zone, counterId: p.counterId } : { kind: p.kind, counterId },
  };
}
