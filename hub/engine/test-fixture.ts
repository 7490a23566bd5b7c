// Test helpers for the queue engine (no tests in here): a small valid hall config and a harness that
// runs commands through `decide` and applies the events, with a clock the test moves by hand.
import { hallConfigSchema, type HallConfig, type HallConfigInput } from '../config/schema.js';
import { decide, type Command } from './engine.js';
import { EngineError } from './errors.js';
import { applyEvent, createState } from './state.js';
import type { Actor, HallEvent, HallState, Ticket } from './types.js';

/** A local wall-clock time in the hall's zone (Asia/Shanghai, UTC+8, no DST) as epoch ms. */
export function local(dateTime: string): number {
  return Date.parse(`${dateTime.replace(' ', 'T')}:00+08:00`);
}

/** Monday 2026-11-23 10:00 in Shanghai: a plain working day, hall open, not lunch. */
export const MONDAY_10AM = Date.UTC(2026, 10, 23, 2, 0);

export const MINUTE = 60_000;

const PIN = 'scrypt$16384$8$1$c2FsdA==$aGFzaA==';

/**
 * Services: A household (zone z1), B tax (z1, 3 tickets a day), C permits (z2, 2 digits that wrap),
 * D social security (z2). Counters: 1 = A then B, 2 = B then A, 3 = C, D, A (comprehensive), 4 = D only.
 */
export function baseInput(): HallConfigInput {
  return {
    hall: { id: 'test-hall', name: { zh: '测试政务服务大厅', en: 'Test hall' }, timezone: 'Asia/Shanghai', dayResetHour: 3 },
    zones: [
      { id: 'z1', name: { zh: '一楼' } },
      { id: 'z2', name: { zh: '二楼' } },
    ],
    services: [
      { id: 'household', prefix: 'A', name: { zh: '户籍' }, department: '公安', zone: 'z1', typicalServiceMin: 10 },
      { id: 'tax', prefix: 'B', name: { zh: '税务' }, department: '税务局', zone: 'z1', dailyQuota: 3, typicalServiceMin: 6 },
      { id: 'permit', prefix: 'C', name: { zh: '证照' }, department: '市场监管', zone: 'z2', digits: 2, onOverflow: 'wrap' },
      { id: 'social', prefix: 'D', name: { zh: '社保' }, department: '人社局', zone: 'z2', typicalServiceMin: 12 },
    ],
    counters: [
      { id: '1', zone: 'z1', services: [{ service: 'household', rank: 1 }, { service: 'tax', rank: 2 }] },
      { id: '2', zone: 'z1', services: [{ service: 'tax', rank: 1 }, { service: 'household', rank: 2 }] },
      {
        id: '3',
        zone: 'z2',
        services: [
          { service: 'permit', rank: 1 },
          { service: 'social', rank: 2 },
          { service: 'household', rank: 3 },
        ],
      },
      { id: '4', zone: 'z2', services: [{ service: 'social', rank: 1 }] },
    ],
    // Every class on, VIP included (the default hall has VIP off).
    priorityClasses: [
      { id: 'normal', name: { zh: '普通' } },
      { id: 'green', name: { zh: '绿色通道' } },
      { id: 'appointment', name: { zh: '预约' } },
      { id: 'vip', name: { zh: '贵宾' } },
    ],
    staff: [
      { no: '1001', name: '张三', pinHash: PIN },
      { no: '1002', name: '李四', pinHash: PIN },
      { no: '1003', name: '王五', pinHash: PIN },
    ],
  };
}

/** The base hall, with top-level fields replaced (`rules`, `hours`, `calendar` are merged) or edited in place. */
export function makeConfig(overrides: Partial<HallConfigInput> | ((input: HallConfigInput) => void) = {}): HallConfig {
  const input = baseInput();
  if (typeof overrides === 'function') overrides(input);
  else {
    const { rules, hours, calendar, ...rest } = overrides;
    Object.assign(input, rest);
    if (rules) input.rules = { ...input.rules, ...rules };
    if (hours) input.hours = { ...input.hours, ...hours };
    if (calendar) input.calendar = { ...input.calendar, ...calendar };
  }
  return hallConfigSchema.parse(input);
}

export const SYSTEM: Actor = { kind: 'system', id: 'test' };

/** Runs commands against a hall state the way the hub does: decide, then apply every event. */
export class EngineHarness {
  now: number;
  readonly state: HallState;
  private ids = 0;

  constructor(config: HallConfig = makeConfig(), now: number = MONDAY_10AM) {
    this.now = now;
    this.state = createState(config, now);
  }

  /** Only decides: the state is left as it is. */
  decide(command: Command, actor: Actor = SYSTEM): HallEvent[] {
    return decide(this.state, command, { now: this.now, actor, newId: () => `t${++this.ids}` });
  }

  run(command: Command, actor: Actor = SYSTEM): HallEvent[] {
    const events = this.decide(command, actor);
    for (const e of events) applyEvent(this.state, e);
    return events;
  }

  advance(minutes: number): this {
    this.now += minutes * MINUTE;
    return this;
  }

  ticket(id: string): Ticket {
    const t = this.state.tickets.get(id);
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  }

  byNumber(number: string): Ticket {
    const t = [...this.state.tickets.values()].find((x) => x.number === number);
    if (!t) throw new Error(`no ticket ${number}`);
    return t;
  }

  /** Issues a ticket and returns it. */
  issue(serviceId: string, extra: Omit<Extract<Command, { type: 'issue' }>, 'type' | 'serviceId'> = {}): Ticket {
    const e = this.run({ type: 'issue', serviceId, ...extra }).find((x) => x.type === 'ticket.issued');
    if (!e || e.type !== 'ticket.issued') throw new Error('nothing issued');
    return e.ticket;
  }

  login(counterId: string, staffNo: string): HallEvent[] {
    return this.run({ type: 'login', counterId, staffNo });
  }

  /** Calls the next ticket at a counter; returns its number, or null when nobody was called. */
  callNext(counterId: string): string | null {
    const e = this.run({ type: 'call-next', counterId }).find((x) => x.type === 'ticket.called');
    return e && e.type === 'ticket.called' ? e.ticket.number : null;
  }

  /** Calls and finishes at one counter until nobody waits for it; returns the numbers in call order. */
  drain(counterId: string): string[] {
    const order: string[] = [];
    for (;;) {
      const n = this.callNext(counterId);
      if (n === null) return order;
      order.push(n);
      this.run({ type: 'finish', counterId });
    }
  }

  counter(id: string) {
    const c = this.state.counters.get(id);
    if (!c) throw new Error(`no counter ${id}`);
    return c;
  }
}

/** A seeded random source in [0, 1): a failing random day replays. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The EngineError a call throws (fails when it throws nothing or something else). */
export function refusal(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError, but the command was accepted');
}
