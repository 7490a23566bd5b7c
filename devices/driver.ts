// Device drivers: what turns the hall's events into a device's frames, and a device's keys into
// inputs for the hall. One driver instance drives one configured device over one Link. Drivers live
// in the family folders (ticket-printer/, display-board/, counter-pads/) and import only this folder, never
// hub internals: the hub's supervisor and the `hall agent` run the same drivers (devices/host.ts).
//
// A family registers a factory for a device kind (board, printer, pad, keypad, …) under a family name;
// the device's address may name the family in its query, e.g. `tcp://10.0.0.7:9100?family=escpos` or
// `serial:/dev/ttyUSB0?baud=9600&family=onbon-bx5`. Without one, the kind's default family drives it.
import { z } from 'zod';
import type { HealthReason } from './health-reason.js';
import type { Link, LinkOptions } from './link.js';
import type { DeviceLogger } from './logger.js';
import { FamilyRegistry } from './registry.js';

// ---- what a driver sees of the hall (JSON: it also travels to agents over socket.io) ----

export interface LocalText {
  zh: string;
  en?: string | undefined;
}

/**
 * A ticket as devices see it: the number and where it is called, nothing personal. `id` is the
 * ticket's screen key (hub/access/visibility.ts), never its real id: that is the citizen's private
 * tracking link, and a driver runs on a shared screen's PC or an agent's.
 */
export interface DeviceTicket {
  /** The screen key: stable while the hub runs, useless as a tracking link. */
  id: string;
  number: string;
  serviceId: string;
  zone: string;
  state: string;
  priority: string;
  channel: string;
  counterId: string | null;
  recalls: number;
  issuedAt: number;
  calledAt: number | null;
  lastCalledAt: number | null;
  finishedAt: number | null;
}

/** A committed hall event (the same types and seqs as the realtime feed), cut down for devices. */
export interface DeviceHallEvent {
  seq: number;
  /** ticket.issued, ticket.called, ticket.recalled, ticket.finished, counter.state, day.rolled, config.changed, … */
  type: string;
  at: number;
  ticket?: DeviceTicket;
  /** ticket.called: next, number (特呼) or resume. */
  how?: string;
  /** counter.state: the counter after the change, and why (login, pause, call, …); `ticketId` is the screen key. */
  counter?: { id: string; zone: string; state: string; staffNo: string | null; ticketId: string | null; pauseReason: string | null };
  cause?: string;
}

export interface SnapshotCounter {
  id: string;
  name: LocalText | null;
  zone: string;
  /** closed, idle, calling, serving, paused. */
  state: string;
  pauseReason: string | null;
  staff: { no: string; name: string } | null;
  /** The ticket in hand, `id` its screen key. */
  ticket: { id: string; number: string; serviceId: string; state: string } | null;
  /** The services it serves (a caller keypad shows how many wait for them). */
  services?: string[];
}

export interface SnapshotCall {
  /** The screen key. */
  ticketId: string;
  number: string;
  counterId: string;
  zone: string;
  at: number;
  state: string;
}

export interface SnapshotService {
  id: string;
  prefix: string;
  name: LocalText;
  zone: string;
  note: LocalText | null;
  waiting: number;
  /** null: no counter open (the hub's waitReason NO_COUNTER_OPEN). */
  estimatedWaitMin: number | null;
}

/** The hall as devices draw it: sent with every routed batch and again after any resync. */
export interface HallSnapshot {
  seq: number;
  at: number;
  businessDay: string;
  hall: { id: string; name: LocalText; timezone: string };
  zones: Array<{ id: string; name: LocalText }>;
  counters: SnapshotCounter[];
  /** Newest first. */
  recentCalls: SnapshotCall[];
  services: SnapshotService[];
  /** The boards' scrolling line (公告), or null. */
  notice: LocalText | null;
  /** The LED screens' words and sizes (the config's `boards` section; display-board/content.ts validates it). */
  boards?: unknown;
}

// ---- what a driver may send up: inputs for the hall ----

