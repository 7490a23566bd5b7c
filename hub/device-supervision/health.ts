// Device health as the hub sees it: every configured device is online, offline or degraded (with a
// reason), and since when. Fed by the terminals' own connections (a kiosk, display or pad page is a
// device on a socket) and, as drivers arrive, by the device supervisor's links. Changes are pushed to
// the dashboard and turned into device-down alerts.
import type { DeviceConfig, HallConfig } from '../config/schema.js';
import type { HealthReason } from '../../devices/health-reason.js';
import { healthReason, sameReason } from '../../devices/health-reason.js';
import type { Clock } from '../clock.js';

export type HealthState = 'online' | 'offline' | 'degraded' | 'unknown';

export interface DeviceHealth {
  id: string;
  kind: DeviceConfig['kind'];
  name: string | null;
  /** The name in English, for English mode. */
  nameEn?: string | null;
  zone: string | null;
  counterId: string | null;
  state: HealthState;
  /** Why it is offline or degraded, as a code with parameters (words: devices/health-reason.ts where shown). */
  reason: HealthReason | null;
  since: number;
  /** Whether it has been online since the hub started: a device never seen is not "down", just unknown. */
  seen: boolean;
  /** How the hub knows: the terminal's own socket, the link the supervisor drives, or the agent that drives it. */
  via: 'socket' | 'link' | 'agent' | null;
  /** Link counters (tx, rx, errors, timeouts, reconnects) where the supervisor or an agent drives the device. */
  stats: Record<string, number> | null;
}

export type HealthListener = (h: DeviceHealth) => void;

export class DeviceHealthRegistry {
  private readonly health = new Map<string, DeviceHealth>();
  private readonly listeners = new Set<HealthListener>();
  /** Open sockets per device: a page open twice is online until both are gone. */
  private readonly sockets = new Map<string, number>();
  /** Live link counters of the devices the hub drives (the supervisor's links), read at each list(). */
  private statsSource: ((id: string) => Record<string, number> | null | undefined) | undefined;

  constructor(
    private readonly clock: Clock,
    config: HallConfig,
  ) {
    this.configure(config);
  }

  /** Follows the config: new devices start unknown, removed ones are forgotten. */
  configure(config: HallConfig): void {
    const ids = new Set(config.devices.map((d) => d.id));
    for (const id of this.health.keys()) if (!ids.has(id)) this.health.delete(id);
    for (const d of config.devices) {
      const old = this.health.get(d.id);
      this.health.set(d.id, {
        id: d.id,
        kind: d.kind,
        name: d.name ?? null,
        nameEn: d.nameEn ?? null,
        zone: d.zone ?? null,
        counterId: d.counter ?? null,
        state: old?.state ?? 'unknown',
        reason: old?.reason ?? null,
        since: old?.since ?? this.clock.now(),
        seen: old?.seen ?? false,
        via: old?.via ?? null,
        stats: old?.stats ?? null,
      });
    }
  }

  list(): DeviceHealth[] {
    return [...this.health.values()].map((h) => this.live(h));
  }

  get(id: string): DeviceHealth | undefined {
    const h = this.health.get(id);
    return h && this.live(h);
  }

  /** Where live counters come from: list() and get() read them fresh instead of the last reported ones. */
  setStatsSource(fn: ((id: string) => Record<string, number> | null | undefined) | undefined): void {
    this.statsSource = fn;
  }

  private live(h: DeviceHealth): DeviceHealth {
    const stats = this.statsSource?.(h.id);
    return stats ? { ...h, stats } : h;
  }

  subscribe(fn: HealthListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Records a state; listeners hear of real changes only (state or reason). */
  report(id: string, state: HealthState, patch: { reason?: HealthReason | null; via?: DeviceHealth['via']; stats?: DeviceHealth['stats'] } = {}): void {
    const h = this.health.get(id);
    if (!h) return;
    const reason = patch.reason ?? null;
    const changed = h.state !== state || !sameReason(h.reason, reason);
    const next: DeviceHealth = {
      ...h,
      state,
      reason,
      since: changed ? this.clock.now() : h.since,
      seen: h.seen || state === 'online' || state === 'degraded',
      via: patch.via ?? h.via,
      stats: patch.stats ?? h.stats,
    };
    this.health.set(id, next);
    if (changed) for (const l of this.listeners) l(next);
  }

  socketOpened(id: string): void {
    this.sockets.set(id, (this.sockets.get(id) ?? 0) + 1);
    this.report(id, 'online', { via: 'socket' });
  }

  socketClosed(id: string, reason: string): void {
    const left = (this.sockets.get(id) ?? 1) - 1;
    if (left > 0) {
      this.sockets.set(id, left);
      return;
    }
    this.sockets.delete(id);
    this.report(id, 'offline', { reason: healthReason('SOCKET_CLOSED', { detail: reason }), via: 'socket' });
  }
}
