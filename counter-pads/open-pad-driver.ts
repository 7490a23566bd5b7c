// The hub side (bus master) of the open pad protocol, for rating pads (kind `pad`) and caller keypads
// (kind `keypad`), family `open-pad`. One driver runs one bus: it polls each unit in turn, turns the
// units' key presses into hall inputs (a repeat with the same event id and boot id is dropped, a second
// press of the same key inside the debounce time — by the unit's own press times — is ignored and
// counted; a new boot id means the unit restarted and its event ids begin again), acknowledges them, and keeps each unit's
// small display up to date, sending a command again with the same seq until the unit acknowledges it.
import type { DeviceDriver, DeviceHallEvent, DriverCommand, DriverContext, DriverFactory, DriverUnit, HallSnapshot } from '../devices/driver.js';
import { registerDriver } from '../devices/driver.js';
import { healthReason } from '../devices/health-reason.js';
import { Debouncer } from './debounce.js';
import type { Frame } from './protocol.js';
import { DEFAULT_UNIT, FAMILY, KEY_NAMES, MSG, NO_BOOT, decodeFrame, displayPayload, encodeFrame, nextSeq, parseEvent, parseHeartbeat, promptPayload, splitFrames, unitElapsed } from './protocol.js';
import { DeviceCommandError } from '../devices/driver.js';
import { counterWords } from '../shared/vocabulary.js';

export interface OpenPadTiming {
  /** How long a unit has to answer a poll or a command. */
  answerTimeoutMs: number;
  /** Tries per command before giving up on it (same seq each time). */
  commandTries: number;
  /** Pause between two polling rounds over the bus. */
  pollIntervalMs: number;
  /** Polls in a row without an answer before a unit counts as away. */
  missesBeforeAway: number;
  /** A second press of the same key on the same unit within this is a bounce. */
  debounceMs: number;
  /** How long a pad shows the rating prompt after a finish. */
  promptSeconds: number;
}

export const DEFAULT_TIMING: OpenPadTiming = {
  answerTimeoutMs: 200,
  commandTries: 3,
  pollIntervalMs: 100,
  missesBeforeAway: 3,
  debounceMs: 300,
  promptSeconds: 120,
};

interface UnitState {
  unit: number;
  counter: string | null;
  hostSeq: number;
  /** The seq of the last command sent: the next command must not reuse it (the unit would take it for a repeat). */
  lastCommandSeq: number;
  /** The id of the last event taken from the unit (0: none yet, or since the unit restarted). */
  lastEventId: number;
  /** The unit's boot id as last heard (NO_BOOT: not heard yet, or a v1 unit that sends none). */
  boot: number;
  misses: number;
  away: boolean;
  /** What the display should show, and what the unit acknowledged last. */
  lines: string[];
  shown: string | null;
  /** A pad: the ticket it asks about now. */
  prompt: { ref: string; number: string } | null;
  /** A notice over the normal lines (e.g. "nobody logged in"), until this time. */
  notice: { lines: string[]; until: number } | null;
  /** Commands to a unit go one after another: a late retry of an older one must not undo a newer one. */
  commands: Promise<boolean>;
}

export interface OpenPadStats {
  polls: number;
  events: number;
  duplicates: number;
  bounces: number;
  /** Units heard answering with a new boot id (they restarted). */
  restarts: number;
  unknownKeys: number;
  commandRetries: number;
  commandsFailed: number;
  strayFrames: number;
  [k: string]: number;
}

export class OpenPadBus {
  readonly units = new Map<number, UnitState>();
  readonly stats: OpenPadStats = { polls: 0, events: 0, duplicates: 0, bounces: 0, restarts: 0, unknownKeys: 0, commandRetries: 0, commandsFailed: 0, strayFrames: 0 };
  /** Debounce on the unit's own press times (what a v2 unit sends) … */
  private readonly debounce: Debouncer;
  /** … or, for a v1 unit that sends none, on the time the host took the event. */
  private readonly debounceHost: Debouncer;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private view: HallSnapshot | null = null;
  private wake: (() => void) | null = null;

  /** The configured device (for its id in errors). */
  get deviceId(): string {
    return this.ctx.device.id;
  }

