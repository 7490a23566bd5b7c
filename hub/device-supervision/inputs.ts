// What the hub does with a device's input (the supervisor's onInput hook):
// - a rating from a hardware pad → the engine's `rate` for the ticket the pad was asked about (named by
//   its screen key, hub/access/visibility.ts: a pad never holds a ticket id), or (no
//   ticket) for the ticket last finished at the pad's counter while its rating window is open, recorded
//   with source 'pad-hardware' (评价器按键); a press with no open window (or for a ticket rated already,
//   or not finished) is ignored and counted; a press the hub could not record (the store failed, …) is
//   counted as failed and logged as an error;
// - a caller keypad's key → that counter's command, run as the staff member logged in there; with
//   nobody logged in (or the engine refusing) it is refused, counted, logged, and shown on the keypad.
// The counts per device are what GET /api/devices/inputs shows the dashboard.
import type { Logger } from 'pino';
import type { DeviceInputEnvelope, DriverCommand } from '../../devices/driver.js';
import type { Command } from '../engine/engine.js';
import { EngineError } from '../engine/errors.js';
import type { Score, Ticket } from '../engine/types.js';
import type { Hall } from '../hall.js';
import { message } from '../error-messages.js';
import { lastFinishedAt, ratingOpen } from '../engine/rating.js';
import { refsOf } from '../access/visibility.js';

export interface InputCounts {
  ratings: number;
  /** Pressed with no rating window open at that counter (nothing finished lately, or rated already). */
  ignoredOutsideWindow: number;
  /** A ticket named that was not served at the pad's counter. */
  ignoredWrongCounter: number;
  /** Presses in a window that still could not be recorded (a storage failure, an unexpected refusal): logged as errors. */
  failed: number;
  actions: number;
  /** Keypad keys refused: nobody logged in, or the engine said no (queue empty, paused, …). */
  refused: number;
  /** Keys the driver could not map. */
  unknownKeys: number;
}

const zero = (): InputCounts => ({ ratings: 0, ignoredOutsideWindow: 0, ignoredWrongCounter: 0, failed: 0, actions: 0, refused: 0, unknownKeys: 0 });

/**
 * The engine's refusals that mean "no rating window for this press": the window closed, the ticket is
 * rated already, or it is not (or no longer) a finished ticket of today. Anything else is a failure.
 */
const OUTSIDE_WINDOW = new Set(['RATING_WINDOW_CLOSED', 'ALREADY_RATED', 'TICKET_STATE', 'TICKET_UNKNOWN']);

export interface DeviceInputsDeps {
  hall: Hall;
  log: Logger;
  /** Runs a driver command on a device (the supervisor's command()): shows a refusal on the keypad. */
  command?: (deviceId: string, command: DriverCommand) => Promise<unknown>;
  /**
   * Keypads whose keys nobody at the counter pressed (the demo's virtual keypads, pressed from the
   * /virtual page): their actions are logged as the device's, not as the staff member's logged in there.
   */
  actsAsItself?: (deviceId: string) => boolean;
}

export class DeviceInputs {
  private readonly counts = new Map<string, InputCounts>();
  private readonly hall: Hall;
  private readonly log: Logger;
  private readonly command: DeviceInputsDeps['command'];
  private readonly actsAsItself: (deviceId: string) => boolean;

  constructor(deps: DeviceInputsDeps) {
    this.actsAsItself = deps.actsAsItself ?? (() => false);
    this.hall = deps.hall;
    this.log = deps.log.child({ component: 'device-inputs' });
    this.command = deps.command;
  }

