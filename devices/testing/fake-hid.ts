// A fake of node-hid (3.x) for tests at the adapter boundary: this machine has no uhid, so no real
// HID device can be made. devicesAsync() lists device infos; HIDAsync.open(path) gives a handle that
// is an EventEmitter with 'data' (input reports) and 'error' (a failed read: unplugged), write(values)
// resolving to the bytes written (report ID included) and close().
import { EventEmitter } from 'node:events';
import type { HidApi, HidDeviceInfo, HidHandleLike } from '../transport/native.js';

export class FakeHidHandle extends EventEmitter implements HidHandleLike {
  readonly written: Buffer[] = [];
  closed = false;
  /** How many bytes the next write reports (default: all). */
  shortWrite?: number;

  constructor(readonly path: string) {
    super();
  }

  async write(values: number[] | Buffer): Promise<number> {
    if (this.closed) throw new Error('Cannot write to a closed HID device');
    const b = Buffer.from(values);
    this.written.push(b);
    const n = this.shortWrite ?? b.length;
    this.shortWrite = undefined;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
  }

  /** The device sends an input report. */
  input(bytes: number[] | Buffer): void {
    this.emit('data', Buffer.from(bytes));
  }

  /** The device is unplugged: node-hid's read thread reports an error. */
  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
}

export function fakeHidApi(devices: HidDeviceInfo[]): HidApi & { handles: FakeHidHandle[] } {
  const handles: FakeHidHandle[] = [];
  return {
    handles,
    async devicesAsync() {
      return devices.map((d) => ({ ...d }));
    },
    HIDAsync: {
      async open(path: string) {
        if (!devices.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
        const h = new FakeHidHandle(path);
        handles.push(h);
        return h;
      },
    },
  };
}
