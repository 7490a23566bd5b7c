// Frame parsers against what buses deliver: frames split at every byte position, several frames in
// one chunk, garbage (stray markers included) between frames, and serialport's Transform parsers.
import { DelimiterParser } from 'serialport';
import { describe, expect, it } from 'vitest';
import type { FrameParser } from './framing.js';
import { FrameReader, delimiterSplitter, lengthPrefixedSplitter, startEndSplitter } from './framing.js';
import { decodeSeqFrame, encodeSeqFrame, seqFrameSplitter } from './testing/seq-frames.js';

function collect(parser: FrameParser | undefined): { reader: FrameReader; frames: Buffer[]; dropped: () => number } {
  const frames: Buffer[] = [];
  let dropped = 0;
  const reader = new FrameReader(parser, (f) => frames.push(f), (n) => (dropped += n));
  return { reader, frames, dropped: () => dropped };
}

/** Feeds `bytes` cut at `cuts` (sorted positions). */
function feed(reader: FrameReader, bytes: Buffer, cuts: number[]): void {
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    if (c > prev) reader.push(bytes.subarray(prev, c));
    prev = c;
  }
}

const GARBAGE = Buffer.from([0xff, 0x02, 0x41, 0x00, 0x03, 0x02, 0x31, 0x3a]); // stray STX/ETX and a fake start

describe('seq frames through the start/end splitter', () => {
  const frames = [encodeSeqFrame(1, 'ticket A001'), encodeSeqFrame(2, ''), encodeSeqFrame(3, 'x'.repeat(40))];
  const stream = Buffer.concat([GARBAGE, frames[0]!, frames[1]!, GARBAGE, frames[2]!, Buffer.from([0x55, 0x02])]);

  it('finds every frame whatever single byte position the stream is split at', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const { reader, frames: out } = collect(seqFrameSplitter());
      feed(reader, stream, [cut]);
      expect(out.map((f) => decodeSeqFrame(f)?.seq), `cut at ${cut}`).toEqual([1, 2, 3]);
    }
  });

  it('finds every frame when fed one byte at a time, and at every pair of cut positions', () => {
    const { reader, frames: out } = collect(seqFrameSplitter());
    feed(reader, stream, [...Array(stream.length).keys()]);
    expect(out.map((f) => decodeSeqFrame(f)?.seq)).toEqual([1, 2, 3]);
    for (let i = 0; i < stream.length; i += 3) {
      for (let j = i; j <= stream.length; j += 5) {
        const c = collect(seqFrameSplitter());
        feed(c.reader, stream, [i, j]);
        expect(c.frames.map((f) => decodeSeqFrame(f)?.seq), `cuts ${i},${j}`).toEqual([1, 2, 3]);
      }
    }
  });

  it('counts the garbage it drops and keeps a trailing partial frame for later', () => {
    const { reader, frames: out, dropped } = collect(seqFrameSplitter());
    reader.push(Buffer.concat([GARBAGE, frames[0]!, frames[1]!.subarray(0, 3)]));
    expect(out).toHaveLength(1);
    expect(dropped()).toBeGreaterThanOrEqual(GARBAGE.length - 2);
    reader.push(frames[1]!.subarray(3));
    expect(out.map((f) => decodeSeqFrame(f)?.seq)).toEqual([1, 2]);
  });

  it('drops a frame with a bad checksum and resynchronises on the next one', () => {
    const bad = Buffer.from(encodeSeqFrame(9, 'oops'));
    bad[3] = 0x39; // flip a digit: the checksum no longer fits
    const { reader, frames: out } = collect(seqFrameSplitter());
    reader.push(Buffer.concat([bad, frames[0]!]));
    expect(out.map((f) => decodeSeqFrame(f)?.seq)).toEqual([1]);
  });

  it('forgets a partial frame on reset (a new connection starts clean)', () => {
    const { reader, frames: out, dropped } = collect(seqFrameSplitter());
    reader.push(frames[0]!.subarray(0, 5));
    reader.reset();
    expect(dropped()).toBe(5);
    reader.push(frames[0]!.subarray(5));
    reader.push(frames[1]!);
    expect(out.map((f) => decodeSeqFrame(f)?.seq)).toEqual([2]);
  });

  it('bounds what it keeps: a start marker without an end is dropped past maxLength', () => {
    const split = startEndSplitter({ start: [0xa5, 0xa5], end: [0x5a], maxLength: 16 });
    const { reader, frames: out, dropped } = collect(split);
    reader.push(Buffer.concat([Buffer.of(0xa5, 0xa5), Buffer.alloc(40, 0x11)]));
    expect(out).toHaveLength(0);
    expect(dropped()).toBeGreaterThan(0);
    reader.push(Buffer.of(0xa5, 0xa5, 0x01, 0x5a));
    expect(out).toEqual([Buffer.of(0xa5, 0xa5, 0x01, 0x5a)]);
  });

  it('finds a two-byte start marker split across chunks', () => {
    const split = startEndSplitter({ start: [0xa5, 0xa5], end: [0x5a] });
    const frame = Buffer.of(0xa5, 0xa5, 0x01, 0x02, 0x5a);
    const stream2 = Buffer.concat([Buffer.of(0x00, 0x5a, 0x11), frame, Buffer.of(0xa5, 0x00), frame]);
    for (let cut = 0; cut <= stream2.length; cut++) {
      const { reader, frames: out } = collect(split);
      feed(reader, stream2, [cut]);
      expect(out, `cut at ${cut}`).toEqual([frame, frame]);
    }
  });
});

