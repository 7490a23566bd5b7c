// The escpos driver through a real Link into the emulator, over TCP on 127.0.0.1 and over a kernel pty
// pair: a ticket prints once and is reported done; the paper running out before or during a job, the
// cable pulled mid-job and the way back; status changes become device health.
import { afterEach, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../devices/driver.js';
import type { HostedHealth } from '../devices/host.js';
import { DeviceHost } from '../devices/host.js';
import { stopAllPtys } from '../devices/pty.js';
import { endAfterEach } from '../devices/testing/cleanup.js';
import { waitFor } from '../devices/testing/wait.js';
import { escpos58Driver, escposDriver, type PrintOutcome } from './driver.js';
import { columns } from './decoder.js';
import { startPrinterEmulator } from './emulator.js';
import { sampleTicket } from './render.js';

const FAST = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0 };
// Registered first, so it runs last (vitest runs after-hooks as a stack): the links close before their ptys go.
afterEach(() => stopAllPtys());
const atEnd = endAfterEach();

async function setup(transport: 'tcp' | 'pty', width: 58 | 80 = 80) {
  const emulator = await startPrinterEmulator({ transport, width, family: width === 58 ? 'escpos-58' : 'escpos' });
  atEnd(() => emulator.close());
  const registry = new DriverRegistry();
  registry.register(escposDriver);
  registry.register(escpos58Driver);
  const health: HostedHealth[] = [];
  const host = new DeviceHost({
    device: { id: 'p1', kind: 'printer', name: null, zone: null, counter: null, address: emulator.address, kiosk: 'kiosk-1', units: [] },
    registry,
    link: { reconnect: FAST },
    onHealth: (h) => health.push(h),
    onInput: () => {},
  });
  atEnd(() => host.stop());
  host.start(null);
  // Online, and the driver has switched automatic status back on.
  await waitFor(() => host.health().state === 'online' && emulator.decoder.asbEnabled, 'printer online with ASB');
  let n = 0;
  const print = (extra: Record<string, unknown> = {}) =>
    host.command({ type: 'print', jobId: `job-${++n}`, ticket: { ...sampleTicket(), number: `A${String(n).padStart(3, '0')}` }, ...extra }) as Promise<PrintOutcome>;
  return { emulator, host, health, print };
}

