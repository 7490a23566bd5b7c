// The file transport (what drives /dev/usb/lp0) against real kernel files: a plain file, a FIFO read
// back through the kernel, /dev/null and /dev/full (a device whose writes fail), a missing node.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/wait.js';
import { createTransport } from './factory.js';
import type { Transport, TransportCloseInfo } from './types.js';

let dir: string;
const open: Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function opened(address: string): Promise<Transport> {
  const t = createTransport(address);
  await t.open();
  open.push(t);
  return t;
}

describe('file transport', () => {
  it('appends frames to a file, in order, and never creates one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hall-file-'));
    const path = join(dir, 'lp0');
    const missing = await createTransport(`file:${path}`).open().catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', address: `file:${path}` });
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, '');
    const t = await opened(`file:${path}`);
    await t.write(Buffer.from([0x1b, 0x40]));
    await t.write(Buffer.from('A001\n'));
    await t.write(Buffer.from([0x1d, 0x56, 0x01]));
    expect(readFileSync(path)).toEqual(Buffer.from([0x1b, 0x40, ...Buffer.from('A001\n'), 0x1d, 0x56, 0x01]));
  });

  it('reads what the device sends back (a FIFO through the kernel, and a growing file)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hall-file-'));
    const fifo = join(dir, 'status.fifo');
    execFileSync('mkfifo', [fifo]);
    const t = await opened(`file:${fifo}?read=1&pollMs=5`);
    const got: Buffer[] = [];
    t.on('data', (c) => got.push(c));
    await t.write(Buffer.from([0x10, 0x04, 0x01]));
    await waitFor(() => Buffer.concat(got).length >= 3, 'the FIFO read back');
    expect(Buffer.concat(got)).toEqual(Buffer.from([0x10, 0x04, 0x01]));

    const plain = join(dir, 'plain');
    writeFileSync(plain, 'old');
    const p = await opened(`file:${plain}?read=1&pollMs=5`);
    const fromPlain: Buffer[] = [];
    p.on('data', (c) => fromPlain.push(c));
    await p.write(Buffer.from('ours'));
    appendFileSync(plain, Buffer.from([0x12]));
    // A plain file is read from where it ended at open, so our own writes come back too, in file
    // order (a device such as usblp keeps the two directions apart).
    await waitFor(() => Buffer.concat(fromPlain).length >= 5, 'the appended bytes');
    expect(Buffer.concat(fromPlain).toString('latin1')).toBe('ours\x12');
  });

  it('writes to a real character device (/dev/null), and closes when the device refuses a write (/dev/full)', async () => {
    const nul = await opened('file:/dev/null');
    await nul.write(Buffer.alloc(4096, 0x41));
    const full = await opened('file:/dev/full');
    const closed = new Promise<TransportCloseInfo>((r) => full.once('close', r));
    await expect(full.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    const info = await closed;
    expect(info).toMatchObject({ requested: false, error: { code: 'WRITE_FAILED' } });
    expect(info.error!.message).toMatch(/ENOSPC|no space/i);
  });

  it('refuses a directory', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hall-file-'));
    const err = await createTransport(`file:${dir}`).open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OPEN_FAILED' });
  });
});
