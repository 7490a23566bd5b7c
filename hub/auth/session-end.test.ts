// Why a staff session ended, read off the engine's own events for each way it happens.
import { describe, expect, it } from 'vitest';
import { EngineHarness, makeConfig } from '../engine/test-fixture.js';
import { AuthError } from './auth.js';
import { sessionEndReason } from './session-end.js';

const who = { staffNo: '1001', counterId: '1' };

function staffedHall(): EngineHarness {
  const hall = new EngineHarness();
  hall.login('1', '1001');
  return hall;
}

describe('sessionEndReason', () => {
  it('logged in at another counter: elsewhere', () => {
    const hall = staffedHall();
    expect(sessionEndReason(hall.login('2', '1001'), who)).toBe('elsewhere');
  });

  it('a colleague logged in at this counter: taken-over', () => {
    const hall = staffedHall();
    expect(sessionEndReason(hall.login('1', '1002'), who)).toBe('taken-over');
  });

  it('the counter logged out: logged-out', () => {
    const hall = staffedHall();
    expect(sessionEndReason(hall.run({ type: 'logout', counterId: '1' }), who)).toBe('logged-out');
  });

  it('the business day rolled over: day-ended', () => {
    const hall = staffedHall();
    hall.advance(18 * 60);
    expect(sessionEndReason(hall.run({ type: 'tick' }), who)).toBe('day-ended');
  });

  it('a config change: pin-changed while the staff member stays, removed once gone', () => {
    const hall = staffedHall();
    const config = makeConfig();
    expect(sessionEndReason(hall.decide({ type: 'configure', config, source: 'api' }), who)).toBe('pin-changed');
    const without = makeConfig((c) => void (c.staff = c.staff!.filter((s) => s.no !== '1001')));
    expect(sessionEndReason([{ type: 'config.changed', at: hall.now, actor: { kind: 'manager', id: 'admin' }, config: without, source: 'api' }], who)).toBe('removed');
  });

  it('the reason the session check gave comes first (expired); nothing known: ended', () => {
    expect(sessionEndReason([], who, new AuthError('SESSION_ENDED', { reason: 'expired' }))).toBe('expired');
    expect(sessionEndReason([], who)).toBe('ended');
  });
});
