// The device supervisor: the hub's side of every device that does not connect in by itself.
//
// - A configured device with an `address` and no `agent` is driven here: a Link to the address and
//   the driver its family registered (devices/host.ts). Without a driver for the family the link is
//   still opened, so its health shows (with the reason "no driver for this family yet").
// - A device with `agent: <id>` is driven by that `hall agent` on the PC it is plugged into, over the
//   agent's socket (namespace /agent, devices/agent-protocol.ts): the agent gets the list of its devices
//   and every committed batch, and reports health, counters and inputs back. Without the agent's
//   socket those devices are offline with the reason "agent offline".
// - Committed hall events are routed (devices/routing.ts): a call → the boards of that counter, of its
//   zone and of the hall; a finish → the pad and keypad of that counter; everything → drivers that ask
//   for all. After a rollover or a config change every driver gets the whole hall again.
// - Health goes to the DeviceHealthRegistry (via 'link' or 'agent', with the link counters), which
//   pushes changes to managers. A config change restarts only the devices that changed.
// - Inputs (a pad's rating, a keypad's "call next") go to one hook the hub wires to the engine.
import type { Logger } from 'pino';
import type { Namespace, Server as IoServer, Socket } from 'socket.io';
import type { AgentCommand, AgentDevices, AgentEventBatch, CommandReply } from '../../devices/agent-protocol.js';
import { AGENT_EVENTS, AGENT_NAMESPACE, agentHealthSchema, agentHelloSchema, agentInputSchema } from '../../devices/agent-protocol.js';
import type { DeviceHallEvent, DeviceInput, DeviceInputEnvelope, DeviceInputHandler, DriverCommand, DriverRegistry, HallSnapshot } from '../../devices/driver.js';
import { DeviceCommandError, drivers as defaultRegistry } from '../../devices/driver.js';
import type { DeviceCommandErrorCode } from '../../devices/driver.js';
import { DeviceFleet } from '../../devices/fleet.js';
import type { HealthReason } from '../../devices/health-reason.js';
import { healthReason } from '../../devices/health-reason.js';
import type { HostedHealth, LinkOverrides } from '../../devices/host.js';
import { DeviceHost } from '../../devices/host.js';
import { SNAPSHOT_EVENTS } from '../../devices/routing.js';
import { AuthError, type Auth } from '../auth/auth.js';
import type { DeviceConfig } from '../config/schema.js';
import type { StoredEvent } from '../engine/types.js';
import type { Hall } from '../hall.js';
import { langOf, message } from '../error-messages.js';
import type { DeviceHealthRegistry } from './health.js';
import { deviceEvent, deviceSnapshot, driverDevice } from './snapshot.js';
import { refsOf } from '../access/visibility.js';

/** The health reason of a device whose agent is not connected. */
export const AGENT_OFFLINE: HealthReason = healthReason('AGENT_OFFLINE');

export interface SupervisorOptions {
  /** Driver families (default: the process-wide registry that families register into). */
  registry?: DriverRegistry;
  /** Link settings for every device the hub drives (tests: fast reconnects). */
  link?: LinkOverrides;
  /** Where device inputs go; can be set later with onInput(). */
  onInput?: DeviceInputHandler;
  /** How long a command may take before it fails with TIMEOUT. */
  commandTimeoutMs?: number;
}

interface AgentConnection {
  agentId: string;
  socket: Socket;
  token: string;
  /** The device list last sent, to send it again only when it changed. */
  sentKey: string | null;
  /** How many devices that list had (none: the agent gets no event batches). */
  hosting: number;
}

const isHub = (d: DeviceConfig) => !!d.address && !d.agent && d.kind !== 'agent';

export class DeviceSupervisor {
  private readonly hall: Hall;
  private readonly health: DeviceHealthRegistry;
  private readonly auth: Auth;
  private readonly log: Logger;
  private readonly options: SupervisorOptions;
  /** The devices the hub drives itself. */
  private readonly local: DeviceFleet;
  private readonly agents = new Map<string, AgentConnection>();
  private inputHandler: DeviceInputHandler | undefined;
  private unsubscribe: (() => void) | undefined;
  private nsp: Namespace | undefined;
  private started = false;
  private stopped = false;