for (const transport of ['tcp', 'pty'] as const) {
  describe(`escpos driver over ${transport}`, () => {
    it('prints a ticket once and reports it done; the emulator decodes it', async () => {
      const { emulator, print } = await setup(transport);
      const out = await print();
      expect(out).toMatchObject({ jobId: 'job-1', state: 'done' });
      expect(emulator.total).toBe(1);
      const text = emulator.textLines().join('\n');
      expect(text).toContain('A001');
      expect(text).toContain('社保业务');
      expect(text).toContain('[QR http://127.0.0.1:8080/t/sample]');
      expect(text).toContain('[partial cut]');
      expect(emulator.view().image).toMatch(/^data:image\/png;base64,/);
    });

    it('paper out before the job: failed at once, nothing sent; paper back: prints again', async () => {
      const { emulator, host, print } = await setup(transport);
      await emulator.control('paper-out');
      // The status comes in parts (the printer's offline bit, then its paper sensor): wait for the reason, not
      // the first offline.
      await waitFor(() => host.health().reason?.code === 'PAPER_OUT', 'paper out reported');
      expect(host.health()).toMatchObject({ state: 'offline', reason: { code: 'PAPER_OUT' } });
      const bytesBefore = emulator.decoder.stats.bytes;
      expect(await print()).toMatchObject({ state: 'failed', reason: '缺纸 / paper out', bytes: 0 });
      expect(emulator.decoder.stats.bytes).toBe(bytesBefore);
      await emulator.control('paper-ok');
      await waitFor(() => host.health().state === 'online', 'online after paper is loaded');
      expect(await print()).toMatchObject({ state: 'done' });
      expect(emulator.total).toBe(1);
    });

    it('paper runs out mid-job: failed with the reason, the rest is cleared, not printed later', async () => {
      const { emulator, host, print } = await setup(transport);
      emulator.decoder.paperLines = 6;
      const out = await print({ profile: { jobTimeoutMs: 1500 } });
      expect(out).toMatchObject({ state: 'failed', reason: '缺纸 / paper out' });
      expect(host.health()).toMatchObject({ state: 'offline' });
      // DLE DC4 8 reached the printer: what it held of job 1 is gone.
      await waitFor(() => emulator.decoder.held === 0, 'the held rest of the job cleared');
      expect(emulator.total).toBe(0);
      await emulator.control('paper-ok');
      await waitFor(() => host.health().state === 'online', 'online after paper is loaded');
      // The held rest of job 1 was cleared: only job 2 comes out.
      expect(await print()).toMatchObject({ jobId: 'job-2', state: 'done' });
      expect(emulator.total).toBe(1);
      expect(emulator.textLines().join('\n')).toContain('A002');
    });

    it('near end: degraded, still prints', async () => {
      const { emulator, host, print } = await setup(transport);
      await emulator.control('paper-near-end');
      await waitFor(() => host.health().state === 'degraded', 'degraded at near end');
      expect(host.health().reason).toEqual({ code: 'PAPER_NEAR_END' });
      expect(await print()).toMatchObject({ state: 'done' });
    });

    it('cover open and cutter error take it offline; closing and clearing bring it back', async () => {
      const { emulator, host } = await setup(transport);
      await emulator.control('cover-open');
      await waitFor(() => host.health().reason?.code === 'COVER_OPEN', 'cover open reported');
      await emulator.control('cover-close');
      await waitFor(() => host.health().state === 'online', 'online after cover closed');
      await emulator.control('cutter-error');
      await waitFor(() => host.health().reason?.code === 'CUTTER_ERROR', 'cutter error reported');
      await emulator.control('cutter-clear');
      await waitFor(() => host.health().state === 'online', 'online after cutter cleared');
    });

    it('the cable pulled mid-job: failed, not resent; back online, the next ticket prints once', async () => {
      const { emulator, host, print } = await setup(transport);
      emulator.dropAfterBytes = 200;
      const out = await print({ profile: { jobTimeoutMs: 3000 } });
      expect(out.state).toBe('failed');
      expect(emulator.total).toBe(0);
      if (transport === 'pty') await emulator.replug();
      await waitFor(() => host.health().state === 'online' && emulator.decoder.asbEnabled, 'online again after the reconnect', 10_000);
      expect(await print()).toMatchObject({ jobId: 'job-2', state: 'done' });
      expect(emulator.total).toBe(1);
      expect(emulator.textLines().join('\n')).not.toContain('A001');
    });
  });
}

describe('58 mm printer', () => {
  it('prints 32 columns wide on the escpos-58 family', async () => {
    const { emulator, print } = await setup('tcp', 58);
    expect(await print()).toMatchObject({ state: 'done' });
    const t = emulator.printed[0]!;
    // Every line fits the 58 mm head (384 dots = 32 half-width columns of 12 dots): its indent plus its
    // characters at their print width (a double-width number counts twice).
    const dots = (b: (typeof t.blocks)[number]) =>
      b.type === 'text' ? b.indent + b.segments.reduce((n, seg) => n + columns(seg.text.replace(/\s+$/, '')) * 12 * seg.width, 0) : b.type === 'image' ? b.indent + b.raster.width : 0;
    const lines = t.blocks.filter((b) => b.type === 'text');
    expect(lines.length).toBeGreaterThan(5);
    for (const b of t.blocks) expect(dots(b), JSON.stringify(b).slice(0, 200)).toBeLessThanOrEqual(384);
    // And the 58 mm layout really is narrower than the 80 mm one would be: some line uses over 24 columns.
    expect(Math.max(...lines.map(dots))).toBeGreaterThan(24 * 12);
    expect(emulator.view().status).toMatchObject({ paper: 'ok', autoStatusBack: 'on' });
  });

  it('refuses a bad print command', async () => {
    const { host } = await setup('tcp', 58);
    await expect(host.command({ type: 'print', jobId: '', ticket: { number: '' } })).rejects.toMatchObject({ code: 'FAILED' });
    await expect(host.command({ type: 'reboot' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
