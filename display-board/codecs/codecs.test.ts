// Golden frames (hand-computed from the layouts in display-board/README.md, the CRC by a separate
// bitwise CRC-16/ARC), escape bytes in every position class, and decoding of frames split over
// chunks, cut short, with a flipped bit, and with noise around them.
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../../devices/framing.js';
import { bx5Codec, bx6Codec, bxEscape, bxUnescape, crc16arc, decodeBxFrame } from './onbon-bx.js';
import { decodeStream, layoutContent, textWidth, type BoardCodec, type DecodedFrame, type DecodeError } from './types.js';
import { windowScreenCodec } from './window-screen.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** dst 0x5AA5 (LE A5 5A: both escaped), BX-5, one red still line "A001号" (GB2312 BA C5), CRC 0xE465. */
const BX5_GOLDEN = hex('a5a5a5a5a5a5a5a5 a602 5b02 0080 05 fe 00 0f000000 a3060101 0100080600 41303031bac5 65e4 5a');
/** dst 0xA65B (LE 5B A6: both escaped), BX-6, one empty green scrolling line at speed 3, CRC 0xC037. */
const BX6_GOLDEN = hex('a5a5a5a5a5a5a5a5 5b01 a601 0080 06 fe 00 09000000 a3060101 0202030000 37c0 5a');
/** Screen 3's answer to the host (0x8000), status 0, CRC 0x3393. */
const BX5_ACK = hex('a5a5a5a5a5a5a5a5 0080 0300 05 fe 00 03000000 a00600 9333 5a');
/** Window screen 3, still, speed 8 (mode 0x70), "A001 请到3号窗口" in GBK, sum 0x48. */
const WS_GOLDEN = hex('02 03 70 10 4130303120c7ebb5bd33bac5b4b0bfda 48 03');

describe('CRC-16/ARC and BX escaping', () => {
  it('has the standard check value 0xBB3D for "123456789"', () => {
    expect(crc16arc(Buffer.from('123456789', 'ascii'))).toBe(0xbb3d);
  });
  it('escapes A5, A6, 5A, 5B and nothing else, and undoes it', () => {
    const raw = Buffer.from([0x00, 0xa5, 0xa6, 0x5a, 0x5b, 0xff]);
    const esc = bxEscape(raw);
    expect(esc).toEqual(Buffer.from([0x00, 0xa6, 0x02, 0xa6, 0x01, 0x5b, 0x02, 0x5b, 0x01, 0xff]));
    expect(bxUnescape(esc)).toEqual(raw);
    expect(bxUnescape(Buffer.from([0xa6, 0x03]))).toBeNull();
  });
});

