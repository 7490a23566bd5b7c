// The demo's virtual devices: started from the simulator registry on real TCP ports and kernel ptys,
// added to the config with stable addresses, their controls checked, and left out (with a reason) when
// a family has no simulator or cannot start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, stopAllPtys, type PtyPair } from '../../devices/pty.js';
import { SimulatorRegistry, type SimulatorOptions, type VirtualDevice } from '../../devices/simulator.js';
import { hallConfigSchema } from '../config/schema.js';
import { demoHallInput } from '../config/demo-hall.js';
import { DEMO_VIRTUAL_DEVICES, startVirtualHall, type VirtualDevicePlan } from './virtual-hall.js';

/** A stand-in family for this test only: a device that counts the bytes it receives, on TCP or a pty. */
function byteCounter(kind: string, family: string) {
  const started: SimulatorOptions[] = [];
  return {
    started,
    factory: {
      kind,
      family,
      description: 'counts bytes',
      async start(options: SimulatorOptions): Promise<VirtualDevice> {
        started.push(options);
        let bytes = 0;
        let paper = 'ok';
        if (options.transport === 'tcp') {
          const server: Server = createServer((s) => s.on('data', (b) => (bytes += b.length)));
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
          });
          const port = (server.address() as { port: number }).port;
          return {
            address: `tcp://127.0.0.1:${port}?family=${family}`,
            view: () => ({ text: [`${bytes} bytes`], status: { paper } }),
            control: (id) => {
              paper = id === 'paper-out' ? 'out' : 'ok';
            },
            close: () => new Promise<void>((r) => server.close(() => r())),
          };
        }
        const pair: PtyPair = await startPtyPair({ a: options.ptyLinks!.hub, b: options.ptyLinks!.device });
        return {
          address: `serial:${pair.a}?baud=9600&family=${family}`,
          view: () => ({ text: [], units: (options.units ?? []).map((u) => ({ unit: u.unit, counter: u.counter, text: [`unit ${u.unit}`] })) }),
          close: () => pair.kill('SIGTERM'),
        };
      },
    },
  };
}

const dirs: string[] = [];
afterEach(async () => {
  await stopAllPtys();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const plan: VirtualDevicePlan[] = [
  { id: 'printer-1', kind: 'printer', family: 'escpos', transport: 'tcp', name: 'printer', zone: 'F1', kiosk: 'kiosk-1' },
  { id: 'screens-f1', kind: 'board', family: 'onbon-bx', transport: 'pty', name: 'screens', zone: 'F1', units: [{ unit: 1, counter: '1' }, { unit: 2, counter: '2' }] },
  { id: 'pads-f1', kind: 'pad', family: 'open-pad', transport: 'pty', name: 'pads', units: [{ unit: 2, counter: '2' }] },
];

describe('the virtual hall', () => {
  it('starts the simulators it has, gives the config valid devices at their addresses, and says which it left out', async () => {
    const registry = new SimulatorRegistry();
    const printer = byteCounter('printer', 'escpos');
    const screens = byteCounter('board', 'onbon-bx');
    registry.register(printer.factory);
    registry.register(screens.factory);
    const dir = mkdtempSync(join(tmpdir(), 'hall-virtual-'));
    dirs.push(dir);
    const v = await startVirtualHall({ ptyDir: join(dir, 'virtual'), tcpPortBase: 0, plan, registry });
    try {
      expect(v.running.map((r) => r.plan.id)).toEqual(['printer-1', 'screens-f1']);
      expect(v.skipped).toEqual([{ id: 'pads-f1', reason: 'no simulator for pad family "open-pad"' }]);
      expect(screens.started[0]!.units).toEqual([
        { unit: 1, counter: '1' },
        { unit: 2, counter: '2' },
      ]);
      const devices = v.configDevices();
      expect(devices[0]).toMatchObject({ id: 'printer-1', kind: 'printer', kiosk: 'kiosk-1', zone: 'F1' });
      expect(devices[0]!.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+\?family=escpos$/);
      expect(devices[1]).toMatchObject({ id: 'screens-f1', address: `serial:${join(dir, 'virtual', 'screens-f1.hub')}?baud=9600&family=onbon-bx` });
      expect(existsSync(join(dir, 'virtual', 'screens-f1.hub'))).toBe(true);
      // The demo config takes them as they are.
      const input = demoHallInput({ realHours: false });
      const parsed = hallConfigSchema.safeParse({ ...input, devices: [...(input.devices ?? []), ...devices] });
      expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);

      expect(v.views().find((x) => x.id === 'printer-1')!.view.status).toEqual({ paper: 'ok' });
      expect(v.views().find((x) => x.id === 'screens-f1')!.view.units!.map((u) => u.text[0])).toEqual(['unit 1', 'unit 2']);
    } finally {
      await v.close();
    }
  });

  it('refuses an unknown device or control and acts on a known one', async () => {
    const registry = new SimulatorRegistry();
    const printer = byteCounter('printer', 'escpos');
    registry.register(printer.factory);
    const dir = mkdtempSync(join(tmpdir(), 'hall-virtual-'));
    dirs.push(dir);
    const withControls: VirtualDevicePlan[] = [plan[0]!];
    const v = await startVirtualHall({ ptyDir: dir, tcpPortBase: 0, plan: withControls, registry });
    try {
      // This stand-in lists no controls in its view, so even a control it would accept is refused.
      await expect(v.control('printer-1', 'paper-out')).rejects.toMatchObject({ code: 'VIRTUAL_CONTROL_UNKNOWN' });
      await expect(v.control('nope', 'paper-out')).rejects.toMatchObject({ code: 'VIRTUAL_DEVICE_UNKNOWN' });
    } finally {
      await v.close();
    }
  });

  it('keeps pty addresses across restarts, even after links were left dangling', async () => {
    const registry = new SimulatorRegistry();
    registry.register(byteCounter('board', 'onbon-bx').factory);
    const dir = mkdtempSync(join(tmpdir(), 'hall-virtual-'));
    dirs.push(dir);
    const one = [plan[1]!];
    const first = await startVirtualHall({ ptyDir: dir, tcpPortBase: 0, plan: one, registry });
    const address = first.configDevices()[0]!.address;
    await stopAllPtys(); // a hub killed: socat gone, its links left behind
    const second = await startVirtualHall({ ptyDir: dir, tcpPortBase: 0, plan: one, registry });
    try {
      expect(second.running).toHaveLength(1);
      expect(second.configDevices()[0]!.address).toBe(address);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('leaves out a simulator that cannot start, with its reason', async () => {
    const registry = new SimulatorRegistry();
    registry.register(byteCounter('printer', 'escpos').factory);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'hall-virtual-'));
    dirs.push(dir);
    try {
      const v = await startVirtualHall({ ptyDir: dir, tcpPortBase: port, plan: [plan[0]!], registry });
      expect(v.running).toHaveLength(0);
      expect(v.skipped[0]!.reason).toMatch(/EADDRINUSE/);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('plans the demo hall: ids unique, units on counters the demo has', () => {
    const ids = DEMO_VIRTUAL_DEVICES.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    const counters = new Set((demoHallInput({ realHours: false }).counters ?? []).map((c) => c.id));
    for (const d of DEMO_VIRTUAL_DEVICES) for (const u of d.units ?? []) expect(counters.has(u.counter!)).toBe(true);
  });

  it('names every demo virtual device in English too (shown at /virtual and on the dashboard in English mode)', () => {
    for (const d of DEMO_VIRTUAL_DEVICES) expect(d.nameEn, d.id).toMatch(/^[ -~]+$/);
  });
});
