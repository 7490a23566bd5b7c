// One configured device, running: its Link (opened from the address) and its driver (from the family
// registry), its health (the link's, combined with what the driver reports) and its counters. The
// hub's supervisor runs one per device it drives itself; `hall agent` runs one per device it hosts.
//
// Calls into the driver are made one at a time, in order (start + first snapshot, then each batch
// of events or snapshot): a driver never sees a call before the previous one finished. A driver should
// therefore not await frames that wait for a device that may be away — the Link queues them anyway.
import { LinkError, TransportError } from './errors.js';
import type { DeviceDriver, DeviceHallEvent, DeviceInput, DriverCommand, DriverDevice, DriverFactory, DriverHealth, DriverInterest, DriverRegistry, HallSnapshot } from './driver.js';
import { DeviceCommandError, NO_DRIVER_REASON, deviceInputSchema, drivers, splitFamily } from './driver.js';
import type { HealthReason } from './health-reason.js';
import { healthReason, sameReason } from './health-reason.js';
import type { HealthState, Link, LinkOptions, LinkStats } from './link.js';
import { openLink } from './link.js';
import type { DeviceLogger } from './logger.js';
import { silentLogger } from './logger.js';
import type { TransportDeps } from './transport/factory.js';

export interface HostedHealth {
  id: string;
  state: HealthState;
  /** Why it is offline or degraded: the link's reason first, then the driver's. */
  reason: HealthReason | null;
  /** The link's counters (tx, rx, errors, timeouts, reconnects, …), null while there is no link. */
  stats: Record<string, number> | null;
}

/** Link settings for every device of a host (tests make reconnects fast); the family's come first. */
export type LinkOverrides = Partial<Omit<LinkOptions, 'transport' | 'name' | 'logger'>> & { deps?: TransportDeps };

export interface DeviceHostOptions {
  device: DriverDevice;
  registry?: DriverRegistry;
  log?: DeviceLogger;
  link?: LinkOverrides;
  /** The clock inputs are stamped with (the hub passes its own, so a test's hall clock holds here too). */
  now?: () => number;
  /** Health changed (state or reason). */
  onHealth(health: HostedHealth): void;
  /** The driver emitted an input (validated), with when. */
  onInput(input: DeviceInput, at: number): void;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function linkStatsRecord(s: LinkStats): Record<string, number> {
  return {
    txBytes: s.txBytes,
    rxBytes: s.rxBytes,
    txFrames: s.txFrames,
    rxFrames: s.rxFrames,
    rxDropped: s.rxDropped,
    errors: s.errors,
    timeouts: s.timeouts,
    reconnects: s.reconnects,
    writeRetries: s.writeRetries,
    queued: s.queued,
  };
}

const RANK: Record<HealthState, number> = { online: 0, degraded: 1, offline: 2 };

export class DeviceHost {
  readonly device: DriverDevice;
  readonly family: string | null;
  readonly factory: DriverFactory | undefined;
  readonly interest: DriverInterest;
  private readonly log: DeviceLogger;
  private readonly options: DeviceHostOptions;
  private link: Link | null = null;
  private linkError: HealthReason | null = null;
  private driver: DeviceDriver | null = null;
  private driverError: HealthReason | null = null;
  private driverHealth: DriverHealth = { state: 'online' };
  private chain: Promise<void> = Promise.resolve();
  private ready: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;
  private last: { state: HealthState; reason: HealthReason | null } | null = null;

  constructor(options: DeviceHostOptions) {
    this.options = options;
    this.device = options.device;
    this.log = options.log ?? silentLogger;
    const { family } = splitFamily(options.device.address);
    this.family = family;
    this.factory = (options.registry ?? drivers).find(options.device.kind, family);
    this.interest = this.factory?.interest ?? 'routed';
  }

  /** A key that changes when the device must be restarted (anything a driver or the link depends on). */
  static key(d: DriverDevice): string {
    return JSON.stringify([d.kind, d.address, d.zone, d.counter, d.name, d.kiosk, d.units, d.options ?? null]);
  }

  /** Opens the link and makes the driver; the driver's first call is `onSnapshot(view)` when a view is given. */
  start(view?: HallSnapshot | null): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const { deps, ...overrides } = this.options.link ?? {};
    const { transport } = splitFamily(this.device.address);
    try {
      this.link = openLink(transport, { ...this.factory?.link, ...overrides, name: this.device.id, logger: this.log, ...(deps ? { deps } : {}) });
    } catch (e) {
      this.linkError = e instanceof TransportError ? healthReason(e.code, { detail: e.message }) : healthReason('OPEN_FAILED', { detail: `cannot open: ${errorText(e)}` });
      this.log.error({ device: this.device.id, address: this.device.address, err: errorText(e) }, 'device address refused');
      this.publish();
      return;
    }
    this.link.on('health', () => this.publish());
    this.link.on('fault', (err) => this.log.debug({ device: this.device.id, err: err.toJSON() }, 'device link fault'));
    const factory = this.factory;
    if (!factory) {
      this.log.warn({ device: this.device.id, kind: this.device.kind, family: this.family }, NO_DRIVER_REASON);
    } else {
      const link = this.link;
      this.ready = this.enqueue(async () => {
        this.driver = await factory.create({
          device: { ...this.device },
          family: factory.family,
          link,
          log: this.log,
          report: (h) => {
            if (this.stopped) return;
            this.driverHealth = { state: h.state, ...(h.reason ? { reason: h.reason } : {}) };
            this.publish();
          },
          emit: (input) => this.emitInput(input),
        });
        if (view) await this.driver.onSnapshot?.(view);
      }, (e) => {
        this.driverError = healthReason('DRIVER_FAILED', { detail: errorText(e) });
        this.publish();
      });
    }
    this.publish();
  }

