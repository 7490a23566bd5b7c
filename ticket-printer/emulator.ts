// The virtual ticket printer: listens on a TCP port on 127.0.0.1 (as a network printer on port 9100
// does) or on one end of a kernel pty pair (as a USB-serial printer does), decodes the ESC/POS it
// receives (decoder.ts), answers status requests from a state one can set (paper near end or out,
// cover open, offline, cutter error), and shows what it printed as text and as a PNG.
import { createServer, type Server, type Socket } from 'node:net';
import type { DeviceLogger } from '../devices/logger.js';
import { silentLogger } from '../devices/logger.js';
import { startPtyPair, type PtyPair } from '../devices/pty.js';
import type { SimulatorFactory, SimulatorOptions, VirtualDevice, VirtualDeviceView } from '../devices/simulator.js';
import { hallSerialPortClass, type HallSerialPort } from '../devices/transport/serial.js';
import { EscPosDecoder, ticketText, type PrintedTicket } from './decoder.js';
import { pngDataUrl, ticketPng } from './png.js';
import type { DeviceState } from './status.js';

export interface EmulatorOptions extends SimulatorOptions {
  /** Paper width: 80 mm (576 dots, 48 columns) or 58 mm (384 dots, 32 columns). */
  width?: 58 | 80;
  /** Tickets kept for the view. */
  keep?: number;
  /** The family named in the address (escpos, escpos-58). */
  family?: string;
}

const CONTROLS: Array<{ id: string; label: { zh: string; en: string } }> = [
  { id: 'paper-ok', label: { zh: '装纸', en: 'Load paper' } },
  { id: 'paper-near-end', label: { zh: '纸将尽', en: 'Paper near end' } },
  { id: 'paper-out', label: { zh: '缺纸', en: 'Paper out' } },
  { id: 'cover-open', label: { zh: '打开纸仓盖', en: 'Open cover' } },
  { id: 'cover-close', label: { zh: '关闭纸仓盖', en: 'Close cover' } },
  { id: 'offline', label: { zh: '脱机', en: 'Go offline' } },
  { id: 'online', label: { zh: '联机', en: 'Go online' } },
  { id: 'cutter-error', label: { zh: '切刀故障', en: 'Cutter jam' } },
  { id: 'cutter-clear', label: { zh: '排除切刀故障', en: 'Clear cutter' } },
  { id: 'unplug', label: { zh: '拔掉连接', en: 'Pull the cable' } },
];

const CONTROL_STATE: Record<string, Partial<DeviceState>> = {
  'paper-ok': { paper: 'ok' },
  'paper-near-end': { paper: 'near-end' },
  'paper-out': { paper: 'out' },
  'cover-open': { cover: 'open' },
  'cover-close': { cover: 'closed' },
  offline: { online: false },
  online: { online: true },
  'cutter-error': { cutterError: true },
  'cutter-clear': { cutterError: false },
};

export class PrinterEmulator implements VirtualDevice {
  readonly decoder: EscPosDecoder;
  readonly printed: PrintedTicket[] = [];
  address = '';
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private pty: PtyPair | null = null;
  private port: HallSerialPort | null = null;
  private closed = false;
  private connections = 0;
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly log: DeviceLogger;
  /** For tests: drop the connection once this many more bytes came in (the cable pulled mid-job). */
  dropAfterBytes: number | null = null;
  private unplugging: Promise<void> | null = null;

  constructor(private readonly options: EmulatorOptions) {
    this.log = options.log ?? silentLogger;
    this.decoder = new EscPosDecoder({
      reply: (bytes) => this.reply(bytes),
      ticket: (t) => {
        this.printed.push(t);
        if (this.printed.length > (options.keep ?? 20)) this.printed.shift();
        this.total += 1;
        for (const w of [...this.waiters]) if (this.total >= w.count) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
      },
    });
  }

  /** Tickets cut since start (the view keeps the last few). */
  total = 0;

  get width(): 58 | 80 {
    return this.options.width ?? 80;
  }

