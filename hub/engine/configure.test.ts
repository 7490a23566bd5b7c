// The configure command: a new config is taken as a config.changed event unless it would strand
// someone — an open ticket of a removed service, a ticket transferred to a removed counter, a staffed
// counter that disappears, or a staff member removed while logged in at a counter.
import { describe, expect, it } from 'vitest';
import type { HallConfig } from '../config/schema.js';
import { hallModel } from './domain.js';
import { EngineHarness, makeConfig, refusal } from './test-fixture.js';

/** The base hall with some edits made to its config. */
function edited(fn: (c: HallConfig) => void): HallConfig {
  const c = makeConfig();
  fn(c);
  return c;
}

const withoutStaff = (no: string) => edited((c) => void (c.staff = c.staff.filter((s) => s.no !== no)));
const withoutCounter = (id: string) =>
  edited((c) => {
    c.counters = c.counters.filter((k) => k.id !== id);
  });

/** 1001 logged in at counter 1, 1002 logged in at 2 and then logged out; a household ticket waits. */
function busyHall(): EngineHarness {
  const hall = new EngineHarness();
  hall.login('1', '1001');
  hall.login('2', '1002');
  hall.run({ type: 'logout', counterId: '2' });
  hall.issue('household');
  return hall;
}

describe('configure', () => {
  it.each<[string, HallConfig, Record<string, string> | null]>([
    ['the same config', makeConfig(), null],
    ['a staff member who is not logged in removed', withoutStaff('1003'), null],
    ['a staff member who logged out removed', withoutStaff('1002'), null],
    ['a staff member logged in at a counter removed', withoutStaff('1001'), { staff: '1001', counter: '1' }],
    ['a logged-in staff member renamed (same number)', edited((c) => void (c.staff[0]!.name = '张三丰')), null],
    ['a closed counter removed', withoutCounter('4'), null],
    ['a staffed counter removed', withoutCounter('1'), { counter: '1' }],
    ['the service of a waiting ticket removed', edited((c) => {
      c.services = c.services.filter((s) => s.id !== 'household');
      for (const k of c.counters) k.services = k.services.filter((s) => s.service !== 'household');
    }), { service: 'household' }],
    ['notices added', edited((c) => void (c.notices = [{ id: 'n1', text: { zh: '今日下午停电检修' }, enabled: true }])), null],
  ])('%s', (_name, config, conflict) => {
    const hall = busyHall();
    if (conflict === null) {
      const events = hall.run({ type: 'configure', config, source: 'api' });
      expect(events.map((e) => e.type)).toEqual(['config.changed']);
      // The state keeps the hall model of the new config, not the file's devices, managers or TLS.
      expect(hall.state.config).toEqual(hallModel(config));
      expect(hall.state.config).not.toHaveProperty('devices');
    } else {
      const before = structuredClone(hall.state);
      const e = refusal(() => hall.run({ type: 'configure', config, source: 'api' }));
      expect(e.code).toBe('CONFIG_CONFLICT');
      expect(e.params).toMatchObject(conflict);
      expect(hall.state).toStrictEqual(before);
    }
  });

  it('a staff member may be removed once they have logged out', () => {
    const hall = busyHall();
    expect(refusal(() => hall.run({ type: 'configure', config: withoutStaff('1001'), source: 'api' })).code).toBe('CONFIG_CONFLICT');
    hall.run({ type: 'logout', counterId: '1' });
    expect(hall.run({ type: 'configure', config: withoutStaff('1001'), source: 'api' }).map((e) => e.type)).toEqual(['config.changed']);
    expect(hall.state.config.staff.map((s) => s.no)).toEqual(['1002', '1003']);
  });

  it('a config file is held to the same rule', () => {
    const hall = busyHall();
    expect(refusal(() => hall.run({ type: 'configure', config: withoutStaff('1001'), source: 'file' })).params).toMatchObject({ staff: '1001' });
  });
});
