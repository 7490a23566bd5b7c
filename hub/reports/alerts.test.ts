// Alerts on a hall state driven through the engine: waits over target, long queues, idle and paused
// counters with people waiting; thresholds, severities, order, and the rule extension point.
import { describe, expect, it } from 'vitest';
import { EngineHarness, makeConfig } from '../engine/test-fixture.js';
import { ALERT_DEFAULTS, alertOptionsOf, counterIdle, deviceDown, followupDue, hallAlerts, openCounter, queueLong, waitOverTarget, type AlertRule } from './alerts.js';

// household (A) target 20 min, served at counters 1 (rank 1), 2 (rank 2), 3 (rank 3); tax (B) target 5.
const config = () =>
  makeConfig((input) => {
    input.services[1]!.targetWaitMin = 5;
    input.services[1]!.dailyQuota = undefined;
  });

const kinds = (h: EngineHarness, options = {}) => hallAlerts(h.state, h.now, options).map((a) => `${a.kind}:${a.serviceId ?? a.counterId}:${a.severity}`);

describe('hall alerts', () => {
  it('has none in a quiet hall', () => {
    const h = new EngineHarness(config());
    h.issue('household');
    expect(hallAlerts(h.state, h.now)).toEqual([]);
  });

  it.each([
    ['at the target: none', 20, []],
    ['a minute over: warning', 21, ['wait-over-target:household:warning']],
    ['twice the target: critical', 40, ['wait-over-target:household:critical']],
  ])('a service whose longest wait is over its target — %s', (_name, minutes, expected) => {
    const h = new EngineHarness(config());
    h.issue('household');
    h.advance(minutes);
    h.issue('household');
    expect(kinds(h)).toEqual(expected);
  });

  it('reports the longest wait, the target and since when it is over', () => {
    const h = new EngineHarness(config());
    const first = h.issue('household');
    h.advance(5).issue('household');
    h.advance(20);
    const [a] = waitOverTarget({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] });
    expect(a).toMatchObject({
      id: 'wait-over-target:household',
      zone: 'z1',
      serviceId: 'household',
      since: first.issuedAt + 20 * 60_000,
      values: { waiting: 2, longestWaitMin: 25, targetWaitMin: 20 },
      message: { zh: '户籍：最长已等候 25 分钟，超过目标 20 分钟', en: '户籍: longest wait 25 min, over the 20 min target' },
    });
  });

  it('stops once the long waiter is called', () => {
    const h = new EngineHarness(config());
    h.issue('household');
    h.advance(30);
    h.login('1', '1001');
    expect(kinds(h)).toContain('wait-over-target:household:warning');
    h.callNext('1');
    expect(kinds(h).filter((k) => k.startsWith('wait-over-target'))).toEqual([]);
  });

  it.each([
    [19, 20, []],
    [20, 20, ['queue-long:tax:warning']],
    [39, 20, ['queue-long:tax:warning']],
    [40, 20, ['queue-long:tax:critical']],
    [3, 3, ['queue-long:tax:warning']],
  ])('%i waiting with the threshold at %i', (n, threshold, expected) => {
    const h = new EngineHarness(config());
    for (let i = 0; i < n; i++) h.issue('tax');
    expect(queueLong({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS, queueLength: threshold }, devices: [] }).map((a) => `${a.kind}:${a.serviceId}:${a.severity}`)).toEqual(expected);
  });

  it.each([
    ['idle, someone waiting 6 min', 'idle', 6, ['counter-idle:1:warning']],
    ['idle, someone waiting 5 min (not more than N)', 'idle', 5, []],
    ['paused, someone waiting 6 min', 'paused', 6, ['counter-paused:1:warning']],
    ['closed counters are not alerts', 'closed', 30, []],
  ])('a counter %s', (_name, state, minutes, expected) => {
    const h = new EngineHarness(config());
    if (state !== 'closed') h.login('1', '1001');
    if (state === 'paused') h.run({ type: 'pause', counterId: '1', reason: '午休' });
    h.issue('household');
    h.advance(minutes as number);
    expect(counterIdle({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] }).map((a) => `${a.kind}:${a.counterId}:${a.severity}`)).toEqual(expected);
  });

  it('a counter only for the services it serves, or tickets transferred to it', () => {
    const h = new EngineHarness(config());
    h.login('4', '1003'); // counter 4 serves social only
    h.issue('household');
    h.advance(10);
    expect(counterIdle({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] })).toEqual([]);
    h.issue('social');
    h.advance(6);
    const [a] = counterIdle({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] });
    expect(a).toMatchObject({ id: 'counter-idle:4', counterId: '4', zone: 'z2', values: { state: 'idle', waiting: 1, longestWaitMin: 6 } });
  });

  it('names the pause reason, and no longer alerts once the counter calls', () => {
    const h = new EngineHarness(config());
    h.login('2', '1002');
    h.run({ type: 'pause', counterId: '2', reason: '系统故障' });
    h.issue('tax');
    h.advance(8);
    const [a] = counterIdle({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] });
    expect(a!.message.zh).toContain('暂停服务中（系统故障）');
    expect(a!.values).toMatchObject({ state: 'paused', pauseReason: '系统故障' });
    h.run({ type: 'resume', counterId: '2' });
    h.callNext('2');
    expect(counterIdle({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] })).toEqual([]);
  });

  it('orders critical first, then oldest first', () => {
    const h = new EngineHarness(config());
    h.login('1', '1001');
    h.issue('household');
    h.advance(3);
    h.issue('tax');
    h.advance(11); // household 14 min (under 20); tax 11 min: critical (≥ 2×5); counter 1 idle with a 14-min wait
    expect(kinds(h)).toEqual(['wait-over-target:tax:critical', 'counter-idle:1:warning']);
  });

  it('takes more rules (the devices issue adds device-down here)', () => {
    const h = new EngineHarness(config());
    const deviceDown: AlertRule = ({ now }) => [
      { id: 'device-down:kiosk-1', kind: 'device-down', severity: 'critical', zone: 'z1', serviceId: null, counterId: null, since: now, message: { zh: '取号机离线' }, values: {} },
    ];
    expect(hallAlerts(h.state, h.now, {}, [deviceDown]).map((a) => a.id)).toEqual(['device-down:kiosk-1']);
  });
});

