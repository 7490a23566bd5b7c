// Routing hall events to devices, and the driver registry: which device hears of which event, which
// family drives a device, and how the family is split off its address.
import { describe, expect, it } from 'vitest';
import type { DeviceHallEvent, DriverFactory } from './driver.js';
import { DriverRegistry, splitFamily } from './driver.js';
import type { RoutableDevice } from './routing.js';
import { routeEvents } from './routing.js';

const counters = [
  { id: '3', zone: 'F1' },
  { id: '12', zone: 'F2' },
];
const dev = (id: string, kind: string, zone: string | null, counter: string | null, interest: 'routed' | 'all' = 'routed'): RoutableDevice => ({ id, kind, zone, counter, interest });
const devices = [
  dev('window-3', 'board', 'F1', '3'),
  dev('window-12', 'board', 'F2', '12'),
  dev('floor-1', 'board', 'F1', null),
  dev('floor-2', 'board', 'F2', null),
  dev('hall', 'board', null, null),
  dev('pad-3', 'pad', 'F1', '3'),
  dev('keypad-3', 'keypad', 'F1', '3'),
  dev('pad-12', 'pad', 'F2', '12'),
  dev('printer', 'printer', 'F1', null),
  dev('logger', 'printer', null, null, 'all'),
];
const ticket = (counterId: string | null, zone = 'F1') => ({
  id: 't1', number: 'B001', serviceId: 'medical-insurance', zone, state: 'called', priority: 'normal', channel: 'kiosk', counterId, recalls: 0, issuedAt: 0, calledAt: 1, lastCalledAt: 1, finishedAt: null,
});
const ev = (seq: number, type: string, extra: Partial<DeviceHallEvent> = {}): DeviceHallEvent => ({ seq, type, at: seq, ...extra });
const routed = (events: DeviceHallEvent[]) => {
  const out: Record<string, number[]> = {};
  for (const [d, list] of routeEvents(events, devices, counters)) out[d.id] = list.map((e) => e.seq);
  return out;
};

describe('routing', () => {
  it('a call goes to the boards of the counter, of its zone and of the hall', () => {
    expect(routed([ev(1, 'ticket.called', { ticket: ticket('3') })])).toEqual({ 'window-3': [1], 'floor-1': [1], hall: [1], logger: [1] });
    expect(routed([ev(2, 'ticket.recalled', { ticket: ticket('12', 'F1') })])).toEqual({ 'window-12': [2], 'floor-2': [2], hall: [2], logger: [2] });
  });

  it('a finish goes to the pad and keypad of the counter; a counter change to its board, pad and keypad', () => {
    expect(routed([ev(3, 'ticket.finished', { ticket: ticket('3') })])).toEqual({ 'pad-3': [3], 'keypad-3': [3], logger: [3] });
    const state = ev(4, 'counter.state', { cause: 'pause', counter: { id: '3', zone: 'F1', state: 'paused', staffNo: '1003', ticketId: null, pauseReason: 'lunch' } });
    expect(routed([state])).toEqual({ 'window-3': [4], 'pad-3': [4], 'keypad-3': [4], logger: [4] });
  });

  it('anything else only to drivers that ask for all, in seq order; rollovers and config changes are snapshots', () => {
    const batch = [ev(5, 'ticket.issued', { ticket: ticket(null) }), ev(6, 'ticket.called', { ticket: ticket('3') }), ev(7, 'day.rolled'), ev(8, 'config.changed')];
    expect(routed(batch)).toEqual({ 'window-3': [6], 'floor-1': [6], hall: [6], logger: [5, 6, 7, 8] });
  });
});

describe('driver registry and addresses', () => {
  const f = (kind: string, family: string, extra: Partial<DriverFactory> = {}): DriverFactory => ({ kind, family, create: () => ({}), ...extra });

  it('finds a family by kind and name, or the default of the kind', () => {
    const r = new DriverRegistry();
    expect(r.find('board', null)).toBeUndefined();
    const bx = f('board', 'onbon-bx5');
    r.register(bx);
    expect(r.find('board', null)).toBe(bx); // the only one of its kind
    const plain = f('board', 'plain-window', { default: true });
    r.register(plain);
    expect(r.find('board', null)).toBe(plain);
    expect(r.find('board', 'onbon-bx5')).toBe(bx);
    expect(r.find('board', 'nope')).toBeUndefined();
    expect(r.find('printer', 'onbon-bx5')).toBeUndefined();
    const again = f('board', 'onbon-bx5');
    const remove = r.register(again);
    expect(r.find('board', 'onbon-bx5')).toBe(again);
    remove();
    expect(r.find('board', 'onbon-bx5')).toBeUndefined();
  });

  it('splits the family off an address and keeps the rest as it was', () => {
    expect(splitFamily('tcp://10.0.0.5:9100')).toEqual({ transport: 'tcp://10.0.0.5:9100', family: null });
    expect(splitFamily('tcp://10.0.0.5:9100?family=escpos')).toEqual({ transport: 'tcp://10.0.0.5:9100', family: 'escpos' });
    expect(splitFamily('serial:/dev/ttyUSB0?baud=9600&family=onbon-bx5&parity=even')).toEqual({ transport: 'serial:/dev/ttyUSB0?baud=9600&parity=even', family: 'onbon-bx5' });
    expect(splitFamily('hid://1a2c:2124?path=/dev/hidraw3&family=keyboard-pad')).toEqual({ transport: 'hid://1a2c:2124?path=/dev/hidraw3', family: 'keyboard-pad' });
  });
});
