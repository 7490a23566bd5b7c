// The announcement's text and clip sequence for the numbers that trip announcers up (10, 13, 100, 101,
// counters past 1000, letter prefixes, two-letter prefixes), and the committed clip set covering them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIPS_DIR } from './make-clips.js';
import { CLIPS, announcementClips, announcementText, callClips, enNumberClips, spoken, zhNumberClips } from './speech.js';

const zhSpoken = (n: number) => spoken(zhNumberClips(n)).replace(/ /g, '');

describe('counter numbers read as numbers', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [13, '十三'],
    [20, '二十'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1005, '一千零五'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
  ])('zh %i → %s', (n, words) => {
    expect(zhSpoken(n)).toBe(words);
  });

  it.each([
    [10, 'ten'],
    [13, 'thirteen'],
    [21, 'twenty one'],
    [100, 'one hundred'],
    [101, 'one hundred one'],
    [1013, 'one thousand thirteen'],
  ])('en %i → %s', (n, words) => {
    expect(spoken(enNumberClips(n))).toBe(words);
  });

  it('refuses what is not a counter number', () => {
    expect(() => zhNumberClips(-1)).toThrow(RangeError);
    expect(() => zhNumberClips(10_000)).toThrow(RangeError);
  });
});

describe('announcements', () => {
  it('"请 A001 号到 3 号窗口办理": the ticket read one by one, the counter as a number', () => {
    const call = { number: 'A001', counterId: '3' };
    expect(announcementText(call)).toBe('请 A001 号到 3 号窗口办理');
    expect(announcementClips(call)).toEqual(['chime', 'zh/qing', 'zh/letter-A', 'zh/d0', 'zh/d0', 'zh/d1', 'zh/hao', 'zh/dao', 'zh/d3', 'zh/hao-chuangkou', 'zh/banli']);
  });

  it.each([
    ['B010', '10', '请 B 零 一 零 号 到 十 号窗口 办理'],
    ['C013', '13', '请 C 零 一 三 号 到 十 三 号窗口 办理'],
    ['D100', '100', '请 D 一 零 零 号 到 一 百 号窗口 办理'],
    ['E101', '101', '请 E 一 零 一 号 到 一 百 零 一 号窗口 办理'],
    ['AB012', '12', '请 A B 零 一 二 号 到 十 二 号窗口 办理'],
  ])('%s at counter %s → %s', (number, counterId, words) => {
    expect(spoken(callClips({ number, counterId }, 'zh'))).toBe(words);
  });

  it('English after Chinese when asked, the whole repeated as configured, one chime', () => {
    const clips = announcementClips({ number: 'K013', counterId: '13' }, { langs: ['zh', 'en'], repeat: 2 });
    expect(clips.filter((c) => c === 'chime')).toHaveLength(1);
    const once = [...callClips({ number: 'K013', counterId: '13' }, 'zh'), ...callClips({ number: 'K013', counterId: '13' }, 'en')];
    expect(clips).toEqual(['chime', ...once, ...once]);
    expect(spoken(callClips({ number: 'K013', counterId: '13' }, 'en'))).toBe('Number K zero one three please go to counter thirteen');
    expect(announcementClips({ number: 'A1', counterId: '1' }, { chime: false })[0]).toBe('zh/qing');
  });

  it('a counter id that is not a number is read character by character', () => {
    expect(spoken(callClips({ number: 'A001', counterId: 'B2' }, 'zh'))).toBe('请 A 零 零 一 号 到 B 二 号窗口 办理');
  });

  it('every clip of the set is committed as a WAV', () => {
    const missing = Object.keys(CLIPS).filter((id) => !existsSync(join(CLIPS_DIR, `${id}.wav`)));
    expect(missing).toEqual([]);
    expect(Object.keys(CLIPS).length).toBeGreaterThan(90);
  });
});