describe('delimiter splitter', () => {
  it('splits lines at every cut position, with or without the delimiter', () => {
    const text = Buffer.from('CALL A001 3\r\nCALL A002 4\r\npartial');
    for (let cut = 0; cut <= text.length; cut++) {
      const { reader, frames } = collect(delimiterSplitter('\r\n'));
      feed(reader, text, [cut]);
      expect(frames.map(String), `cut at ${cut}`).toEqual(['CALL A001 3', 'CALL A002 4']);
    }
    const { reader, frames } = collect(delimiterSplitter([0x0a], { includeDelimiter: true }));
    reader.push(Buffer.from('a\nb\n'));
    expect(frames.map(String)).toEqual(['a\n', 'b\n']);
  });

  it('drops an overlong line instead of growing without end', () => {
    const { reader, frames, dropped } = collect(delimiterSplitter('\n', { maxLength: 8 }));
    reader.push(Buffer.from('0123456789abcdef\nok\n'));
    expect(frames.map(String)).toEqual(['ok']);
    expect(dropped()).toBe(17);
  });
});

describe('a Transform parser (serialport DelimiterParser) behind the same reader', () => {
  it('turns split chunks into frames and starts afresh after reset', () => {
    const { reader, frames } = collect({ transform: () => new DelimiterParser({ delimiter: '\n' }) });
    reader.push(Buffer.from('PAD 1 SC'));
    reader.push(Buffer.from('ORE 5\nPAD 2 '));
    reader.reset();
    reader.push(Buffer.from('PAD 3 SCORE 4\n'));
    expect(frames.map(String)).toEqual(['PAD 1 SCORE 5', 'PAD 3 SCORE 4']);
  });

  it('without a parser every chunk is a frame', () => {
    const { reader, frames } = collect(undefined);
    reader.push(Buffer.from([0x12]));
    reader.push(Buffer.from([0x10, 0x04]));
    expect(frames).toEqual([Buffer.from([0x12]), Buffer.from([0x10, 0x04])]);
  });
});

describe('length-prefixed splitter', () => {
  // A toy frame: AA 55 | len | payload | sum of payload — the shape of the pad protocol and the window screen.
  const make = (payload: number[]) => Buffer.of(0xaa, 0x55, payload.length, ...payload, payload.reduce((a, b) => (a + b) & 0xff, 0));
  const options = {
    start: [0xaa, 0x55],
    headerLength: 3,
    frameLength: (h: Buffer) => (h[2]! > 32 ? null : h[2]! + 4),
    validate: (f: Buffer) => f.subarray(3, f.length - 1).reduce((a, b) => (a + b) & 0xff, 0) === f[f.length - 1],
  };
  const a = make([1, 2, 3]);
  const b = make([0xaa, 0x55, 0x09]); // a start marker inside the payload
  const c = make([]);

  it('the same frames whatever the chunking, with noise, a stray start and an impossible length between them', () => {
    const noise = Buffer.of(0x00, 0xaa, 0x13, 0xaa, 0x55, 0xff, 0x42);
    const stream = Buffer.concat([noise, a, noise, b, c, noise]);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const second of [cut + 1, cut + 7]) {
        const { reader, frames: out } = collect(lengthPrefixedSplitter(options));
        feed(reader, stream, [cut, Math.min(second, stream.length)]);
        expect(out, `cuts ${cut}, ${second}`).toEqual([a, b, c]);
      }
    }
  });

  it('a candidate that fails validation is resynchronised one byte later', () => {
    const bad = Buffer.from(a);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const { reader, frames: out, dropped } = collect(lengthPrefixedSplitter(options));
    reader.push(Buffer.concat([bad, c]));
    expect(out).toEqual([c]);
    expect(dropped()).toBe(bad.length);
  });

  it("waits for an unfinished frame, or with 'skip-to-valid' takes it for a stray start when a whole frame follows", () => {
    const cut = a.subarray(0, 4);
    const waiting = collect(lengthPrefixedSplitter(options));
    waiting.reader.push(Buffer.concat([Buffer.of(0xaa, 0x55, 20), c]));
    expect(waiting.frames).toEqual([]);
    const skipping = collect(lengthPrefixedSplitter({ ...options, unfinished: 'skip-to-valid' }));
    skipping.reader.push(Buffer.concat([cut, Buffer.of(0xaa, 0x55, 20), c]));
    expect(skipping.frames).toEqual([c]);
  });
});
