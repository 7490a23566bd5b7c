// `hall central` as a child process, killed with SIGKILL while a hub is draining a backlog in small
// batches (an ingest transaction may be open at that instant: PostgreSQL rolls it back), then started
// again on the same port: the hub asks for the high-water mark again and the log ends up complete,
// nothing lost and nothing doubled. The first start prints no password when HALL_CENTRAL_ADMIN_PASSWORD is
// set, and add-hall prints a token once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { waitFor, waitForValue } from '../../devices/testing/wait.js';
import { cityHallConfig, hallTraffic, startChildCentral, type ChildCentral } from '../support/central.js';
import { runHall } from '../support/child-hub.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { freePort, startPgCluster, type PgCluster } from '../support/postgres.js';

let cluster: PgCluster;
let db: string;
let central: ChildCentral | undefined;
let hub: TestHub | undefined;
let client: pg.Client;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = cluster.createDatabase('city');
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await central?.kill9();
  await client?.end().catch(() => {});
  cluster?.stop();
}, 180_000);

const lastSeq = async () => Number((await client.query(`SELECT last_seq FROM hall_state WHERE hall_id = 'hall-r'`)).rows[0]?.last_seq ?? 0);

describe('a central restart mid-batch', () => {
  it('add-hall prints the upload token once; a second add-hall of the same id is refused', async () => {
    const r = await runHall(['central', 'add-hall', '--db', db, '--id', 'hall-r', '--name', '丙镇便民服务中心', '--tier', 'village'], { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/hc_[A-Za-z0-9_-]{40,}/);
    const again = await runHall(['central', 'add-hall', '--db', db, '--id', 'hall-r', '--name', 'x'], { timeoutMs: 90_000 });
    expect(again.code).toBe(1);
    expect(again.stdout).not.toMatch(/hc_/);
    // Rotate: a fresh token, kept for the next test.
    const rotated = await runHall(['central', 'add-hall', '--db', db, '--id', 'hall-r', '--name', '丙镇便民服务中心', '--tier', 'village', '--rotate'], { timeoutMs: 90_000 });
    expect(rotated.code).toBe(0);
    (globalThis as any).hallToken = /hc_[A-Za-z0-9_-]+/.exec(rotated.stdout)![0];
  }, 300_000);

  it('loses and doubles nothing when the central is killed while the hub drains its backlog', async () => {
    client = new pg.Client(db);
    await client.connect();
    const port = await freePort();
    const token = (globalThis as any).hallToken as string;
    // The hub builds a backlog while no central runs (it backs off), then drains it 5 events a batch.
    hub = await startTestHub({
      config: cityHallConfig('hall-r', '丙镇便民服务中心'),
      upstream: { batchSize: 5, heartbeatMs: 300, retryBaseMs: 30, retryMaxMs: 200, timeoutMs: 3000, settings: { url: `http://127.0.0.1:${port}`, token } },
    });
    hallTraffic(hub.hall, { issue: 150, serve: 60 });
    const total = hub.hall.lastSeq;
    expect(total).toBeGreaterThan(300);
    await waitFor(() => hub!.upstream.status()?.state === 'backoff', 'the hub backing off with no central');

    central = await startChildCentral({ db, port });
    expect(central.output()).not.toMatch(/password [A-Za-z0-9_-]{8,}/);
    // Kill it once the backlog is partly through: mid-stream, most likely mid-transaction.
    const at = await waitForValue(lastSeq, (s) => s > 20, 'the backlog starting to drain', 30_000);
    await central.kill9();
    expect(at).toBeLessThan(total);
    // While it is down the hall goes on.
    hallTraffic(hub.hall, { issue: 10, serve: 5 });

    central = await startChildCentral({ db, port });
    await waitForValue(lastSeq, (s) => s === hub!.hall.lastSeq, 'the backlog drained after the restart', 60_000);
    const rows = (await client.query(`SELECT seq, type FROM events WHERE hall_id = 'hall-r' ORDER BY seq`)).rows as { seq: number; type: string }[];
    const local = hub.hall.store.eventsAfter(0, 1_000_000);
    expect(rows.map((r) => Number(r.seq))).toEqual(local.map((e) => e.seq));
    expect(rows.map((r) => r.type)).toEqual(local.map((e) => e.type));
    // The aggregates were written with their events, so they too count each event once.
    const sums = (await client.query(`SELECT sum(issued)::int AS issued, sum(served)::int AS served FROM day_stats WHERE hall_id = 'hall-r'`)).rows[0];
    expect(sums.issued).toBe(local.filter((e) => e.type === 'ticket.issued').length);
    expect(sums.served).toBe(local.filter((e) => e.type === 'ticket.finished').length);
  }, 300_000);
});
