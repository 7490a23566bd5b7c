// Which device hears of which hall event. Pure: the hub's supervisor and the agent route the same way.
//
// - ticket.called / ticket.recalled → the boards of that counter (窗口屏), and the boards without a
//   counter of the counter's zone (区域屏) or of no zone (the hall's 综合屏);
// - ticket.finished → the pad (评价器) and the keypad (呼叫器) of that counter;
// - counter.state → the board, pad and keypad of that counter (paused, staff logged in: 亮身份);
// - every event → drivers that asked for all.
// day.rolled and config.changed are routed only to drivers that asked for all: every driver gets the
// snapshot again after them instead.
import type { DeviceHallEvent, DriverInterest } from './driver.js';

export interface RoutableDevice {
  id: string;
  kind: string;
  zone: string | null;
  counter: string | null;
  /** Units on the device's bus (window screens, pads, keypads of several counters on one RS-485 line). */
  units?: ReadonlyArray<{ counter: string | null }>;
  interest: DriverInterest;
}

/** The counters a device stands at: its own, and its bus units'. */
function atCounter(device: RoutableDevice, counter: string): boolean {
  return device.counter === counter || !!device.units?.some((u) => u.counter === counter);
}

/** A board that shows the calls of a zone or of the whole hall: one without a counter, or a bus with such a screen. */
function isAreaBoard(device: RoutableDevice): boolean {
  if (device.units?.length) return device.units.some((u) => u.counter === null);
  return !device.counter;
}

/** Events after which every driver gets the whole hall again rather than a routed event. */
export const SNAPSHOT_EVENTS: ReadonlySet<string> = new Set(['day.rolled', 'config.changed']);

export function wantsEvent(device: RoutableDevice, e: DeviceHallEvent, counterZone: (counterId: string) => string | undefined): boolean {
  if (device.interest === 'all') return true;
  if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
    const counter = e.ticket?.counterId;
    if (!counter || device.kind !== 'board') return false;
    if (atCounter(device, counter)) return true;
    if (!isAreaBoard(device)) return false;
    if (!device.zone) return true;
    return device.zone === (counterZone(counter) ?? e.ticket!.zone);
  }
  if (e.type === 'ticket.finished') {
    const counter = e.ticket?.counterId;
    return !!counter && (device.kind === 'pad' || device.kind === 'keypad') && atCounter(device, counter);
  }
  if (e.type === 'counter.state') {
    const counter = e.counter?.id;
    return !!counter && (device.kind === 'board' || device.kind === 'pad' || device.kind === 'keypad') && atCounter(device, counter);
  }
  return false;
}

/** The events of a batch each device gets, in seq order (devices that get none are left out). */
export function routeEvents<D extends RoutableDevice>(
  events: readonly DeviceHallEvent[],
  devices: Iterable<D>,
  counters: ReadonlyArray<{ id: string; zone: string }>,
): Map<D, DeviceHallEvent[]> {
  const zones = new Map(counters.map((c) => [c.id, c.zone]));
  const zoneOf = (id: string) => zones.get(id);
  const out = new Map<D, DeviceHallEvent[]>();
  for (const d of devices) {
    const mine = events.filter((e) => (d.interest === 'all' || !SNAPSHOT_EVENTS.has(e.type)) && wantsEvent(d, e, zoneOf));
    if (mine.length) out.set(d, mine);
  }
  return out;
}
