// Golden frames. The BX ones are the worked examples of Onbon's own protocol document for the BX-5K/6K
// series ("BX-5K/6K通讯协议用户版本", v1.4, published in the vendor's public documentation repository
// onbonlab/onbonlab.github.io, docs/zh/k/potocol.md): frames a real controller takes and sends, with
// the vendor's CRCs, so a misreading of the layout fails here and not only on a real screen. Our own
// encoder's frames are checked field by field against the same layout, and by round trips.
// The window-screen frame has no vendor document (cheap window screens each speak their own dialect):
// its golden frame is hand-computed from display-board/README.md, the sum by hand.
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../../devices/framing.js';
import { bx5Codec, bx6Codec, bxEscape, bxUnescape, crc16arc, decodeBxFrame } from './onbon-bx.js';
import { decodeStream, layoutContent, textWidth, type BoardCodec, type DecodedFrame, type DecodeError } from './types.js';
import { windowScreenCodec } from './window-screen.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Vendor example 8: a dynamic area on a 128×32 6K3, "欢迎光临", to the wildcard address FFFE, CRC 3C 49. */
const VENDOR_DYNAMIC_AREA = hex(
  'a5a5a5a5a5a5a5a5 fe ff 00 80 00 00 00 00 00 00 fe 02 2c 00' +
    ' a3 06 01 00 00 00 01 23 00 00 00 80 00 00 80 80 20 00 00 00 00 0a 00 00 00 00 02 01 01 00 02 0a 08 00 00 00 bb b6 d3 ad b9 e2 c1 d9' +
    ' 3c 49 5a',
);
/** Vendor example 4: a controller's ACK (nine A5 in the head run, as the document prints it), CRC 14 AC. */
const VENDOR_ACK = hex('a5a5a5a5a5a5a5a5a5 00 80 fe ff 00 00 00 00 00 00 fe 02 05 00 a0 00 00 00 00 14 ac 5a');
/** Vendor example 5: a NACK with status 5 (ERR_CHECKSUM: the controller got a bad CRC), CRC 05 51. */
const VENDOR_NACK = hex('a5a5a5a5a5a5a5a5a5 00 80 fe ff 00 00 00 00 00 00 fe 02 05 00 a0 01 05 00 00 05 51 5a');
/** Vendor example 6: start writing program file P000 (a command this project does not send), CRC 48 14. */
const VENDOR_START_WRITE = hex('a5a5a5a5a5a5a5a5 fe ff 00 80 00 00 00 00 00 00 fe 02 0e 00 a1 05 01 00 00 01 50 30 30 30 47 00 00 00 48 14 5a');
/** Window screen 3, still, speed 8 (mode 0x70), "A001 请到3号窗口" in GBK, sum 0x48. */
const WS_GOLDEN = hex('02 03 70 10 4130303120c7ebb5bd33bac5b4b0bfda 48 03');

describe('CRC-16/ARC and BX escaping', () => {
  it('has the standard check value 0xBB3D for "123456789"', () => {
    expect(crc16arc(Buffer.from('123456789', 'ascii'))).toBe(0xbb3d);
  });
  it('gives the CRCs printed in the vendor document', () => {
    const crcOf = (frame: Buffer) => {
      let s = 0;
      while (frame[s] === 0xa5) s++;
      const body = bxUnescape(frame.subarray(s, frame.length - 1))!;
      return [crc16arc(body.subarray(0, body.length - 2)), body.readUInt16LE(body.length - 2)];
    };
    for (const f of [VENDOR_DYNAMIC_AREA, VENDOR_ACK, VENDOR_NACK, VENDOR_START_WRITE]) {
      const [computed, printed] = crcOf(f);
      expect(computed).toBe(printed);
    }
  });
  it('escapes A5, A6, 5A, 5B and nothing else, and undoes it', () => {
    const raw = Buffer.from([0x00, 0xa5, 0xa6, 0x5a, 0x5b, 0xff]);
    const esc = bxEscape(raw);
    expect(esc).toEqual(Buffer.from([0x00, 0xa6, 0x02, 0xa6, 0x01, 0x5b, 0x02, 0x5b, 0x01, 0xff]));
    expect(bxUnescape(esc)).toEqual(raw);
    expect(bxUnescape(Buffer.from([0xa6, 0x03]))).toBeNull();
  });
});