  /** Resolves once `count` tickets in all were cut. */
  waitForTickets(count: number): Promise<void> {
    if (this.total >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async start(): Promise<this> {
    const family = this.options.family ?? 'escpos';
    if (this.options.transport === 'tcp') {
      const server = createServer((socket) => this.attach(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
      });
      this.server = server;
      this.address = `tcp://127.0.0.1:${(server.address() as { port: number }).port}?family=${family}`;
    } else {
      // The hub opens side a, the printer holds side b (stable paths when the demo gives them).
      const links = this.options.ptyLinks;
      this.pty = await startPtyPair(links ? { a: links.hub, b: links.device } : {});
      await this.openPty();
      this.address = `serial:${this.pty.a}?baud=115200&family=${family}`;
    }
    return this;
  }

  private attach(socket: Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    // Status answers are a byte or four: sent at once, as a printer's network card does (no Nagle).
    socket.setNoDelay(true);
    this.decoder.resetInput();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async openPty(): Promise<void> {
    const pty = this.pty!;
    const port = new (hallSerialPortClass())({ path: pty.b, baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none', rtscts: false, autoOpen: false, lock: false });
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    port.on('error', () => {});
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    this.port = port;
    this.connections += 1;
    this.decoder.resetInput();
  }

  private receive(chunk: Buffer): void {
    if (this.dropAfterBytes !== null) {
      if (chunk.length >= this.dropAfterBytes) {
        this.decoder.push(chunk.subarray(0, this.dropAfterBytes));
        this.dropAfterBytes = null;
        this.unplugging = this.unplug();
        return;
      }
      this.dropAfterBytes -= chunk.length;
    }
    try {
      this.decoder.push(chunk);
    } catch (e) {
      this.log.warn({ err: e }, 'printer emulator could not decode');
    }
  }

  private reply(bytes: Buffer): void {
    for (const s of this.sockets) if (!s.destroyed) s.write(bytes);
    if (this.port?.isOpen) this.port.write(bytes);
  }

  /** Pulls the cable: TCP connections are destroyed, the pty pair's socat is killed (and restarted). */
  async unplug(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.decoder.resetInput();
    if (this.pty) {
      const port = this.port;
      this.port = null;
      await this.pty.kill();
      if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    }
  }

  /** Plugs the cable back (pty: socat again on the same paths; TCP accepts new connections all along). */
  async replug(): Promise<void> {
    await this.unplugging;
    if (this.pty && !this.pty.running) {
      await this.pty.restart();
      await this.openPty();
    }
  }

  setState(change: Partial<DeviceState>): void {
    this.decoder.setState(change);
  }

  async control(id: string): Promise<void> {
    if (id === 'unplug') {
      await this.unplug();
      if (this.pty) setTimeout(() => void this.replug().catch(() => {}), 1000).unref();
      return;
    }
    const change = CONTROL_STATE[id];
    if (!change) throw new Error(`unknown control "${id}" (known: ${CONTROLS.map((c) => c.id).join(', ')})`);
    this.setState(change);
  }

  /** The last tickets as text lines (oldest first), a ruler between two. */
  textLines(): string[] {
    const cpl = this.width === 58 ? 32 : 48;
    const out: string[] = [];
    for (const t of this.printed) out.push(...ticketText(t, cpl), '');
    const uncut = this.decoder.uncut;
    if (uncut.blocks.length) out.push(...ticketText(uncut, cpl), '[未切纸 / not cut yet]');
    return out;
  }

  view(): VirtualDeviceView {
    const last = this.printed.at(-1) ?? (this.decoder.uncut.blocks.length ? this.decoder.uncut : null);
    const s = this.decoder.state;
    return {
      text: this.textLines(),
      ...(last ? { image: pngDataUrl(ticketPng(last, this.width === 58 ? 384 : 576)) } : {}),
      status: {
        paper: s.paper,
        cover: s.cover,
        online: s.online ? 'online' : 'offline',
        cutter: s.cutterError ? 'error' : 'ok',
        autoStatusBack: this.decoder.asbEnabled ? 'on' : 'off',
        held: String(this.decoder.held),
      },
      controls: CONTROLS,
      counters: {
        tickets: this.total,
        bytes: this.decoder.stats.bytes,
        commands: this.decoder.stats.commands,
        unknownCommands: this.decoder.stats.unknown,
        statusRequests: this.decoder.stats.statusRequests,
        connections: this.connections,
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    await this.pty?.kill();
  }
}

export async function startPrinterEmulator(options: EmulatorOptions): Promise<PrinterEmulator> {
  return new PrinterEmulator(options).start();
}
