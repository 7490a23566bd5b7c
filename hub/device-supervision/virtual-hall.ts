// The demo hall's virtual devices: the printer of the kiosk, the LED window screens of both floors,
// the hall board, the rating pads and the caller keypads, each a family's simulator (devices/simulator.ts)
// listening on a real TCP port or kernel pty, added to the demo config as ordinary devices. The hub
// then drives them exactly as it drives hardware: same transports, links, drivers and health.
//
// Addresses are kept stable across restarts (pty links under the data directory, TCP ports from a
// base) so the stored config — and a manager's edits to it — survive a restart of the demo.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceLogger } from '../../devices/logger.js';
import type { SimulatorRegistry, VirtualDevice, VirtualDeviceView } from '../../devices/simulator.js';
import { simulators as defaultRegistry } from '../../devices/simulator.js';
import type { DeviceConfig } from '../config/schema.js';
import { demoVirtualToken } from '../config/demo-hall.js';
import { VirtualDeviceError } from './virtual-errors.js';

/** One virtual device of the demo hall, as the demo config gets it. */
export interface VirtualDevicePlan {
  id: string;
  kind: 'printer' | 'board' | 'pad' | 'keypad';
  family: string;
  transport: 'tcp' | 'pty';
  name: string;
  nameEn?: string;
  zone?: string;
  kiosk?: string;
  units?: Array<{ unit: number; counter?: string }>;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** What the demo hall has (demo-hall.md: kiosk on floor 1, counters 1–10 on floor 1, 11–16 on floor 2). */
export const DEMO_VIRTUAL_DEVICES: readonly VirtualDevicePlan[] = [
  { id: 'printer-1', kind: 'printer', family: 'escpos', transport: 'tcp', name: '一楼取号机打印机（虚拟）', nameEn: 'Floor 1 kiosk printer (virtual)', zone: 'F1', kiosk: 'kiosk-1' },
  {
    id: 'screens-f1',
    kind: 'board',
    family: 'onbon-bx',
    transport: 'pty',
    name: '一楼窗口屏 RS-485（虚拟）',
    nameEn: 'Floor 1 counter screens, RS-485 (virtual)',
    zone: 'F1',
    units: range(1, 10).map((n) => ({ unit: n, counter: String(n) })),
  },
  {
    id: 'screens-f2',
    kind: 'board',
    family: 'window-screen',
    transport: 'tcp',
    name: '二楼窗口屏 网口转485（虚拟）',
    nameEn: 'Floor 2 counter screens, LAN to RS-485 (virtual)',
    zone: 'F2',
    units: range(11, 16).map((n) => ({ unit: n, counter: String(n) })),
  },
  { id: 'board-hall', kind: 'board', family: 'onbon-bx', transport: 'tcp', name: '大厅综合屏（虚拟）', nameEn: 'Hall board (virtual)' },
  {
    id: 'pads-f1',
    kind: 'pad',
    family: 'open-pad',
    transport: 'pty',
    name: '一楼评价器 RS-485（虚拟）',
    nameEn: 'Floor 1 rating pads, RS-485 (virtual)',
    zone: 'F1',
    units: range(2, 10).map((n) => ({ unit: n, counter: String(n) })),
  },
  {
    id: 'keypads-f1',
    kind: 'keypad',
    family: 'open-pad',
    transport: 'pty',
    name: '一楼呼叫器 RS-485（虚拟）',
    nameEn: 'Floor 1 caller keypads, RS-485 (virtual)',
    zone: 'F1',
    units: range(1, 10).map((n) => ({ unit: n, counter: String(n) })),
  },
];

export interface RunningVirtualDevice {
  plan: VirtualDevicePlan;
  device: VirtualDevice;
}

export interface VirtualHallView {
  id: string;
  kind: string;
  family: string;
  name: string;
  nameEn: string | null;
  address: string;
  view: VirtualDeviceView;
}

export class VirtualHall {
  constructor(
    readonly running: readonly RunningVirtualDevice[],
    /** Planned devices whose family has no simulator (not loaded), with why. */
    readonly skipped: ReadonlyArray<{ id: string; reason: string }>,
  ) {}

  /** Whether a device is one of these (its inputs come from the /virtual page, not a person at a counter). */
  readonly has = (deviceId: string): boolean => this.running.some((r) => r.plan.id === deviceId);

