// The device side of the open pad protocol: rating pads and caller keypads on one bus, answering the
// hub's polls over a real transport (one end of a kernel pty pair, or a TCP port on 127.0.0.1), so the
// demo hall and the tests drive them through the same Link, framing and driver as real hardware.
// Each unit keeps its unacknowledged key presses and sends the oldest again (same event id) on every
// poll until the hub acknowledges it; a host command repeated with the same seq is acknowledged but not applied twice.
// A unit can be rebooted (control `reboot`): it forgets its display, prompt and unacknowledged presses,
// starts its event ids and its millisecond clock again, and answers with a new boot id.
// Fault switches (drop the hub's acks, ignore commands, send garbage) let tests exercise the retries.
import { createServer, type Server, type Socket } from 'node:net';
import { FrameReader } from '../devices/framing.js';
import type { Link } from '../devices/link.js';
import { openLink } from '../devices/link.js';
import type { DeviceLogger } from '../devices/logger.js';
import { silentLogger } from '../devices/logger.js';
import { startPtyPair, type PtyPair } from '../devices/pty.js';
import type { SimulatorOptions, VirtualDevice, VirtualDeviceView } from '../devices/simulator.js';
import type { Frame, KeyName } from './protocol.js';
import { BROADCAST, KEY_CODES, MSG, decodeFrame, encodeFrame, eventPayload, heartbeatPayload, nextSeq, parseDisplay, parsePrompt, splitFrames } from './protocol.js';
import { RATING_LEVELS } from '../shared/vocabulary.js';

import { DEFAULT_UNIT, FAMILY } from './protocol.js';

export { DEFAULT_UNIT, FAMILY };

const KEY_LABELS: Record<KeyName, { zh: string; en: string }> = {
  'call-next': { zh: '呼叫', en: 'Call next' },
  recall: { zh: '重呼', en: 'Recall' },
  skip: { zh: '过号', en: 'Skip' },
  pause: { zh: '暂停', en: 'Pause' },
  resume: { zh: '恢复', en: 'Resume' },
  start: { zh: '开始办理', en: 'Start' },
  finish: { zh: '办结', en: 'Finish' },
};

interface PendingEvent {
  /** The event id: the same on every resend, so the hub can drop a repeat. */
  id: number;
  type: number;
  payload: Buffer;
}

/** A boot id 1–65535 other than `previous` (a real unit: random at power-up, or a counter in EEPROM). */
function newBootId(previous: number): number {
  for (;;) {
    const id = 1 + Math.floor(Math.random() * 0xffff);
    if (id !== previous) return id;
  }
}

/** One pad or keypad on the bus: pure protocol state, fed frames, answering with frames. */
export class SimUnit {
  display: string[] = [];
  prompt: { number: string; until: number } | null = null;
  /** This power-up's boot id, on every answer. */
  boot = newBootId(0);
  /** Speak OPP v1 (no boot id, no press time): how a host copes with older units. */
  v1 = false;
  /** When this power-up began (host ms): the unit's clock counts from here. */
  private bootAt = Date.now();
  private eventId = 0;
  private readonly pending: PendingEvent[] = [];
  private lastCommandSeq = -1;
  readonly counters = { polls: 0, commands: 0, duplicateCommands: 0, eventsSent: 0, eventsAcked: 0, resends: 0, reboots: 0 };
  private sentOnce = new Set<number>();

  constructor(
    readonly unit: number,
    readonly counter: string | null,
  ) {}

  /** The unit's millisecond clock since power-up (u32, wraps as a microcontroller's does). */
  clock(): number {
    return (Date.now() - this.bootAt) >>> 0;
  }

  /**
   * A key press, queued until the hub acknowledges it. `at`: when the key went down on the unit's
   * clock (default now); tests set it to lay presses out in unit time whatever the polling does.
   */
  press(type: number, code: number, at = this.clock()): void {
    this.eventId = nextSeq(this.eventId);
    const payload = this.v1 ? Buffer.of(this.eventId, code) : eventPayload(this.eventId, code, this.boot, at);
    this.pending.push({ id: this.eventId, type, payload });
  }

  /** Power cycle: RAM is gone (display, prompt, unacknowledged presses); ids and clock start again; a new boot id. */
  reboot(): void {
    this.display = [];
    this.prompt = null;
    this.eventId = 0;
    this.pending.length = 0;
    this.sentOnce.clear();
    this.lastCommandSeq = -1;
    this.boot = newBootId(this.boot);
    this.bootAt = Date.now();
    this.counters.reboots++;
  }

  get unacknowledged(): number {
    return this.pending.length;
  }

