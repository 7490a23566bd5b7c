import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from './lang.js';
import { defineWords, fill } from './words.js';

const t = defineWords({
  zh: { title: '自助取号', waiting: '等候 {n} 人', date: '{y}年{m}月{d}日', built: `请到 ${'{counter}'} 号窗口` as string },
  en: { title: 'Take a number', waiting: '{n} waiting', date: '{d} {mon} {y}', built: 'Go to counter {counter}' },
});

describe('defineWords', () => {
  afterEach(() => setLang('zh'));

  it('says a key in the page language and switches live', () => {
    expect(t('title')).toBe('自助取号');
    expect(t('waiting', { n: 3 })).toBe('等候 3 人');
    setLang('en');
    expect(t('title')).toBe('Take a number');
    expect(t('waiting', { n: 3 })).toBe('3 waiting');
    expect(t('date', { y: 2026, m: 12, d: 6, mon: 'Dec' })).toBe('6 Dec 2026');
  });

  it('leaves a placeholder with no value as written, so a missing value shows', () => {
    expect(fill('等候 {n} 人，约 {min} 分钟', { n: 2 })).toBe('等候 2 人，约 {min} 分钟');
  });

  it('types the placeholders of both languages', () => {
    // @ts-expect-error `n` is required
    t('waiting');
    // @ts-expect-error `mon` (English only) is required too
    t('date', { y: 1, m: 1, d: 1 });
    // @ts-expect-error a key no catalogue has
    t('nope');
    // A key of a union type (a preset's key): values are optional, as its entries differ.
    const key = (Math.random() < 2 ? 'title' : 'waiting') as 'title' | 'waiting';
    expect(t(key)).toBe('自助取号');
    // A text built from shared words: the type cannot see its placeholders, so it takes any.
    expect(t('built', { counter: 3 })).toBe('请到 3 号窗口');
  });

  it('refuses an English catalogue with keys Chinese lacks', () => {
    // @ts-expect-error `extra` is not in the Chinese catalogue
    defineWords({ zh: { a: '甲' }, en: { a: 'A', extra: 'X' } });
    // @ts-expect-error `b` is missing in English
    defineWords({ zh: { a: '甲', b: '乙' }, en: { a: 'A' } });
  });
});
