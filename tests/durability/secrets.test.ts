// Secrets out of the log: a PIN or device token rotated through the API leaves no trace of the
// old one in the hall's files (database and WAL, read as raw bytes), and a store written by the earlier
// format (secrets inside config.changed events) is scrubbed when it is opened.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSecret, sha256 } from '../../hub/auth/secrets.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { DB_FILE, openDatabase } from '../../hub/store/database.js';
import { migrations } from '../../hub/store/migrations.js';
import { MONDAY_10AM, useHubsPerTest } from '../support/hub.js';

const hubs = useHubsPerTest();

/** Every byte of the hall's files: the database, and its WAL and shared-memory files if present. */
function storeBytes(dataDir: string): Buffer {
  const files = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`].map((f) => join(dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

const contains = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8'));

/** The demo hall with a PIN hash of its own for staff 1001 and a token of its own for the kiosk, so each is findable. */
function hallWithOwnSecrets() {
  const config = demoHallConfig({ realHours: true });
  config.staff = config.staff.map((s) => (s.no === '1001' ? { ...s, pinHash: hashSecret('808271') } : s));
  config.devices = config.devices.map((d) => (d.id === 'kiosk-1' ? { ...d, token: 'kiosk-token-findable-in-bytes-7731' } : d));
  return config;
}

describe('secrets in the store', () => {
  it('a rotated PIN and a rotated device token are gone from the database and WAL bytes', async () => {
    const dataDir = hubs.dir('hall-secrets-');
    let hub = await hubs.start(dataDir, MONDAY_10AM, { config: hallWithOwnSecrets() });
    const oldPinHash = hub.hall.config.staff.find((s) => s.no === '1001')!.pinHash;
    const oldToken = 'kiosk-token-findable-in-bytes-7731';
    // Before: the secrets are in the store (so the search below can find what it looks for).
    let bytes = storeBytes(dataDir);
    expect(contains(bytes, oldPinHash)).toBe(true);
    expect(contains(bytes, oldToken)).toBe(true);
    // Tickets and calls, so that the log holds more than the config.
    const manager = await hub.managerToken();
    await hub.api('POST', '/api/tickets', { token: oldToken, body: { serviceId: 'social-security' } });
    // Rotate both through the API.
    expect((await hub.api('POST', '/api/staff/1001/pin', { token: manager, body: { pin: '246813' } })).status).toBe(204);
    const rotated = await hub.api('POST', '/api/devices/kiosk-1/token', { token: manager, body: {} });
    expect(rotated.status).toBe(200);
    const newPinHash = hub.hall.config.staff.find((s) => s.no === '1001')!.pinHash;
    expect(newPinHash).not.toBe(oldPinHash);
    // The new ones work, the old ones are refused…
    expect((await hub.api('POST', '/api/sessions', { body: { staffNo: '1001', pin: '246813', counter: '1' } })).status).toBe(201);
    expect((await hub.api('POST', '/api/sessions', { body: { staffNo: '1001', pin: '808271', counter: '1' } })).status).toBe(401);
    // …and the old ones are nowhere in the files, while the running hub still holds them open.
    bytes = storeBytes(dataDir);
    expect(contains(bytes, newPinHash)).toBe(true);
    expect(contains(bytes, sha256(rotated.body.token))).toBe(true);
    expect(contains(bytes, oldPinHash)).toBe(false);
    expect(contains(bytes, oldToken)).toBe(false);
    // No config.changed event carries a secret.
    const events = hub.hall.store.db.prepare(`SELECT payload FROM events WHERE type = 'config.changed'`).pluck().all() as string[];
    expect(events.length).toBeGreaterThan(1);
    for (const p of events) expect(p).not.toMatch(/pinHash|passwordHash|tokenSha256|"token"/);
    await hubs.stop(hub);
    // After a restart the secrets come back from their table: the new PIN still works.
    hub = await hubs.start(dataDir, MONDAY_10AM, { config: hallWithOwnSecrets() });
    expect(hub.hall.config.staff.find((s) => s.no === '1001')!.pinHash).toBe(newPinHash);
    expect((await hub.api('POST', '/api/sessions', { body: { staffNo: '1001', pin: '246813', counter: '1' } })).status).toBe(201);
  });

  it('the data directory is 0700 and the database 0600', async () => {
    const dataDir = hubs.dir('hall-secrets-');
    openDatabase(dataDir).close();
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, DB_FILE)).mode & 0o777).toBe(0o600);
  });

  it('a store of the earlier format (secrets in config.changed events) is scrubbed when opened', () => {
    const dataDir = hubs.dir('hall-secrets-');
    // The earlier format: the first three migrations, the whole config (secrets included) in the stored
    // config and in a config.changed event, as the hub wrote them before secrets moved out of the log.
    const config = hallWithOwnSecrets();
    const pinHash = config.staff.find((s) => s.no === '1001')!.pinHash;
    const old = new Database(join(dataDir, DB_FILE));
    old.pragma('journal_mode = WAL');
    for (const m of migrations.slice(0, 3)) old.exec(m as string);
    old.pragma('user_version = 3');
    old.prepare(`INSERT INTO hall (key, value) VALUES ('config', ?)`).run(JSON.stringify(config));
    old.prepare(`INSERT INTO events (at, type, actor_kind, actor_id, payload) VALUES (1, 'config.changed', 'system', 'hub', ?)`).run(
      JSON.stringify({ type: 'config.changed', at: 1, actor: { kind: 'system', id: 'hub' }, config, source: 'file' }),
    );
    old.close();
    expect(contains(storeBytes(dataDir), pinHash)).toBe(true);

    const db = openDatabase(dataDir);
    const payload = JSON.parse(db.prepare(`SELECT payload FROM events WHERE type = 'config.changed'`).pluck().get() as string);
    expect(payload.config.staff[0]).not.toHaveProperty('pinHash');
    expect(payload.config.hall.id).toBe(config.hall.id);
    expect(db.prepare(`SELECT hash FROM secrets WHERE kind = 'staff-pin' AND id = '1001'`).pluck().get()).toBe(pinHash);
    db.close();
    // Only the secrets table holds it now: one copy, the current one (it was not rotated).
    const bytes = storeBytes(dataDir);
    expect(bytes.toString('latin1').split(pinHash).length - 1).toBe(1);
    expect(contains(bytes, 'kiosk-token-findable-in-bytes-7731')).toBe(true);
  });
});