  /**
   * The devices to add to the hall config: addressed at the simulators, each with its own demo token
   * (demo-virtual-<id>), which the /virtual page presses its keys with.
   */
  configDevices(): DeviceConfig[] {
    return this.running.map(({ plan, device }) => ({
      id: plan.id,
      kind: plan.kind,
      name: plan.name,
      ...(plan.nameEn ? { nameEn: plan.nameEn } : {}),
      address: device.address,
      token: demoVirtualToken(plan.id),
      ...(plan.zone ? { zone: plan.zone } : {}),
      ...(plan.kiosk ? { kiosk: plan.kiosk } : {}),
      ...(plan.units ? { units: plan.units.map((u) => ({ unit: u.unit, ...(u.counter ? { counter: u.counter } : {}) })) } : {}),
    }));
  }

  views(): VirtualHallView[] {
    return this.running.map(({ plan, device }) => ({
      id: plan.id,
      kind: plan.kind,
      family: plan.family,
      name: plan.name,
      nameEn: plan.nameEn ?? null,
      address: device.address,
      view: device.view(),
    }));
  }

  /** Acts on a control of one device's view (a key on a pad, paper out). */
  async control(deviceId: string, controlId: string, unit?: number): Promise<void> {
    const entry = this.running.find((r) => r.plan.id === deviceId);
    if (!entry) throw new VirtualDeviceError('VIRTUAL_DEVICE_UNKNOWN', `no virtual device "${deviceId}"`);
    const controls = entry.device.view().controls ?? [];
    if (!entry.device.control || !controls.some((c) => c.id === controlId && (c.unit === undefined || c.unit === unit)))
      throw new VirtualDeviceError('VIRTUAL_CONTROL_UNKNOWN', `"${deviceId}" has no control "${controlId}"${unit === undefined ? '' : ` on unit ${unit}`}`);
    try {
      await entry.device.control(controlId, unit);
    } catch (e) {
      // The simulator refused or failed (a port gone, a bad unit): the caller's answer says so, with its words.
      throw new VirtualDeviceError('VIRTUAL_CONTROL_FAILED', e instanceof Error ? e.message : String(e));
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.running.map((r) => r.device.close()));
  }
}


export interface VirtualHallOptions {
  /** Where the pty links go (kept across restarts): `<dir>/<id>.hub` and `<dir>/<id>.device`. */
  ptyDir: string;
  /** The first TCP port; each TCP device takes the next one (0: any free port, addresses change each start). */
  tcpPortBase: number;
  plan?: readonly VirtualDevicePlan[];
  registry?: SimulatorRegistry;
  log?: DeviceLogger;
}

/**
 * Starts the simulators of the planned devices whose family registered one. A simulator that cannot
 * start (a port in use, socat missing) is left out with its reason: the demo runs without it.
 */
export async function startVirtualHall(options: VirtualHallOptions): Promise<VirtualHall> {
  const registry = options.registry ?? defaultRegistry;
  const plan = options.plan ?? DEMO_VIRTUAL_DEVICES;
  const running: RunningVirtualDevice[] = [];
  const skipped: Array<{ id: string; reason: string }> = [];
  mkdirSync(options.ptyDir, { recursive: true });
  let nextPort = options.tcpPortBase;
  for (const p of plan) {
    const port = p.transport === 'tcp' && options.tcpPortBase > 0 ? nextPort++ : 0;
    const factory = registry.find(p.kind, p.family);
    if (!factory) {
      skipped.push({ id: p.id, reason: `no simulator for ${p.kind} family "${p.family}"` });
      continue;
    }
    const links = { hub: join(options.ptyDir, `${p.id}.hub`), device: join(options.ptyDir, `${p.id}.device`) };
    // A hub killed last time leaves socat's links dangling; socat makes them anew.
    if (p.transport === 'pty') for (const l of Object.values(links)) rmSync(l, { force: true });
    try {
      const device = await factory.start({
        transport: p.transport,
        ...(p.transport === 'tcp' ? { port } : { ptyLinks: links }),
        ...(p.units ? { units: p.units.map((u) => ({ unit: u.unit, counter: u.counter ?? null })) } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      running.push({ plan: p, device });
    } catch (e) {
      skipped.push({ id: p.id, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  for (const s of skipped) options.log?.warn({ device: s.id, reason: s.reason }, 'virtual device not started');
  return new VirtualHall(running, skipped);
}

export { VirtualDeviceError } from './virtual-errors.js';
