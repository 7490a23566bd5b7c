// A scripted device for Link tests: each connection attempt gets a FakeTransport (the real
// BaseTransport state machine), the FakeDevice decides whether it opens, how each write ends, and can
// be unplugged or answer. `handedOver` is what the OS "took"; `attempts` every write call.
import { TransportError } from '../errors.js';
import { BaseTransport } from '../transport/base.js';
import type { Transport } from '../transport/types.js';

export type WriteOutcome = 'ok' | 'fail' | 'unplug' | 'hang';

export class FakeTransport extends BaseTransport {
  private hung: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(private readonly device: FakeDevice) {
    super('fake://device', 'tcp');
  }

  protected async doOpen(): Promise<void> {
    this.device.opens += 1;
    if (!this.device.plugged) throw new TransportError('NOT_FOUND', this.address, 'unplugged');
    this.device.current = this;
  }

  protected doWrite(bytes: Buffer): Promise<void> {
    this.device.attempts.push(bytes);
    const outcome = this.device.nextOutcome(bytes);
    if (outcome === 'ok') {
      this.device.handedOver.push(bytes);
      this.device.onHandedOver?.(bytes, this);
      return Promise.resolve();
    }
    if (outcome === 'fail') return Promise.reject(Object.assign(new Error('write EIO'), { code: 'EIO' }));
    if (outcome === 'unplug') {
      // The device goes away while the write is inside the OS: the write fails with the close.
      return new Promise<void>((_resolve, reject) => {
        this.hung.push({ resolve: () => {}, reject });
        queueMicrotask(() => this.device.unplug());
      });
    }
    return new Promise<void>((resolve, reject) => this.hung.push({ resolve, reject }));
  }

  /** Lets hung writes complete (handed over). */
  release(): void {
    for (const h of this.hung.splice(0)) h.resolve();
  }

  protected async doClose(): Promise<void> {
    if (this.device.current === this) this.device.current = null;
    for (const h of this.hung.splice(0)) h.reject(Object.assign(new Error('closed'), { code: 'EBADF' }));
  }

  deliver(bytes: Buffer): void {
    this.emitData(bytes);
  }

  lose(): void {
    void this.lost(new TransportError('DISCONNECTED', this.address, 'unplugged'));
  }
}

export class FakeDevice {
  plugged = true;
  opens = 0;
  current: FakeTransport | null = null;
  readonly attempts: Buffer[] = [];
  readonly handedOver: Buffer[] = [];
  /** Outcomes for the next writes, in order; 'ok' when empty. */
  readonly script: WriteOutcome[] = [];
  onHandedOver?: (bytes: Buffer, t: FakeTransport) => void;

  readonly factory = (): Transport => new FakeTransport(this);

  nextOutcome(_bytes: Buffer): WriteOutcome {
    return this.script.shift() ?? 'ok';
  }

  unplug(): void {
    this.plugged = false;
    this.current?.lose();
  }

  plug(): void {
    this.plugged = true;
  }

  reply(bytes: Buffer | string): void {
    this.current?.deliver(Buffer.from(bytes));
  }
}
