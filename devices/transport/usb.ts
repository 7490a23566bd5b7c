// usb://VID:PID — a printer on its USB printer-class interface, through the `usb` package (3.x,
// WebUSB-shaped). Opens the device, claims the interface (detaching usblp first when it holds it),
// writes to the bulk OUT endpoint and reads the bulk IN endpoint (status back), if there is one.
// The module comes through an injectable loader (./native.ts), so tests pass a fake of usb's shape.
import { TransportError, ioError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import type { UsbAddress } from './address.js';
import { formatAddress, hex4 } from './address.js';
import { BaseTransport } from './base.js';
import type { Loader, UsbApi, UsbDeviceLike, UsbEndpointLike, UsbInterfaceLike } from './native.js';
import { loadUsb } from './native.js';

/** USB interface class of printers (USB Printer Class spec: class 07h). */
export const USB_CLASS_PRINTER = 0x07;
/** A bulk OUT transfer may wait this long while the printer feeds or cuts before it counts as failed. */
export const USB_WRITE_TIMEOUT_MS = 30_000;
/** Each bulk IN read waits this long before it is issued again (the wait ends at once when data comes). */
export const USB_READ_TIMEOUT_MS = 1000;

const isTimeout = (e: unknown) => /timed? ?out|timeout/i.test((e as Error)?.message ?? '');

/** The interface to claim: the one asked for, else the first printer-class one, else the first with a bulk OUT endpoint. */
export function pickUsbInterface(interfaces: UsbInterfaceLike[], wanted?: number): UsbInterfaceLike | undefined {
  if (wanted !== undefined) return interfaces.find((i) => i.interfaceNumber === wanted);
  const bulkOut = (i: UsbInterfaceLike) => i.alternate.endpoints.some((e) => e.type === 'bulk' && e.direction === 'out');
  return interfaces.find((i) => i.alternate.interfaceClass === USB_CLASS_PRINTER && bulkOut(i)) ?? interfaces.find(bulkOut);
}

export class UsbTransport extends BaseTransport {
  private device: UsbDeviceLike | null = null;
  private iface: number | null = null;
  private detached = false;
  private out: UsbEndpointLike | null = null;
  private stopped = false;

  constructor(
    readonly target: UsbAddress,
    private readonly loader: Loader<UsbApi> = loadUsb,
    log?: DeviceLogger,
  ) {
    super(formatAddress(target), 'usb', log);
  }

  protected async doOpen(): Promise<void> {
    const t = this.target;
    const api = await this.loader();
    let devices: UsbDeviceLike[];
    try {
      devices = await api.getDevices();
    } catch (e) {
      if (/not found|no such file/i.test((e as Error).message)) {
        throw new TransportError('NOT_FOUND', this.address, `no USB on this machine (${(e as Error).message})`, { cause: e });
      }
      throw e;
    }
    const id = `${hex4(t.vendorId)}:${hex4(t.productId)}`;
    const device = devices.find(
      (d) => d.vendorId === t.vendorId && d.productId === t.productId && (t.serialNumber === undefined || d.serialNumber === t.serialNumber),
    );
    if (!device) {
      throw new TransportError('NOT_FOUND', this.address, `no USB device ${id}${t.serialNumber ? ` with serial ${t.serialNumber}` : ''} is plugged in`);
    }
    this.device = device;
    await device.open();
    if (!device.configuration) {
      await device.selectConfiguration(device.configurations?.[0]?.configurationValue ?? 1);
    }
    const interfaces = device.configuration?.interfaces ?? [];
    const iface = pickUsbInterface(interfaces, t.interfaceNumber);
    if (!iface) {
      throw new TransportError(
        'NOT_FOUND',
        this.address,
        t.interfaceNumber !== undefined
          ? `${id} has no interface ${t.interfaceNumber} (it has ${interfaces.map((i) => i.interfaceNumber).join(', ') || 'none'})`
          : `${id} has no interface with a bulk OUT endpoint: not a printer?`,
      );
    }
    const out = iface.alternate.endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
    if (!out) throw new TransportError('NOT_FOUND', this.address, `interface ${iface.interfaceNumber} of ${id} has no bulk OUT endpoint`);
    try {
      await device.claimInterface(iface.interfaceNumber);
    } catch (first) {
      // usblp (or usbhid) holds the interface: detach it, then claim again.
      if (!t.detachKernelDriver || !device.detachKernelDriver) {
        throw new TransportError('BUSY', this.address, `interface ${iface.interfaceNumber} is held by another driver (${(first as Error).message}); allow ?detach=1`, { cause: first });
      }
      try {
        await device.detachKernelDriver(iface.interfaceNumber);
        this.detached = true;
        await device.claimInterface(iface.interfaceNumber);
      } catch (e) {
        throw new TransportError('BUSY', this.address, `cannot claim interface ${iface.interfaceNumber}: ${(e as Error).message}`, { cause: e });
      }
    }
    this.iface = iface.interfaceNumber;
    this.out = out;
    const inEp = iface.alternate.endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
    if (t.read && inEp) void this.readLoop(device, inEp);
  }

  private async readLoop(device: UsbDeviceLike, ep: UsbEndpointLike): Promise<void> {
    const length = Math.max(ep.packetSize || 64, 64);
    while (!this.stopped) {
      try {
        const r = await device.transferIn(ep.endpointNumber, length, USB_READ_TIMEOUT_MS);
        if (this.stopped) return;
        if (r.status === 'stall') {
          await device.clearHalt?.('in', ep.endpointNumber);
          continue;
        }
        if (r.data && r.data.byteLength > 0) {
          this.emitData(Buffer.from(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)));
        }
      } catch (e) {
        if (this.stopped) return;
        if (isTimeout(e)) continue; // nothing to read within the wait
        void this.lost(new TransportError('DISCONNECTED', this.address, `read failed: ${(e as Error).message}`, { cause: e }));
        return;
      }
    }
  }

  protected async doWrite(bytes: Buffer): Promise<void> {
    const device = this.device;
    const out = this.out;
    if (!device || !out || this.stopped) throw new TransportError('DISCONNECTED', this.address, 'the device is closed');
    let off = 0;
    while (off < bytes.length) {
      let r;
      try {
        r = await device.transferOut(out.endpointNumber, bytes.subarray(off), USB_WRITE_TIMEOUT_MS);
      } catch (e) {
        throw isTimeout(e)
          ? new TransportError('WRITE_FAILED', this.address, `the printer took no data for ${USB_WRITE_TIMEOUT_MS} ms`, { cause: e })
          : ioError(this.address, e, 'WRITE_FAILED');
      }
      if (r.status === 'stall') {
        await device.clearHalt?.('out', out.endpointNumber).catch(() => {});
        throw new TransportError('WRITE_FAILED', this.address, 'the bulk OUT endpoint stalled');
      }
      if (r.bytesWritten <= 0) throw new TransportError('WRITE_FAILED', this.address, 'the device took no bytes');
      off += r.bytesWritten;
    }
  }

  protected async doClose(): Promise<void> {
    this.stopped = true;
    const device = this.device;
    this.device = null;
    if (!device) return;
    if (this.iface !== null) {
      await device.releaseInterface(this.iface).catch(() => {});
      // Give the interface back to usblp, so /dev/usb/lp0 works again for other programs.
      if (this.detached) await device.attachKernelDriver?.(this.iface).catch(() => {});
    }
    if (device.opened) await device.close().catch(() => {});
  }
}