  /** Handles a frame addressed to this unit (or broadcast); returns the answer, if any. */
  handle(f: Frame, now: number, faults: SimFaults): Buffer | null {
    const answer = (type: number, seq: number, payload?: Uint8Array) => encodeFrame({ addr: this.unit, seq, type, ...(payload ? { payload } : {}) });
    switch (f.type) {
      case MSG.POLL: {
        this.counters.polls++;
        const e = this.pending[0];
        if (!e) return answer(MSG.HEARTBEAT, f.seq, this.v1 ? Buffer.of(this.prompt && this.prompt.until > now ? 1 : 0) : heartbeatPayload(this.prompt && this.prompt.until > now ? 1 : 0, this.boot));
        if (this.sentOnce.has(e.id)) this.counters.resends++;
        else this.counters.eventsSent++;
        this.sentOnce.add(e.id);
        // Every answer carries the seq of the frame it answers; the event keeps its own id.
        return answer(e.type, f.seq, e.payload);
      }
      case MSG.HOST_ACK: {
        if (faults.dropHostAcks > 0) {
          faults.dropHostAcks--;
          return null;
        }
        const e = this.pending[0];
        if (e && f.payload[0] === e.id) {
          this.pending.shift();
          this.sentOnce.delete(e.id);
          this.counters.eventsAcked++;
        }
        return null;
      }
      case MSG.DISPLAY:
      case MSG.PROMPT:
      case MSG.PROMPT_END: {
        if (faults.ignoreCommands > 0) {
          faults.ignoreCommands--;
          return null;
        }
        const duplicate = f.seq === this.lastCommandSeq;
        if (duplicate) this.counters.duplicateCommands++;
        else {
          this.counters.commands++;
          this.lastCommandSeq = f.seq;
          if (f.type === MSG.DISPLAY) this.display = parseDisplay(f.payload);
          else if (f.type === MSG.PROMPT) {
            const p = parsePrompt(f.payload);
            this.prompt = { number: p.number, until: now + p.seconds * 1000 };
          } else this.prompt = null;
          if (faults.dropCommandAcks > 0) {
            faults.dropCommandAcks--;
            return null;
          }
        }
        return f.addr === BROADCAST ? null : answer(MSG.ACK, f.seq, Buffer.of(f.seq));
      }
      default:
        return null;
    }
  }
}

export interface SimFaults {
  /** The next n HOST_ACKs are lost (the unit sends the same event again: the hub must drop the repeat). */
  dropHostAcks: number;
  /** The next n commands get no answer (the hub must send them again, same seq). */
  ignoreCommands: number;
  /** The next n commands are carried out but their ACK is lost (the hub sends them again: the unit must not apply them twice). */
  dropCommandAcks: number;
}

/** A bus of pads or keypads speaking the open pad protocol, on a pty or a TCP port. */
export class OpenPadSimulator implements VirtualDevice {
  readonly units = new Map<number, SimUnit>();
  readonly faults: SimFaults = { dropHostAcks: 0, ignoreCommands: 0, dropCommandAcks: 0 };
  readonly counters = { framesIn: 0, badBytes: 0, foreign: 0 };
  private readonly reader: FrameReader;
  private write: (b: Buffer) => void = () => {};
  private closer: () => Promise<void> = async () => {};
  address = '';

  constructor(
    readonly kind: 'pad' | 'keypad',
    units: ReadonlyArray<{ unit: number; counter: string | null }>,
    private readonly log: DeviceLogger = silentLogger,
  ) {
    for (const u of units.length ? units : [{ unit: DEFAULT_UNIT, counter: null }]) this.units.set(u.unit, new SimUnit(u.unit, u.counter));
    this.reader = new FrameReader(
      splitFrames,
      (b) => this.onFrame(b),
      (n) => (this.counters.badBytes += n),
    );
  }

