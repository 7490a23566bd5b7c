// The hub's own nightly backup: due at `backup.at` hall time and made once a day, the newest `keep`
// kept, a failure shown as a critical alert on the dashboard until a backup succeeds again, and each
// copy a store `hall verify` passes.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { verifyPath } from '../../hub/store/verify.js';
import { MONDAY_10AM, removeDir, startTestHub, tempDir, type TestHub } from '../support/hub.js';

const HOUR = 3_600_000;
let hub: TestHub;
let backups: string;

beforeAll(async () => {
  backups = tempDir('hall-backups-');
  const config = demoHallConfig({ realHours: true });
  config.backup = { dir: backups, keep: 2, at: '02:30' };
  hub = await startTestHub({ config, now: MONDAY_10AM });
});
afterAll(async () => {
  await hub?.stop();
  if (hub) removeDir(hub.dataDir);
  removeDir(backups);
});

const made = () => readdirSync(backups).filter((f) => /^hall-\d{4}-\d{2}-\d{2}\.sqlite$/.test(f)).sort();
// A fresh session each time: the clock moves on by days and sessions expire.
const backupAlerts = async () => {
  const res = await hub.api('GET', '/api/alerts', { token: await hub.managerToken() });
  expect(res.status).toBe(200);
  return (res.body.alerts as any[]).filter((a) => a.kind === 'backup-failed');
};

describe('the nightly backup', () => {
  it('is made once a day after its hour, keeps the newest `keep`, and each copy verifies', async () => {
    // Monday 10:00, past 02:30: today's is due.
    await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    await hub.nightly.maybeRun();
    expect(made()).toEqual(['hall-2026-11-23.sqlite']);
    // Again the same day: nothing new.
    await hub.nightly.maybeRun();
    expect(made()).toHaveLength(1);
    // Three more days, each past its hour: only the newest two stay.
    for (let d = 0; d < 3; d++) {
      hub.clock.advance(24 * HOUR);
      await hub.nightly.maybeRun();
    }
    expect(made()).toEqual(['hall-2026-11-25.sqlite', 'hall-2026-11-26.sqlite']);
    const v = await verifyPath(join(backups, 'hall-2026-11-26.sqlite'));
    expect(v.ok).toBe(true);
    expect(await backupAlerts()).toEqual([]);
  });

  it('a failed backup is a critical alert on the dashboard until one succeeds', async () => {
    // The backup folder's place taken by a file: the next backup cannot be written.
    removeDir(backups);
    writeFileSync(backups, 'not a folder');
    hub.clock.advance(24 * HOUR);
    await hub.nightly.maybeRun();
    const [alert] = await backupAlerts();
    expect(alert).toMatchObject({ kind: 'backup-failed', severity: 'critical' });
    expect(alert.message.zh).toContain('数据备份失败');
    expect(hub.nightly.status.failed).not.toBeNull();

    // The folder back: the next attempt succeeds and the alert is gone.
    removeDir(backups);
    await hub.nightly.run();
    expect(existsSync(join(backups, 'hall-2026-11-27.sqlite'))).toBe(true);
    expect(await backupAlerts()).toEqual([]);
  });
});
