import { describe, expect, it } from 'vitest';
import { BOARD_CALL_LINE_ZH, CONNECTING_WORDS, PRIORITY_MARK, callSentence, counterInSentence, counterLabel, counterWords, NO_COUNTER_OPEN_WORDS, RATING_LEVELS, ratingWords, SATISFIED_LEVELS_ZH } from './vocabulary.js';

describe('the shared words', () => {
  it('names a counter as a label and inside a sentence', () => {
    expect(counterWords('3')).toEqual({ zh: '3号窗口', en: 'Counter 3' });
    expect(counterLabel('id')).toEqual({ zh: '{id}号窗口', en: 'Counter {id}' });
    expect(counterInSentence()).toEqual({ zh: '{counter} 号窗口', en: 'counter {counter}' });
  });

  it('says the call the way the hall hears it, in both languages', () => {
    expect(callSentence('A001', '3')).toEqual({ zh: '请 A001 号到 3 号窗口办理', en: 'Number A 0 0 1, please go to counter 3' });
    expect(BOARD_CALL_LINE_ZH.replace('{number}', 'A001').replace('{counter}', '3')).toBe('A001 请到3号窗口');
  });

  it('has the five national rating levels, best first, each with English', () => {
    expect(RATING_LEVELS.map((l) => l.score)).toEqual([5, 4, 3, 2, 1]);
    expect(RATING_LEVELS.map((l) => l.zh)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    for (const l of RATING_LEVELS) expect(l.en).toMatch(/satisfied/i);
    expect(ratingWords(1)?.zh).toBe('非常不满意');
    expect(ratingWords(6)).toBeUndefined();
    expect(SATISFIED_LEVELS_ZH).toBe('非常满意+满意+基本满意');
  });

  it('says "no counter open" once', () => {
    expect(NO_COUNTER_OPEN_WORDS).toEqual({ zh: '暂无窗口办理', en: 'No counter open' });
  });

  it('marks a priority ticket and says "connecting" one way on every terminal', () => {
    expect(PRIORITY_MARK).toEqual({ green: { zh: '绿色通道', en: 'Green channel' }, appointment: { zh: '预约', en: 'Appointment' }, vip: { zh: '优先', en: 'Priority' } });
    expect(CONNECTING_WORDS).toEqual({ zh: '正在连接服务器…', en: 'Connecting to the hub…' });
  });
});
