// What each screen shows, from a hall snapshot: a counter's screen in every state, a zone's and the
// hall's board (last calls, waiting where it fits), configured texts, and fitting to the screen.
import { describe, expect, it } from 'vitest';
import type { DriverDevice, HallSnapshot, SnapshotCounter } from '../devices/driver.js';
import { bx5Codec } from './codecs/onbon-bx.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import { boardTextsSchema, counterContent, DEFAULT_BOARD_TEXTS, fitContent, hallContent, screenContent, screensOf, textsOf } from './content.js';

const counter = (id: string, zone: string, state: string, extra: Partial<SnapshotCounter> = {}): SnapshotCounter => ({
  id,
  name: { zh: `${id}号窗口 综合` },
  zone,
  state,
  pauseReason: null,
  staff: null,
  ticket: null,
  ...extra,
});

const view: HallSnapshot = {
  seq: 9,
  at: 0,
  businessDay: '2026-11-23',
  hall: { id: 'h', name: { zh: '大厅' }, timezone: 'Asia/Shanghai' },
  zones: [
    { id: 'F1', name: { zh: '一楼' } },
    { id: 'F2', name: { zh: '二楼' } },
  ],
  counters: [
    counter('1', 'F1', 'calling', { ticket: { id: 't1', number: 'A001', serviceId: 's', state: 'called' } }),
    counter('2', 'F1', 'serving', { ticket: { id: 't2', number: 'A002', serviceId: 's', state: 'serving' } }),
    counter('3', 'F1', 'paused', { pauseReason: '午休' }),
    counter('4', 'F1', 'idle'),
    counter('13', 'F2', 'calling', { ticket: { id: 't3', number: 'L003', serviceId: 'l', state: 'called' } }),
  ],
  recentCalls: [
    { ticketId: 't3', number: 'L003', counterId: '13', zone: 'F2', at: 3, state: 'called' },
    { ticketId: 't2', number: 'A002', counterId: '2', zone: 'F1', at: 2, state: 'serving' },
    { ticketId: 't1', number: 'A001', counterId: '1', zone: 'F1', at: 1, state: 'called' },
  ],
  services: [
    { id: 's', prefix: 'A', name: { zh: '社保' }, zone: 'F1', note: null, waiting: 5, estimatedWaitMin: 10 },
    { id: 'l', prefix: 'L', name: { zh: '企业开办' }, zone: 'F2', note: null, waiting: 2, estimatedWaitMin: 10 },
  ],
  notice: null,
};
const texts = DEFAULT_BOARD_TEXTS;
const textsOfLines = (c: { lines: Array<{ text: string }> }) => c.lines.map((l) => l.text);

describe('a counter screen', () => {
  it('shows the call, flashing in red', () => {
    const c = counterContent(view.counters[0], '1', texts);
    expect(c.lines).toEqual([{ text: 'A001 请到1号窗口', color: 'red', effect: 'flash', speed: 8 }]);
  });
  it('serving, paused with the reason, idle with the name, closed', () => {
    expect(textsOfLines(counterContent(view.counters[1], '2', texts))).toEqual(['A002 正在办理']);
    expect(textsOfLines(counterContent(view.counters[2], '3', texts))).toEqual(['暂停服务', '午休']);
    expect(textsOfLines(counterContent(counter('3', 'F1', 'paused'), '3', texts))).toEqual(['暂停服务']);
    expect(textsOfLines(counterContent(view.counters[3], '4', texts))).toEqual(['4号窗口 综合', '欢迎光临']);
    expect(textsOfLines(counterContent(counter('5', 'F1', 'closed', { name: null }), '5', texts))).toEqual(['未开放', '5号窗口']);
    expect(textsOfLines(counterContent(undefined, '99', texts))).toEqual(['未开放', '99号窗口']);
  });
  it('takes configured texts and colours', () => {
    const mine = boardTextsSchema.parse({ calling: '请{number}到{counter}号', colors: { calling: 'green' }, flashCalls: false });
    expect(counterContent(view.counters[0], '1', mine).lines[0]).toEqual({ text: '请A001到1号', color: 'green', effect: 'static', speed: 8 });
    expect(boardTextsSchema.safeParse({ calling: '' }).success).toBe(false);
    expect(boardTextsSchema.safeParse({ colour: 'red' }).success).toBe(false);
  });
  it('a snapshot with bad texts falls back to the defaults', () => {
    expect(textsOf({ ...view, boards: { recentCalls: 'many' } } as HallSnapshot)).toEqual(DEFAULT_BOARD_TEXTS);
    expect(textsOf({ ...view, boards: { hallEmpty: '您好' } } as HallSnapshot).hallEmpty).toBe('您好');
  });
});

