// A virtual LED bus: the screens of one RS-485 line (or one screen), listening on a TCP port on
// 127.0.0.1 or on one end of a kernel pty pair. It splits and decodes what arrives with the family's
// codec, checks every CRC/checksum, keeps what each address shows, answers as the screen does (BX
// answers each text frame it accepted; window screens never answer) and counts good and bad frames.
// Started through ./virtual.ts (for `onbon-bx` and `window-screen`) by the demo hall, and by tests.
import { createServer, type Server, type Socket } from 'node:net';
import { openLink, type Link } from '../devices/link.js';
import { FrameReader } from '../devices/framing.js';
import type { DeviceLogger } from '../devices/logger.js';
import { silentLogger } from '../devices/logger.js';
import { startPtyPair, type PtyPair } from '../devices/pty.js';
import type { SimulatorOptions, VirtualDevice, VirtualDeviceView } from '../devices/simulator.js';
import type { BoardCodec, DecodedFrame, ScreenContent } from './codecs/types.js';

export interface ScreenShown {
  address: number;
  counter: string | null;
  content: ScreenContent;
  /** Text frames this address accepted. */
  frames: number;
}

export interface BoardSimulatorOptions extends SimulatorOptions {
  codec: BoardCodec;
  /** Link options for the pty side (tests make its reconnect fast). */
  reconnect?: { initialMs?: number; maxMs?: number };
}

export interface BoardSimulator extends VirtualDevice {
  readonly codec: BoardCodec;
  /** Every accepted text frame, in arrival order. */
  readonly received: Array<{ address: number; text: string[] }>;
  readonly counts: { good: number; bad: number; acks: number; ignored: number };
  /** The pty pair (transport 'pty'): kill() / restart() pull and replug the cable. */
  readonly pty: PtyPair | null;
  /** What an address shows now. */
  screen(address: number): ScreenShown | undefined;
  /** Makes one screen stop (or start again) answering and showing: a screen switched off. */
  setPowered(address: number, on: boolean): void;
}

const COLOR_WORD: Record<string, string> = { red: 'red', green: 'green', amber: 'amber' };

class Simulator implements BoardSimulator {
  readonly received: Array<{ address: number; text: string[] }> = [];
  readonly counts = { good: 0, bad: 0, acks: 0, ignored: 0 };
  private readonly screens = new Map<number, ScreenShown>();
  private readonly off = new Set<number>();
  private readonly units: Map<number, string | null>;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private link: Link | null = null;
  pty: PtyPair | null = null;
  address = '';

  constructor(
    readonly codec: BoardCodec,
    units: SimulatorOptions['units'],
    private readonly log: DeviceLogger,
  ) {
    this.units = new Map((units?.length ? units : [{ unit: codec.defaultAddress, counter: null }]).map((u) => [u.unit, u.counter]));
  }

  /** One decoded chunk of the bus: the frame, and how to answer on the same wire. */
  private onRaw(raw: Buffer, reply: (bytes: Buffer) => void): void {
    const r = this.codec.decodeFrame(raw);
    if (!r.ok) {
      this.counts.bad += 1;
      this.log.warn({ code: r.error.code, message: r.error.message }, 'virtual board: bad frame');
      return;
    }
    this.onFrame(r.frame, reply);
  }

  private onFrame(f: DecodedFrame, reply: (bytes: Buffer) => void): void {
    if (f.kind !== 'text' || !f.content) {
      this.counts.ignored += 1;
      return;
    }
    this.counts.good += 1;
    // Address 0 on a window-screen bus is every screen; the others hear only their own address.
    const targets = f.dst === 0 && !this.codec.answers ? [...this.units.keys()] : this.units.has(f.dst) ? [f.dst] : [];
    for (const address of targets) {
      if (this.off.has(address)) continue;
      const old = this.screens.get(address);
      this.screens.set(address, { address, counter: this.units.get(address) ?? null, content: f.content, frames: (old?.frames ?? 0) + 1 });
      this.received.push({ address, text: f.content.lines.map((l) => l.text) });
      if (this.codec.encodeAck && f.dst !== 0) {
        reply(this.codec.encodeAck(address, 0));
        this.counts.acks += 1;
      }
    }
  }

