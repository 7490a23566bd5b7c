// `hall agent`: the same drivers as the hub's supervisor, run on the kiosk or counter PC a device is
// plugged into (a USB printer, a HID rating pad, a caller keypad). It connects to the hub over
// socket.io with its device token (namespace /agent; the protocol is in ./agent-protocol.ts), gets the
// list of devices it hosts, opens a Link and a driver for each, and relays both ways: the hub's events
// and commands down to the drivers, health, link counters and inputs up to the hub.
//
// It outlives the hub and the LAN: the links and drivers keep running while the hub is away;
// socket.io reconnects by itself after a network failure, and this class reconnects by hand when the
// hub closed the connection (a clean restart) or refused it (the token was replaced: slowly, until a
// manager fixes it). On every (re)connect it says hello again; the hub answers with the device list and
// the current snapshot, which every driver gets again.
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { AgentCommand, AgentDevices, AgentEventBatch, AgentHealth, AgentHello, AgentInput, CommandReply } from './agent-protocol.js';
import { AGENT_EVENTS, AGENT_NAMESPACE } from './agent-protocol.js';
import type { DeviceInput, DriverRegistry, HallSnapshot } from './driver.js';
import { DeviceCommandError } from './driver.js';
import { DeviceFleet } from './fleet.js';
import type { HostedHealth, LinkOverrides } from './host.js';
import type { DeviceLogger } from './logger.js';
import { silentLogger } from './logger.js';
import { SNAPSHOT_EVENTS } from './routing.js';

export const AGENT_VERSION = '0.1.0';

export interface AgentOptions {
  /** The hub's base URL, e.g. http://10.0.0.2:8080. */
  hub: string;
  /** This agent's device token (a device of kind "agent" in the hall config). */
  token: string;
  log?: DeviceLogger;
  registry?: DriverRegistry;
  /** Link settings for every hosted device (tests: fast reconnects). */
  link?: LinkOverrides;
  /** How often health with the link counters is sent while nothing changes. */
  statsIntervalMs?: number;
  /** socket.io's reconnection delays after a network failure. */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  /** Inputs made while the hub is away are kept this long (and at most `maxPendingInputs`), then dropped. */
  inputMaxAgeMs?: number;
  maxPendingInputs?: number;
  /** The clock inputs are stamped with and aged by (tests). */
  now?: () => number;
}

export interface AgentEvents {
  /** Connected and the device list arrived (after every reconnect). */
  synced: [deviceIds: string[]];
  disconnected: [reason: string];
  /** The hub refused the connection (code: UNAUTHENTICATED, FORBIDDEN, …). */
  refused: [code: string, message: string];
}

/** Refusals that only a person can cure (the token): retried slowly. */
const REFUSED = new Set(['UNAUTHENTICATED', 'SESSION_ENDED', 'DEMO_CREDENTIAL', 'FORBIDDEN']);

export class HallAgent extends EventEmitter<AgentEvents> {
  readonly socket: Socket;
  private readonly log: DeviceLogger;
  private readonly options: AgentOptions;
  private readonly fleet: DeviceFleet;
  private readonly pendingInputs: AgentInput[] = [];
  private agentId: string | null = null;
  private lastSeq = 0;
  private synced = false;
  private closed = false;
  private retries = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private replaced = false;

  constructor(options: AgentOptions) {
    super();
    this.options = options;
    this.log = options.log ?? silentLogger;
    this.fleet = new DeviceFleet({
      ...(options.registry ? { registry: options.registry } : {}),
      log: this.log,
      ...(options.link ? { link: options.link } : {}),
      ...(options.now ? { now: options.now } : {}),
      onHealth: (h) => this.sendHealth([h]),
      onInput: (id, input, at) => this.sendInput(id, input, at),
    });
    const base = options.hub.replace(/\/+$/, '');
    this.socket = io(base + AGENT_NAMESPACE, {
      auth: { token: options.token },
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: options.reconnectionDelayMs ?? 500,
      reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 3000,
    });
    this.listen();
  }

  /** The devices this agent runs now. */
  get devices(): string[] {
    return this.fleet.ids;
  }

  /** Connected to the hub and holding its device list. */
  get isSynced(): boolean {
    return this.synced && this.socket.connected;
  }

  health(): HostedHealth[] {
    return this.fleet.health();
  }

  start(): this {
    if (this.closed) return this;
    this.socket.connect();
    this.statsTimer = setInterval(() => this.sendHealth(), this.options.statsIntervalMs ?? 5000);
    this.statsTimer.unref();
    return this;
  }

