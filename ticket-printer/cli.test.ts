// `hall print-test` as a child process (node bin/hall.mjs print-test) against the printer emulator: the
// sample ticket comes out with its Chinese text, number, QR code and cut, and the status is reported;
// an emulator out of paper is reported as such; a bad or missing address is refused with exit 2.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../devices/pty.js';
import { killChildren, runHall } from '../tests/support/child-hub.js';
import { removeDir, tempDir } from '../tests/support/hub.js';
import { EscPosDecoder, ticketText } from './decoder.js';
import { startPrinterEmulator, type PrinterEmulator } from './emulator.js';

let emulators: PrinterEmulator[] = [];
afterEach(async () => {
  await killChildren();
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
  await stopAllPtys();
});

describe('hall print-test', () => {
  for (const transport of ['tcp', 'pty'] as const) {
    it(`prints the sample ticket over ${transport} and reports the status`, async () => {
      const emu = await startPrinterEmulator({ transport, width: 58 });
      emulators.push(emu);
      // The installer types the address without a family: --width picks the 58 mm one.
      const address = emu.address.replace(/[?&]family=[^&]*/, '');
      const r = await runHall(['print-test', '--printer', address, '--width', '58'], { timeoutMs: 30_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('printed: sample ticket T001');
      expect(r.stdout).toMatch(/^health: online$/m);
      expect(r.stdout).toContain('paper out: no');
      expect(emu.total).toBe(1);
      const text = emu.textLines().join('\n');
      for (const s of ['打印测试 Print test', 'T001', '一次性告知', '[QR https://example.org/t/print-test]', '[partial cut]']) expect(text).toContain(s);
    });
  }

  it('prints to a write-only file: line (as /dev/usb/lp0) without status back', async () => {
    const dir = tempDir('hall-lp-');
    try {
      const lp = join(dir, 'lp0');
      writeFileSync(lp, '');
      const r = await runHall(['print-test', '--printer', `file:${lp}`, '--width', '58'], { timeoutMs: 30_000 });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('printed: sample ticket T001');
      expect(r.stdout).toContain('paper out: unknown');
      // What reached the "device" is a whole ticket: decode it.
      const decoder = new EscPosDecoder({ reply: () => {} });
      decoder.push(readFileSync(lp));
      expect(decoder.tickets).toHaveLength(1);
      const text = ticketText(decoder.tickets[0]!, 32).join('\n');
      expect(text).toContain('T001');
      expect(text).toContain('打印测试');
      // No status requests on a line that cannot answer.
      expect(decoder.stats.statusRequests).toBe(0);
    } finally {
      removeDir(dir);
    }
  });

  it('says so when the printer is out of paper (exit 1), as JSON with --json', async () => {
    const emu = await startPrinterEmulator({ transport: 'tcp' });
    emulators.push(emu);
    emu.setState({ paper: 'out' });
    const r = await runHall(['print-test', '--printer', emu.address, '--json'], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.outcome).toMatchObject({ state: 'failed', reason: '缺纸 / paper out' });
    expect(out.status.status).toMatchObject({ paperOut: true });
    expect(emu.total).toBe(0);
  });

  it('refuses a missing or bad address with exit 2', async () => {
    const none = await runHall(['print-test']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--printer ADDRESS is required');
    const bad = await runHall(['print-test', '--printer', 'tcp://127.0.0.1:9100', '--width', '70']);
    expect(bad.code).toBe(2);
    const unreachable = await runHall(['print-test', '--printer', 'nonsense:xyz']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain('not connected');
  });
});