  /** The counts so far, by device id. */
  stats(): Record<string, InputCounts> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [k, { ...v }]));
  }

  private count(deviceId: string): InputCounts {
    let c = this.counts.get(deviceId);
    if (!c) this.counts.set(deviceId, (c = zero()));
    return c;
  }

  readonly handle = (e: DeviceInputEnvelope): void => {
    const input = e.input;
    if (input.type === 'rating') return this.rating(e, input.score as Score, input.ref, input.reasons ?? []);
    if (input.type === 'counter.action') return this.action(e, input.action, input.number, input.reason, input.unit);
    if (input.type === 'key') {
      this.count(e.deviceId).unknownKeys++;
      this.log.info({ device: e.deviceId, key: input.key }, 'unmapped device key');
      return;
    }
    this.log.info({ device: e.deviceId, status: input.status, detail: input.detail }, 'device status');
  };

  /** The ticket a pad's press is about: the one its screen key names, or the last finished at its counter. */
  private ticketFor(e: DeviceInputEnvelope, ref: string | undefined): Ticket | 'wrong-counter' | null {
    if (ref) {
      const t = refsOf(this.hall).find(ref, this.hall.view.tickets.values());
      if (!t) return null;
      return t.counterId === e.counter ? t : 'wrong-counter';
    }
    return e.counter ? (lastFinishedAt(this.hall.view, e.counter) ?? null) : null;
  }

  private rating(e: DeviceInputEnvelope, score: Score, ref: string | undefined, reasons: string[]): void {
    const c = this.count(e.deviceId);
    const t = this.ticketFor(e, ref);
    if (t === 'wrong-counter') {
      c.ignoredWrongCounter++;
      this.log.warn({ device: e.deviceId, ref, counter: e.counter }, 'rating for a ticket of another counter: ignored');
      return;
    }
    // Judged when the press reaches the hub, as the engine judges it: a press an agent held while the
    // LAN was down counts only if the window is still open when it arrives.
    if (!t || !ratingOpen(t, this.hall.clock.now(), this.hall.config.rules.ratingWindowMin)) {
      c.ignoredOutsideWindow++;
      this.log.info({ device: e.deviceId, counter: e.counter, score, ticket: t?.number ?? null }, 'rating press outside a rating window: ignored');
      return;
    }
    try {
      this.hall.execute({ type: 'rate', ticketId: t.id, rating: { score, items: null, reasons: [...new Set(reasons)], comment: null, source: 'pad-hardware' } }, { kind: 'device', id: e.deviceId });
      c.ratings++;
    } catch (err) {
      if (err instanceof EngineError && OUTSIDE_WINDOW.has(err.code)) {
        c.ignoredOutsideWindow++;
        this.log.info({ device: e.deviceId, ticket: t.number, code: err.code }, 'rating press refused by the hall: ignored');
        return;
      }
      // Not the citizen's doing: a rating that should have been recorded was lost.
      c.failed++;
      this.log.error({ device: e.deviceId, counter: e.counter, ticket: t.number, score, err }, 'rating press could not be recorded');
    }
  }

  private action(e: DeviceInputEnvelope, action: string, number: string | undefined, reason: string | undefined, unit: number | undefined): void {
    const c = this.count(e.deviceId);
    const counterId = e.counter;
    const refuse = (code: string, params: Record<string, unknown> = {}) => {
      c.refused++;
      this.log.info({ device: e.deviceId, counter: counterId, action, code }, 'keypad key refused');
      const lines = [message(code, params, 'zh').slice(0, 20), message(code, params, 'en').slice(0, 24)];
      if (this.command) void this.command(e.deviceId, { type: 'notice', ...(unit !== undefined ? { unit } : { counter: counterId }), lines, ms: 5000 }).catch(() => {});
    };
    const state = counterId ? this.hall.view.counters.get(counterId) : undefined;
    if (!counterId || !state) return refuse('COUNTER_UNKNOWN', { counter: counterId ?? '?' });
    if (!state.staffNo) return refuse('COUNTER_CLOSED', { counter: counterId });
    let command: Command;
    switch (action) {
      case 'call-next':
        command = { type: 'call-next', counterId };
        break;
      case 'call-number':
        if (!number) return refuse('BAD_INPUT', { detail: 'number' });
        command = { type: 'call-number', counterId, number };
        break;
      case 'pause':
        command = { type: 'pause', counterId, reason: reason ?? '呼叫器暂停' };
        break;
      case 'recall':
      case 'skip':
      case 'start':
      case 'finish':
      case 'hold':
      case 'resume':
        command = { type: action, counterId };
        break;
      default:
        return refuse('BAD_INPUT', { detail: action });
    }
    try {
      this.hall.execute(command, this.actsAsItself(e.deviceId) ? { kind: 'device', id: e.deviceId } : { kind: 'staff', id: state.staffNo });
      c.actions++;
    } catch (err) {
      if (err instanceof EngineError) return refuse(err.code, err.params);
      throw err;
    }
  }
}