describe('BX frames against the vendor document', () => {
  it('reads the document\'s dynamic-area frame: address, 14-byte header, area, GB2312 text', () => {
    const r = decodeBxFrame(VENDOR_DYNAMIC_AREA);
    expect(r).toEqual({
      ok: true,
      frame: { kind: 'text', dst: 0xfffe, src: 0x8000, version: 2, content: { lines: [{ text: '欢迎光临', effect: 'static', speed: 15 }], geometry: { width: 16, lines: 2 } } },
    });
  });
  it('reads the document\'s ACK and NACK as a screen\'s answer with its status', () => {
    expect(decodeBxFrame(VENDOR_ACK)).toEqual({ ok: true, frame: { kind: 'ack', dst: 0x8000, src: 0xfffe, version: 2, status: 0 } });
    expect(decodeBxFrame(VENDOR_NACK)).toEqual({ ok: true, frame: { kind: 'ack', dst: 0x8000, src: 0xfffe, version: 2, status: 5 } });
  });
  it('names a program-file command it does not speak instead of misreading it', () => {
    expect(decodeBxFrame(VENDOR_START_WRITE)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });
  it('our frame has the document\'s header and dynamic-area layout, field by field', () => {
    const frame = bx6Codec.encode(3, { lines: [{ text: 'A001号', color: 'red', effect: 'flash', speed: 8 }], geometry: { width: 16, lines: 2 } });
    // Nothing in this frame needs escaping, so its bytes are the PHY1 layout as it stands.
    expect(frame.subarray(0, 8)).toEqual(Buffer.alloc(8, 0xa5));
    const b = frame.subarray(8, frame.length - 1);
    // The document's header after the address: host 0x8000, reserved, no barcode, CRC mode, normal
    // display mode, wildcard device type, protocol version 2 — the same ten bytes as its examples.
    expect(b.subarray(0, 2)).toEqual(hex('0300'));
    expect(b.subarray(2, 12)).toEqual(VENDOR_DYNAMIC_AREA.subarray(10, 20));
    const len = b.readUInt16LE(12);
    expect(b.length).toBe(14 + len + 2);
    const data = b.subarray(14, 14 + len);
    // A3 06, must answer, process mode 0, reserved, delete all areas, one area.
    expect(data.subarray(0, 7)).toEqual(hex('a3 06 01 00 00 ff 01'));
    const area = data.subarray(9);
    expect(data.readUInt16LE(7)).toBe(area.length);
    expect(area.subarray(0, 9)).toEqual(hex('00 0080 0000 8080 1000')); // type, X 0 px, Y 0, W 128 px, H 16 px
    expect(area[19]).toBe(0x02); // type-out: how a flashing call is sent
    expect(area.readUInt32LE(23)).toBe(area.length - 27);
    expect(area.subarray(27).toString('latin1')).toBe('\\C1A001\xba\xc5'); // \C1 red, then GB2312
    expect(b.readUInt16LE(b.length - 2)).toBe(crc16arc(b.subarray(0, b.length - 2)));
  });
  it('a screen\'s answer is the document\'s ACK or NACK', () => {
    const ack = decodeBxFrame(bx5Codec.encodeAck!(0xfffe, 0));
    expect(ack).toEqual(decodeBxFrame(VENDOR_ACK));
    expect(bx5Codec.encodeAck!(0xfffe, 0)).toEqual(Buffer.concat([VENDOR_ACK.subarray(1)]));
    expect(bx5Codec.encodeAck!(0xfffe, 5)).toEqual(VENDOR_NACK.subarray(1));
  });
  it('escapes address bytes that are frame markers', () => {
    const f = bx6Codec.encode(0x5aa5 & 0x7fff, { lines: [{ text: 'x' }] });
    expect(f.subarray(8, 12)).toEqual(hex('a602 5b02'.replace(/ /g, '')).subarray(0, 4));
    expect(decodeBxFrame(f)).toMatchObject({ ok: true, frame: { dst: 0x5aa5 & 0x7fff } });
  });
});

describe('golden frames', () => {
  it('window screen: address, mode, length, GBK text, sum', () => {
    expect(windowScreenCodec.encode(3, { lines: [{ text: 'A001 请到3号窗口' }] })).toEqual(WS_GOLDEN);
    const r = windowScreenCodec.decodeFrame(WS_GOLDEN);
    expect(r.ok && r.frame).toMatchObject({ kind: 'text', dst: 3, content: { lines: [{ text: 'A001 请到3号窗口', effect: 'static', speed: 8 }] } });
  });
  it('multi-line content round-trips through both codecs', () => {
    const content = {
      lines: [
        { text: 'A001 请到3号窗口', color: 'amber' as const, effect: 'flash' as const, speed: 4 },
        { text: '暂停服务 午休', color: 'green' as const, effect: 'static' as const, speed: 8 },
        { text: '路径 C:\\无', effect: 'scroll' as const, speed: 16 },
      ],
      geometry: { width: 16, lines: 3 },
    };
    for (const codec of [bx5Codec, bx6Codec]) {
      const r = codec.decodeFrame(codec.encode(17, content));
      // A literal backslash would start a controller escape: it travels as the full-width ＼.
      expect(r.ok && r.frame.content).toEqual({ ...content, lines: content.lines.map((l) => ({ ...l, text: l.text.replace('\\', '＼') })) });
    }
    const two = { lines: content.lines.slice(0, 2) };
    const ws = windowScreenCodec.decodeFrame(windowScreenCodec.encode(200, two));
    expect(ws.ok && ws.frame.content?.lines.map((l) => l.text)).toEqual(['A001 请到3号窗口', '暂停服务 午休']);
    expect(ws.ok && ws.frame.content?.lines[0]?.effect).toBe('flash');
  });
  it('refuses addresses the protocol cannot carry', () => {
    expect(() => bx5Codec.encode(0, { lines: [] })).toThrow(RangeError);
    expect(() => bx5Codec.encode(0x8000, { lines: [] })).toThrow(RangeError);
    expect(() => windowScreenCodec.encode(255, { lines: [] })).toThrow(RangeError);
    expect(() => windowScreenCodec.encode(1, { lines: [{ text: '字'.repeat(200) }] })).toThrow(RangeError);
  });
  it('each codec states its limits, and encodes exactly up to them', () => {
    expect(windowScreenCodec.limits.maxTextBytes).toBe(255);
    // The document: a 5K has 8 dynamic areas and a 512-byte buffer, a 6K 5 areas and 1024 bytes.
    expect(bx5Codec.limits).toEqual({ maxTextBytes: 512 - 7 - 8 * 29, maxLines: 8 });
    expect(bx6Codec.limits).toEqual({ maxTextBytes: 1024 - 7 - 5 * 29, maxLines: 5 });
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
    const tooMany = { lines: Array.from({ length: 6 }, (_, i) => ({ text: String(i) })) };
    expect(() => bx6Codec.encode(1, tooMany)).toThrow(RangeError);
    expect(() => bx5Codec.encode(1, tooMany)).not.toThrow();
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
    badLen[8 + 12] = 0x20; // len low byte (dst 09 00, src 00 80, 8 header bytes: no escapes before it)
    expect(decodeBxFrame(badLen)).toMatchObject({ ok: false, error: { code: 'LENGTH' } });
    const badEsc = Buffer.concat([f.subarray(0, 9), Buffer.from([0xa6, 0x07]), f.subarray(9)]);
    expect(decodeBxFrame(badEsc)).toMatchObject({ ok: false, error: { code: 'ESCAPE' } });
  });
});
