// Golden tests: a fixed ticket on the default profile gives fixed ESC/POS bytes (fixtures/*.bin), and
// the emulator's decoder reads those bytes as fixed text (fixtures/*.txt), whole or in chunks cut
// anywhere. HALL_UPDATE_GOLDEN=1 rewrites the fixtures after a deliberate change (review the diff).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EscPosDecoder, ticketText, type PrintedTicket } from './decoder.js';
import { ticketPng } from './png.js';
import { DEFAULT_PROFILE, profileOf } from './profiles.js';
import { DEFAULT_TEMPLATE, clipText, counterList, fillTemplate, renderTicket, sampleTicket, templateSchema, toSvg } from './render.js';
import { PNG } from 'pngjs';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const update = process.env.HALL_UPDATE_GOLDEN === '1';

function golden(name: string, actual: Buffer | string): void {
  const path = fixture(name);
  if (update || !existsSync(path)) writeFileSync(path, actual);
  const expected = typeof actual === 'string' ? readFileSync(path, 'utf8') : readFileSync(path);
  expect(actual).toEqual(expected);
}

function decode(bytes: Buffer, chunk = bytes.length): { tickets: PrintedTicket[]; decoder: EscPosDecoder } {
  const decoder = new EscPosDecoder({ reply: () => {} });
  for (let i = 0; i < bytes.length; i += chunk) decoder.push(bytes.subarray(i, i + chunk));
  return { tickets: decoder.tickets, decoder };
}

const profiles = {
  '80-generic-native': DEFAULT_PROFILE,
  '58-epson-raster': profileOf({ width: 58, commands: 'epson', qr: 'raster', cut: 'full', beep: true }),
};

describe('golden ESC/POS bytes and their decoding', () => {
  for (const [name, profile] of Object.entries(profiles)) {
    it(`${name}: bytes and decoded text match the fixtures`, () => {
      const bytes = renderTicket(DEFAULT_TEMPLATE, sampleTicket(), profile);
      golden(`ticket-${name}.bin`, bytes);
      const { tickets, decoder } = decode(bytes);
      expect(decoder.stats.unknown).toBe(0);
      expect(tickets).toHaveLength(1);
      golden(`ticket-${name}.txt`, ticketText(tickets[0]!, profile.width === 58 ? 32 : 48).join('\n') + '\n');
    });

    it(`${name}: chunks cut anywhere decode to the same ticket`, () => {
      const bytes = renderTicket(DEFAULT_TEMPLATE, sampleTicket(), profile);
      const whole = decode(bytes).tickets;
      for (const chunk of [1, 2, 3, 7, 64, 500]) expect(decode(bytes, chunk).tickets, `chunks of ${chunk}`).toEqual(whole);
    });
  }

  it('the native QR code carries the tracking URL, the 58 mm one is a raster image', () => {
    const url = 'http://hall.example:8080/t/T-20261123-0042';
    const [native] = decode(renderTicket(DEFAULT_TEMPLATE, sampleTicket(url), DEFAULT_PROFILE)).tickets;
    expect(native!.blocks.filter((b) => b.type === 'qr').map((b) => (b.type === 'qr' ? b.data : ''))).toEqual([url]);
    const [raster] = decode(renderTicket(DEFAULT_TEMPLATE, sampleTicket(url), profiles['58-epson-raster'])).tickets;
    expect(raster!.blocks.some((b) => b.type === 'image')).toBe(true);
    expect(raster!.cut).toBe('full');
    expect(raster!.beeps).toBe(2);
  });
});