  constructor(
    private readonly ctx: DriverContext,
    private readonly kind: 'pad' | 'keypad',
    private readonly timing: OpenPadTiming = DEFAULT_TIMING,
  ) {
    const units: DriverUnit[] = ctx.device.units.length ? ctx.device.units : [{ unit: DEFAULT_UNIT, counter: ctx.device.counter, name: null }];
    for (const u of units)
      this.units.set(u.unit, { unit: u.unit, counter: u.counter, hostSeq: 0, lastCommandSeq: 0, lastEventId: 0, boot: NO_BOOT, misses: 0, away: false, lines: [], shown: null, prompt: null, notice: null, commands: Promise.resolve(true) });
    this.debounce = new Debouncer(timing.debounceMs, unitElapsed);
    this.debounceHost = new Debouncer(timing.debounceMs);
    ctx.link.on('frame', () => this.stats.strayFrames++);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ctx.link.whenOnline(1000);
      } catch {
        continue;
      }
      for (const u of this.units.values()) {
        if (this.stopped) return;
        await this.pollUnit(u);
        await this.syncDisplay(u);
      }
      this.reportHealth();
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.timing.pollIntervalMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private nextSeq(u: UnitState): number {
    return (u.hostSeq = nextSeq(u.hostSeq));
  }

  /** Sends a frame to a unit and waits for an answer from it that `accept` takes; null when none came. */
  private async ask(u: UnitState, type: number, payload: Buffer | undefined, accept: (f: Frame) => boolean, seq: number): Promise<Frame | null> {
    const frame = encodeFrame({ addr: u.unit, seq, type, ...(payload ? { payload } : {}) });
    try {
      const answer = await this.ctx.link.request(frame, {
        timeoutMs: this.timing.answerTimeoutMs,
        queueTimeoutMs: 2000,
        match: (b) => {
          const f = decodeFrame(b);
          // An answer names the unit and echoes the seq it answers: a late answer to an earlier
          // question, or a unit talking out of turn, is not taken for this one.
          return f.addr === u.unit && f.seq === seq && f.type >= 0x80 && accept(f);
        },
      });
      return decodeFrame(answer);
    } catch {
      return null;
    }
  }

  private async pollUnit(u: UnitState): Promise<void> {
    this.stats.polls++;
    const f = await this.ask(u, MSG.POLL, undefined, (x) => x.type !== MSG.ACK, this.nextSeq(u));
    if (!f) {
      u.misses++;
      if (u.misses >= this.timing.missesBeforeAway && !u.away) {
        u.away = true;
        u.shown = null; // it may have restarted blank: show again once it answers
        this.ctx.log.warn({ unit: u.unit }, 'open-pad unit not answering');
      }
      return;
    }
    const cameBack = u.away;
    if (cameBack) this.ctx.log.info({ unit: u.unit }, 'open-pad unit answering again');
    u.misses = 0;
    u.away = false;
    const event = f.type === MSG.HEARTBEAT ? null : parseEvent(f.payload);
    const boot = event ? event.boot : parseHeartbeat(f.payload).boot;
    if (boot !== NO_BOOT && boot !== u.boot) {
      // A new boot id: the unit restarted (power cut, watchdog), its event ids begin again at 1 and its
      // display is blank. Whatever it sent before that is no guide to what is a repeat now.
      if (u.boot !== NO_BOOT) {
        this.stats.restarts++;
        this.ctx.log.info({ unit: u.unit, boot, before: u.boot }, 'open-pad unit restarted');
        this.forgetUnit(u);
        if (u.prompt) void this.command(u, MSG.PROMPT, promptPayload(this.timing.promptSeconds, u.prompt.number));
      }
      u.boot = boot;
    } else if (boot === NO_BOOT && cameBack) {
      // A v1 unit sends no boot id: back from away it may have restarted, and a press lost as a
      // "duplicate" is worse than an event counted twice after a cut cable.
      this.forgetUnit(u);
    }
    if (!event) return;
    // An event: acknowledge it whatever it is, so the unit moves on to its next one.
    const { id, code } = event;
    void this.ctx.link.send(encodeFrame({ addr: u.unit, seq: this.nextSeq(u), type: MSG.HOST_ACK, payload: Buffer.of(id) })).catch(() => {});
    if (id === u.lastEventId) {
      this.stats.duplicates++;
      return;
    }
    u.lastEventId = id;
    this.stats.events++;
    // Debounced on when the key went down on the unit, not on when the host happened to poll it.
    const accepted =
      event.at !== null ? this.debounce.accept(String(u.unit), `${f.type}:${code}`, event.at) : this.debounceHost.accept(String(u.unit), `${f.type}:${code}`, Date.now());
    if (!accepted) {
      this.stats.bounces++;
      this.ctx.log.debug({ unit: u.unit, code }, 'open-pad key bounce ignored');
      return;
    }
    this.onKey(u, f.type, code);
  }

