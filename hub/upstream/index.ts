// The hub's side of the city network: starts a Shipper when the hall has a central (config `central` or
// HALL_CENTRAL_URL/HALL_CENTRAL_TOKEN), and restarts it when a config change gives it another one.
import type { Logger } from 'pino';
import type { DeviceHealthRegistry } from '../device-supervision/health.js';
import type { Hall } from '../hall.js';
import type { RatingDesk } from '../ratings/desk.js';
import { Shipper, upstreamSettings, type HallStatus, type ShipperStatus, type ShipperTuning, type UpstreamHealth, type UpstreamSettings } from './shipper.js';

export interface UpstreamOptions extends ShipperTuning {
  /** Where to ship, instead of the config and the environment (tests). */
  settings?: UpstreamSettings;
  env?: NodeJS.ProcessEnv;
}

export interface Upstream {
  status(): ShipperStatus | null;
  /** Null when the hall has no central. */
  health(): UpstreamHealth | null;
  stop(): Promise<void>;
}

export function attachUpstream(deps: { hall: Hall; health: DeviceHealthRegistry; ratings: RatingDesk; log: Logger }, options: UpstreamOptions = {}): Upstream {
  const { hall, health, ratings } = deps;
  const log = deps.log.child({ part: 'upstream' });
  // Faulty: a device the hub (or an agent) drives that is offline or degraded; a web terminal that is
  // simply not open (a board page at night) is not a fault.
  const hallStatus = (): HallStatus => {
    const driven = new Set(hall.config.devices.filter((d) => d.address).map((d) => d.id));
    return {
      followupsOverdue: ratings.openFollowups().filter((f) => f.status === 'overdue').length,
      devicesFaulty: health.list().filter((h) => driven.has(h.id) && (h.state === 'offline' || h.state === 'degraded')).length,
    };
  };
  const settingsNow = () => options.settings ?? upstreamSettings(hall.config, options.env);
  let current: { key: string; shipper: Shipper } | undefined;
  let stopping: Promise<void> = Promise.resolve();
  const configure = () => {
    const s = settingsNow();
    const key = s ? `${s.url}\u0000${s.token}` : '';
    if (current?.key === key || (!current && !s)) return;
    const old = current?.shipper;
    current = undefined;
    stopping = stopping.then(() => old?.stop());
    if (!s) return;
    const shipper = new Shipper(hall, s, log, hallStatus, options);
    current = { key, shipper };
    void stopping.then(() => {
      if (current?.shipper === shipper) shipper.start();
    });
  };
  configure();
  const unsubscribe = hall.subscribe((events) => {
    if (events.some((e) => e.type === 'config.changed')) configure();
  });
  return {
    status: () => current?.shipper.status() ?? null,
    health: () => current?.shipper.health() ?? null,
    async stop() {
      unsubscribe();
      const s = current?.shipper;
      current = undefined;
      await stopping;
      await s?.stop();
    },
  };
}
