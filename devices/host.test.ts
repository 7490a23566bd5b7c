// A hosted device (link + driver) against a real TCP peer on 127.0.0.1: the driver is called one call
// at a time and in order, its failures and reports show in the health, its inputs are checked, and a
// bad address is an offline device that says why.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DeviceHallEvent, DeviceInput, DriverContext, DriverFactory, HallSnapshot } from './driver.js';
import { DriverRegistry } from './driver.js';
import type { HostedHealth } from './host.js';
import { DeviceHost } from './host.js';
import { startTcpPeer } from './testing/tcp-peer.js';
import { endAfterEach } from './testing/cleanup.js';
import { waitFor } from './testing/wait.js';

const FAST = { initialMs: 10, maxMs: 50, factor: 2, jitter: 0 };
const view = (seq: number): HallSnapshot => ({ seq, at: 0, businessDay: '2026-11-23', hall: { id: 'h', name: { zh: '厅' }, timezone: 'Asia/Shanghai' }, zones: [], counters: [], recentCalls: [], services: [], notice: null });
const ev = (seq: number): DeviceHallEvent => ({ seq, type: 'ticket.called', at: seq });

const atEnd = endAfterEach();

async function host(factory: DriverFactory | null, address?: string) {
  const registry = new DriverRegistry();
  if (factory) registry.register(factory);
  let addr = address;
  if (!addr) {
    const peer = await startTcpPeer();
    atEnd(() => peer.stop());
    addr = `tcp://127.0.0.1:${peer.port}`;
  }
  const health: HostedHealth[] = [];
  const inputs: DeviceInput[] = [];
  const h = new DeviceHost({
    device: { id: 'd1', kind: 'board', name: null, zone: null, counter: null, address: addr, kiosk: null, units: [] },
    registry,
    link: { reconnect: FAST },
    onHealth: (x) => health.push(x),
    onInput: (i) => inputs.push(i),
  });
  atEnd(() => h.stop());
  return { h, health, inputs };
}

describe('device host', () => {
  it('calls the driver one call at a time, in order, starting with the snapshot', async () => {
    const calls: string[] = [];
    const { h } = await host({
      kind: 'board',
      family: 'slow',
      create: async () => {
        await sleep(20);
        return {
          async onSnapshot(v) {
            calls.push(`snap ${v.seq} start`);
            await sleep(30);
            calls.push(`snap ${v.seq} end`);
          },
          onHallEvents(events) {
            calls.push(`events ${events.map((e) => e.seq).join(',')}`);
          },
        };
      },
    });
    h.start(view(1));
    h.deliver([ev(2), ev(3)], view(3));
    h.snapshot(view(4));
    h.deliver([ev(5)], view(5));
    await waitFor(() => calls.length === 6, 'every call');
    expect(calls).toEqual(['snap 1 start', 'snap 1 end', 'events 2,3', 'snap 4 start', 'snap 4 end', 'events 5']);
  });

  it("shows the driver's failure and its own reports in the health, and checks its inputs", async () => {
    let ctx: DriverContext | undefined;
    const { h, health, inputs } = await host({
      kind: 'board',
      family: 'reporting',
      create: (c) => {
        ctx = c;
        return {};
      },
    });
    h.start(null);
    await waitFor(() => h.health().state === 'online', 'online');
    ctx!.report({ state: 'degraded', reason: { code: 'PAPER_NEAR_END' } });
    expect(h.health()).toMatchObject({ state: 'degraded', reason: { code: 'PAPER_NEAR_END' } });
    ctx!.report({ state: 'online' });
    expect(h.health()).toMatchObject({ state: 'online', reason: null });
    expect(health.map((x) => x.state)).toEqual(['offline', 'online', 'degraded', 'online']);
    ctx!.emit({ type: 'rating', score: 5 });
    ctx!.emit({ type: 'rating', score: 9 } as unknown as DeviceInput);
    expect(inputs).toEqual([{ type: 'rating', score: 5 }]);
    await expect(h.command({ type: 'x' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });

    const broken = await host({ kind: 'board', family: 'broken', create: () => Promise.reject(new Error('boom')) });
    broken.h.start(null);
    await waitFor(() => broken.h.health().state === 'degraded', 'degraded');
    expect(broken.h.health().reason).toEqual({ code: 'DRIVER_FAILED', params: { detail: 'boom' } });
    await expect(broken.h.command({ type: 'x' })).rejects.toMatchObject({ code: 'DEVICE_OFFLINE' });
  });

  it('a bad address or a missing family is reported, not thrown', async () => {
    const bad = await host(null, 'tcp://10.0.0.5');
    bad.h.start(null);
    expect(bad.h.health()).toMatchObject({ state: 'offline', stats: null });
    expect(bad.h.health().reason).toMatchObject({ code: 'ADDRESS_INVALID', params: { detail: expect.stringMatching(/^tcp:\/\/10\.0\.0\.5: a tcp address is/) } });
    await expect(bad.h.command({ type: 'x' })).rejects.toMatchObject({ code: 'NO_DRIVER' });
    const none = await host(null);
    none.h.start(null);
    await waitFor(() => none.h.health().state === 'online', 'online without a driver');
    expect(none.h.health().reason).toEqual({ code: 'NO_DRIVER' });
  });
});
