import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../config/schema.js';
import { isDueAppointment, isPriority, longestWaitPolicy, nextCycle, standardPolicy } from './policy.js';
import { closedCounter } from './state.js';
import { EngineHarness, MINUTE, MONDAY_10AM } from './test-fixture.js';

const rules = rulesSchema.parse({});

describe('nextCycle (2 priority : 1 normal)', () => {
  it.each([
    [{ priority: 0, normal: 0 }, 'priority', { priority: 1, normal: 0 }],
    [{ priority: 1, normal: 0 }, 'priority', { priority: 2, normal: 0 }],
    [{ priority: 2, normal: 0 }, 'normal', { priority: 0, normal: 0 }], // both shares used: a new cycle
    [{ priority: 1, normal: 0 }, null, { priority: 1, normal: 0 }], // an uncontested call does not count
  ] as const)('%o after a %s call is %o', (cycle, contested, expected) => {
    expect(nextCycle(cycle, contested, rules)).toEqual(expected);
  });
});

describe('classes', () => {
  const hall = new EngineHarness();
  const t = (priority: 'normal' | 'green' | 'vip' | 'appointment', slotInMin = 0) =>
    hall.issue('household', priority === 'appointment' ? { priority, appointment: { code: 'R', slotAt: MONDAY_10AM + slotInMin * MINUTE } } : { priority });

  it('green and VIP are priority; normal and appointments are not', () => {
    expect([t('green'), t('vip'), t('normal'), t('appointment')].map(isPriority)).toEqual([true, true, false, false]);
  });

  it.each([
    [-10, true],
    [-11, false],
    [15, true],
    [16, false],
  ])('an appointment is due %i min from its slot: %s', (offset, due) => {
    expect(isDueAppointment(t('appointment'), MONDAY_10AM + offset * MINUTE, rules)).toBe(due);
  });

  it('a normal ticket is never a due appointment', () => {
    expect(isDueAppointment(t('normal'), MONDAY_10AM, rules)).toBe(false);
  });
});

it('both policies pick nobody from no candidates', () => {
  const counter = closedCounter('1', 'z1', 0);
  expect(standardPolicy([], counter, { now: 0, rules })).toBeNull();
  expect(longestWaitPolicy([], counter, { now: 0, rules })).toBeNull();
});