  async listenTcp(port: number): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {});
      const reader = new FrameReader(this.codec.splitter, (raw) => this.onRaw(raw, (b) => socket.write(b)), (n) => n > 0 && this.log.debug({ bytes: n }, 'virtual board: dropped bytes'));
      socket.on('data', (c: Buffer) => reader.push(c));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const p = (server.address() as { port: number }).port;
    this.address = `tcp://127.0.0.1:${p}?family=${this.codec.family}`;
  }

  async listenPty(reconnect: BoardSimulatorOptions['reconnect'], links?: SimulatorOptions['ptyLinks']): Promise<void> {
    // Side a is the hub's, side b the screens'.
    this.pty = await startPtyPair(links ? { a: links.hub, b: links.device } : {});
    // The screen's side is a serial port on pty B, through the project's own Link: it reopens by itself
    // when the pair is restarted (a cable replugged).
    const link = openLink(`serial:${this.pty.b}?baud=9600`, {
      parser: this.codec.splitter,
      reconnect: { initialMs: reconnect?.initialMs ?? 50, maxMs: reconnect?.maxMs ?? 500, factor: 2, jitter: 0.1 },
      logger: this.log,
      name: 'virtual-board',
    });
    link.on('frame', (raw) => this.onRaw(raw, (b) => void link.send(b).catch(() => {})));
    this.link = link;
    await link.whenOnline(5000);
    this.address = `serial:${this.pty.a}?baud=9600&family=${this.codec.family}`;
  }

  screen(address: number): ScreenShown | undefined {
    return this.screens.get(address);
  }

  setPowered(address: number, on: boolean): void {
    if (on) this.off.delete(address);
    else {
      this.off.add(address);
      this.screens.delete(address);
    }
  }

  view(): VirtualDeviceView {
    const units = [...this.units].map(([unit, counter]) => {
      const shown = this.screens.get(unit);
      const color = shown?.content.lines[0]?.color;
      return {
        unit,
        counter,
        text: this.off.has(unit) ? [] : (shown?.content.lines.map((l) => l.text) ?? []),
        ...(color && this.codec.colors.length ? { color: COLOR_WORD[color] ?? color } : {}),
      };
    });
    return {
      text: units.flatMap((u) => (u.text.length ? [`${u.unit}: ${u.text.join(' / ')}`] : [])),
      units,
      status: Object.fromEntries([...this.units.keys()].map((u) => [`screen ${u}`, this.off.has(u) ? 'off' : 'on'])),
      controls: [...this.units.keys()].flatMap((unit) => [
        { id: 'power-off', label: { zh: `关闭屏 ${unit}`, en: `Switch screen ${unit} off` }, unit },
        { id: 'power-on', label: { zh: `打开屏 ${unit}`, en: `Switch screen ${unit} on` }, unit },
      ]),
      counters: { ...this.counts },
    };
  }

  control(id: string, unit?: number): void {
    if (unit === undefined || !this.units.has(unit)) throw new Error(`no screen at bus address ${String(unit)}`);
    if (id === 'power-off') this.setPowered(unit, false);
    else if (id === 'power-on') this.setPowered(unit, true);
    else throw new Error(`unknown control ${id}`);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    await this.link?.close({ flushTimeoutMs: 100 });
    this.link = null;
    await this.pty?.kill();
  }
}

/** Starts a virtual bus of LED screens speaking `codec`. */
export async function startBoardSimulator(options: BoardSimulatorOptions): Promise<BoardSimulator> {
  const sim = new Simulator(options.codec, options.units, options.log ?? silentLogger);
  try {
    if (options.transport === 'tcp') await sim.listenTcp(options.port ?? 0);
    else await sim.listenPty(options.reconnect, options.ptyLinks);
  } catch (e) {
    await sim.close();
    throw e;
  }
  return sim;
}