describe('Chinese round trip', () => {
  it('template → GB18030 bytes → emulator text gives back every Chinese input', () => {
    const input = {
      ...sampleTicket(),
      hall: '鄞州区行政服务中心',
      service: '不动产登记（二手房转移）',
      counters: '第 7、8 号窗口',
      note: '身份证原件；户口簿；婚姻证明\n购房合同（网签）',
      notice: '𠀀 生僻字测试：堃、喆、昇、𡈼',
    };
    const bytes = renderTicket(DEFAULT_TEMPLATE, input, DEFAULT_PROFILE);
    // Hanzi mode is switched on, and the text is GB18030, not UTF-8.
    expect(bytes.includes(Buffer.from([0x1c, 0x26]))).toBe(true);
    expect(bytes.includes(Buffer.from('行政服务', 'utf8'))).toBe(false);
    const text = ticketText(decode(bytes, 5).tickets[0]!).join('\n');
    for (const s of [input.hall, input.service, input.counters, '身份证原件；户口簿；婚姻证明', '购房合同（网签）', input.notice, '一次性告知']) expect(text).toContain(s);
  });

  it('with Chinese mode off the text is code page 437 and Chinese prints as ?', () => {
    const bytes = renderTicket(DEFAULT_TEMPLATE, sampleTicket(), profileOf({ chinese: false }));
    expect(bytes.includes(Buffer.from([0x1c, 0x26]))).toBe(false);
    expect(ticketText(decode(bytes).tickets[0]!).join('\n')).toContain('A012');
  });
});

describe('template', () => {
  it('escapes ReceiptLine characters in values and leaves out lines with only empty placeholders', () => {
    const doc = fillTemplate(DEFAULT_TEMPLATE, { ...sampleTicket(), service: 'A|B {x} ^_^', note: '', notice: '' });
    expect(doc).toContain('A\\|B \\{x\\} \\^\\_\\^');
    expect(doc).not.toContain('{{');
    expect(doc).not.toMatch(/^\|$/m);
    const text = ticketText(decode(renderTicket(DEFAULT_TEMPLATE, { ...sampleTicket(), service: 'A|B {x} ^_^' }, DEFAULT_PROFILE)).tickets[0]!).join('\n');
    expect(text).toContain('A|B {x} ^_^');
  });

  it('says the wait as the kiosk screen does: minutes, no wait, no counter open, or a dash without an estimate', () => {
    const line = (t: Partial<ReturnType<typeof sampleTicket>>) => fillTemplate(DEFAULT_TEMPLATE, { ...sampleTicket(), ...t }).split('\n').find((l) => l.includes('预计等候'))!;
    expect(line({ estimatedWaitMin: 12 })).toContain('预计等候 12 分钟');
    expect(line({ estimatedWaitMin: 0 })).toContain('预计等候 无需等候');
    expect(line({ estimatedWaitMin: 0, noCounterOpen: true })).toContain('预计等候 暂无窗口办理');
    expect(line({ estimatedWaitMin: null })).toContain('预计等候 —');
  });

  it('cuts long names to the ticket line and lists many counters shortly', () => {
    expect(clipText('社保业务', 10)).toBe('社保业务');
    expect(clipText('一二三四五六七八九十', 5)).toBe('一二三四…');
    expect(counterList(['1', '2', '3'])).toBe('1、2、3');
    const many = counterList(Array.from({ length: 60 }, (_, i) => String(i + 1)), 40);
    expect([...many].length).toBeLessThanOrEqual(40);
    expect(many).toMatch(/^1、2、3、.*、… 等 60 个窗口$/);
  });

  it('refuses a template without the number or with an unknown placeholder', () => {
    expect(templateSchema.safeParse('hello').success).toBe(false);
    expect(templateSchema.safeParse('{{number}} {{nope}}').success).toBe(false);
    expect(templateSchema.safeParse(DEFAULT_TEMPLATE).success).toBe(true);
  });

  it('previews as SVG at both widths', () => {
    const doc = fillTemplate(DEFAULT_TEMPLATE, sampleTicket());
    expect(toSvg(doc, { width: 80 })).toMatch(/^<svg width="576px"/);
    expect(toSvg(doc, { width: 58 })).toMatch(/^<svg width="384px"/);
    expect(toSvg(doc, { width: 80 })).toContain('<tspan x="39">A</tspan>');
  });
});

describe('PNG of a printed ticket', () => {
  it('is paper-wide, and has ink where text and the QR code are', () => {
    const [t] = decode(renderTicket(DEFAULT_TEMPLATE, sampleTicket(), DEFAULT_PROFILE)).tickets;
    const png = PNG.sync.read(ticketPng(t!, 576));
    expect(png.width).toBe(576);
    expect(png.height).toBeGreaterThan(400);
    let black = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 0) black += 1;
    expect(black).toBeGreaterThan(5000);
  });
});
