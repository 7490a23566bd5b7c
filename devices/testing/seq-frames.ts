// Sequence-numbered test frames: STX, "seq:payload", a two-hex-digit XOR checksum, ETX. All inner
// bytes are printable, so STX/ETX only appear as markers and garbage is told apart by the checksum.
// Used by the tests to check that every frame arrives exactly once and in order.
import type { FrameSplitter } from '../framing.js';
import { startEndSplitter } from '../framing.js';

const STX = 0x02;
const ETX = 0x03;

function xor(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

export function encodeSeqFrame(seq: number, payload = ''): Buffer {
  const body = Buffer.from(`${seq}:${payload}`, 'latin1');
  const sum = xor(body).toString(16).padStart(2, '0');
  return Buffer.concat([Buffer.of(STX), body, Buffer.from(sum, 'latin1'), Buffer.of(ETX)]);
}

export function decodeSeqFrame(frame: Buffer): { seq: number; payload: string } | undefined {
  if (frame.length < 6 || frame[0] !== STX || frame[frame.length - 1] !== ETX) return undefined;
  const body = frame.subarray(1, frame.length - 3);
  const sum = frame.subarray(frame.length - 3, frame.length - 1).toString('latin1');
  if (xor(body).toString(16).padStart(2, '0') !== sum) return undefined;
  const text = body.toString('latin1');
  const colon = text.indexOf(':');
  if (colon < 1 || !/^\d+$/.test(text.slice(0, colon))) return undefined;
  return { seq: Number(text.slice(0, colon)), payload: text.slice(colon + 1) };
}

/** The splitter for these frames: garbage and frames with a bad checksum are dropped. */
export function seqFrameSplitter(maxLength = 1 << 25): FrameSplitter {
  return startEndSplitter({ start: [STX], end: [ETX], maxLength, validate: (f) => decodeSeqFrame(f) !== undefined });
}

/**
 * Collects seq frames from a byte stream in linear time, even for frames of megabytes: chunks are
 * only joined and split when one carries an ETX (the payload is printable, so ETX ends frames only).
 */
export class SeqFrameCollector {
  private pending: Buffer[] = [];
  private readonly split = seqFrameSplitter();

  constructor(private readonly onFrame: (seq: number, payload: string) => void) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    if (!chunk.includes(ETX)) return;
    const r = this.split(Buffer.concat(this.pending));
    this.pending = r.rest.length ? [r.rest] : [];
    for (const f of r.frames) {
      const d = decodeSeqFrame(f);
      if (d) this.onFrame(d.seq, d.payload);
    }
  }
}