describe('golden frames', () => {
  it('BX-5: escaped address bytes, GB2312 text, CRC', () => {
    expect(bx5Codec.encode(0x5aa5, { lines: [{ text: 'A001号', color: 'red', effect: 'static', speed: 8 }] })).toEqual(BX5_GOLDEN);
    const r = bx5Codec.decodeFrame(BX5_GOLDEN);
    expect(r).toEqual({ ok: true, frame: { kind: 'text', dst: 0x5aa5, src: 0x8000, version: 5, content: { lines: [{ text: 'A001号', color: 'red', effect: 'static', speed: 8 }] } } });
  });
  it('BX-6: escaped A6/5B, colour, effect and speed fields', () => {
    expect(bx6Codec.encode(0xa65b, { lines: [{ text: '', color: 'green', effect: 'scroll', speed: 3 }] })).toEqual(BX6_GOLDEN);
    const r = decodeBxFrame(BX6_GOLDEN);
    expect(r.ok && r.frame.content?.lines[0]).toEqual({ text: '', color: 'green', effect: 'scroll', speed: 3 });
  });
  it('BX answer from a screen', () => {
    expect(bx5Codec.encodeAck!(3, 0)).toEqual(BX5_ACK);
    expect(decodeBxFrame(BX5_ACK)).toEqual({ ok: true, frame: { kind: 'ack', dst: 0x8000, src: 3, version: 5, status: 0 } });
  });
  it('window screen: address, mode, length, GBK text, sum', () => {
    expect(windowScreenCodec.encode(3, { lines: [{ text: 'A001 请到3号窗口' }] })).toEqual(WS_GOLDEN);
    const r = windowScreenCodec.decodeFrame(WS_GOLDEN);
    expect(r.ok && r.frame).toMatchObject({ kind: 'text', dst: 3, content: { lines: [{ text: 'A001 请到3号窗口', effect: 'static', speed: 8 }] } });
  });
  it('multi-line content round-trips through both codecs', () => {
    const content = { lines: [{ text: 'A001 请到3号窗口', color: 'amber' as const, effect: 'flash' as const, speed: 4 }, { text: '暂停服务 午休', color: 'green' as const, effect: 'static' as const, speed: 8 }] };
    for (const codec of [bx5Codec, bx6Codec]) {
      const r = codec.decodeFrame(codec.encode(17, content));
      expect(r.ok && r.frame.content).toEqual(content);
    }
    const ws = windowScreenCodec.decodeFrame(windowScreenCodec.encode(200, content));
    expect(ws.ok && ws.frame.content?.lines.map((l) => l.text)).toEqual(['A001 请到3号窗口', '暂停服务 午休']);
    expect(ws.ok && ws.frame.content?.lines[0]?.effect).toBe('flash');
  });
  it('refuses addresses the protocol cannot carry', () => {
    expect(() => bx5Codec.encode(0, { lines: [] })).toThrow(RangeError);
    expect(() => windowScreenCodec.encode(255, { lines: [] })).toThrow(RangeError);
    expect(() => windowScreenCodec.encode(1, { lines: [{ text: '字'.repeat(200) }] })).toThrow(RangeError);
  });
  it('each codec states its limits, and encodes exactly up to them', () => {
    expect(windowScreenCodec.limits.maxTextBytes).toBe(255);
    expect(bx5Codec.limits).toEqual({ maxTextBytes: 1024, maxLines: 255 });
    for (const codec of [bx5Codec, bx6Codec, windowScreenCodec]) {
      const max = codec.limits.maxTextBytes;
      // Two lines, Hanzi and ASCII: what textBytes counts is what the frame takes.
      const atLimit = { lines: [{ text: '字'.repeat(10) }, { text: 'x'.repeat(max - 20 - codec.textBytes({ lines: [{ text: '' }, { text: '' }] })) }] };
      expect(codec.textBytes(atLimit)).toBe(max);
      const r = codec.decodeFrame(codec.encode(3, atLimit));
      expect(r.ok && r.frame.content?.lines.map((l) => l.text)).toEqual(atLimit.lines.map((l) => l.text));
      const over = { lines: [atLimit.lines[0]!, { text: atLimit.lines[1]!.text + 'x' }] };
      expect(() => codec.encode(3, over)).toThrow(RangeError);
    }
  });
});

describe('layout', () => {
  it('counts Hanzi as two cells and scrolls a line wider than the screen', () => {
    expect(textWidth('A001 请到3号窗口')).toBe(16);
    const fits = layoutContent({ lines: [{ text: 'A001 请到3号窗口' }] }, { width: 16, lines: 1 });
    expect(fits.lines[0]?.effect).toBeUndefined();
    const wide = layoutContent({ lines: [{ text: 'A001 请到13号窗口' }] }, { width: 16, lines: 1 });
    expect(wide.lines[0]).toMatchObject({ effect: 'scroll' });
    const joined = layoutContent({ lines: [{ text: '暂停服务' }, { text: '午休' }] }, { width: 16, lines: 1 });
    expect(joined.lines).toEqual([{ text: '暂停服务 午休' }]);
  });
});

/** Feeds chunks through the codec's splitter the way the Link does, decoding each frame. */
function feed(codec: BoardCodec, chunks: Buffer[]): { frames: DecodedFrame[]; errors: DecodeError[]; dropped: number } {
  const frames: DecodedFrame[] = [];
  const errors: DecodeError[] = [];
  let dropped = 0;
  const reader = new FrameReader(
    codec.splitter,
    (raw) => {
      const r = codec.decodeFrame(raw);
      if (r.ok) frames.push(r.frame);
      else errors.push(r.error);
    },
    (n) => (dropped += n),
  );
  for (const c of chunks) reader.push(c);
  return { frames, errors, dropped };
}

