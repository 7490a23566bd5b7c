import { describe, expect, it } from 'vitest';
import { Debouncer } from './debounce.js';

describe('key debounce', () => {
  it.each<[string, Array<[string, string, number]>, boolean[]]>([
    ['a single press counts', [['1', '5', 0]], [true]],
    ['the same key again within the window is a bounce', [['1', '5', 0], ['1', '5', 120]], [true, false]],
    ['the same key after the window counts', [['1', '5', 0], ['1', '5', 300]], [true, true]],
    ['a bounce chain stays one press', [['1', '5', 0], ['1', '5', 200], ['1', '5', 400]], [true, false, false]],
    ['another key in between ends the bounce', [['1', '5', 0], ['1', '4', 50], ['1', '5', 100]], [true, true, true]],
    ['units are independent', [['1', '5', 0], ['2', '5', 10]], [true, true]],
  ])('%s', (_name, presses, expected) => {
    const d = new Debouncer(300);
    expect(presses.map(([u, k, at]) => d.accept(u, k, at))).toEqual(expected);
  });
});
