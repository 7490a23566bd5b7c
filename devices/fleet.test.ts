// The one device fleet the hub's supervisor and the agent share, against real TCP peers on 127.0.0.1:
// reconcile starts, keeps, restarts and stops hosts; committed events reach only the drivers routing
// gives them to; a replaced host's late reports are dropped; commands and stop go through it.
import { describe, expect, it } from 'vitest';
import type { DeviceHallEvent, DeviceInput, DriverDevice, HallSnapshot } from './driver.js';
import { DeviceCommandError, DriverRegistry } from './driver.js';
import { DeviceFleet } from './fleet.js';
import type { HostedHealth } from './host.js';
import { TransportError } from './errors.js';
import { startTcpPeer, type TcpPeer } from './testing/tcp-peer.js';
import { serialPortLoader } from './transport/native.js';
import { endAfterEach } from './testing/cleanup.js';
import { waitFor } from './testing/wait.js';

const FAST = { initialMs: 10, maxMs: 50, factor: 2, jitter: 0 };
const view = (seq: number): HallSnapshot => ({ seq, at: 0, businessDay: '2026-11-23', hall: { id: 'h', name: { zh: '厅' }, timezone: 'Asia/Shanghai' }, zones: [], counters: [], recentCalls: [], services: [], notice: null });
const called = (seq: number, counterId: string): DeviceHallEvent => ({ seq, type: 'ticket.called', at: seq, ticket: { id: `t${seq}`, number: `A${seq}`, serviceId: 's', zone: 'z1', state: 'called', priority: 'normal', channel: 'kiosk', counterId, recalls: 0, issuedAt: 0, calledAt: seq, lastCalledAt: seq, finishedAt: null } });
const COUNTERS = [
  { id: '1', zone: 'z1' },
  { id: '2', zone: 'z1' },
];

const atEnd = endAfterEach();

interface Seen {
  calls: string[];
  health: HostedHealth[];
  inputs: Array<{ id: string; input: DeviceInput; at: number }>;
}

/** A fleet whose `board` driver writes down every call it gets, by device id and instance. */
function fleet(now?: () => number): { fleet: DeviceFleet; seen: Seen; emitters: Map<string, (i: DeviceInput) => void> } {
  const seen: Seen = { calls: [], health: [], inputs: [] };
  const emitters = new Map<string, (i: DeviceInput) => void>();
  const registry = new DriverRegistry();
  let instance = 0;
  registry.register({
    kind: 'board',
    family: 'record',
    create: (ctx) => {
      const me = `${ctx.device.id}#${++instance}`;
      emitters.set(ctx.device.id, ctx.emit);
      return {
        onSnapshot: (v) => void seen.calls.push(`${me} snapshot ${v.seq}`),
        onHallEvents: (evs) => void seen.calls.push(`${me} events ${evs.map((e) => e.seq).join(',')}`),
        onCommand: (c) => (c.type === 'hang' ? new Promise(() => {}) : { echoed: c.type, by: me }),
        stop: () => void seen.calls.push(`${me} stop`),
      };
    },
  });
  const f = new DeviceFleet({
    registry,
    link: { reconnect: FAST },
    ...(now ? { now } : {}),
    onHealth: (h) => seen.health.push(h),
    onInput: (id, input, at) => seen.inputs.push({ id, input, at }),
  });
  atEnd(() => f.stop());
  return { fleet: f, seen, emitters };
}

async function peer(): Promise<TcpPeer> {
  const p = await startTcpPeer();
  atEnd(() => p.stop());
  return p;
}

const board = (id: string, port: number, counter: string | null, extra: Partial<DriverDevice> = {}): DriverDevice => ({ id, kind: 'board', name: null, zone: 'z1', counter, address: `tcp://127.0.0.1:${port}`, kiosk: null, units: [], ...extra });

