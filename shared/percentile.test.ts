import { describe, expect, it } from 'vitest';
import { median, percentile, percentileOf } from './percentile.js';

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 0.9, null],
    [[7], 0.9, 7],
    [[1, 2], 0.9, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 10],
    [[3, 3, 3, 100], 0.9, 100],
  ])('%j at %d → %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('percentileOf and median (values in any order)', () => {
  it('reads the nearest rank of a sorted copy and leaves the values as they were', () => {
    const calls = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentileOf(calls, 0.99)).toBe(99); // the 99th of 100, not the slowest
    expect(percentileOf(calls, 1)).toBe(100);
    expect(median(calls)).toBe(50);
    expect(calls[0]).toBe(100);
  });

  it('is 0 for no values (a figure, not a report)', () => {
    expect(percentileOf([], 0.99)).toBe(0);
    expect(median([])).toBe(0);
  });
});
