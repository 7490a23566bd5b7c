// The emulator's decoder on hand-made ESC/POS (not from receiptline): each command it claims to know,
// real-time status answered at once while print data waits for paper, status bytes inside raster data
// never taken for commands, and a DLE DC4 clear that keeps what follows it.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPosDecoder, ticketText, type Block, type TextBlock } from './decoder.js';
import { nativeQr } from './render.js';
import { encodeRealtimeStatus, parsePaperSensor, parseRealtimeStatus } from './status.js';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const bytes = (...parts: Array<number | string | Buffer | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const gb = (s: string) => iconv.encode(s, 'gb18030');

function run(input: Buffer, chunk = input.length) {
  const replies: Buffer[] = [];
  const d = new EscPosDecoder({ reply: (b) => replies.push(b) });
  for (let i = 0; i < input.length; i += chunk) d.push(input.subarray(i, i + chunk));
  return { d, replies };
}
const texts = (blocks: Block[]) => blocks.filter((b): b is TextBlock => b.type === 'text');

describe('ESC/POS decoding', () => {
  const doc = bytes(
    ESC, '@',
    ESC, 'a', 1, GS, '!', 0x11, ESC, 'E', 1, FS, '&', gb('请到3号窗口'), 0x0a,
    ESC, 'E', 0, GS, '!', 0, FS, '.', ESC, 'a', 2, 'right', 0x0a,
    ESC, 'a', 0, ESC, '-', 1, 'under', ESC, '-', 0, 0x0a,
    ESC, 'a', 1, nativeQr(Buffer.from('https://hall/t/abc'), 6, 'q'),
    // an 8×2 raster whose data bytes are DLE EOT 4: data, not a status request
    GS, 'v', '0', 0, 1, 0, 2, 0, DLE, 0x04,
    ESC, 'B', 3, 2,
    GS, 'V', 66, 0,
  );

  it('reads sizes, bold, alignment, Hanzi, underline, QR, raster, beep and cut — in chunks of any size', () => {
    for (const chunk of [doc.length, 1, 3, 5]) {
      const { d, replies } = run(doc, chunk);
      expect(d.stats.unknown, `chunk ${chunk}`).toBe(0);
      expect(replies, 'the raster data is not a status request').toEqual([]);
      expect(d.tickets).toHaveLength(1);
      const t = d.tickets[0]!;
      const [big, right, under] = texts(t.blocks);
      expect(big).toMatchObject({ align: 'center', segments: [{ text: '请到3号窗口', width: 2, height: 2, bold: true }] });
      expect(right).toMatchObject({ align: 'right', segments: [{ text: 'right', width: 1, height: 1, bold: false }] });
      expect(under!.segments.find((s) => s.text === 'under')).toMatchObject({ underline: true });
      expect(t.blocks.find((b) => b.type === 'qr')).toMatchObject({ data: 'https://hall/t/abc', cell: 6, level: 'Q', align: 'center' });
      const image = t.blocks.find((b) => b.type === 'image');
      expect(image).toMatchObject({ raster: { width: 8, height: 2, data: Buffer.from([DLE, 0x04]) } });
      expect(t.beeps).toBe(3);
      expect(t.cut).toBe('partial');
    }
    expect(ticketText(run(doc).d.tickets[0]!, 32)).toEqual([
      '          请到3号窗口',
      '                           right',
      'under',
      '[QR https://hall/t/abc]',
      '[image 8x2]',
      '[beep x3]',
      '[partial cut]',
    ]);
  });

  it('reads GS 8 L + GS ( L graphics and a full cut', () => {
    const w = 16;
    const h = 3;
    const data = Buffer.alloc((w / 8) * h, 0xaa);
    const len = data.length + 10;
    const input = bytes(
      GS, '8', 'L', len & 0xff, (len >> 8) & 0xff, 0, 0, 48, 112, 48, 1, 1, 49, w, 0, h, 0, data,
      GS, '(', 'L', 2, 0, 48, 50,
      GS, 'V', 0,
    );
    const { d } = run(input, 4);
    expect(d.tickets[0]!.blocks.find((b) => b.type === 'image')).toMatchObject({ raster: { width: 16, height: 3, data } });
    expect(d.tickets[0]!.cut).toBe('full');
  });
});

describe('status while printing', () => {
  it('answers DLE EOT at once even while the paper is out, holds print data and GS r 1 until paper is back', () => {
    const replies: Buffer[] = [];
    const d = new EscPosDecoder({ reply: (b) => replies.push(b) });
    d.setState({ paper: 'out' });
    d.push(bytes('A001', 0x0a, GS, 'V', 66, 0, GS, 'r', 1, DLE, 0x04, 4));
    expect(replies).toHaveLength(1);
    expect(parseRealtimeStatus(4, replies[0]![0]!)).toMatchObject({ paperOut: true });
    expect(d.tickets).toHaveLength(0);
    expect(d.held).toBeGreaterThan(0);
    d.setState({ paper: 'ok' });
    expect(d.tickets).toHaveLength(1);
    expect(replies).toHaveLength(2);
    expect(parsePaperSensor(replies[1]![0]!)).toMatchObject({ paperOut: false });
  });

  it('runs out of paper mid-ticket, tells the host (ASB), and DLE DC4 8 drops the rest but keeps what follows', () => {
    const replies: Buffer[] = [];
    const d = new EscPosDecoder({ reply: (b) => replies.push(b) });
    d.push(bytes(GS, 'a', 0x0f));
    expect(replies.shift()).toEqual(Buffer.from([0x10, 0, 0, 0]));
    d.paperLines = 2;
    d.push(bytes('line 1', 0x0a, 'line 2', 0x0a, 'line 3', 0x0a, GS, 'V', 66, 0));
    expect(d.state.paper).toBe('out');
    // ASB: offline, paper out.
    expect(replies.shift()).toEqual(Buffer.from([0x18, 0, 0x0f, 0]));
    expect(texts(d.uncut.blocks).map((b) => b.segments[0]!.text)).toEqual(['line 1', 'line 2']);
    d.push(bytes(DLE, 0x14, 8, 1, 3, 20, 1, 6, 2, 8, DLE, 0x04, 4));
    expect(d.held).toBe(0);
    expect(replies.shift()).toEqual(Buffer.from([encodeRealtimeStatus(4, d.state)]));
    d.setState({ paper: 'ok' });
    expect(d.tickets).toHaveLength(0);
    expect(texts(d.uncut.blocks)).toHaveLength(2);
  });
});