function chop(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  let i = 0;
  while (p < bytes.length) {
    const n = sizes[i++ % sizes.length]!;
    out.push(bytes.subarray(p, p + n));
    p += n;
  }
  return out;
}

describe('decoding split and corrupted streams', () => {
  for (const codec of [bx5Codec, windowScreenCodec]) {
    const a = codec.encode(1, { lines: [{ text: 'A001 请到1号窗口' }] });
    const b = codec.encode(2, { lines: [{ text: 'B002 请到2号窗口' }, { text: '第二行' }] });
    const c = codec.encode(3, { lines: [{ text: '暂停服务' }] });

    it(`${codec.name}: the same frames whatever the chunking, byte by byte included`, () => {
      const stream = Buffer.concat([a, b, c]);
      for (const sizes of [[1], [2, 3], [7], [stream.length], [5, 1, 11]]) {
        const r = feed(codec, chop(stream, sizes));
        expect(r.frames.map((f) => f.dst)).toEqual([1, 2, 3]);
        expect(r.frames[1]?.content?.lines.map((l) => l.text)).toEqual(['B002 请到2号窗口', '第二行']);
        expect(r.errors).toEqual([]);
      }
    });

    it(`${codec.name}: a flipped bit is a checksum error and the frames around it still decode`, () => {
      const bad = Buffer.from(b);
      bad[bad.length - 4]! ^= 0x01; // a text byte: length and markers intact
      const r = feed(codec, chop(Buffer.concat([a, bad, c]), [3]));
      expect(r.frames.map((f) => f.dst)).toEqual([1, 3]);
      expect(r.errors.map((e) => e.code)).toEqual([codec.answers ? 'CRC' : 'CHECKSUM']);
    });

    it(`${codec.name}: a frame cut short (a drop mid-frame) is dropped, the next ones are read`, () => {
      // A length-framed protocol finds its footing again once the bytes the cut frame claimed have come.
      const cut = b.subarray(0, b.length - 5);
      const d = codec.encode(4, { lines: [{ text: 'D004 请到4号窗口' }] });
      const r = feed(codec, chop(Buffer.concat([a, cut, c, d]), [4]));
      expect(r.frames.map((f) => f.dst)).toEqual([1, 3, 4]);
      expect(r.dropped).toBeGreaterThan(0);
    });

    it(`${codec.name}: noise before, between and after frames is dropped`, () => {
      const noise = Buffer.from([0x00, 0xff, 0x13, 0x37]);
      const r = decodeStream(codec, Buffer.concat([noise, a, noise, c, noise]));
      expect(r.frames.map((f) => f.dst)).toEqual([1, 3]);
      expect(r.errors).toEqual([]);
    });
  }

  it('bx: an unfinished frame is kept as rest until its tail comes', () => {
    const f = bx5Codec.encode(9, { lines: [{ text: '测试' }] });
    const first = decodeStream(bx5Codec, f.subarray(0, 20));
    expect(first.frames).toEqual([]);
    const second = decodeStream(bx5Codec, Buffer.concat([first.rest, f.subarray(20)]));
    expect(second.frames.map((x) => x.content?.lines[0]?.text)).toEqual(['测试']);
  });

  it('bx: a wrong length field and a broken escape are named errors', () => {
    const f = Buffer.from(bx5Codec.encode(9, { lines: [{ text: 'x' }] }));
    const badLen = Buffer.from(f);
    badLen[8 + 7] = 0x20; // len low byte (dst 09 00, src 00 80, ver, type, res: no escapes before it)
    expect(decodeBxFrame(badLen)).toMatchObject({ ok: false, error: { code: 'LENGTH' } });
    const badEsc = Buffer.concat([f.subarray(0, 9), Buffer.from([0xa6, 0x07]), f.subarray(9)]);
    expect(decodeBxFrame(badEsc)).toMatchObject({ ok: false, error: { code: 'ESCAPE' } });
  });
});