describe('a hall or zone board', () => {
  it('the whole hall: the last calls newest first and the waiting count', () => {
    expect(textsOfLines(hallContent(view, null, texts, { width: 32, lines: 4 }))).toEqual(['L003 请到13号窗口', 'A002 请到2号窗口', 'A001 请到1号窗口', '等候 7 人']);
  });
  it('a zone: only its calls and its waiting', () => {
    expect(textsOfLines(hallContent(view, 'F1', texts, { width: 32, lines: 4 }))).toEqual(['A002 请到2号窗口', 'A001 请到1号窗口', '等候 5 人']);
  });
  it('two lines: no room for the waiting count; before any call: the welcome', () => {
    expect(textsOfLines(hallContent(view, null, texts, { width: 32, lines: 2 }))).toEqual(['L003 请到13号窗口', 'A002 请到2号窗口']);
    expect(textsOfLines(hallContent({ ...view, recentCalls: [] }, 'F2', texts, { width: 32, lines: 4 }))).toEqual(['欢迎光临', '等候 2 人']);
  });
});

describe('screens of a device', () => {
  const device = (units: DriverDevice['units'], counterId: string | null = null, zone: string | null = null): DriverDevice => ({ id: 'd', kind: 'board', name: null, zone, counter: counterId, address: '', kiosk: null, units });

  it('units by bus address; no units: one screen at the default address', () => {
    expect(screensOf(device([{ unit: 3, counter: '3', name: null }, { unit: 9, counter: null, name: null }]), bx5Codec)).toEqual([
      { address: 3, counter: '3' },
      { address: 9, counter: null },
    ]);
    expect(screensOf(device([], '4'), bx5Codec)).toEqual([{ address: 1, counter: '4' }]);
  });

  it('fits to the screen: a call too wide for a 16-cell screen scrolls', () => {
    const c = screenContent({ address: 13, counter: '13' }, device([]), view, texts);
    expect(c.lines[0]).toMatchObject({ text: 'L003 请到13号窗口', effect: 'scroll' });
    const hall = screenContent({ address: 1, counter: null }, device([], null, 'F2'), view, texts);
    expect(textsOfLines(hall)).toEqual(['L003 请到13号窗口', '等候 2 人']);
  });
});

describe('fitting to what a frame carries', () => {
  const small = { limits: { maxTextBytes: 20, maxLines: 2 }, textBytes: windowScreenCodec.textBytes };
  it('content that fits is unchanged', () => {
    const c = { lines: [{ text: 'A001 请到3号窗口' }] };
    expect(fitContent(c, windowScreenCodec, ['A001', '3'])).toEqual(c);
  });
  it('the longest line loses its end first; the ticket number and the counter stay', () => {
    const fitted = fitContent({ lines: [{ text: '请到窗口 3 办理业务 A001 谢谢合作' }, { text: '欢迎' }] }, small, ['A001', '3']);
    expect(windowScreenCodec.textBytes(fitted)).toBeLessThanOrEqual(20);
    expect(fitted.lines[0]!.text).toContain('A001');
    expect(fitted.lines[0]!.text).toContain('3');
    expect(fitted.lines[1]!.text).toBe('欢迎');
  });
  it('too many lines, and lines of essentials alone: lines go, then the last is cut', () => {
    const fitted = fitContent({ lines: [{ text: 'A'.repeat(15) }, { text: 'B'.repeat(15) }, { text: 'C' }] }, small, ['A'.repeat(15), 'B'.repeat(15)]);
    expect(fitted.lines.map((l) => l.text)).toEqual(['A'.repeat(15)]);
    expect(fitContent({ lines: [{ text: 'X'.repeat(40) }] }, small, ['X'.repeat(40)]).lines[0]!.text).toBe('X'.repeat(20));
  });
});