  /** After a restart: no event id is a repeat yet, no press a bounce, and the display must be sent again. */
  private forgetUnit(u: UnitState): void {
    u.lastEventId = 0;
    u.shown = null;
    this.debounce.forget(String(u.unit));
    this.debounceHost.forget(String(u.unit));
  }

  private onKey(u: UnitState, type: number, code: number): void {
    const unit = this.ctx.device.units.length ? { unit: u.unit } : {};
    if (type === MSG.RATING && this.kind === 'pad' && code >= 1 && code <= 5) {
      this.ctx.emit({ type: 'rating', score: code, ...unit, ...(u.prompt ? { ref: u.prompt.ref } : {}) });
      if (u.prompt) {
        u.prompt = null;
        void this.command(u, MSG.PROMPT_END, undefined);
        this.notify(u.unit, ['谢谢您的评价', 'Thank you'], 5000);
      }
      return;
    }
    const action = type === MSG.KEY ? KEY_NAMES[code] : undefined;
    if (action && this.kind === 'keypad') {
      this.ctx.emit({ type: 'counter.action', action, ...unit });
      return;
    }
    this.stats.unknownKeys++;
    this.ctx.emit({ type: 'key', key: `unit${u.unit}:${type.toString(16)}:${code.toString(16)}` });
  }

  /** Sends a command to a unit until it acknowledges it (same seq every try); false when it never did. */
  command(u: UnitState, type: number, payload: Buffer | undefined): Promise<boolean> {
    const next = u.commands.then(() => this.sendCommand(u, type, payload));
    u.commands = next.catch(() => false);
    return next;
  }

  private async sendCommand(u: UnitState, type: number, payload: Buffer | undefined): Promise<boolean> {
    let seq = this.nextSeq(u);
    // Polls share the seq space and wrap it: a new command must differ from the previous one.
    if (seq === u.lastCommandSeq) seq = this.nextSeq(u);
    u.lastCommandSeq = seq;
    for (let i = 0; i < this.timing.commandTries; i++) {
      if (i > 0) this.stats.commandRetries++;
      const ack = await this.ask(u, type, payload, (f) => f.type === MSG.ACK && f.payload[0] === seq, seq);
      if (ack) return true;
      if (this.stopped) return false;
    }
    this.stats.commandsFailed++;
    return false;
  }

  private async syncDisplay(u: UnitState): Promise<void> {
    if (u.away) return;
    const now = Date.now();
    if (u.notice && u.notice.until <= now) u.notice = null;
    const lines = u.notice ? u.notice.lines : u.lines;
    const key = lines.join('\n');
    if (key === u.shown) return;
    if (await this.command(u, MSG.DISPLAY, displayPayload(lines))) u.shown = key;
  }

  notify(unit: number, lines: string[], ms: number): void {
    const u = this.units.get(unit);
    if (!u) return;
    u.notice = { lines, until: Date.now() + ms };
    this.wake?.();
  }

  // ---- the hall ----

  snapshot(view: HallSnapshot): void {
    this.view = view;
    for (const u of this.units.values()) u.lines = this.linesFor(u);
    this.wake?.();
  }

  events(events: readonly DeviceHallEvent[], view: HallSnapshot): void {
    for (const e of events) {
      if (this.kind !== 'pad' || e.type !== 'ticket.finished' || !e.ticket) continue;
      for (const u of this.units.values()) {
        if (u.counter !== e.ticket.counterId) continue;
        u.prompt = { ref: e.ticket.id, number: e.ticket.number };
        void this.command(u, MSG.PROMPT, promptPayload(this.timing.promptSeconds, e.ticket.number));
      }
    }
    this.snapshot(view);
  }

