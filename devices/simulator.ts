// Virtual devices: a simulator is the device side of a family's protocol (a printer that decodes the
// ESC/POS it receives, an LED screen that decodes its frames, a rating pad with keys), listening on a
// real transport — a TCP port on 127.0.0.1 or one end of a kernel pty pair (devices/pty.ts) — so the
// hub drives it through the same Link, transport and driver as the real thing.
//
// Each family registers a SimulatorFactory next to its driver (ticket-printer/, display-board/,
// counter-pads/: their virtual.ts), by name only: the simulator's code (decoders, image rendering, pty
// handling) is imported when a virtual device starts, so a hub or agent with only real devices never
// loads it. `npm start` with the demo hall starts one per virtual device of the demo
// (hub/device-supervision/virtual-hall.ts) and the demo's /virtual page shows what each one displays or printed;
// tests start them directly.
import type { DeviceLogger } from './logger.js';
import { FamilyRegistry } from './registry.js';

/** One screen, pad or keypad on a shared bus (RS-485), by its bus address. */
export interface VirtualUnitView {
  unit: number;
  /** The counter it stands at, when known. */
  counter: string | null;
  /** What it shows now (one entry per line). */
  text: string[];
  /** Colour of the text where the device has colours (e.g. 'red', 'green', 'amber'). */
  color?: string;
}

/** What a virtual device shows, for the demo page and tests (JSON). */
export interface VirtualDeviceView {
  /** Lines it shows or printed, oldest first (a printer: its last tickets as text). */
  text: string[];
  /** A PNG (data: URL) of what it printed last, for printers. */
  image?: string;
  /** Screens or pads on a bus. */
  units?: VirtualUnitView[];
  /** State it reports now (paper: 'ok' | 'near-end' | 'out', cover: 'closed' | 'open', …). */
  status?: Record<string, string>;
  /** What one may do to it from the demo page (press a key, take the paper out). */
  controls?: Array<{ id: string; label: { zh: string; en: string }; unit?: number }>;
  /** Frames received, frames rejected (bad checksum), and the like. */
  counters?: Record<string, number>;
}

export interface VirtualDevice {
  /** How the hub reaches it, family included: `tcp://127.0.0.1:41234?family=escpos`, `serial:/tmp/…/hub?baud=9600&family=…`. */
  readonly address: string;
  view(): VirtualDeviceView;
  /** Acts on one of the view's controls (a key on a pad of `unit`, paper out); unknown ids are refused with an Error. */
  control?(id: string, unit?: number): Promise<void> | void;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** What it listens on: a TCP port on 127.0.0.1 (port 0: any free one) or a pty pair. */
  transport: 'tcp' | 'pty';
  port?: number;
  /**
   * For a pty: where socat puts the two links (the hub opens `hub`, the simulator holds `device`).
   * Stable paths keep the device's address the same across restarts; default: a fresh temp directory.
   */
  ptyLinks?: { hub: string; device: string };
  /** The bus addresses of the units on it (screens, pads, keypads on one RS-485 line), with their counters. */
  units?: Array<{ unit: number; counter: string | null }>;
  log?: DeviceLogger;
}

export interface SimulatorFactory {
  kind: string;
  family: string;
  /** One line for the installer's eyes: what real device it stands for. */
  description: string;
  start(options: SimulatorOptions): Promise<VirtualDevice>;
}

export class SimulatorRegistry extends FamilyRegistry<SimulatorFactory> {
  find(kind: string, family: string): SimulatorFactory | undefined {
    return this.factories.find((f) => f.kind === kind && f.family === family);
  }
}

export const simulators = new SimulatorRegistry();

/** What a family module calls (once, when loaded) to make its virtual device available. */
export function registerSimulator(factory: SimulatorFactory): () => void {
  return simulators.register(factory);
}

/** Registers a simulator whose code is imported (by `load`) only when one starts. */
export function registerLazySimulator(meta: Omit<SimulatorFactory, 'start'>, load: () => Promise<SimulatorFactory['start']>): () => void {
  return registerSimulator({ ...meta, start: async (options) => (await load())(options) });
}
