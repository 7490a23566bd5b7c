// Online backup: `hall backup` against a running child hub while kiosks issue and counters call
// concurrently; `hall restore` into a fresh data directory gives a store where every ticket acknowledged
// before the backup began is present, and `hall verify` passes on it. Restore is refused while a hub
// runs on the directory. The backup and the admin socket are private (0600).
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../hub/store/database.js';
import { ADMIN_SOCKET } from '../../hub/backup/admin-socket.js';
import { http, runHall, startChildHub } from '../support/child-hub.js';
import { useChildrenPerTest } from '../support/hub.js';

const { dir } = useChildrenPerTest();

describe('hall backup / restore (child processes)', () => {
  it('backs up under a ticket and call load; the restore has every acknowledged ticket and verifies', { timeout: 240_000 }, async () => {
    const data = dir('hall-backup-');
    const hub = await startChildHub({ dataDir: data, startTimeoutMs: 90_000 });
    expect(statSync(join(data, ADMIN_SOCKET)).mode & 0o777).toBe(0o600);
    const acknowledged: string[] = [];
    const issue = async () => {
      const r = await http(hub.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' }, timeoutMs: 60_000 });
      if (r.status === 201) acknowledged.push(r.body.id);
      return r.status;
    };
    for (let i = 0; i < 40; i++) expect(await issue()).toBe(201);
    const login = await http(hub.url, 'POST', '/api/sessions', { body: { staffNo: '1001', pin: '1234', counter: '1' } });
    expect(login.status).toBe(201);
    const staff = login.body.token as string;
    // The load: kiosks issuing and counter 1 calling and finishing, all through the backup.
    let stop = false;
    const load = (async () => {
      let n = 0;
      while (!stop) {
        await Promise.all([issue(), issue(), http(hub.url, 'POST', '/api/counters/1/call', { token: staff, timeoutMs: 60_000 })]);
        await http(hub.url, 'POST', '/api/counters/1/finish', { token: staff, timeoutMs: 60_000 });
        n++;
      }
      return n;
    })();
    const before = [...acknowledged];
    const out = join(dir('hall-backup-out-'), 'copy.sqlite');
    const backup = await runHall(['backup', '--data', data, '--out', out], { timeoutMs: 120_000 });
    stop = true;
    const rounds = await load;
    expect(backup.code, backup.stderr + backup.stdout).toBe(0);
    expect(backup.stdout).toMatch(/made by the running hub/);
    expect(rounds).toBeGreaterThan(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    // Restore is refused while the hub holds its directory.
    const refused = await runHall(['restore', '--data', data, '--from', out], { timeoutMs: 60_000 });
    expect(refused.code).toBe(3);
    // `hall verify` of the running hub's directory asks the hub.
    const live = await runHall(['verify', data], { timeoutMs: 60_000 });
    expect(live.code, live.stderr + live.stdout).toBe(0);

    const restored = dir('hall-restored-');
    const r = await runHall(['restore', '--data', restored, '--from', out], { timeoutMs: 60_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const v = await runHall(['verify', restored], { timeoutMs: 60_000 });
    expect(v.code, v.stderr + v.stdout).toBe(0);
    const db = new Database(join(restored, DB_FILE), { readonly: true });
    const ids = new Set(db.prepare('SELECT id FROM tickets').pluck().all() as string[]);
    db.close();
    for (const id of before) expect(ids.has(id)).toBe(true);
    expect(statSync(join(restored, DB_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(restored).mode & 0o777).toBe(0o700);
    // A hub runs on the restored directory and goes on numbering.
    await hub.stop();
    const again = await startChildHub({ dataDir: restored, startTimeoutMs: 90_000 });
    const t = await http(again.url, 'POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId: 'social-security' } });
    expect(t.status).toBe(201);
    expect(ids.has(t.body.id)).toBe(false);
    await again.stop();
  });
});
