// Managers' logins on the central are limited by the hubs' rule (hub/auth/lockouts.ts) kept in
// PostgreSQL: five wrong passwords lock the account from that client, even the right password is then
// refused, and a restarted central still refuses it (the lockout is in the database, not in memory).
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../central/accounts.js';
import { startCentral, type Central } from '../../central/server.js';
import { CITY_ADMIN_PASSWORD } from '../support/central.js';
import { startPgCluster, type PgCluster } from '../support/postgres.js';

let cluster: PgCluster;
let db: string;
let central: Central;
const start = () => startCentral({ db, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) });

beforeAll(async () => {
  cluster = await startPgCluster();
  db = cluster.createDatabase('city_logins');
  central = await start();
  await ensureAdmin(central.pool, CITY_ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await central?.close().catch(() => {});
  cluster?.stop();
}, 60_000);

const login = async (password: string) => {
  const res = await fetch(`${central.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  return { status: res.status, body: (await res.json()) as any };
};

describe('central logins', () => {
  it('lock out after five failures from a client, and stay locked across a restart', async () => {
    expect((await login(CITY_ADMIN_PASSWORD)).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    // A success clears this account+client's count: four more failures do not lock.
    expect((await login(CITY_ADMIN_PASSWORD)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await login(`wrong-again-${i}`)).status).toBe(401);
    const locked = await login(CITY_ADMIN_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    const rows = await central.pool.query(`SELECT scope, lockouts, locked_until - last_at AS ms FROM central_login_failures WHERE scope = 'account-client' AND locked_until IS NOT NULL`);
    expect(rows.rows).toEqual([{ scope: 'account-client', lockouts: 1, ms: 10 * 60_000 }]);

    await central.close();
    central = await start();
    const after = await login(CITY_ADMIN_PASSWORD);
    expect(after.status).toBe(429);
    expect(after.body.error.params.retryAfterS).toBeGreaterThan(500);
  });
});
