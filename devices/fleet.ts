// The devices one process drives: the hub's supervisor (devices with an address and no agent) and a
// `hall agent` (the devices its PC hosts) both keep one fleet. It brings the running hosts (link +
// driver, ./host.ts) in line with a wanted device list — starts new ones, stops removed ones, restarts
// changed ones (DeviceHost.key) — routes committed events and snapshots to the drivers, runs commands
// on them, reports their health and inputs, and waits for every stop it began. Where the list comes
// from (the config, the hub's `agent.devices`) and where health and inputs go (the health registry,
// the agent's socket) is the caller's business.
import type { DeviceHallEvent, DeviceInput, DriverCommand, DriverDevice, DriverRegistry, HallSnapshot } from './driver.js';
import { DeviceCommandError } from './driver.js';
import type { HostedHealth, LinkOverrides } from './host.js';
import { DeviceHost } from './host.js';
import type { DeviceLogger } from './logger.js';
import { silentLogger } from './logger.js';
import type { RoutableDevice } from './routing.js';
import { routeEvents } from './routing.js';

export interface FleetDevice extends RoutableDevice {
  key: string;
  host: DeviceHost;
}

export interface DeviceFleetOptions {
  registry?: DriverRegistry;
  log?: DeviceLogger;
  /** Link settings for every device (tests: fast reconnects). */
  link?: LinkOverrides;
  /** The clock inputs are stamped with (the hub's clock in the hub). */
  now?: () => number;
  /** A running device's health changed (a stopped or replaced device's reports are dropped). */
  onHealth(health: HostedHealth): void;
  /** A running device's driver emitted an input (validated), made at `at`. */
  onInput(deviceId: string, input: DeviceInput, at: number): void;
}

export interface ReconcileResult {
  /** Devices started by this call (they got the view as their first call). */
  started: DeviceHost[];
  /** Devices that were running and still are, unchanged. */
  kept: DeviceHost[];
}

export class DeviceFleet {
  private readonly options: DeviceFleetOptions;
  private readonly log: DeviceLogger;
  private readonly running = new Map<string, FleetDevice>();
  private readonly stopping = new Set<Promise<void>>();

  constructor(options: DeviceFleetOptions) {
    this.options = options;
    this.log = options.log ?? silentLogger;
  }

  /** The ids of the devices running now. */
  get ids(): string[] {
    return [...this.running.keys()];
  }

  get(id: string): DeviceHost | undefined {
    return this.running.get(id)?.host;
  }

  /**
   * Brings the running devices in line with `wanted`. A started device's first call is `onSnapshot`
   * with the view (`view` is called at most once, and only when something starts).
   */
  reconcile(wanted: readonly DriverDevice[], view: HallSnapshot | (() => HallSnapshot)): ReconcileResult {
    const byId = new Map(wanted.map((d) => [d.id, d]));
    for (const [id, entry] of this.running) {
      const d = byId.get(id);
      if (d && DeviceHost.key(d) === entry.key) continue;
      this.running.delete(id);
      this.log.info({ device: id, why: d ? 'changed' : 'removed' }, 'device stopping');
      this.track(entry.host.stop());
    }
    const started: DeviceHost[] = [];
    const kept: DeviceHost[] = [];
    let snapshot: HallSnapshot | undefined;
    for (const [id, d] of byId) {
      const existing = this.running.get(id);
      if (existing) {
        kept.push(existing.host);
        continue;
      }
      const host = this.makeHost(d);
      this.running.set(id, { id, kind: d.kind, zone: d.zone, counter: d.counter, units: d.units, interest: host.interest, key: DeviceHost.key(d), host });
      this.log.info({ device: id, kind: d.kind, address: d.address, family: host.factory?.family ?? host.family, driver: !!host.factory }, 'device starting');
      host.start((snapshot ??= typeof view === 'function' ? view() : view));
      started.push(host);
    }
    return { started, kept };
  }

  private makeHost(d: DriverDevice): DeviceHost {
    const current = () => this.running.get(d.id)?.host === host;
    const host: DeviceHost = new DeviceHost({
      device: d,
      ...(this.options.registry ? { registry: this.options.registry } : {}),
      log: this.log,
      ...(this.options.link ? { link: this.options.link } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
      onHealth: (h) => {
        if (current()) this.options.onHealth(h);
      },
      onInput: (input, at) => {
        if (current()) this.options.onInput(d.id, input, at);
      },
    });
    return host;
  }

  /**
   * Routes a committed batch to the drivers (./routing.ts), with the hall after it. Only devices with a
   * driver take part: one without (its family not loaded) has only a link, and must not make the hall
   * be drawn for nobody (`view` is called at most once, and only when some driver gets events).
   */
  deliver(events: readonly DeviceHallEvent[], view: HallSnapshot | (() => HallSnapshot), counters: ReadonlyArray<{ id: string; zone: string }>, except?: ReadonlySet<DeviceHost>): void {
    let snapshot: HallSnapshot | undefined;
    const get = () => (snapshot ??= typeof view === 'function' ? view() : view);
    for (const [entry, mine] of routeEvents(events, this.driven(except), counters)) entry.host.deliver(mine, get());
  }

  /** The whole hall again to every driver (after a resync, a rollover, a config change). */
  snapshot(view: HallSnapshot | (() => HallSnapshot), except?: ReadonlySet<DeviceHost>): void {
    const driven = this.driven(except);
    if (driven.length === 0) return;
    const v = typeof view === 'function' ? view() : view;
    for (const { host } of driven) host.snapshot(v);
  }

  private driven(except?: ReadonlySet<DeviceHost>): FleetDevice[] {
    return [...this.running.values()].filter((e) => e.host.factory && !except?.has(e.host));
  }

  /** Runs a command on a running device's driver; fails with TIMEOUT after `timeoutMs` (none: waits for the driver). */
  async command(deviceId: string, command: DriverCommand, timeoutMs?: number): Promise<unknown> {
    const host = this.running.get(deviceId)?.host;
    if (!host) throw new DeviceCommandError('DEVICE_UNKNOWN', deviceId, 'not driven here');
    if (timeoutMs === undefined) return host.command(command);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        host.command(command),
        new Promise((_r, reject) => {
          timer = setTimeout(() => reject(new DeviceCommandError('TIMEOUT', deviceId, `no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  health(): HostedHealth[] {
    return [...this.running.values()].map((e) => e.host.health());
  }

  /** A running device's link counters (undefined: not driven here). */
  stats(id: string): Record<string, number> | null | undefined {
    return this.running.get(id)?.host.stats();
  }

  /** Stops every device without waiting (the agent's devices when the hub ends its session); `stop()` waits for them. */
  clear(): void {
    for (const e of this.running.values()) this.track(e.host.stop());
    this.running.clear();
  }

  /** Stops every device (queued frames get a moment to go out) and waits for every stop begun. */
  async stop(): Promise<void> {
    this.clear();
    await Promise.all([...this.stopping]);
  }

  private track(p: Promise<void>): void {
    const q = p.catch((e) => this.log.error({ err: e instanceof Error ? e.message : String(e) }, 'device failed to stop')).finally(() => this.stopping.delete(q));
    this.stopping.add(q);
  }
}
