// The supervision log's hash chain: `hall verify` passes on an untouched store and names the
// first event that does not match once one stored byte is changed — through SQL with the append-only
// trigger dropped, or by editing the file's raw bytes.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../hub/store/database.js';
import { verifyPath } from '../../hub/store/verify.js';
import { killChildren, runHall } from '../support/child-hub.js';
import { removeDir, startTestHub, tempDir } from '../support/hub.js';
import { cpSync } from 'node:fs';

let pristine: string;
const dirs: string[] = [];

/** A copy of the pristine data directory for one test to damage. */
function copyOfStore(): string {
  const dir = tempDir('hall-chain-');
  dirs.push(dir);
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  pristine = tempDir('hall-chain-');
  dirs.push(pristine);
  const hub = await startTestHub({ dataDir: pristine });
  const kiosk = 'demo-kiosk';
  for (let i = 0; i < 5; i++) expect((await hub.api('POST', '/api/tickets', { token: kiosk, body: { serviceId: 'social-security' } })).status).toBe(201);
  // Audit rows (hub/security/audit.ts): a failed login, then logins.
  expect((await hub.api('POST', '/api/sessions', { body: { staffNo: '1002', pin: '9999', counter: '2' } })).status).toBe(401);
  await hub.login('1003', '3');
  const staff = await hub.login('1001', '1');
  for (let i = 0; i < 3; i++) {
    // Each call at its own minute: no two stored events alike, so the raw-bytes test finds just one.
    hub.clock.advance(60_000);
    expect((await hub.api('POST', '/api/counters/1/call', { token: staff })).status).toBe(200);
    expect((await hub.api('POST', '/api/counters/1/start', { token: staff })).status).toBe(200);
    expect((await hub.api('POST', '/api/counters/1/finish', { token: staff })).status).toBe(200);
  }
  await hub.stop();
});

afterAll(async () => {
  await killChildren();
  for (const d of dirs) removeDir(d);
});

/** An event of the middle of the log (the second of its type): its seq and stored payload. */
function calledEvent(dir: string, type = 'ticket.called'): { seq: number; payload: string; last: number } {
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  const calls = db.prepare(`SELECT seq, payload FROM events WHERE type = ? ORDER BY seq`).all(type) as { seq: number; payload: string }[];
  const last = db.prepare(`SELECT MAX(seq) FROM events`).pluck().get() as number;
  db.close();
  return { ...calls[1]!, last };
}

describe('hall verify', () => {
  it('passes on an untouched store (as a data directory and as a file), exit 0', async () => {
    const r = await runHall(['verify', pristine], { timeoutMs: 90_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^ok: the chain holds; last event \d+/m);
    const file = await verifyPath(join(pristine, DB_FILE));
    expect(file.ok).toBe(true);
    expect(file.files[0]!.firstSeq).toBe(1);
  });

  it('names the event changed through SQL (trigger dropped), exit 1', async () => {
    const dir = copyOfStore();
    const target = calledEvent(dir);
    const db = new Database(join(dir, DB_FILE));
    db.exec('DROP TRIGGER events_no_update');
    // One character of the payload: who called, or when.
    const changed = target.payload.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
    expect(changed).not.toBe(target.payload);
    db.prepare('UPDATE events SET payload = ? WHERE seq = ?').run(changed, target.seq);
    db.close();
    const r = await runHall(['verify', dir, '--json'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.failure.seq).toBe(target.seq);
    expect(report.failure.type).toBe('ticket.called');
  });

  it('names the event whose raw bytes in the file were changed', async () => {
    const dir = copyOfStore();
    // A ticket.issued payload is unique (it holds the number); calls store only relative times and can repeat.
    const target = calledEvent(dir, 'ticket.issued');
    const file = join(dir, DB_FILE);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(target.payload, 'utf8'));
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(Buffer.from(target.payload, 'utf8'), at + 1)).toBe(-1);
    // One digit inside the stored payload, the file's structure untouched.
    const digit = target.payload.search(/\d/);
    bytes[at + digit] = bytes[at + digit] === 0x39 ? 0x30 : bytes[at + digit]! + 1;
    writeFileSync(file, bytes);
    const report = await verifyPath(dir);
    expect(report.ok).toBe(false);
    expect(report.failure!.seq).toBe(target.seq);
  });

  it('notices a removed event (the one after it no longer chains)', async () => {
    const dir = copyOfStore();
    const target = calledEvent(dir);
    const db = new Database(join(dir, DB_FILE));
    db.exec('DROP TRIGGER events_no_delete');
    db.prepare('DELETE FROM events WHERE seq = ?').run(target.seq);
    db.close();
    const report = await verifyPath(dir);
    expect(report.ok).toBe(false);
    expect(report.failure!.seq).toBe(target.seq);
    expect(report.failure!.reason).toMatch(/missing/);
  });

  it('checks the audit log chain too and names the audit row changed through SQL (trigger dropped), exit 1', async () => {
    const ok = await verifyPath(pristine);
    expect(ok.ok).toBe(true);
    expect(ok.audit!.rows).toBeGreaterThanOrEqual(3);
    const dir = copyOfStore();
    const db = new Database(join(dir, DB_FILE));
    const rows = db.prepare(`SELECT id, type, client FROM audit_log ORDER BY id`).all() as { id: number; type: string; client: string }[];
    const target = rows.find((r) => r.type === 'auth.login-failed')!;
    expect(target).toBeDefined();
    // Someone hides where the failed guess came from.
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare('UPDATE audit_log SET client = ? WHERE id = ?').run('10.0.0.99', target.id);
    db.close();
    const r = await runHall(['verify', dir], { timeoutMs: 90_000 });
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toContain(`audit row ${target.id} (auth.login-failed) does not match its hash`);
    const report = await verifyPath(dir);
    expect(report.failure).toMatchObject({ log: 'audit', seq: target.id, type: 'auth.login-failed' });
  });

  it('notices a removed audit row', async () => {
    const dir = copyOfStore();
    const db = new Database(join(dir, DB_FILE));
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    db.close();
    const report = await verifyPath(dir);
    expect(report.ok).toBe(false);
    expect(report.failure).toMatchObject({ log: 'audit', seq: 1 });
    expect(report.failure!.reason).toMatch(/missing/);
  });
});
