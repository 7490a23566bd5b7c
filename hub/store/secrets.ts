// Where a hall's secrets live in the store: PIN and password hashes and device tokens (or their sha256)
// sit in their own table, one row per holder, replaced when rotated. The stored config and the
// config.changed events carry the config without them, so a rotated PIN is gone from the live file
// (secure_delete zeroes the row it had) instead of staying in the append-only log for ever.
import type { HallConfig } from '../config/schema.js';
import type { Db } from './database.js';

export type SecretKind = 'staff-pin' | 'manager-password' | 'device-token' | 'device-token-sha256' | 'central-token';

export interface SecretRow {
  kind: SecretKind;
  id: string;
  hash: string;
}

/** The config without any secret, and the secrets it held. */
export function splitSecrets(config: HallConfig): { config: HallConfig; secrets: SecretRow[] } {
  const secrets: SecretRow[] = [];
  const staff = (config.staff ?? []).map(({ pinHash, ...rest }) => {
    if (pinHash) secrets.push({ kind: 'staff-pin', id: rest.no, hash: pinHash });
    return rest;
  });
  const managers = (config.managers ?? []).map(({ passwordHash, ...rest }) => {
    if (passwordHash) secrets.push({ kind: 'manager-password', id: rest.username, hash: passwordHash });
    return rest;
  });
  const devices = (config.devices ?? []).map(({ token, tokenSha256, ...rest }) => {
    if (token) secrets.push({ kind: 'device-token', id: rest.id, hash: token });
    if (tokenSha256) secrets.push({ kind: 'device-token-sha256', id: rest.id, hash: tokenSha256 });
    return rest;
  });
  // The hall's upload token to the city's central: a secret like the others.
  let central = config.central;
  if (central?.token) {
    secrets.push({ kind: 'central-token', id: 'central', hash: central.token });
    const { token: _t, ...rest } = central;
    central = rest as typeof central;
  }
  return { config: { ...config, staff, managers, devices, ...(central ? { central } : {}) } as HallConfig, secrets };
}

/** A stored (secret-less) config with its secrets put back. */
export function joinSecrets(config: HallConfig, secrets: readonly SecretRow[]): HallConfig {
  const of = (kind: SecretKind, id: string) => secrets.find((s) => s.kind === kind && s.id === id)?.hash;
  const put = <T extends object>(item: T, key: string, value: string | undefined): T => (value === undefined ? item : { ...item, [key]: value });
  return {
    ...config,
    staff: config.staff.map((s) => put(s, 'pinHash', of('staff-pin', s.no))),
    managers: config.managers.map((m) => put(m, 'passwordHash', of('manager-password', m.username))),
    devices: config.devices.map((d) => put(put(d, 'token', of('device-token', d.id)), 'tokenSha256', of('device-token-sha256', d.id))),
    ...(config.central ? { central: put(config.central, 'token', of('central-token', 'central')) } : {}),
  } as HallConfig;
}

export const SECRETS_TABLE = `CREATE TABLE secrets (kind TEXT NOT NULL, id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID`;

/** Replaces the whole set: a holder's old secret is deleted (and, with secure_delete, overwritten). */
export function replaceSecrets(db: Db, secrets: readonly SecretRow[]): void {
  const current = db.prepare(`SELECT kind, id, hash FROM secrets`).all() as SecretRow[];
  const keep = new Set(secrets.map((s) => `${s.kind}\u0000${s.id}\u0000${s.hash}`));
  const del = db.prepare(`DELETE FROM secrets WHERE kind = ? AND id = ?`);
  for (const s of current) if (!keep.has(`${s.kind}\u0000${s.id}\u0000${s.hash}`)) del.run(s.kind, s.id);
  const have = new Set(current.map((s) => `${s.kind}\u0000${s.id}\u0000${s.hash}`));
  const put = db.prepare(`INSERT INTO secrets (kind, id, hash) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET hash = excluded.hash`);
  for (const s of secrets) if (!have.has(`${s.kind}\u0000${s.id}\u0000${s.hash}`)) put.run(s.kind, s.id, s.hash);
}

export function readSecrets(db: Db): SecretRow[] {
  return db.prepare(`SELECT kind, id, hash FROM secrets`).all() as SecretRow[];
}

/**
 * Migration: the secrets table, filled from the stored config; the stored config and every earlier
 * config.changed event rewritten without secrets. The log is append-only because it is the record of who
 * did what; a PIN hash is not part of that record (the event still says who changed the config, when,
 * and to what, secrets aside), and left in it a 4-digit PIN falls to one core in minutes. This is done
 * once, in the migration's transaction (all or nothing), before the hash chain starts: after it, no
 * stored event ever changes again. The VACUUM that follows takes the old bytes out of the file.
 */
export function scrubSecretsMigration(db: Db): void {
  db.exec(SECRETS_TABLE);
  const stored = db.prepare(`SELECT value FROM hall WHERE key = 'config'`).pluck().get() as string | undefined;
  if (stored) {
    const { config, secrets } = splitSecrets(JSON.parse(stored) as HallConfig);
    replaceSecrets(db, secrets);
    db.prepare(`UPDATE hall SET value = ? WHERE key = 'config'`).run(JSON.stringify(config));
  }
  const rows = db.prepare(`SELECT seq, payload FROM events WHERE type = 'config.changed'`).all() as { seq: number; payload: string }[];
  if (rows.length === 0) return;
  db.exec(`DROP TRIGGER events_no_update`);
  const update = db.prepare(`UPDATE events SET payload = ? WHERE seq = ?`);
  for (const r of rows) {
    const e = JSON.parse(r.payload) as { config: HallConfig };
    update.run(JSON.stringify({ ...e, config: splitSecrets(e.config).config }), r.seq);
  }
  db.exec(`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;`);
}
