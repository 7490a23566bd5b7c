import { describe, expect, it } from 'vitest';
import { businessDay, isWorkday, issueWindow } from './calendar.js';
import { localTime, toMinutes } from '../../shared/hall-time.js';
import { local, makeConfig } from './test-fixture.js';

describe('localTime', () => {
  it.each([
    ['2026-11-23 10:00', { date: '2026-11-23', weekday: 1, minutes: 600 }],
    ['2026-11-28 00:00', { date: '2026-11-28', weekday: 6, minutes: 0 }],
    ['2026-11-29 23:59', { date: '2026-11-29', weekday: 7, minutes: 23 * 60 + 59 }],
  ])('%s in Shanghai', (when, expected) => {
    expect(localTime(local(when), 'Asia/Shanghai')).toEqual(expected);
  });

  it('reads the instant in the given zone, not the machine zone', () => {
    // 2026-11-23 01:00 in Shanghai is still Sunday evening in UTC.
    expect(localTime(local('2026-11-23 01:00'), 'UTC')).toEqual({ date: '2026-11-22', weekday: 7, minutes: 17 * 60 });
  });
});

describe('businessDay', () => {
  it.each([
    [3, '2026-11-24 00:00', '2026-11-23'],
    [3, '2026-11-24 01:00', '2026-11-23'],
    [3, '2026-11-24 02:59', '2026-11-23'],
    [3, '2026-11-24 03:00', '2026-11-24'],
    [0, '2026-11-23 23:59', '2026-11-23'],
    [0, '2026-11-24 00:00', '2026-11-24'],
    [5, '2026-11-24 04:59', '2026-11-23'],
    [5, '2026-11-24 05:00', '2026-11-24'],
  ])('with dayResetHour %i, %s belongs to %s', (dayResetHour, when, day) => {
    const config = makeConfig((c) => {
      c.hall.dayResetHour = dayResetHour;
    });
    expect(businessDay(local(when), config)).toBe(day);
  });
});

describe('isWorkday', () => {
  const config = makeConfig({ calendar: { holidays: ['2026-11-24'], extraWorkdays: ['2026-11-28'] } });
  it.each([
    ['2026-11-23', true, 'a plain Monday'],
    ['2026-11-24', false, 'a holiday on a Tuesday'],
    ['2026-11-28', true, 'a make-up Saturday'],
    ['2026-11-29', false, 'a Sunday'],
  ])('%s is a workday: %s (%s)', (date, expected) => {
    expect(isWorkday(localTime(local(`${date} 10:00`), 'Asia/Shanghai'), config, config.hours)).toBe(expected);
  });
});

describe('issueWindow', () => {
  const config = makeConfig();
  const household = config.services[0]!;
  it.each([
    ['2026-11-23 08:59', { open: false, code: 'SERVICE_CLOSED', until: '09:00' }],
    ['2026-11-23 09:00', { open: true }],
    ['2026-11-23 11:59', { open: true }],
    ['2026-11-23 12:00', { open: false, code: 'LUNCH_BREAK', until: '13:30' }],
    ['2026-11-23 13:29', { open: false, code: 'LUNCH_BREAK', until: '13:30' }],
    ['2026-11-23 13:30', { open: true }],
    ['2026-11-23 16:29', { open: true }],
    ['2026-11-23 16:30', { open: false, code: 'ISSUING_STOPPED', until: null }],
    ['2026-11-23 17:00', { open: false, code: 'SERVICE_CLOSED', until: null }],
    ['2026-11-28 10:00', { open: false, code: 'SERVICE_CLOSED', until: null }],
  ])('at %s', (when, expected) => {
    expect(issueWindow(household, config, local(when))).toEqual(expected);
  });

  it('uses the service hours when a service has its own', () => {
    const c = makeConfig((input) => {
      input.services[3]!.hours = { open: '08:00', close: '12:00', lunch: null, stopIssuingBeforeCloseMin: 0 };
    });
    const social = c.services[3]!;
    expect(issueWindow(social, c, local('2026-11-23 08:30'))).toEqual({ open: true });
    expect(issueWindow(social, c, local('2026-11-23 11:59'))).toEqual({ open: true });
    expect(issueWindow(social, c, local('2026-11-23 12:00'))).toMatchObject({ open: false, code: 'SERVICE_CLOSED' });
    expect(issueWindow(c.services[0]!, c, local('2026-11-23 08:30'))).toMatchObject({ open: false, code: 'SERVICE_CLOSED' });
  });
});

it('toMinutes reads HH:MM', () => {
  expect(toMinutes('00:00')).toBe(0);
  expect(toMinutes('13:30')).toBe(810);
  expect(toMinutes('24:00')).toBe(1440);
});
