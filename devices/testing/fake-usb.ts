// A fake of the `usb` module (3.x, WebUSB-shaped) for tests at the adapter boundary: this machine
// has no USB gadget support, so no real device can be made. The shape follows usb's UsbDevice:
// open/close, configuration.interfaces[].alternate.endpoints, claimInterface, detachKernelDriver,
// transferOut → { bytesWritten, status }, transferIn → { data: DataView, status }.
import type {
  UsbApi,
  UsbConfigurationLike,
  UsbDeviceLike,
  UsbEndpointLike,
  UsbTransferInResult,
  UsbTransferOutResult,
} from '../transport/native.js';

export interface FakeUsbOptions {
  vendorId: number;
  productId: number;
  deviceClass?: number;
  manufacturerName?: string;
  productName?: string;
  serialNumber?: string;
  bus?: string;
  /** Interfaces: class and endpoints (default: one printer-class interface, bulk OUT 1, bulk IN 2). */
  interfaces?: Array<{ interfaceClass: number; interfaceSubclass?: number; interfaceProtocol?: number; endpoints: UsbEndpointLike[] }>;
  /** Interfaces a kernel driver (usblp, usbhid) holds: claiming them fails until detached. */
  kernelDriverOn?: number[];
}

export const PRINTER_INTERFACE = {
  interfaceClass: 7,
  interfaceSubclass: 1,
  interfaceProtocol: 2,
  endpoints: [
    { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize: 64 },
    { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize: 64 },
  ] as UsbEndpointLike[],
};

const gone = () => Object.assign(new Error('Device disconnected'), { code: 'GenericFailure' });

export class FakeUsbDevice implements UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly deviceClass: number;
  readonly deviceSubclass = 0;
  readonly deviceProtocol = 0;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly serialNumber: string | null;
  readonly bus: string;
  readonly address = 4;
  opened = false;
  unplugged = false;
  /** Every call, in order ("open", "claimInterface 0", …). */
  readonly calls: string[] = [];
  /** Bulk OUT transfers as the device received them. */
  readonly received: Buffer[] = [];
  /** Outcomes for the next transferOut calls: a byte count (partial transfer), 'stall', or 'error'. */
  readonly outScript: Array<number | 'stall' | 'error'> = [];
  private readonly kernel: Set<number>;
  private readonly claimed = new Set<number>();
  private readonly inData: Buffer[] = [];
  private inWaiters: Array<(r: UsbTransferInResult | Error) => void> = [];
  private readonly config: UsbConfigurationLike;
  private selected: UsbConfigurationLike | null = null;

  constructor(o: FakeUsbOptions) {
    this.vendorId = o.vendorId;
    this.productId = o.productId;
    this.deviceClass = o.deviceClass ?? 0;
    this.manufacturerName = o.manufacturerName ?? null;
    this.productName = o.productName ?? null;
    this.serialNumber = o.serialNumber ?? null;
    this.bus = o.bus ?? '1-1';
    this.kernel = new Set(o.kernelDriverOn ?? []);
    const ifaces = o.interfaces ?? [PRINTER_INTERFACE];
    this.config = {
      configurationValue: 1,
      interfaces: ifaces.map((i, n) => {
        const alternate = { alternateSetting: 0, interfaceClass: i.interfaceClass, interfaceSubclass: i.interfaceSubclass ?? 0, interfaceProtocol: i.interfaceProtocol ?? 0, endpoints: i.endpoints };
        return { interfaceNumber: n, claimed: false, alternate, alternates: [alternate] };
      }),
    };
  }

  get configuration(): UsbConfigurationLike | null {
    return this.selected;
  }

  get configurations(): UsbConfigurationLike[] {
    return [this.config];
  }

  get kernelDriverInterfaces(): number[] {
    return [...this.kernel];
  }

  private check(): void {
    if (this.unplugged) throw gone();
  }

  async open(): Promise<void> {
    this.calls.push('open');
    this.check();
    this.opened = true;
  }

  async close(): Promise<void> {
    this.calls.push('close');
    this.opened = false;
    this.selected = null;
  }

  async selectConfiguration(v: number): Promise<void> {
    this.calls.push(`selectConfiguration ${v}`);
    this.check();
    this.selected = this.config;
  }

  async claimInterface(n: number): Promise<void> {
    this.calls.push(`claimInterface ${n}`);
    this.check();
    if (this.kernel.has(n)) throw new Error('claimInterface error: Device or resource busy (os error 16)');
    this.claimed.add(n);
  }

  async releaseInterface(n: number): Promise<void> {
    this.calls.push(`releaseInterface ${n}`);
    this.claimed.delete(n);
  }

  async detachKernelDriver(n: number): Promise<void> {
    this.calls.push(`detachKernelDriver ${n}`);
    this.check();
    this.kernel.delete(n);
  }

  async attachKernelDriver(n: number): Promise<void> {
    this.calls.push(`attachKernelDriver ${n}`);
    this.kernel.add(n);
  }

  async clearHalt(direction: 'in' | 'out', ep: number): Promise<void> {
    this.calls.push(`clearHalt ${direction} ${ep}`);
  }

  async transferOut(ep: number, data: Uint8Array): Promise<UsbTransferOutResult> {
    this.check();
    if (!this.opened || this.claimed.size === 0) throw new Error('transferOut error: interface not claimed');
    const step = this.outScript.shift();
    if (step === 'stall') return { bytesWritten: 0, status: 'stall' };
    if (step === 'error') throw gone();
    const n = typeof step === 'number' ? Math.min(step, data.length) : data.length;
    this.received.push(Buffer.from(data.subarray(0, n)));
    this.calls.push(`transferOut ${ep} ${n}`);
    return { bytesWritten: n, status: 'ok' };
  }

  transferIn(_ep: number, length: number, timeout = 1000): Promise<UsbTransferInResult> {
    if (this.unplugged) return Promise.reject(gone());
    const next = this.inData.shift();
    if (next) return Promise.resolve(this.inResult(next.subarray(0, length)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.inWaiters = this.inWaiters.filter((w) => w !== waiter);
        reject(new Error('transferIn error: Transfer timed out'));
      }, timeout);
      const waiter = (r: UsbTransferInResult | Error) => {
        clearTimeout(timer);
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      this.inWaiters.push(waiter);
    });
  }

  private inResult(b: Buffer): UsbTransferInResult {
    const copy = new Uint8Array(b);
    return { data: new DataView(copy.buffer), status: 'ok' };
  }

  /** The device sends bytes on its bulk IN endpoint (printer status back). */
  sendIn(bytes: Buffer | number[]): void {
    const b = Buffer.from(bytes);
    const w = this.inWaiters.shift();
    if (w) w(this.inResult(b));
    else this.inData.push(b);
  }

  /** The cable is pulled: pending and later transfers fail. */
  unplug(): void {
    this.unplugged = true;
    for (const w of this.inWaiters.splice(0)) w(gone());
  }
}

/** A fake `usb` export: the devices currently plugged in. `missingSysfs` mimics a container without USB. */
export function fakeUsbApi(devices: FakeUsbDevice[], options: { missingSysfs?: boolean } = {}): UsbApi & { devices: FakeUsbDevice[] } {
  return {
    devices,
    async getDevices() {
      if (options.missingSysfs) throw Object.assign(new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)'), { code: 'GenericFailure' });
      return devices.filter((d) => !d.unplugged);
    },
  };
}
