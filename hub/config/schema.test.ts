// The hall config's validation: every cross-check names the path of the problem, and a service's
// own hours inherit what they leave out from the hall's.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Counter, HallModel, Service, StaffMember } from '../engine/domain.js';
import { issueWindow } from '../engine/calendar.js';
import { demoHallInput } from './demo-hall.js';
import { ConfigError, validateHallConfig } from './load.js';
import { hallConfigSchema, type HallConfigInput } from './schema.js';

const base = demoHallInput({ realHours: true });

function problems(edit: (c: HallConfigInput) => void): string[] {
  const c = structuredClone(base);
  edit(c);
  try {
    validateHallConfig(c);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
}

describe('the config produces the engine domain model', () => {
  it('parses into HallModel, services, counters and staff of the domain types', () => {
    const config = hallConfigSchema.parse(base);
    expectTypeOf(config).toExtend<HallModel>();
    expectTypeOf(config.services[0]!).toExtend<Service>();
    expectTypeOf(config.counters[0]!).toExtend<Counter>();
    expectTypeOf(config.staff[0]!).toExtend<StaffMember>();
    // Defaults are filled, so a parsed service is a whole domain Service.
    const s: Service = config.services[0]!;
    expect(s).toMatchObject({ enabled: true, digits: expect.any(Number), onOverflow: expect.any(String), targetWaitMin: expect.any(Number) });
    expect(config.counters[0]!.services[0]!.rank).toBeGreaterThanOrEqual(1);
  });
});

describe('hall config validation', () => {
  it('accepts the demo hall', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it('gives the demo hall English names for every department, materials note and device', () => {
    const c = validateHallConfig(structuredClone(base));
    for (const s of c.services) {
      expect(s.departmentEn, s.id).toMatch(/^[ -~]+$/);
      expect(s.note?.en, s.id).toMatch(/^[ -~]+$/);
    }
    for (const d of c.devices) expect(d.nameEn, d.id).toMatch(/^[ -~]+$/);
  });

  it('refuses an English name with a control character', () => {
    expect(problems((c) => (c.services[0]!.departmentEn = 'HR\u0007'))).not.toEqual([]);
  });

  it.each<[string, (c: HallConfigInput) => void, RegExp]>([
    ['an unknown zone', (c) => (c.services[0]!.zone = 'F9'), /^services\.0\.zone: unknown zone "F9"/],
    ['a duplicate prefix', (c) => (c.services[1]!.prefix = 'A'), /^services\.1\.prefix: "A" appears twice/],
    ['a bad time', (c) => (c.hours = { open: '9:00' }), /^hours\.open: a time as HH:MM/],
    ['close before open', (c) => (c.hours = { open: '17:00', close: '09:00' }), /"open" must be before "close"/],
    ['an impossible holiday', (c) => (c.calendar = { holidays: ['2026-02-30'] }), /^calendar\.holidays\.0: "2026-02-30" is not a calendar date/],
    ['a backup who is nobody', (c) => (c.staff![0]!.backup = '9999'), /^staff\.0\.backup: "9999" is not another staff member's number/],
    ['a backup who is oneself', (c) => (c.staff![0]!.backup = c.staff![0]!.no), /^staff\.0\.backup:/],
    ['a pad without a counter', (c) => delete c.devices![2]!.counter, /^devices\.2\.counter: a pad belongs to a counter/],
    ['a service listed twice at a counter', (c) => c.counters[1]!.services.push({ service: 'social-security', rank: 2 }), /^counters\.1\.services\.1\.service: "social-security" is listed twice/],
    ['a service no counter serves', (c) => (c.counters = c.counters.map((k) => ({ ...k, services: k.services.filter((s) => s.service !== 'tax') }))), /^services\.7: no counter serves "tax"/],
    ['a demo token outside the demo hall', (c) => (c.demo = false), /^devices\.kiosk-1: uses a demo token/],
    ['service hours that clash with the hall lunch', (c) => (c.services[0]!.hours = { close: '12:30' }), /^services\.0\.hours: with the hall's hours: the lunch break/],
  ])('refuses %s', (_name, edit, expected) => {
    const list = problems(edit);
    expect(list.some((p) => expected.test(p)), list.join('\n')).toBe(true);
  });
});

describe('devices driven by the hub or an agent', () => {
  const agent = { id: 'pc-3', kind: 'agent' as const, counter: '3', token: 'agent-token-123' };
  it('accepts an agent with a token, devices it hosts, and a pad with an address that needs no token', () => {
    expect(
      problems((c) =>
        c.devices!.push(
          agent,
          { id: 'board-3', kind: 'board', counter: '3', agent: 'pc-3', address: 'tcp://10.0.0.7:4001?family=onbon-bx5' },
          { id: 'pad-3', kind: 'pad', counter: '3', agent: 'pc-3', address: 'hid://1a2c:2124?family=keyboard-pad' },
          { id: 'keypad-4', kind: 'keypad', counter: '4', address: 'serial:/dev/ttyUSB0?baud=9600&family=open-pad' },
        ),
      ),
    ).toEqual([]);
  });

  it.each<[string, (c: HallConfigInput) => void, RegExp]>([
    ['an agent without a token', (c) => c.devices!.push({ id: 'pc-3', kind: 'agent' }), /^devices\.3: an agent connects to the hub and needs "tokenSha256"/],
    ['an agent with an address', (c) => c.devices!.push({ ...agent, address: 'tcp://10.0.0.7:9100' }), /^devices\.3\.address: an agent connects to the hub/],
    ['a device naming an unknown agent', (c) => c.devices!.push({ id: 'p', kind: 'printer', agent: 'pc-9', address: 'usb://0416:5011' }), /^devices\.3\.agent: "pc-9" is not a device of kind "agent"/],
    ['a device naming a non-agent as its agent', (c) => c.devices!.push({ id: 'p', kind: 'printer', agent: 'kiosk-1', address: 'usb://0416:5011' }), /^devices\.3\.agent: "kiosk-1" is not a device of kind "agent"/],
    ['an agent-hosted device without an address', (c) => c.devices!.push(agent, { id: 'p', kind: 'printer', agent: 'pc-3' }), /^devices\.4\.address: a device hosted by an agent needs "address"/],
    ['a bad address', (c) => c.devices!.push({ id: 'p', kind: 'printer', address: 'tcp://10.0.0.7?family=escpos' }), /^devices\.3\.address: tcp:\/\/10\.0\.0\.7/],
    ['an unknown address option', (c) => c.devices!.push({ id: 'p', kind: 'printer', address: 'tcp://10.0.0.7:9100?speed=9' }), /^devices\.3\.address: .*unknown option "speed"/],
  ])('refuses %s', (_name, edit, expected) => {
    const list = problems(edit);
    expect(list.some((p) => expected.test(p)), list.join('\n')).toBe(true);
  });
});

describe("a service's own hours", () => {
  it('take what they leave out from the hall', () => {
    const c = structuredClone(base);
    c.hours = { days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00', lunch: null, stopIssuingBeforeCloseMin: 30 };
    c.services[0]!.hours = { open: '08:30' };
    const config = validateHallConfig(c);
    const service = config.services[0]!;
    const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
    expect(issueWindow(service, config, at('08:40'))).toEqual({ open: true });
    // The hall has no lunch break, so neither has the service.
    expect(issueWindow(service, config, at('12:15'))).toEqual({ open: true });
    expect(issueWindow(service, config, at('16:45'))).toMatchObject({ open: false, code: 'ISSUING_STOPPED' });
    expect(issueWindow(config.services[1]!, config, at('08:40'))).toMatchObject({ open: false, code: 'SERVICE_CLOSED', until: '09:00' });
  });
});