describe('device-down alerts', () => {
  const base = { kind: 'display' as const, name: '综合屏', zone: null, counterId: null, via: 'socket' as const, stats: null };
  const at = 1_000_000;
  it.each([
    ['a display gone for 40 s', { ...base, id: 'd1', state: 'offline' as const, reason: { code: 'SOCKET_CLOSED' as const, params: { detail: 'ping timeout' } }, since: at - 40_000, seen: true }, ['device-down:d1:critical']],
    ['a display gone for 10 s (a reload, not an alert yet)', { ...base, id: 'd1', state: 'offline' as const, reason: { code: 'SOCKET_CLOSED' as const, params: { detail: 'transport close' } }, since: at - 10_000, seen: true }, []],
    ['a device never seen since the start', { ...base, id: 'd1', state: 'offline' as const, reason: null, since: at - 3_600_000, seen: false }, []],
    ['a pad gone for a minute', { ...base, id: 'p1', kind: 'pad' as const, state: 'offline' as const, reason: null, since: at - 60_000, seen: true }, ['device-down:p1:warning']],
    ['a degraded printer', { ...base, id: 'pr', kind: 'printer' as const, state: 'degraded' as const, reason: { code: 'PAPER_NEAR_END' as const }, since: at, seen: true }, ['device-down:pr:warning']],
    ['an online device', { ...base, id: 'd1', state: 'online' as const, reason: null, since: at - 1000, seen: true }, []],
    ['a display behind for 2 s (back with a snapshot soon, not an alert yet)', { ...base, id: 'd1', state: 'degraded' as const, reason: { code: 'SOCKET_BEHIND' as const, params: { pending: 600 } }, since: at - 2_000, seen: true }, []],
    ['a display behind for 40 s', { ...base, id: 'd1', state: 'degraded' as const, reason: { code: 'SOCKET_BEHIND' as const, params: { pending: 600 } }, since: at - 40_000, seen: true }, ['device-down:d1:warning']],
  ])('%s', (_name, device, expected) => {
    const h = new EngineHarness();
    const alerts = deviceDown({ state: h.state, now: at, options: { ...ALERT_DEFAULTS }, devices: [device] });
    expect(alerts.map((a) => `${a.id}:${a.severity}`)).toEqual(expected);
    if (alerts[0]) expect(alerts[0].message.zh).toContain(device.name);
  });

  it("puts the device layer's reason code into Chinese and English", () => {
    const h = new EngineHarness();
    const device = { ...base, id: 'b1', kind: 'board' as const, name: '一楼窗口屏', state: 'degraded' as const, reason: { code: 'NO_ANSWER' as const, params: { count: 3 } }, since: at, seen: true };
    const [alert] = deviceDown({ state: h.state, now: at, options: { ...ALERT_DEFAULTS }, devices: [device] });
    expect(alert!.message).toEqual({ zh: '设备异常：一楼窗口屏（连续 3 次请求无应答）', en: 'Device degraded: 一楼窗口屏 (3 requests in a row got no answer)' });
  });
});