  /** The trigger API: a pad asks the citizen about a ticket (a business system's case). */
  promptFor(counter: string, ref: string, number: string): boolean {
    const u = [...this.units.values()].find((x) => x.counter === counter);
    if (!u || this.kind !== 'pad') return false;
    u.prompt = { ref, number };
    void this.command(u, MSG.PROMPT, promptPayload(this.timing.promptSeconds, number));
    return true;
  }

  private linesFor(u: UnitState): string[] {
    const c = this.view?.counters.find((x) => x.id === u.counter);
    if (!c || c.state === 'closed' || !c.staff) return [counterWords(u.counter ?? '').zh, '暂停服务 Closed'];
    if (this.kind === 'pad') {
      // 亮身份: who serves here, and which number.
      return [`${c.staff.name} 工号${c.staff.no}`, c.state === 'paused' ? '暂停服务' : `当前 ${c.ticket?.number ?? '---'}`];
    }
    const served = new Set(c.services ?? []);
    const waiting = (this.view?.services ?? []).filter((s) => served.has(s.id)).reduce((n, s) => n + s.waiting, 0);
    return [`当前 ${c.ticket?.number ?? '---'}${c.state === 'paused' ? ' 暂停' : ''}`, `等候 ${waiting}人`];
  }

  reportHealth(): void {
    const away = [...this.units.values()].filter((u) => u.away).map((u) => u.unit);
    if (!away.length) this.ctx.report({ state: 'online' });
    else if (away.length === this.units.size) this.ctx.report({ state: 'offline', reason: healthReason('NO_UNIT_ANSWERS', { units: away }) });
    else this.ctx.report({ state: 'degraded', reason: healthReason('UNITS_NOT_ANSWERING', { units: away }) });
  }
}

function onCommand(bus: OpenPadBus, command: DriverCommand): unknown {
  if (command.type === 'stats') return { ...bus.stats, units: [...bus.units.values()].map((u) => ({ unit: u.unit, counter: u.counter, away: u.away, shown: u.shown, boot: u.boot })) };
  if (command.type === 'notice') {
    const unit = typeof command.unit === 'number' ? command.unit : [...bus.units.values()].find((u) => u.counter === command.counter)?.unit;
    const lines = Array.isArray(command.lines) ? command.lines.map(String) : [];
    if (unit === undefined || !lines.length) return { shown: false };
    bus.notify(unit, lines, typeof command.ms === 'number' ? command.ms : 5000);
    return { shown: true };
  }
  if (command.type === 'prompt' && typeof command.counter === 'string' && typeof command.ref === 'string') {
    return { prompted: bus.promptFor(command.counter, command.ref, String(command.number ?? '')) };
  }
  throw new DeviceCommandError('UNSUPPORTED', bus.deviceId, `评价器/呼叫器不支持此命令 / a pad or keypad does not take "${command.type}" (stats, notice, prompt)`);
}

export function openPadFactory(kind: 'pad' | 'keypad', timing: Partial<OpenPadTiming> = {}): DriverFactory {
  return {
    kind,
    family: FAMILY,
    // An RS-485 pad or keypad address that names no family is an open-pad bus.
    default: true,
    // A keypad shows how many wait for its counter: every issue and call changes that.
    interest: kind === 'keypad' ? 'all' : 'routed',
    link: { parser: splitFrames, interFrameGapMs: 2, requestTimeoutMs: 200, degradeAfterTimeouts: 10 },
    create(ctx: DriverContext): DeviceDriver {
      const bus = new OpenPadBus(ctx, kind, { ...DEFAULT_TIMING, ...timing });
      bus.start();
      return {
        onSnapshot: (view) => bus.snapshot(view),
        onHallEvents: (events, view) => bus.events(events, view),
        onCommand: (c) => onCommand(bus, c),
        stop: () => bus.stop(),
      };
    },
  };
}

registerDriver(openPadFactory('pad'));
registerDriver(openPadFactory('keypad'));