  private listen(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.retries = 0;
      this.replaced = false;
      this.log.info({ hub: this.options.hub }, 'agent connected to the hub');
      const hello: AgentHello = {
        agent: { version: AGENT_VERSION, hostname: hostname(), pid: process.pid },
        running: this.devices,
        lastSeq: this.lastSeq,
      };
      s.emit(AGENT_EVENTS.hello, hello);
    });
    s.on('disconnect', (reason) => {
      this.synced = false;
      this.log.warn({ reason }, 'agent disconnected from the hub');
      this.emit('disconnected', reason);
      // socket.io comes back by itself after a network failure, but not when the hub closed the
      // connection (a clean restart, another agent with this token, a replaced token).
      if (reason === 'io server disconnect') this.retryLater();
    });
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      const code = err.data?.code;
      if (code) {
        this.log.error({ code, message: err.data?.message }, 'the hub refused the agent');
        this.emit('refused', code, err.data?.message ?? err.message);
      } else this.log.warn({ err: err.message }, 'agent cannot reach the hub');
      // Refused by the hub's middleware, socket.io gives up: try again anyway (slowly for a bad token).
      if (!s.active) this.retryLater(code && REFUSED.has(code) ? 30_000 : undefined);
    });
    s.on(AGENT_EVENTS.replaced, (p: { message?: string }) => {
      this.replaced = true;
      this.log.error({ message: p?.message }, 'another agent connected with this token (two agents with one token?)');
    });
    s.on('session.ended', (p: { code?: string; message?: string }) => {
      // The token was replaced or the agent removed from the config: its devices are no longer its own.
      this.log.error({ code: p?.code, message: p?.message, devices: this.devices }, 'the hub ended this agent\'s session (token replaced or agent removed): its devices stop');
      this.synced = false;
      this.fleet.clear();
    });
    s.on(AGENT_EVENTS.devices, (p: AgentDevices) => this.onDevices(p));
    s.on(AGENT_EVENTS.events, (b: AgentEventBatch) => this.onEvents(b));
    s.on(AGENT_EVENTS.snapshot, (p: { snapshot: HallSnapshot }) => this.onSnapshot(p.snapshot));
    s.on(AGENT_EVENTS.command, (p: AgentCommand, ack?: (r: CommandReply) => void) => void this.onCommand(p, ack));
  }

  private retryLater(minDelayMs?: number): void {
    if (this.retryTimer || this.closed) return;
    const delay = Math.max(minDelayMs ?? 0, this.replaced ? 60_000 : 0, Math.min(30_000, 500 * 2 ** this.retries++));
    this.log.info({ delayMs: delay }, 'agent reconnecting later');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  // ---- from the hub ----

  private onDevices(p: AgentDevices): void {
    if (this.closed) return;
    this.agentId = p.agentId;
    this.lastSeq = p.snapshot.seq;
    const { kept } = this.fleet.reconcile(p.devices, p.snapshot);
    for (const host of kept) host.snapshot(p.snapshot);
    this.synced = true;
    this.sendHealth();
    this.flushInputs();
    this.log.info({ agent: p.agentId, devices: this.devices, seq: p.snapshot.seq }, 'agent in sync with the hub');
    this.emit('synced', this.devices);
  }

  private onEvents(b: AgentEventBatch): void {
    if (!this.synced || b.events.length === 0) return;
    const first = b.events[0]!.seq;
    const gap = this.lastSeq > 0 && first > this.lastSeq + 1;
    this.lastSeq = Math.max(this.lastSeq, b.events[b.events.length - 1]!.seq);
    this.fleet.deliver(b.events, b.view, b.view.counters);
    if (gap) {
      this.log.warn({ after: this.lastSeq, first }, 'missed hall events: asking for a snapshot');
      this.socket.timeout(10_000).emit(AGENT_EVENTS.resync, (err: Error | null, r?: { snapshot: HallSnapshot }) => {
        if (!err && r) this.onSnapshot(r.snapshot);
      });
    } else if (b.events.some((e) => SNAPSHOT_EVENTS.has(e.type))) this.onSnapshot(b.view);
  }

  private onSnapshot(view: HallSnapshot): void {
    this.lastSeq = Math.max(this.lastSeq, view.seq);
    this.fleet.snapshot(view);
  }

  private async onCommand(p: AgentCommand, ack?: (r: CommandReply) => void): Promise<void> {
    const reply = (r: CommandReply) => (typeof ack === 'function' ? ack(r) : undefined);
    const hosted = p && typeof p.deviceId === 'string' && this.fleet.get(p.deviceId);
    if (!hosted) return reply({ ok: false, error: { code: 'DEVICE_UNKNOWN', message: `${p?.deviceId}: not hosted by this agent` } });
    try {
      reply({ ok: true, result: (await this.fleet.command(p.deviceId, p.command)) ?? null });
    } catch (e) {
      const code = e instanceof DeviceCommandError ? e.code : 'FAILED';
      reply({ ok: false, error: { code, message: e instanceof Error ? e.message : String(e) } });
    }
  }

  // ---- to the hub ----

  private sendHealth(list?: HostedHealth[]): void {
    // Only while connected: socket.io would otherwise buffer stale health for the next connection.
    if (!this.isSynced) return;
    const devices = list ?? this.health();
    if (devices.length === 0) return;
    const payload: AgentHealth = { devices };
    this.socket.emit(AGENT_EVENTS.health, payload);
  }

  private sendInput(deviceId: string, input: DeviceInput, at: number): void {
    this.pendingInputs.push({ deviceId, at, input });
    const max = this.options.maxPendingInputs ?? 100;
    while (this.pendingInputs.length > max) {
      const dropped = this.pendingInputs.shift();
      this.log.warn({ input: dropped }, 'too many inputs while the hub is away: the oldest is dropped');
    }
    this.flushInputs();
  }

  /**
   * Sends the inputs held while the hub was away (each carries when it was made, so the hub can refuse
   * a stale "call next"). At most once: an input handed to a connected socket is not sent again.
   */
  private flushInputs(): void {
    if (!this.isSynced) return;
    const maxAge = this.options.inputMaxAgeMs ?? 10 * 60_000;
    const now = (this.options.now ?? Date.now)();
    for (const item of this.pendingInputs.splice(0)) {
      if (now - item.at > maxAge) {
        this.log.warn({ input: item }, 'input too old to send: dropped');
        continue;
      }
      this.socket.timeout(10_000).emit(AGENT_EVENTS.input, item, (err: Error | null, r?: { ok: boolean }) => {
        if (err || !r?.ok) this.log.warn({ input: item, err: err?.message ?? 'refused' }, 'the hub did not take a device input');
      });
    }
  }

  /** Disconnects from the hub and stops every device. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.statsTimer);
    this.socket.close();
    await this.fleet.stop();
  }
}