  async listen(options: SimulatorOptions): Promise<this> {
    if (options.transport === 'pty') {
      // Stable links (the demo hall's) keep the bus's address the same across restarts.
      const pair: PtyPair = await startPtyPair(options.ptyLinks ? { a: options.ptyLinks.hub, b: options.ptyLinks.device } : {});
      const link: Link = openLink(`serial:${pair.b}?baud=9600`, { logger: this.log, reconnect: { initialMs: 50, maxMs: 500 } });
      link.on('data', (chunk) => this.reader.push(chunk));
      this.write = (b) => void link.send(b).catch((e: unknown) => this.log.warn({ err: e }, 'simulated pad: write failed'));
      this.address = `serial:${pair.a}?baud=9600&family=${FAMILY}`;
      this.closer = async () => {
        await link.close();
        await pair.kill();
      };
      await link.whenOnline(5000);
    } else {
      let current: Socket | null = null;
      const server: Server = createServer((socket) => {
        current?.destroy();
        current = socket;
        this.reader.reset();
        socket.on('data', (chunk) => this.reader.push(chunk));
        socket.on('error', () => {});
        socket.on('close', () => {
          if (current === socket) current = null;
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
      });
      const port = (server.address() as { port: number }).port;
      this.write = (b) => void current?.write(b);
      this.address = `tcp://127.0.0.1:${port}?family=${FAMILY}`;
      this.closer = async () => {
        current?.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      };
    }
    return this;
  }

  private onFrame(bytes: Buffer): void {
    this.counters.framesIn++;
    let f: Frame;
    try {
      f = decodeFrame(bytes);
    } catch {
      this.counters.badBytes += bytes.length;
      return;
    }
    const targets = f.addr === BROADCAST ? [...this.units.values()] : [this.units.get(f.addr)].filter((u): u is SimUnit => !!u);
    if (!targets.length || f.type >= 0x80) {
      this.counters.foreign++;
      return;
    }
    for (const u of targets) {
      const answer = u.handle(f, Date.now(), this.faults);
      if (answer) this.write(answer);
    }
  }

  /** Raw bytes onto the line (noise, a half frame): the hub's parser must skip them. */
  injectGarbage(bytes: Uint8Array): void {
    this.write(Buffer.from(bytes));
  }

  unit(n: number): SimUnit {
    const u = this.units.get(n);
    if (!u) throw new Error(`no unit ${n} on this bus (units: ${[...this.units.keys()].join(', ')})`);
    return u;
  }

  /** `at`: the press time on the unit's clock (default: now). */
  pressLevel(unit: number, level: number, at?: number): void {
    if (!Number.isInteger(level) || level < 1 || level > 5) throw new Error(`level ${level} is not 1–5`);
    const u = this.unit(unit);
    u.press(MSG.RATING, level, at ?? u.clock());
  }

  pressKey(unit: number, key: KeyName, at?: number): void {
    const u = this.unit(unit);
    u.press(MSG.KEY, KEY_CODES[key], at ?? u.clock());
  }

  /** Power-cycles a unit (see SimUnit.reboot). */
  reboot(unit: number): void {
    this.unit(unit).reboot();
  }

  control(id: string, unit?: number): void {
    const u = unit ?? [...this.units.keys()][0]!;
    const level = /^level-([1-5])$/.exec(id);
    if (level && this.kind === 'pad') return this.pressLevel(u, Number(level[1]));
    if (this.kind === 'keypad' && id in KEY_CODES) return this.pressKey(u, id as KeyName);
    if (id === 'reboot') return this.reboot(u);
    throw new Error(`unknown control "${id}"`);
  }

  view(): VirtualDeviceView {
    const now = Date.now();
    const controls: NonNullable<VirtualDeviceView['controls']> = [];
    for (const u of this.units.keys()) {
      if (this.kind === 'pad') for (const l of RATING_LEVELS) controls.push({ id: `level-${l.score}`, label: { zh: l.zh, en: l.en }, unit: u });
      else for (const k of ['call-next', 'recall', 'skip', 'pause', 'resume'] as const) controls.push({ id: k, label: KEY_LABELS[k], unit: u });
      controls.push({ id: 'reboot', label: { zh: '断电重启', en: 'Power cycle' }, unit: u });
    }
    const counters: Record<string, number> = { ...this.counters };
    for (const u of this.units.values()) {
      counters.polls = (counters.polls ?? 0) + u.counters.polls;
      counters.duplicateCommands = (counters.duplicateCommands ?? 0) + u.counters.duplicateCommands;
      counters.resends = (counters.resends ?? 0) + u.counters.resends;
      counters.reboots = (counters.reboots ?? 0) + u.counters.reboots;
    }
    return {
      text: [`${this.kind === 'pad' ? '评价器' : '呼叫器'} ×${this.units.size} (${FAMILY})`],
      units: [...this.units.values()].map((u) => ({
        unit: u.unit,
        counter: u.counter,
        text: u.prompt && u.prompt.until > now ? [...u.display, `请评价 ${u.prompt.number}`] : u.display,
        ...(u.prompt && u.prompt.until > now ? { color: 'green' } : {}),
      })),
      controls,
      counters,
    };
  }

  async close(): Promise<void> {
    await this.closer();
  }
}

export async function startOpenPadSimulator(kind: 'pad' | 'keypad', options: SimulatorOptions): Promise<OpenPadSimulator> {
  return new OpenPadSimulator(kind, options.units ?? [], options.log).listen(options);
}
