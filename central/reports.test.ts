import { describe, expect, it } from 'vitest';
import { splitRange } from './reports.js';

describe('splitRange: whole months from month rows, the ends from day rows', () => {
  it.each([
    ['2025-01-01', '2025-12-31', { months: ['2025-01-01', '2025-12-01'], days: [] }],
    ['2025-01-15', '2025-03-10', { months: ['2025-02-01', '2025-02-01'], days: [['2025-01-15', '2025-01-31'], ['2025-03-01', '2025-03-10']] }],
    ['2025-01-15', '2025-01-20', { months: null, days: [['2025-01-15', '2025-01-20']] }],
    ['2025-02-01', '2025-02-28', { months: ['2025-02-01', '2025-02-01'], days: [] }],
    ['2024-02-02', '2024-02-29', { months: null, days: [['2024-02-02', '2024-02-29']] }],
    ['2024-12-31', '2025-01-31', { months: ['2025-01-01', '2025-01-01'], days: [['2024-12-31', '2024-12-31']] }],
  ])('%s … %s', (from, to, expected) => {
    expect(splitRange(from, to)).toEqual(expected);
  });
});
