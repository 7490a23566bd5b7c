// hid://VID:PID — HID devices (rating pads, caller keypads, vendor HID boards) through node-hid,
// hidraw backend by default on Linux. Each write is one output report: the address's reportId byte,
// then the frame. Each 'data' chunk is one input report as node-hid delivers it. The module comes
// through an injectable loader (./native.ts), so tests pass a fake of node-hid's shape.
import { TransportError } from '../errors.js';
import type { DeviceLogger } from '../logger.js';
import type { HidAddress } from './address.js';
import { formatAddress, hex4 } from './address.js';
import { BaseTransport } from './base.js';
import type { HidApi, HidHandleLike, Loader } from './native.js';
import { hidLoader } from './native.js';

export class HidTransport extends BaseTransport {
  private handle: HidHandleLike | null = null;
  private readonly loader: Loader<HidApi>;

  constructor(
    readonly target: HidAddress,
    loader?: Loader<HidApi>,
    log?: DeviceLogger,
  ) {
    super(formatAddress(target), 'hid', log);
    this.loader = loader ?? hidLoader(target.driver);
  }

  protected async doOpen(): Promise<void> {
    const t = this.target;
    const api = await this.loader();
    let path = t.path;
    const id = `${hex4(t.vendorId)}:${hex4(t.productId)}`;
    if (path === undefined) {
      const all = await api.devicesAsync();
      const found = all.filter(
        (d) => d.vendorId === t.vendorId && d.productId === t.productId && (t.interfaceNumber === undefined || d.interface === t.interfaceNumber),
      );
      if (found.length === 0) {
        throw new TransportError('NOT_FOUND', this.address, `no HID device ${id}${t.interfaceNumber !== undefined ? ` interface ${t.interfaceNumber}` : ''} is plugged in`);
      }
      path = found[0]!.path;
      if (!path) throw new TransportError('OPEN_FAILED', this.address, `node-hid gives no path for ${id}`);
    }
    const handle = await api.HIDAsync.open(path);
    this.handle = handle;
    handle.on('data', (d: Buffer) => this.emitData(Buffer.from(d)));
    // node-hid reports a failed read (the device was unplugged) as 'error' and stops reading.
    handle.on('error', (e: Error) => void this.lost(new TransportError('DISCONNECTED', this.address, `read failed: ${e.message}`, { cause: e })));
  }

  protected async doWrite(bytes: Buffer): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new TransportError('DISCONNECTED', this.address, 'the device is closed');
    const report = Buffer.concat([Buffer.of(this.target.reportId), bytes]);
    const n = await handle.write(report);
    if (n < report.length) throw new TransportError('WRITE_FAILED', this.address, `wrote ${n} of ${report.length} bytes of the report`);
  }

  protected async doClose(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (!handle) return;
    await handle.close().catch(() => {});
  }
}
