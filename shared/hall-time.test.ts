import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDayAt,
  daysInRange,
  hourOfDay,
  instantOfLocal,
  isCalendarDate,
  isValidTimeZone,
  localDateTime,
  localHm,
  localTime,
  minuteOfDay,
  weekdayOf,
  zonedParts,
} from './hall-time.js';

// Instants are written in UTC so that each expectation reads as "this UTC instant is that wall time".
const utc = (iso: string) => Date.parse(`${iso}Z`);
const SH = 'Asia/Shanghai';
// Europe/Berlin in 2026: clocks go forward on 29 March at 01:00 UTC (02:00 CET → 03:00 CEST) and back on
// 25 October at 01:00 UTC (03:00 CEST → 02:00 CET).
const BER = 'Europe/Berlin';

describe('localTime at the day edges', () => {
  it.each([
    // Shanghai: UTC+8 all year, midnight is 16:00 UTC the day before.
    [SH, '2026-11-22T15:59', { date: '2026-11-22', weekday: 7, minutes: 23 * 60 + 59 }],
    [SH, '2026-11-22T16:00', { date: '2026-11-23', weekday: 1, minutes: 0 }],
    [SH, '2026-12-31T16:00', { date: '2027-01-01', weekday: 5, minutes: 0 }],
    // Berlin, the night the clocks go forward: midnight at 23:00 UTC (CET), the next at 22:00 UTC (CEST).
    [BER, '2026-03-28T22:59', { date: '2026-03-28', weekday: 6, minutes: 23 * 60 + 59 }],
    [BER, '2026-03-28T23:00', { date: '2026-03-29', weekday: 7, minutes: 0 }],
    [BER, '2026-03-29T00:59', { date: '2026-03-29', weekday: 7, minutes: 60 + 59 }],
    [BER, '2026-03-29T01:00', { date: '2026-03-29', weekday: 7, minutes: 3 * 60 }],
    [BER, '2026-03-29T21:59', { date: '2026-03-29', weekday: 7, minutes: 23 * 60 + 59 }],
    [BER, '2026-03-29T22:00', { date: '2026-03-30', weekday: 1, minutes: 0 }],
    // …and back: 02:00–02:59 happens twice.
    [BER, '2026-10-24T22:00', { date: '2026-10-25', weekday: 7, minutes: 0 }],
    [BER, '2026-10-25T00:59', { date: '2026-10-25', weekday: 7, minutes: 2 * 60 + 59 }],
    [BER, '2026-10-25T01:00', { date: '2026-10-25', weekday: 7, minutes: 2 * 60 }],
    [BER, '2026-10-25T22:59', { date: '2026-10-25', weekday: 7, minutes: 23 * 60 + 59 }],
    [BER, '2026-10-25T23:00', { date: '2026-10-26', weekday: 1, minutes: 0 }],
  ])('%s %s UTC', (zone, at, expected) => {
    expect(localTime(utc(at), zone)).toEqual(expected);
  });

  it('hands out copies: a caller changing its answer does not change the next one', () => {
    const first = localTime(utc('2026-11-23T02:00'), SH);
    first.date = 'changed';
    expect(localTime(utc('2026-11-23T02:00:30'), SH).date).toBe('2026-11-23');
  });

  it('gives seconds and weekday in zonedParts', () => {
    expect(zonedParts(utc('2026-03-29T01:00:07'), BER)).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 7, weekday: 7 });
  });

  it('knows a zone from a typo', () => {
    expect(isValidTimeZone(SH)).toBe(true);
    expect(isValidTimeZone('Asia/Shang_hai')).toBe(false);
  });
});

describe('businessDayAt', () => {
  it.each([
    [SH, 3, '2026-11-23T18:59', '2026-11-23'], // 02:59 on the 24th
    [SH, 3, '2026-11-23T19:00', '2026-11-24'], // 03:00
    [SH, 0, '2026-11-23T15:59', '2026-11-23'],
    [SH, 0, '2026-11-23T16:00', '2026-11-24'],
    // The morning Berlin's clocks go forward, the day still starts at 03:00 on the wall (01:00 UTC),
    // which is only two hours after midnight.
    [BER, 3, '2026-03-29T00:59', '2026-03-28'], // 01:59 CET
    [BER, 3, '2026-03-29T01:00', '2026-03-29'], // 03:00 CEST
    // The morning they go back, 02:xx comes twice and both belong to the day before; 03:00 CET starts it.
    [BER, 3, '2026-10-25T00:30', '2026-10-24'], // 02:30 CEST
    [BER, 3, '2026-10-25T01:30', '2026-10-24'], // 02:30 CET
    [BER, 3, '2026-10-25T02:00', '2026-10-25'], // 03:00 CET
  ])('%s, day starting at %i:00: %s UTC belongs to %s', (zone, resetHour, at, day) => {
    expect(businessDayAt(utc(at), zone, resetHour)).toBe(day);
  });

  it('answers each zone and reset hour for itself within the same minute (the last answer is kept)', () => {
    const at = utc('2026-11-23T18:59:30');
    expect(businessDayAt(at, SH, 3)).toBe('2026-11-23');
    expect(businessDayAt(at, SH, 0)).toBe('2026-11-24');
    expect(businessDayAt(at, BER, 3)).toBe('2026-11-23');
    expect(businessDayAt(at, SH, 3)).toBe('2026-11-23');
    // The next minute is 03:00 in Shanghai.
    expect(businessDayAt(at + 30_000, SH, 3)).toBe('2026-11-24');
  });
});