  constructor(deps: { hall: Hall; health: DeviceHealthRegistry; auth: Auth; log: Logger }, options: SupervisorOptions = {}) {
    this.hall = deps.hall;
    this.health = deps.health;
    this.auth = deps.auth;
    this.log = deps.log.child({ component: 'devices' });
    this.options = options;
    this.inputHandler = options.onInput;
    this.local = new DeviceFleet({
      registry: options.registry ?? defaultRegistry,
      log: this.log,
      ...(options.link ? { link: options.link } : {}),
      now: () => this.hall.clock.now(),
      onHealth: (h) => this.reportLink(h),
      onInput: (id, input, at) => this.input(id, input, at, null),
    });
  }

  /** Opens the configured devices, follows the hall's events and config, and takes agents on `io`. */
  start(io?: IoServer): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (io) this.attachAgents(io);
    this.reconcile();
    this.unsubscribe = this.hall.subscribe((events) => this.onEvents(events));
    // The counters of the links driven here are read live; an agent's arrive with its health reports.
    this.health.setStatsSource((id) => this.local.stats(id));
  }

  /** Sets the hook device inputs go to (issues 5–7 wire it to the engine). */
  onInput(handler: DeviceInputHandler | undefined): void {
    this.inputHandler = handler;
  }

  /** Devices the hub drives itself, by id. */
  get driven(): string[] {
    return this.local.ids;
  }

  /** Agents connected now, by id. */
  get connectedAgents(): string[] {
    return [...this.agents.keys()];
  }

  private snapshot(): HallSnapshot {
    return deviceSnapshot(this.hall.view, this.hall.config.boards, this.hall.lastSeq, this.hall.clock.now(), refsOf(this.hall), this.hall.servicesAfterBatch());
  }

  // ---- the devices the hub drives ----

  /** Brings the running devices in line with the config: starts new ones, stops removed ones, restarts changed ones. */
  private reconcile(): Set<DeviceHost> {
    const config = this.hall.config;
    const { started } = this.local.reconcile(config.devices.filter(isHub).map(driverDevice), () => this.snapshot());
    // Devices on agents: offline until their agent says otherwise.
    for (const d of config.devices) {
      if (d.agent && !this.agents.has(d.agent)) this.health.report(d.id, 'offline', { reason: AGENT_OFFLINE, via: 'agent' });
    }
    for (const conn of this.agents.values()) this.checkAgent(conn);
    return new Set(started);
  }

  private reportLink(h: HostedHealth): void {
    this.health.report(h.id, h.state, { reason: h.reason, via: 'link', stats: h.stats });
  }

  // ---- events ----

  private onEvents(events: readonly StoredEvent[]): void {
    if (this.stopped) return;
    // Devices started by this batch's config change got the hall after it as their first call already.
    const fresh = events.some((e) => e.type === 'config.changed') ? this.reconcile() : undefined;
    const refs = refsOf(this.hall);
    const out: DeviceHallEvent[] = events.map((e) => deviceEvent(e, refs));
    let view: HallSnapshot | undefined;
    const getView = () => (view ??= this.snapshot());
    this.local.deliver(out, getView, this.hall.config.counters, fresh);
    if (out.some((e) => SNAPSHOT_EVENTS.has(e.type))) this.local.snapshot(getView, fresh);
    // Agents route the batch to their drivers themselves (and give them the snapshot after a rollover
    // or config change, as here).
    for (const conn of this.agents.values()) {
      if (conn.sentKey === null || conn.hosting === 0) continue;
      const batch: AgentEventBatch = { events: out, view: getView() };
      conn.socket.emit(AGENT_EVENTS.events, batch);
    }
  }

  // ---- inputs and commands ----

  private input(deviceId: string, input: DeviceInput, at: number, agentId: string | null): void {
    const d = this.hall.config.devices.find((x) => x.id === deviceId);
    if (!d) return;
    // A unit on a bus (one pad of many on an RS-485 line) stands at its own counter.
    const unit = 'unit' in input && input.unit !== undefined ? d.units?.find((u) => u.unit === input.unit) : undefined;
    if ('unit' in input && input.unit !== undefined && !unit) {
      this.log.warn({ device: deviceId, unit: input.unit }, 'device input from a bus address that is not configured: ignored');
      return;
    }
    const counter = unit ? (unit.counter ?? null) : (d.counter ?? null);
    const envelope: DeviceInputEnvelope = { deviceId, kind: d.kind, zone: d.zone ?? null, counter, at, via: agentId ? 'agent' : 'link', agentId, input };
    const handler = this.inputHandler;
    if (!handler) {
      this.log.info({ device: deviceId, input }, 'device input (nothing handles it yet)');
      return;
    }
    try {
      void Promise.resolve(handler(envelope)).catch((e) => this.log.error({ err: e, device: deviceId }, 'device input handler failed'));
    } catch (e) {
      this.log.error({ err: e, device: deviceId }, 'device input handler failed');
    }
  }

  /**
   * Runs a command on a device's driver, here or on its agent (e.g. `{ type: 'print', … }` for a
   * printer): resolves with what the driver answered, or rejects with a DeviceCommandError.
   */
  async command(deviceId: string, command: DriverCommand, options: { timeoutMs?: number } = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 10_000;
    const d = this.hall.config.devices.find((x) => x.id === deviceId);
    if (!d) throw new DeviceCommandError('DEVICE_UNKNOWN', deviceId, 'no such device');
    if (d.agent) {
      const conn = this.agents.get(d.agent);
      if (!conn) throw new DeviceCommandError('DEVICE_OFFLINE', deviceId, `agent offline (${d.agent})`);
      let reply: CommandReply;
      // socket.io keeps waiting for an ack through a disconnect until the timeout: an agent that goes
      // away mid-command ends the wait at once (the command may or may not have been carried out).
      let onGone: (() => void) | undefined;
      try {
        const payload: AgentCommand = { deviceId, command };
        const gone = new Promise<never>((_r, reject) => {
          onGone = () => reject(new DeviceCommandError('TIMEOUT', deviceId, `the agent ${d.agent} went away before answering`));
          conn.socket.once('disconnect', onGone);
        });
        reply = (await Promise.race([conn.socket.timeout(timeoutMs).emitWithAck(AGENT_EVENTS.command, payload), gone])) as CommandReply;
      } catch (e) {
        if (e instanceof DeviceCommandError) throw e;
        throw new DeviceCommandError('TIMEOUT', deviceId, `the agent ${d.agent} did not answer within ${timeoutMs} ms`);
      } finally {
        if (onGone) conn.socket.off('disconnect', onGone);
      }
      if (reply.ok) return reply.result;
      const code = reply.error.code as DeviceCommandErrorCode;
      throw new DeviceCommandError(code, deviceId, reply.error.message);
    }
    if (!this.local.get(deviceId)) throw new DeviceCommandError('DEVICE_UNKNOWN', deviceId, 'the hub does not drive this device (no address)');
    return this.local.command(deviceId, command, timeoutMs);
  }

  // ---- agents ----

  private hostedBy(agentId: string): DeviceConfig[] {
    return this.hall.config.devices.filter((d) => d.agent === agentId);
  }

  private attachAgents(io: IoServer): void {
    const nsp = io.of(AGENT_NAMESPACE);
    this.nsp = nsp;
    nsp.use((socket, next) => {
      const lang = langOf(socket.handshake.headers['accept-language']);
      const refuse = (code: string) => {
        const err = new Error(code) as Error & { data?: unknown };
        err.data = { code, message: message(code, {}, lang) };
        next(err);
      };
      const { token } = (socket.handshake.auth ?? {}) as { token?: unknown };
      if (typeof token !== 'string' || !token) return refuse('UNAUTHENTICATED');
      try {
        const p = this.auth.resolve(token);
        if (p.kind !== 'device' || p.deviceKind !== 'agent') return refuse('FORBIDDEN');
        socket.data = { agentId: p.deviceId, token };
        return next();
      } catch (e) {
        return refuse(e instanceof AuthError ? e.code : 'UNAUTHENTICATED');
      }
    });
    nsp.on('connection', (socket) => this.onAgent(socket));
  }

  private onAgent(socket: Socket): void {
    const { agentId, token } = socket.data as { agentId: string; token: string };
    if (this.stopped) {
      socket.disconnect(true);
      return;
    }
    const conn: AgentConnection = { agentId, socket, token, sentKey: null, hosting: 0 };
    const old = this.agents.get(agentId);
    this.agents.set(agentId, conn);
    if (old) {
      this.log.warn({ agent: agentId }, 'agent connected again: the older connection is dropped');
      old.socket.emit(AGENT_EVENTS.replaced, { message: 'another connection with this agent token took over' });
      old.socket.disconnect(true);
    }
    this.health.socketOpened(agentId);
    this.log.info({ agent: agentId, address: socket.handshake.address, devices: this.hostedBy(agentId).map((d) => d.id) }, 'agent connected');

    socket.on(AGENT_EVENTS.hello, (raw: unknown) => {
      const r = agentHelloSchema.safeParse(raw ?? {});
      if (r.success) this.log.info({ agent: agentId, ...r.data }, 'agent hello');
      if (this.agents.get(agentId) === conn) this.sendDevices(conn);
    });
    socket.on(AGENT_EVENTS.health, (raw: unknown) => {
      if (this.agents.get(agentId) !== conn) return;
      const r = agentHealthSchema.safeParse(raw);
      if (!r.success) return void this.log.warn({ agent: agentId, err: r.error.message }, 'agent sent bad health');
      const mine = new Set(this.hostedBy(agentId).map((d) => d.id));
      for (const h of r.data.devices) {
        // A code this hub does not know (a newer agent) is kept: healthReasonText shows it as it is.
        if (mine.has(h.id)) this.health.report(h.id, h.state, { reason: h.reason as HealthReason | null, via: 'agent', stats: h.stats });
      }
    });
    socket.on(AGENT_EVENTS.input, (raw: unknown, ack?: unknown) => {
      const reply = (v: unknown) => (typeof ack === 'function' ? ack(v) : undefined);
      const r = agentInputSchema.safeParse(raw);
      if (!r.success || this.agents.get(agentId) !== conn) return reply({ ok: false });
      if (!this.hostedBy(agentId).some((d) => d.id === r.data.deviceId)) return reply({ ok: false });
      this.input(r.data.deviceId, r.data.input, r.data.at, agentId);
      reply({ ok: true });
    });
    socket.on(AGENT_EVENTS.resync, (ack?: unknown) => {
      if (typeof ack === 'function') ack({ snapshot: this.snapshot() });
      else socket.emit(AGENT_EVENTS.snapshot, { snapshot: this.snapshot() });
    });
    socket.on('disconnect', (reason) => {
      this.health.socketClosed(agentId, reason);
      if (this.agents.get(agentId) !== conn) return;
      this.agents.delete(agentId);
      this.log.warn({ agent: agentId, reason }, 'agent disconnected');
      if (this.stopped) return;
      for (const d of this.hostedBy(agentId)) this.health.report(d.id, 'offline', { reason: AGENT_OFFLINE, via: 'agent' });
    });
  }

  private sendDevices(conn: AgentConnection): void {
    const devices = this.hostedBy(conn.agentId).map(driverDevice);
    const payload: AgentDevices = { agentId: conn.agentId, devices, snapshot: this.snapshot() };
    conn.sentKey = JSON.stringify(devices.map((d) => DeviceHost.key(d)));
    conn.hosting = devices.length;
    conn.socket.emit(AGENT_EVENTS.devices, payload);
  }

  /** After a config change: the agent's token must still be an agent's, and its device list is sent again if it changed. */
  private checkAgent(conn: AgentConnection): void {
    let ok = false;
    try {
      const p = this.auth.resolve(conn.token);
      ok = p.kind === 'device' && p.deviceKind === 'agent' && p.deviceId === conn.agentId;
    } catch {
      ok = false;
    }
    if (!ok) {
      this.log.warn({ agent: conn.agentId }, 'agent token no longer valid: disconnecting it');
      conn.socket.emit('session.ended', { code: 'UNAUTHENTICATED', message: message('UNAUTHENTICATED') });
      conn.socket.disconnect(true);
      return;
    }
    const key = JSON.stringify(this.hostedBy(conn.agentId).map((d) => DeviceHost.key(driverDevice(d))));
    if (conn.sentKey !== null && key !== conn.sentKey) this.sendDevices(conn);
  }

  /** Stops every device (queued frames get a moment to go out) and lets go of the agents. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.health.setStatsSource(undefined);
    const devicesStopped = this.local.stop();
    // Agents are told the hub is going (a server-side disconnect: they come back by themselves).
    for (const conn of [...this.agents.values()]) conn.socket.disconnect(true);
    this.agents.clear();
    await devicesStopped;
    this.nsp?.removeAllListeners('connection');
  }
}