  private emitInput(input: DeviceInput): void {
    if (this.stopped) return;
    const r = deviceInputSchema.safeParse(input);
    if (!r.success) {
      this.log.warn({ device: this.device.id, input, err: r.error.message }, 'driver emitted an invalid input; dropped');
      return;
    }
    this.options.onInput(r.data, (this.options.now ?? Date.now)());
  }

  private enqueue(fn: () => unknown, onError?: (e: unknown) => void): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (e) {
        this.log.error({ device: this.device.id, err: errorText(e) }, 'device driver failed');
        onError?.(e);
      }
    });
    this.chain = run;
    return run;
  }

  /** Routed events for this device (the caller routed them), with the hall after them. */
  deliver(events: readonly DeviceHallEvent[], view: HallSnapshot): void {
    if (!this.factory || events.length === 0) return;
    void this.enqueue(() => this.driver?.onHallEvents?.(events, view));
  }

  /** The whole hall again (after a resync, a rollover, a config change). */
  snapshot(view: HallSnapshot): void {
    if (!this.factory) return;
    void this.enqueue(() => this.driver?.onSnapshot?.(view));
  }

  /** Runs a command on the driver (once it started). */
  async command(command: DriverCommand): Promise<unknown> {
    if (!this.factory) throw new DeviceCommandError('NO_DRIVER', this.device.id, `${NO_DRIVER_REASON} (${this.device.kind}${this.family ? `/${this.family}` : ''})`);
    await this.ready;
    const driver = this.driver;
    if (this.stopped || !driver) throw new DeviceCommandError('DEVICE_OFFLINE', this.device.id, this.driverError ? `driver failed to start: ${this.driverError.params?.detail}` : 'the device is stopped');
    if (!driver.onCommand) throw new DeviceCommandError('UNSUPPORTED', this.device.id, `the ${this.factory.family} driver takes no commands`);
    try {
      return await driver.onCommand(command);
    } catch (e) {
      if (e instanceof DeviceCommandError) throw e;
      const code = e instanceof LinkError && e.code === 'TIMEOUT' ? 'TIMEOUT' : 'FAILED';
      throw new DeviceCommandError(code, this.device.id, errorText(e));
    }
  }

  /** The link's counters now (null without a link). */
  stats(): Record<string, number> | null {
    return this.link ? linkStatsRecord(this.link.stats()) : null;
  }

  /** The device's health now: the link's, combined with the driver's own report. */
  health(): HostedHealth {
    const id = this.device.id;
    const stats = this.stats();
    if (!this.link) return { id, state: 'offline', reason: this.linkError ?? healthReason('NOT_STARTED'), stats };
    const h = this.link.health;
    let state: HealthState = h.state;
    const reasons: HealthReason[] = h.reason ? [h.reason] : [];
    if (!this.factory) reasons.push(healthReason('NO_DRIVER'));
    else if (state !== 'offline') {
      if (this.driverError) {
        state = 'degraded';
        reasons.push(this.driverError);
      } else if (this.driverHealth.state !== 'online') {
        if (RANK[this.driverHealth.state] > RANK[state]) state = this.driverHealth.state;
        if (this.driverHealth.reason) reasons.push(this.driverHealth.reason);
      }
    }
    return { id, state, reason: reasons[0] ?? null, stats };
  }

  private publish(): void {
    if (this.stopped) return;
    const h = this.health();
    if (this.last && this.last.state === h.state && sameReason(this.last.reason, h.reason)) return;
    this.last = { state: h.state, reason: h.reason };
    this.options.onHealth(h);
  }

  /** Stops the driver and closes the link (frames still queued get up to `flushTimeoutMs` to go out). */
  async stop(flushTimeoutMs = 500): Promise<void> {
    if (this.stopped) return;
    // Let what is queued for the driver finish (bounded), then stop it.
    await Promise.race([this.chain, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.stopped = true;
    try {
      await this.driver?.stop?.();
    } catch (e) {
      this.log.warn({ device: this.device.id, err: errorText(e) }, 'device driver failed to stop');
    }
    await this.link?.close({ flushTimeoutMs });
  }
}