describe('instantOfLocal', () => {
  it('finds local midnight and noon', () => {
    expect(instantOfLocal('2026-11-23', 0, SH)).toBe(utc('2026-11-22T16:00'));
    expect(instantOfLocal('2026-01-01', 12 * 60, BER)).toBe(utc('2026-01-01T11:00'));
    expect(instantOfLocal('2026-07-01', 12 * 60, BER)).toBe(utc('2026-07-01T10:00'));
  });

  it('puts a wall time skipped by the clocks going forward an hour later', () => {
    expect(instantOfLocal('2026-03-29', 2 * 60 + 30, BER)).toBe(utc('2026-03-29T01:30')); // 03:30 CEST
  });

  it('answers a wall time that happens twice with one of the two', () => {
    const at = instantOfLocal('2026-10-25', 2 * 60 + 30, BER);
    expect([utc('2026-10-25T00:30'), utc('2026-10-25T01:30')]).toContain(at);
    expect(localDateTime(at, BER)).toBe('2026-10-25 02:30');
  });

  it('round-trips every quarter hour of both DST days', () => {
    for (const day of ['2026-03-29', '2026-10-25']) {
      for (let m = 0; m < 24 * 60; m += 15) {
        if (day === '2026-03-29' && m >= 120 && m < 180) continue; // does not exist on the wall
        expect(localTime(instantOfLocal(day, m, BER), BER)).toMatchObject({ date: day, minutes: m });
      }
    }
  });
});

describe('hourOfDay and minuteOfDay (offsets kept per UTC hour)', () => {
  it('reads hours in the hall zone, daylight saving included', () => {
    expect(hourOfDay(SH)(utc('2026-11-23T01:59'))).toBe(9);
    expect(hourOfDay(SH)(utc('2026-11-23T16:00'))).toBe(0);
    const berlin = hourOfDay(BER);
    expect(berlin(utc('2026-01-15T08:30'))).toBe(9); // CET
    expect(berlin(utc('2026-07-15T08:30'))).toBe(10); // CEST
    expect(hourOfDay('Asia/Kathmandu')(utc('2026-01-15T03:20'))).toBe(9); // +5:45 → 09:05
    expect(hourOfDay('Asia/Kathmandu')(utc('2026-01-15T03:10'))).toBe(8); // → 08:55
  });

  it('agrees with localTime minute by minute across both of Berlin’s DST nights and Shanghai’s midnight', () => {
    for (const [zone, from] of [
      [BER, '2026-03-28T20:00'],
      [BER, '2026-10-24T20:00'],
      [SH, '2026-11-22T12:00'],
    ] as const) {
      const minuteOf = minuteOfDay(zone);
      const hourOf = hourOfDay(zone);
      for (let at = utc(from); at < utc(from) + 12 * 3_600_000; at += 60_000) {
        const l = localTime(at, zone);
        expect(minuteOf(at)).toBe(l.minutes);
        expect(hourOf(at)).toBe(Math.floor(l.minutes / 60));
      }
    }
  });
});

describe('calendar dates', () => {
  it.each([
    ['2026-11-23', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-5', false],
    ['20261123', false],
    ['', false],
  ])('%s is a calendar date: %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok));

  it('counts days with both ends included', () => {
    expect(daysInRange('2026-11-23', '2026-11-23')).toBe(1);
    expect(daysInRange('2026-01-01', '2026-12-31')).toBe(365);
    expect(daysInRange('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInRange('2026-03-28', '2026-03-30')).toBe(3);
    expect(daysInRange('2026-11-24', '2026-11-23')).toBe(0);
  });

  it('adds days across month, year, leap day and DST dates', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-11-23', -7)).toBe('2026-11-16');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  it('names ISO weekdays', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
  });
});

describe('formatting in hall time', () => {
  it('formats the wall clock, not the machine’s', () => {
    expect(localHm(utc('2026-11-23T01:05'), SH)).toBe('09:05');
    expect(localDateTime(utc('2026-11-22T16:00'), SH)).toBe('2026-11-23 00:00');
    expect(localDateTime(utc('2026-03-29T01:00'), BER)).toBe('2026-03-29 03:00');
  });
});
