// Archives: closed months move to read-only archive files; the live file keeps the rest, the
// chain verifies across archive and live file, a report of an archived day reads its archive, and the
// log still refuses to lose an event that is not archived.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../hub/clock.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { Hall } from '../../hub/hall.js';
import { ticketsOfDay } from '../../hub/store/report-rows.js';
import { archiveClosedPeriods, registerArchives } from '../../hub/store/archive.js';
import { DB_FILE, openDatabase } from '../../hub/store/database.js';
import { HallStore } from '../../hub/store/hall-store.js';
import { verifyPath } from '../../hub/store/verify.js';
import { removeDir, tempDir } from '../support/hub.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('archives', () => {
  it('moves closed months out, verifies across files, and reports still read them', async () => {
    const dir = tempDir('hall-archive-');
    dirs.push(dir);
    const config = demoHallConfig();
    config.archive = { period: 'month', keepLiveMonths: 0 };
    const start = Date.UTC(2025, 11, 20, 2, 0);
    const clock = new ManualClock(start);
    const store = new HallStore(openDatabase(dir));
    registerArchives(store.db, dir, () => 'month');
    const hall = new Hall({ store, config, configSource: 'test', clock, log: pino({ level: 'silent' }) });
    const staff = { kind: 'staff' as const, id: '1001' };
    for (let day = 0; day < 50; day++) {
      clock.set(start + day * 86_400_000);
      hall.execute({ type: 'login', counterId: '1', staffNo: '1001' }, staff);
      for (let i = 0; i < 2; i++) {
        hall.execute({ type: 'issue', serviceId: 'social-security' }, { kind: 'device', id: 'kiosk-1' });
        hall.execute({ type: 'call-next', counterId: '1' }, staff);
        hall.execute({ type: 'finish', counterId: '1' }, staff);
      }
      hall.execute({ type: 'logout', counterId: '1' }, staff);
      await archiveClosedPeriods(store, dir, hall.config, clock.now());
    }
    // 2025-12 and 2026-01 are closed (the business day is in February).
    const arc = (p: string) => join(dir, 'archive', `${p}.sqlite`);
    expect(statSync(arc('2025-12')).mode & 0o222).toBe(0);
    expect(statSync(arc('2026-01')).isFile()).toBe(true);
    expect(store.db.prepare(`SELECT MIN(business_day) FROM tickets`).pluck().get()).toMatch(/^2026-02/);
    // One chain across the archives and the live file.
    const report = await verifyPath(dir, { open: (f) => (f === join(dir, DB_FILE) ? store.db : undefined) });
    expect(report.ok, JSON.stringify(report.failure)).toBe(true);
    expect(report.files.map((f) => f.file.split('/').pop())).toEqual(['2025-12.sqlite', '2026-01.sqlite', DB_FILE]);
    expect(report.files[1]!.firstSeq).toBe(report.files[0]!.lastSeq! + 1);
    // A report of an archived day reads the archive.
    expect(ticketsOfDay(store.db, '2025-12-24', null)).toHaveLength(2);
    expect(ticketsOfDay(store.db, '2026-01-15', null)).toHaveLength(2);
    // An event that is not archived cannot be deleted.
    const liveSeq = store.db.prepare(`SELECT MAX(seq) FROM events`).pluck().get() as number;
    expect(() => store.db.prepare(`DELETE FROM events WHERE seq = ?`).run(liveSeq)).toThrow(/append-only/);
    hall.close();
  });
});