describe('follow-up alerts (差评整改)', () => {
  const f = { id: 7, number: 'A012', counterId: '1', staffNo: '1001', dueDay: '2026-12-14', openedAt: 1_000 };
  it.each([
    ['an open case', 'open' as const, []],
    ['a case due by tomorrow', 'due-soon' as const, ['followup-due:7:warning']],
    ['an overdue case', 'overdue' as const, ['followup-due:7:critical']],
    ['a closed case', 'closed' as const, []],
  ])('%s', (_name, status, expected) => {
    const h = new EngineHarness();
    const alerts = followupDue({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [], followups: [{ ...f, status }] });
    expect(alerts.map((a) => `${a.id}:${a.severity}`)).toEqual(expected);
    if (alerts[0]) expect(alerts[0]).toMatchObject({ counterId: '1', message: { zh: expect.stringContaining('A012') }, values: { dueDay: '2026-12-14' } });
  });
});

describe('开放一个窗口', () => {
  it('when the predicted wait of a newcomer passes the staffing target and a counter for the service is closed', () => {
    const h = new EngineHarness(config());
    h.login('1', '1001');
    // household: 10 min a ticket, counter 1 open (2 and 3 closed). Two waiting: a newcomer ≈ 30 min with
    // counter 1 busy — over 20.
    for (let i = 0; i < 3; i++) h.issue('household');
    h.callNext('1');
    const alerts = openCounter({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'open-counter', serviceId: 'household', counterId: '2', severity: 'warning', values: { estimatedWaitMin: 30, targetWaitMin: 20 } });
    expect(alerts[0]!.message.zh).toMatch(/^开放一个窗口：户籍 新取号预计等候 30 分钟/);
    expect(kinds(h)).toContain('open-counter:household:warning');
  });

  it('not within the target, nor when every counter for it is open already', () => {
    const h = new EngineHarness(config());
    h.login('1', '1001');
    h.issue('household');
    expect(openCounter({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] })).toEqual([]);
    for (let i = 0; i < 8; i++) h.issue('household');
    h.login('2', '1002');
    h.login('3', '1003');
    expect(openCounter({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] })).toEqual([]);
  });

  it('follows config staffing.targetWaitMin', () => {
    const config = makeConfig({ staffing: { targetShare: 0.8, targetWaitMin: 60, weeks: 8 } });
    const h = new EngineHarness(config);
    h.login('1', '1001');
    for (let i = 0; i < 3; i++) h.issue('household');
    expect(openCounter({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS }, devices: [] })).toHaveLength(1);
    expect(openCounter({ state: h.state, now: h.now, options: { ...ALERT_DEFAULTS, ...alertOptionsOf(config) }, devices: [] })).toEqual([]);
  });
});
