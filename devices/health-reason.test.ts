// Health reasons are codes with parameters, put into words (zh-CN first, English) by one function.
import { describe, expect, it } from 'vitest';
import type { HealthReasonCode } from './health-reason.js';
import { healthReason, healthReasonLine, healthReasonText, sameReason } from './health-reason.js';

describe('healthReasonText', () => {
  it.each([
    [healthReason('CONNECTING'), '正在连接', 'not connected yet'],
    [healthReason('AGENT_OFFLINE'), '所在电脑的代理程序离线', 'agent offline'],
    [healthReason('NO_ANSWER', { count: 3 }), '连续 3 次请求无应答', '3 requests in a row got no answer'],
    [healthReason('WRITE_STALLED', { ms: 5000 }), '数据发送受阻超过 5000 毫秒（设备忙、缺纸或未读取）', 'a write has waited over 5000 ms to be taken (device busy, out of paper, or not reading)'],
    [healthReason('SCREENS_NOT_ANSWERING', { screens: [3] }), '3 号屏无应答', 'screen 3 not answering'],
    [healthReason('SCREENS_NOT_ANSWERING', { screens: [2, 5] }), '2、5 号屏无应答', 'screens 2, 5 not answering'],
    [healthReason('UNITS_NOT_ANSWERING', { units: [4] }), '4 号终端无应答', 'unit 4 not answering'],
    [healthReason('NOT_FOUND', { detail: 'serial:/dev/ttyUSB0: cannot open: No such file or directory' }), '找不到设备（检查接线与地址）', 'device not found (check the cable and the address)'],
    [healthReason('PERMISSION_DENIED', { detail: 'EACCES' }), '无权访问设备（把运行账户加入 dialout / lp 组，或配置 udev 规则）', 'no permission to open the device (add the user to dialout / lp, or a udev rule)'],
    [healthReason('PAPER_OUT'), '缺纸', 'paper out'],
    [healthReason('OTHER', { detail: 'something an old agent said' }), 'something an old agent said', 'something an old agent said'],
  ])('%j', (reason, zh, en) => {
    expect(healthReasonText(reason)).toEqual({ zh, en });
  });

  it('shows a code it does not know (a newer agent) as it is', () => {
    expect(healthReasonText({ code: 'SOMETHING_NEW' as HealthReasonCode })).toEqual({ zh: 'SOMETHING_NEW', en: 'SOMETHING_NEW' });
  });

  it('makes one bilingual line for a stored print job reason', () => {
    expect(healthReasonLine(healthReason('PAPER_OUT'))).toBe('缺纸 / paper out');
  });

  it('leaves empty params out, and compares reasons by value', () => {
    expect(healthReason('CLOSED', {})).toEqual({ code: 'CLOSED' });
    expect(sameReason(healthReason('NO_ANSWER', { count: 3 }), { code: 'NO_ANSWER', params: { count: 3 } })).toBe(true);
    expect(sameReason(healthReason('NO_ANSWER', { count: 3 }), healthReason('NO_ANSWER', { count: 4 }))).toBe(false);
    expect(sameReason(null, undefined)).toBe(true);
  });
});

describe('an agent\'s health report', () => {
  it('carries codes, and an older agent\'s English text is kept as OTHER', async () => {
    const { agentHealthSchema } = await import('./agent-protocol.js');
    const r = agentHealthSchema.parse({
      devices: [
        { id: 'a', state: 'degraded', reason: { code: 'UNITS_NOT_ANSWERING', params: { units: [2, 3] } }, stats: null },
        { id: 'b', state: 'offline', reason: 'screen 3 not answering', stats: null },
        { id: 'c', state: 'online', reason: null, stats: null },
      ],
    });
    expect(r.devices.map((d) => d.reason)).toEqual([{ code: 'UNITS_NOT_ANSWERING', params: { units: [2, 3] } }, { code: 'OTHER', params: { detail: 'screen 3 not answering' } }, null]);
    expect(agentHealthSchema.safeParse({ devices: [{ id: 'a', state: 'offline', reason: { code: '' }, stats: null }] }).success).toBe(false);
  });
});
