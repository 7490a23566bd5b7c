// Follow-up due dates (差评整改: 15 working days on the hall's calendar) and case states, as tables.
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../engine/test-fixture.js';
import { addWorkingDays, followupDates, followupStatus, isWorkingDay } from './followup.js';

// 2026-10-01…07 is the National Day holiday; 2026-10-10 (Saturday) a make-up working day in this config.
const config = makeConfig({
  hours: { days: [1, 2, 3, 4, 5] },
  calendar: { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], extraWorkdays: ['2026-10-10'] },
});

describe('working days', () => {
  it.each([
    ['2026-11-23', true], // Monday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-10-01', false], // holiday on a Thursday
    ['2026-10-10', true], // make-up Saturday
  ])('%s is a working day: %s', (day, expected) => expect(isWorkingDay(day, config)).toBe(expected));

  it.each([
    ['2026-11-23', 1, '2026-11-24'],
    ['2026-11-27', 1, '2026-11-30'], // Friday → Monday
    ['2026-11-23', 5, '2026-11-30'],
    ['2026-11-23', 15, '2026-12-14'], // three working weeks
    ['2026-09-30', 1, '2026-10-08'], // over the holiday
    ['2026-10-09', 1, '2026-10-10'], // onto the make-up Saturday
    ['2026-09-30', 15, '2026-10-27'], // 10-08, 09, 10 (make-up), then 12 weekdays
  ])('%s + %i working days = %s', (day, n, expected) => expect(addWorkingDays(day, n, config)).toBe(expected));
});

describe('follow-up cases', () => {
  it('is due 15 working days after the rating, warned the working day before', () => {
    expect(followupDates('2026-11-23', config)).toEqual({ dueDay: '2026-12-14', warnDay: '2026-12-11' });
  });

  it.each<[string, number | null, string]>([
    ['2026-11-23', null, 'open'],
    ['2026-12-10', null, 'open'],
    ['2026-12-11', null, 'due-soon'],
    ['2026-12-14', null, 'due-soon'],
    ['2026-12-15', null, 'overdue'],
    ['2026-12-15', 1, 'closed'],
  ])('on %s (closed at %s) it is %s', (today, closedAt, status) => {
    expect(followupStatus({ dueDay: '2026-12-14', warnDay: '2026-12-11', closedAt }, today)).toBe(status);
  });
});