export const deviceInputSchema = z.discriminatedUnion('type', [
  /** A citizen's rating at a pad (好差评); the hub ties it to the ticket last finished at the pad's counter. */
  z.object({
    type: z.literal('rating'),
    score: z.number().int().min(1).max(5),
    /** The screen key of the ticket the pad was asked about (a finish, a prompt); none: the last finished at its counter. */
    ref: z.string().max(64).optional(),
    /** The pad's bus address, when several pads share one bus (the device's `units`). */
    unit: z.number().int().min(0).max(255).optional(),
    reasons: z.array(z.string().max(40)).max(10).optional(),
  }),
  /** A caller keypad's key (呼叫器): an action at the keypad's counter. */
  z.object({
    type: z.literal('counter.action'),
    action: z.enum(['call-next', 'recall', 'skip', 'start', 'finish', 'hold', 'pause', 'resume', 'call-number']),
    number: z.string().max(16).optional(),
    reason: z.string().max(80).optional(),
    /** The keypad's bus address, when several keypads share one bus. */
    unit: z.number().int().min(0).max(255).optional(),
  }),
  /** A key the driver could not map (for logs and for key-mapping set-up). */
  z.object({ type: z.literal('key'), key: z.string().max(40) }),
  /** A status the device volunteered (paper near end, cover open), for the hub's log. */
  z.object({ type: z.literal('status'), status: z.string().max(80), detail: z.string().max(300).optional() }),
]);
export type DeviceInput = z.infer<typeof deviceInputSchema>;

/** A device input on its way to the hall, with who sent it and when (an agent may hold it while the LAN is down). */
export interface DeviceInputEnvelope {
  deviceId: string;
  kind: string;
  zone: string | null;
  counter: string | null;
  /** When the device produced it (epoch ms). */
  at: number;
  /** The hub drove the device itself, or an agent did. */
  via: 'link' | 'agent';
  agentId: string | null;
  input: DeviceInput;
}

/** The hook the hub wires to the engine (issues 5–7): what to do with a device's input. */
export type DeviceInputHandler = (envelope: DeviceInputEnvelope) => void | Promise<void>;

// ---- commands down: the hub asks a device to do something (print this ticket, show a test page) ----

export interface DriverCommand {
  type: string;
  [key: string]: unknown;
}

/** INVALID: the driver refused the command itself (bad or too long input): the caller's fault, a 400. */
export type DeviceCommandErrorCode = 'DEVICE_UNKNOWN' | 'DEVICE_OFFLINE' | 'NO_DRIVER' | 'UNSUPPORTED' | 'INVALID' | 'TIMEOUT' | 'FAILED';

export class DeviceCommandError extends Error {
  override readonly name = 'DeviceCommandError';
  constructor(
    readonly code: DeviceCommandErrorCode,
    readonly deviceId: string,
    message: string,
  ) {
    super(`${deviceId}: ${message}`);
  }
  toJSON(): { code: DeviceCommandErrorCode; deviceId: string; message: string } {
    return { code: this.code, deviceId: this.deviceId, message: this.message };
  }
}

// ---- the driver and its context ----

/** The configured device a driver is made for (the config's fields that matter to a driver). */
export interface DriverDevice {
  id: string;
  kind: string;
  name: string | null;
  zone: string | null;
  counter: string | null;
  /** The address as configured, family included. */
  address: string;
  /** A printer: the kiosk it prints for. */
  kiosk: string | null;
  /** Screens, pads or keypads sharing this device's bus, by bus address (empty: a device of its own). */
  units: DriverUnit[];
  /** The config's settings for the family's driver (a HID pad's key map), JSON. */
  options?: Record<string, unknown>;
}

export interface DriverUnit {
  unit: number;
  counter: string | null;
  name: string | null;
}

export type DriverHealthState = 'online' | 'degraded' | 'offline';

/** What a driver knows beyond its link: the printer says "paper near end", the pad stopped answering. */
export interface DriverHealth {
  state: DriverHealthState;
  reason?: HealthReason;
}

