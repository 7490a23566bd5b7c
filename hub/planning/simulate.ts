// A discrete-event run of the real queue engine on a virtual clock: citizens arrive and take tickets,
// counters open, call the next, serve for a drawn time and finish, all through `decide` and
// `applyEvent` exactly as the hub runs them (no I/O: the engine is pure and clock-injected). Used to
// check the Erlang C advice (`hall staffing --simulate`) and to replay a day for the wait estimate's
// error (bench/estimate-bench.ts).
import { hallConfigSchema, type HallConfig, type HallConfigInput } from '../config/schema.js';
import { decide, type Command } from '../engine/engine.js';
import { applyEvent, createState } from '../engine/state.js';
import type { Actor, HallState, Ticket } from '../engine/types.js';

const ACTOR: Actor = { kind: 'system', id: 'simulation' };
const PIN = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';

/** A seeded PRNG (mulberry32): the same seed gives the same day. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with this mean. */
export function exponential(rnd: () => number, mean: number): number {
  return -Math.log(1 - rnd()) * mean;
}

export interface Arrival {
  at: number;
  serviceId: string;
}

export interface Shift {
  counterId: string;
  from: number;
  to: number;
}

export interface SimulationInput {
  config: HallConfig;
  arrivals: readonly Arrival[];
  shifts: readonly Shift[];
  /** Drawn when a counter starts serving a ticket, in ms. */
  serviceMs: (ticket: Ticket, rnd: () => number) => number;
  seed?: number;
  /** Runs right after each ticket is issued (the state includes it): where an estimate is taken. */
  onIssued?: (state: Readonly<HallState>, ticket: Ticket, now: number) => void;
}

export interface SimulationResult {
  tickets: Ticket[];
  state: HallState;
}

interface Step {
  at: number;
  order: number;
  run: () => void;
}

/** Runs the day; tickets still waiting at the end keep calledAt null. */
export function simulate(input: SimulationInput): SimulationResult {
  const rnd = random(input.seed ?? 1);
  const start = Math.min(...input.arrivals.map((a) => a.at), ...input.shifts.map((s) => s.from));
  const state = createState(input.config, start);
  let now = start;
  let ids = 0;
  // Every ticket as last seen: a run past the day's reset hour rolls the day and drops them from the state.
  const seen = new Map<string, Ticket>();
  const exec = (command: Command) => {
    const events = decide(state, command, { now, actor: ACTOR, newId: () => `s${++ids}` });
    for (const e of events) {
      applyEvent(state, e);
      if ('ticket' in e) seen.set(e.ticket.id, e.ticket);
    }
    return events;
  };
  const steps: Step[] = [];
  let order = 0;
  const at = (t: number, run: () => void) => {
    const step = { at: t, order: order++, run };
    // Few thousand steps: a sorted insert is plenty.
    let i = steps.length;
    while (i > 0 && (steps[i - 1]!.at > t || (steps[i - 1]!.at === t && steps[i - 1]!.order > step.order))) i--;
    steps.splice(i, 0, step);
  };
  const staffOf = new Map<string, string>();
  const open = new Set<string>();
  const closing = new Set<string>();
  const busy = new Set<string>();
  const callAt = (counterId: string) => {
    if (!open.has(counterId) || busy.has(counterId)) return;
    if (closing.has(counterId)) {
      exec({ type: 'logout', counterId });
      open.delete(counterId);
      return;
    }
    const called = exec({ type: 'call-next', counterId }).find((e) => e.type === 'ticket.called');
    if (!called || !('ticket' in called)) return;
    busy.add(counterId);
    exec({ type: 'start', counterId });
    const ms = Math.max(1, Math.round(input.serviceMs(called.ticket, rnd)));
    at(now + ms, () => {
      exec({ type: 'finish', counterId });
      busy.delete(counterId);
      callAt(counterId);
    });
  };
  const idleCall = () => {
    for (const id of open) callAt(id);
  };
  // One staff member per counter, from the config's staff list in order.
  const counterIds = [...new Set(input.shifts.map((s) => s.counterId))];
  counterIds.forEach((id, i) => {
    const no = input.config.staff[i]?.no;
    if (!no) throw new Error(`the simulated hall needs a staff member for each of its ${counterIds.length} counters`);
    staffOf.set(id, no);
  });
  input.shifts.forEach((s) => {
    const staffNo = staffOf.get(s.counterId)!;
    at(s.from, () => {
      closing.delete(s.counterId);
      if (!open.has(s.counterId)) exec({ type: 'login', counterId: s.counterId, staffNo });
      open.add(s.counterId);
      callAt(s.counterId);
    });
    at(s.to, () => {
      closing.add(s.counterId);
      callAt(s.counterId);
    });
  });
  for (const a of input.arrivals)
    at(a.at, () => {
      const issued = exec({ type: 'issue', serviceId: a.serviceId }).find((e) => e.type === 'ticket.issued');
      if (issued && 'ticket' in issued) input.onIssued?.(state, issued.ticket, now);
      idleCall();
    });
  while (steps.length) {
    const s = steps.shift()!;
    now = s.at;
    s.run();
  }
  return { tickets: [...seen.values()], state };
}