describe('device fleet', () => {
  it('starts, keeps, restarts a changed device and stops a removed one', async () => {
    const [pa, pb] = [await peer(), await peer()];
    const { fleet: f, seen } = fleet();
    const first = f.reconcile([board('a', pa.port, '1'), board('b', pb.port, '2')], view(1));
    expect(first.started.map((h) => h.device.id)).toEqual(['a', 'b']);
    await waitFor(() => pa.connections === 1 && pb.connections === 1, 'both links connected');
    await waitFor(() => seen.calls.includes('a#1 snapshot 1') && seen.calls.includes('b#2 snapshot 1'), 'first snapshots');

    // a unchanged, b moved to counter 1 (a restart), c new; the view is asked for once, only because something starts.
    const pc = await peer();
    let views = 0;
    const second = f.reconcile([board('a', pa.port, '1'), board('b', pb.port, '1'), board('c', pc.port, null)], () => (views++, view(2)));
    expect(views).toBe(1);
    expect(second.kept.map((h) => h.device.id)).toEqual(['a']);
    expect(second.started.map((h) => h.device.id)).toEqual(['b', 'c']);
    await waitFor(() => seen.calls.includes('b#2 stop') && seen.calls.includes('b#3 snapshot 2') && seen.calls.includes('c#4 snapshot 2'), 'b restarted, c started');
    await waitFor(() => pb.connections === 2, 'b reconnected as a new link');

    // Nothing changes: nothing starts, and the view is not drawn.
    const third = f.reconcile([board('a', pa.port, '1'), board('b', pb.port, '1'), board('c', pc.port, null)], () => {
      throw new Error('no view needed');
    });
    expect(third.started).toEqual([]);

    // c removed: its driver stops, the others stay.
    f.reconcile([board('a', pa.port, '1'), board('b', pb.port, '1')], view(3));
    expect(f.ids).toEqual(['a', 'b']);
    await waitFor(() => seen.calls.includes('c#4 stop'), 'c stopped');
    expect(seen.calls.filter((c) => c.endsWith(' stop'))).toEqual(['b#2 stop', 'c#4 stop']);
  });

  it('routes events to the drivers routing names, skips the devices left out, and snapshots them all', async () => {
    const [p1, p2, ph] = [await peer(), await peer(), await peer()];
    const { fleet: f, seen } = fleet();
    const { started } = f.reconcile([board('w1', p1.port, '1'), board('w2', p2.port, '2'), board('hall', ph.port, null)], view(1));
    await waitFor(() => seen.calls.filter((c) => c.includes('snapshot 1')).length === 3, 'three snapshots');

    f.deliver([called(5, '1')], view(5), COUNTERS);
    await waitFor(() => seen.calls.includes('w1#1 events 5') && seen.calls.includes('hall#3 events 5'), 'the counter board and the hall board got the call');
    // Events are queued per host in order: a later batch reaching w2 proves w2's queue went past the point where event 5 would be.
    f.deliver([called(6, '2')], view(6), COUNTERS);
    await waitFor(() => seen.calls.includes('w2#2 events 6') && seen.calls.includes('hall#3 events 6'), 'w2 and the hall board got the call at 2');
    expect(seen.calls.filter((c) => c.startsWith('w2#2 events'))).toEqual(['w2#2 events 6']);

    // The hosts left out (e.g. started by this very batch) get nothing.
    const except = new Set(started.filter((h) => h.device.id === 'hall'));
    f.deliver([called(7, '1')], view(7), COUNTERS, except);
    f.snapshot(view(8), except);
    await waitFor(() => seen.calls.includes('w1#1 snapshot 8') && seen.calls.includes('w2#2 snapshot 8'), 'snapshot to the others');
    expect(seen.calls.filter((c) => c.startsWith('hall#3'))).toEqual(['hall#3 snapshot 1', 'hall#3 events 5', 'hall#3 events 6']);
    expect(seen.calls.indexOf('w1#1 events 7')).toBeLessThan(seen.calls.indexOf('w1#1 snapshot 8'));
  });

  it('a device without a driver keeps its link but draws no hall', async () => {
    const p = await peer();
    const { fleet: f, seen } = fleet();
    f.reconcile([{ ...board('x', p.port, '1'), kind: 'pad' }], view(1));
    await waitFor(() => seen.health.some((h) => h.id === 'x' && h.state === 'online'), 'the link is up');
    let drawn = 0;
    f.deliver([called(2, '1')], () => (drawn++, view(2)), COUNTERS);
    f.snapshot(() => (drawn++, view(3)));
    expect(drawn).toBe(0);
    await expect(f.command('x', { type: 'test' })).rejects.toMatchObject({ code: 'NO_DRIVER' });
  });

  it('runs commands, times them out, refuses unknown devices; inputs carry the fleet clock; a replaced host is not heard', async () => {
    const p = await peer();
    const { fleet: f, seen, emitters } = fleet(() => 1_000);
    f.reconcile([board('a', p.port, '1')], view(1));
    expect(await f.command('a', { type: 'ping' })).toEqual({ echoed: 'ping', by: 'a#1' });
    const timeout = await f.command('a', { type: 'hang' }, 50).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(DeviceCommandError);
    expect(timeout).toMatchObject({ code: 'TIMEOUT', deviceId: 'a' });
    await expect(f.command('nope', { type: 'ping' })).rejects.toMatchObject({ code: 'DEVICE_UNKNOWN' });

    const oldEmit = emitters.get('a')!;
    oldEmit({ type: 'key', key: 'F1' });
    expect(seen.inputs).toEqual([{ id: 'a', input: { type: 'key', key: 'F1' }, at: 1_000 }]);

    // Restarted (its counter changed): the old instance's late input is dropped, the new one's arrives.
    f.reconcile([board('a', p.port, '2')], view(2));
    await waitFor(() => emitters.get('a') !== oldEmit, 'the new driver is made');
    oldEmit({ type: 'key', key: 'late' });
    emitters.get('a')!({ type: 'key', key: 'F2' });
    expect(seen.inputs.map((i) => (i.input as { key: string }).key)).toEqual(['F1', 'F2']);
  });

  it('a native module that cannot load fails only its own addresses: the other devices run', async () => {
    const p = await peer();
    const seen: HostedHealth[] = [];
    // What the real loaders throw where a binding is missing (devices/transport/native.ts).
    const unavailable = (what: string) => async () => {
      throw new TransportError('MODULE_UNAVAILABLE', `${what}://`, `${what} cannot be loaded here: no native build was found`);
    };
    const f = new DeviceFleet({
      link: {
        reconnect: FAST,
        deps: {
          usb: unavailable('usb'),
          hid: unavailable('hid'),
          serialport: serialPortLoader(() => {
            throw new Error('No native build was found for platform=linux (@serialport/bindings-cpp)');
          }),
        },
      },
      onHealth: (h) => seen.push(h),
      onInput: () => {},
    });
    atEnd(() => f.stop());
    const dev = (id: string, address: string): DriverDevice => ({ id, kind: 'printer', name: null, zone: null, counter: null, address, kiosk: null, units: [] });
    f.reconcile([dev('usb', 'usb://0483:5743'), dev('hid', 'hid://0483:5750'), dev('serial', 'serial:/dev/ttyUSB9?baud=9600'), dev('tcp', `tcp://127.0.0.1:${p.port}`)], view(1));
    await waitFor(() => seen.some((h) => h.id === 'tcp' && h.state === 'online'), 'the TCP device online');
    await waitFor(() => ['usb', 'hid', 'serial'].every((id) => seen.some((h) => h.id === id && h.state === 'offline' && h.reason?.code === 'MODULE_UNAVAILABLE' && /cannot be loaded/.test(String(h.reason.params?.detail)))), 'the others offline, saying why');
  });

  it('stop() stops every device and waits for them', async () => {
    const [pa, pb] = [await peer(), await peer()];
    const { fleet: f, seen } = fleet();
    f.reconcile([board('a', pa.port, '1'), board('b', pb.port, '2')], view(1));
    await waitFor(() => seen.calls.filter((c) => c.includes('snapshot 1')).length === 2, 'both started');
    await f.stop();
    expect(f.ids).toEqual([]);
    expect(seen.calls.filter((c) => c.endsWith(' stop')).sort()).toEqual(['a#1 stop', 'b#2 stop']);
    expect(f.health()).toEqual([]);
  });
});
