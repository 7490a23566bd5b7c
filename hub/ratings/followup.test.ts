// Follow-up due dates (差评整改: 15 working days on the hall's calendar) and case states, as tables.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calendarDates, readCalendarFile, withCalendarDates } from '../config/calendar-file.js';
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

describe('the legal calendar, not the opening days', () => {
  it('counts 15 working days from a Sunday rating: 2026-12-06 → 2026-12-25 (the issue’s example)', () => {
    // Three Monday–Friday weeks after Sunday 12-06: 12-07…11, 12-14…18, 12-21…25.
    expect(followupDates('2026-12-06', makeConfig({})).dueDay).toBe('2026-12-25');
  });

  it('does not shorten deadlines for a hall open on Saturdays or every day', () => {
    for (const days of [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 7]]) expect(followupDates('2026-12-06', makeConfig({ hours: { days } })).dueDay).toBe('2026-12-25');
  });

  it('takes the working weekdays from calendar.workingDays', () => {
    // A six-day legal week: 15 working days from Sunday 12-06 are 12-07…12 (6), 12-14…19 (12), 12-21…23 (15).
    expect(addWorkingDays('2026-12-06', 15, makeConfig({ calendar: { workingDays: [1, 2, 3, 4, 5, 6] } }))).toBe('2026-12-23');
  });

  it('skips a holiday and counts a make-up Saturday, from the holiday file (docs/examples/holidays-cn.yaml)', () => {
    const dates = readCalendarFile(fileURLToPath(new URL('../../docs/examples/holidays-cn.yaml', import.meta.url)));
    const cn = makeConfig({ calendar: withCalendarDates({}, dates) });
    expect(isWorkingDay('2026-10-05', cn)).toBe(false); // Monday in the National Day break
    expect(isWorkingDay('2026-10-10', cn)).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-09-20', cn)).toBe(true); // make-up Sunday
    // Opened Wednesday 09-30: 10-08 (1), 10-09 (2), Saturday 10-10 (3), 10-12…16 (8), 10-19…23 (13), 10-26 (14), 10-27 (15).
    expect(followupDates('2026-09-30', cn)).toEqual({ dueDay: '2026-10-27', warnDay: '2026-10-26' });
    // Spring Festival: opened Friday 02-13; Saturday 02-14 is worked (1), 02-15…23 off, then 02-24…27 (5), Saturday 02-28 (6).
    expect(addWorkingDays('2026-02-13', 6, cn)).toBe('2026-02-28');
  });

  it('refuses a holiday file with an impossible date, a backward range or a date both off and worked', () => {
    const r = calendarDates({ 2026: { holidays: ['2026-02-30', '2026-10-07..2026-10-01', '2026-10-10'], workdays: ['2026-10-10'] } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(3);
      expect(r.problems.join('\n')).toMatch(/2026-02-30[\s\S]*2026-10-07\.\.2026-10-01[\s\S]*2026-10-10 is both/);
    }
  });
});