/**
 * A one-service hall open round the clock with `counters` counters (and their staff), for checking
 * staffing figures: nothing refuses a ticket, nothing rolls the day over in a 20-hour run from 03:30.
 */
export function singleServiceHall(counters: number, typicalServiceMin: number): HallConfig {
  const input: HallConfigInput = {
    hall: { id: 'simulated', name: { zh: '模拟大厅', en: 'Simulated hall' }, timezone: 'Asia/Shanghai', dayResetHour: 3 },
    hours: { days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00', lunch: null, stopIssuingBeforeCloseMin: 0 },
    zones: [{ id: 'hall', name: { zh: '大厅' } }],
    services: [{ id: 'service', prefix: 'A', name: { zh: '业务' }, department: '大厅', zone: 'hall', typicalServiceMin, digits: 4 }],
    counters: Array.from({ length: counters }, (_, i) => ({ id: String(i + 1), zone: 'hall', services: [{ service: 'service', rank: 1 }] })),
    staff: Array.from({ length: counters }, (_, i) => ({ no: String(9000 + i), name: `模拟${i + 1}`, pinHash: PIN })),
  };
  return hallConfigSchema.parse(input);
}

export interface StaffingCheck {
  counters: number;
  tickets: number;
  /** Share of the measured tickets called within the target. */
  withinTarget: number;
  avgWaitMin: number;
}

/**
 * Erlang C's M/M/N queue played through the engine: Poisson arrivals at λ/h, exponential service with
 * mean s, `counters` counters all day; `days` runs of `hours` hours each, the first hour of each run
 * left out (the queue starts empty, Erlang C describes a queue in its steady state).
 */
export function simulateStaffing(p: { arrivalsPerHour: number; serviceMin: number; targetMin: number; counters: number; hours?: number; days?: number; seed?: number }): StaffingCheck {
  const hours = p.hours ?? 20;
  const days = p.days ?? 5;
  const config = singleServiceHall(p.counters, p.serviceMin);
  const HOUR = 3_600_000;
  let within = 0;
  let measured = 0;
  let waitSum = 0;
  for (let d = 0; d < days; d++) {
    const rnd = random((p.seed ?? 7) * 1000 + d);
    // Monday 2026-11-23 03:30 in Shanghai, one week apart so days never share a business day.
    const start = Date.UTC(2026, 10, 22, 19, 30) + d * 7 * 24 * HOUR;
    const arrivals: Arrival[] = [];
    for (let t = start + exponential(rnd, HOUR / p.arrivalsPerHour); t < start + hours * HOUR; t += exponential(rnd, HOUR / p.arrivalsPerHour))
      arrivals.push({ at: Math.round(t), serviceId: 'service' });
    const shifts = Array.from({ length: p.counters }, (_, i) => ({ counterId: String(i + 1), from: start, to: start + (hours + 6) * HOUR }));
    const { tickets } = simulate({ config, arrivals, shifts, seed: d + 1, serviceMs: () => exponential(rnd, p.serviceMin * 60_000) });
    for (const t of tickets) {
      if (t.issuedAt < start + HOUR || t.calledAt === null) continue;
      measured++;
      const wait = t.calledAt - t.issuedAt;
      waitSum += wait;
      if (wait <= p.targetMin * 60_000) within++;
    }
  }
  return { counters: p.counters, tickets: measured, withinTarget: measured ? within / measured : 1, avgWaitMin: measured ? waitSum / measured / 60_000 : 0 };
}