export interface DriverContext {
  device: DriverDevice;
  /** The family that was picked (from the address, or the kind's default). */
  family: string;
  /** Already started: it connects, reconnects and queues frames by itself (devices/link.ts). */
  link: Link;
  log: DeviceLogger;
  /**
   * The driver's own view of the device's health, combined with the link's: an offline link wins;
   * while the link is up, a driver's `degraded` or `offline` (with its reason) is what the hub shows.
   * Report `{ state: 'online' }` to clear it.
   */
  report(health: DriverHealth): void;
  /** An input for the hall (a rating, a keypad's "call next"): relayed to the hub's input hook. */
  emit(input: DeviceInput): void;
}

export interface DeviceDriver {
  /** The current hall, once after start and again after every resync (a hub restart, a day's rollover, a config change). */
  onSnapshot?(view: HallSnapshot): void | Promise<void>;
  /** The committed events routed to this device, in seq order, with the hall after them. */
  onHallEvents?(events: readonly DeviceHallEvent[], view: HallSnapshot): void | Promise<void>;
  /** A command from the hub (e.g. `{ type: 'print', … }`); what it resolves with goes back to the caller. */
  onCommand?(command: DriverCommand): unknown;
  /** The device is being stopped (config change, hub or agent shutting down); the link closes after. */
  stop?(): void | Promise<void>;
}

/**
 * Which events a driver gets. `routed` (the default): a call or recall → the boards of that counter and
 * the boards of its zone and of the whole hall (boards without a counter); a finish → the pad and the
 * keypad of that counter; a counter's state change → the board, pad and keypad of that counter.
 * `all`: every committed event.
 */
export type DriverInterest = 'routed' | 'all';

export interface DriverFactory {
  /** The device kind it drives (as in the config: board, printer, pad, keypad, …). */
  kind: string;
  /** The family name used in addresses (`?family=escpos`). */
  family: string;
  /** Drives devices of its kind whose address names no family (one default per kind). */
  default?: boolean;
  interest?: DriverInterest;
  /** How the link to such a device is set up: frame parser, inter-frame gap, request timeouts. */
  link?: Omit<LinkOptions, 'transport' | 'logger' | 'name'>;
  create(ctx: DriverContext): DeviceDriver | Promise<DeviceDriver>;
}

export const NO_DRIVER_REASON = 'no driver for this family yet';

export class DriverRegistry extends FamilyRegistry<DriverFactory> {
  /**
   * The factory for a device: by kind and the address's family; without a family, the kind's default
   * (the one marked `default`, or the only one registered for that kind).
   */
  find(kind: string, family: string | null): DriverFactory | undefined {
    const ofKind = this.factories.filter((f) => f.kind === kind);
    if (family) return ofKind.find((f) => f.family === family);
    return ofKind.find((f) => f.default) ?? (ofKind.length === 1 ? ofKind[0] : undefined);
  }
}

/** The registry the hub and the agent use unless told otherwise. */
export const drivers = new DriverRegistry();

/** What a family module calls (once, when it is loaded) to make its driver available. */
export function registerDriver(factory: DriverFactory): () => void {
  return drivers.register(factory);
}

/**
 * Splits the driver family off a device address: `tcp://h:9100?family=escpos&connectTimeoutMs=2000` →
 * `{ transport: 'tcp://h:9100?connectTimeoutMs=2000', family: 'escpos' }`. The transport part is what
 * devices/transport/address.ts parses (it knows no `family` option).
 */
export function splitFamily(address: string): { transport: string; family: string | null } {
  const q = address.indexOf('?');
  if (q < 0) return { transport: address, family: null };
  let family: string | null = null;
  const kept: string[] = [];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  for (const part of address.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (key === 'family') family = decode(eq < 0 ? '' : part.slice(eq + 1)) || null;
    else if (part) kept.push(part);
  }
  return { transport: kept.length ? `${address.slice(0, q)}?${kept.join('&')}` : address.slice(0, q), family };
}
