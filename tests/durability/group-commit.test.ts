// Grouped durable commits (hub/store/group-commit.ts) on a real SQLite file: commands submitted in the
// same turn of the event loop share one transaction, each keeps its own seqs, one refused or failing
// command is refused alone, and everything answered is in the file when it is opened again.
// (kill -9 during a burst of concurrent kiosk requests, all through this path: crash.test.ts.)
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../hub/clock.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { EngineError } from '../../hub/engine/errors.js';
import type { StoredEvent } from '../../hub/engine/types.js';
import { Hall } from '../../hub/hall.js';
import { openDatabase, StoreError } from '../../hub/store/database.js';
import { GroupCommit } from '../../hub/store/group-commit.js';
import { HallStore } from '../../hub/store/hall-store.js';
import { MONDAY_10AM, removeDir, tempDir } from '../support/hub.js';

const log = pino({ level: 'silent' });
const KIOSK = { kind: 'device', id: 'kiosk-1' } as const;
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) removeDir(d);
  dirs = [];
});

function open(dir: string, onDiskFailure?: (error: unknown) => void) {
  const config = demoHallConfig();
  return new Hall({ store: new HallStore(openDatabase(dir)), config, configSource: 'group-commit-test', clock: new ManualClock(MONDAY_10AM), log, onDiskFailure });
}

describe('grouped commits', () => {
  it('commits a same-tick burst in one transaction, refuses the bad commands alone, and keeps the rest on disk', async () => {
    const dir = tempDir('hall-group-');
    dirs.push(dir);
    const hall = open(dir);
    const before = hall.groupStats.commits;
    const seqBefore = hall.lastSeq;
    const batches: (readonly StoredEvent[])[] = [];
    hall.subscribe((events) => batches.push(events));

    const services = ['social-security', 'medical-insurance', 'household', 'tax'];
    const submitted = [
      ...Array.from({ length: 10 }, (_, i) => hall.submit({ type: 'issue', serviceId: services[i % services.length]! }, KIOSK)),
      // Refused by the engine: nothing of it is written.
      hall.submit({ type: 'issue', serviceId: 'no-such-service' }, KIOSK),
      // Refused by SQLite inside its savepoint, after its events were written: they are rolled back alone.
      hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK, () => hall.store.db.exec('INSERT INTO no_such_table VALUES (1)')),
      ...Array.from({ length: 10 }, (_, i) => hall.submit({ type: 'issue', serviceId: services[i % services.length]! }, KIOSK)),
    ];
    // Nothing is answered before the group's commit.
    expect(hall.groupStats.commits).toBe(before);
    const results = await Promise.allSettled(submitted);

    expect(hall.groupStats.commits - before).toBe(1);
    expect(hall.groupStats.largest).toBeGreaterThanOrEqual(22);
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(ok).toHaveLength(20);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toBeInstanceOf(EngineError);
    expect((refused[0] as EngineError).code).toBe('SERVICE_UNKNOWN');
    expect(refused[1]).toBeInstanceOf(StoreError);

    // Each command has its own events and seqs, in submission order, without a gap left by the failed one.
    const seqs = ok.flatMap((events) => events.map((e) => e.seq));
    expect(seqs).toEqual(seqs.map((_, i) => seqBefore + 1 + i));
    expect(hall.lastSeq).toBe(seqBefore + 20);
    // Terminals hear of the group once, after its commit.
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => e.seq)).toEqual(seqs);
    // The tax numbers continue without the failed one's.
    const tax = ok.flatMap((events) => events).filter((e) => e.type === 'ticket.issued' && e.ticket.serviceId === 'tax');
    expect(tax.map((e) => ('ticket' in e ? e.ticket.number : ''))).toEqual(tax.map((_, i) => `H${String(i + 1).padStart(3, '0')}`));

    const issued = ok.flatMap((events) => events.flatMap((e) => ('ticket' in e ? [e.ticket] : [])));
    hall.close();

    // Opened again: every answered ticket is there, in the state the engine and the log agree on.
    const again = open(dir);
    try {
      for (const t of issued) expect(again.view.tickets.get(t.id)?.number).toBe(t.number);
      expect(again.view.tickets.size).toBe(20);
      const events = again.store.eventsAfter(0, 10_000);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(again.lastSeq).toBe(seqBefore + 20);
    } finally {
      again.close();
    }
  });

  it('answers a command submitted after a group with a group of its own', async () => {
    const dir = tempDir('hall-group-');
    dirs.push(dir);
    const hall = open(dir);
    try {
      const before = hall.groupStats.commits;
      await hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK);
      const [a, b] = await Promise.all([hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK), hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK)]);
      expect(hall.groupStats.commits - before).toBe(2);
      expect([a[0]!.seq + 1]).toEqual([b[0]!.seq]);
    } finally {
      hall.close();
    }
  });

  it('answers a group only after its fsync off the event loop, and a synchronous FULL commit settles the waiting group first', async () => {
    const dir = tempDir('hall-group-');
    dirs.push(dir);
    const hall = open(dir);
    try {
      const batches: number[][] = [];
      hall.subscribe((events) => batches.push(events.map((e) => e.seq)));
      const before = { ...hall.groupStats };
      let answered = false;
      const submitted = hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK).then((events) => {
        answered = true;
        return events;
      });
      // The group's turn has come (its transaction is committed to the WAL), its fsync not yet back:
      // nobody has heard of it.
      await new Promise((r) => setImmediate(r));
      expect(hall.groupStats.commits - before.commits).toBe(1);
      expect(hall.groupStats.fsyncs - before.fsyncs).toBe(1);
      await Promise.resolve();
      expect(answered).toBe(false);
      expect(batches).toEqual([]);
      // A command committed synchronously with FULL syncs the WAL: the waiting group is durable and is
      // published before it, in the order of the events.
      const direct = hall.execute({ type: 'issue', serviceId: 'tax' }, KIOSK);
      const grouped = await submitted;
      expect(batches).toEqual([grouped.map((e) => e.seq), direct.map((e) => e.seq)]);
      expect(direct[0]!.seq).toBe(grouped[grouped.length - 1]!.seq + 1);
      // The next group is answered by its own fsync.
      const next = await hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK);
      expect(hall.groupStats.fsyncs - before.fsyncs).toBe(2);
      expect(batches[2]).toEqual(next.map((e) => e.seq));
      expect(hall.store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL again outside a group
    } finally {
      hall.close();
    }
  });

  /** A hall whose -wal file the test breaks: its disk failures collected, its close allowed to fail. */
  async function withBrokenWal(body: (hall: ReturnType<typeof open>, failures: unknown[]) => Promise<void>): Promise<void> {
    const dir = tempDir('hall-group-');
    dirs.push(dir);
    const failures: unknown[] = [];
    const hall = open(dir, (e) => failures.push(e));
    try {
      await body(hall, failures);
    } finally {
      try {
        hall.close();
      } catch {
        // Closing syncs the WAL, which the test removed or replaced: the error was reported by then.
      }
    }
  }

  it('stops the hall when the write-ahead log cannot be synced, and answers nobody "done"', async () => {
    // A real failure, not a stand-in: the -wal file is removed under the open database (an operator's
    // clean-up, a failing disk). SQLite keeps writing to its open descriptor, the sync finds no file:
    // what the disk holds is unknown, so the group is refused and the hall is told to stop.
    await withBrokenWal(async (hall, failures) => {
      const published: number[] = [];
      hall.subscribe((events) => published.push(...events.map((e) => e.seq)));
      await hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK);
      const wal = `${hall.store.db.name}-wal`;
      expect(existsSync(wal)).toBe(true);
      rmSync(wal);
      const lost = hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK);
      await expect(lost).rejects.toThrow();
      expect(failures).toHaveLength(1);
      expect(published).toHaveLength(1); // only the first, durable, ticket reached the screens
      // Anything after it is refused too: the hall is stopping.
      await expect(hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK)).rejects.toThrow();
      expect(failures).toHaveLength(1);
    });
  });

  it('takes a -wal file replaced at its path (removed, another made) for a failed sync, not a file to sync instead', async () => {
    // SQLite keeps writing to the file it opened, now unlinked: syncing the new file at the path would
    // answer "done" for data a restart cannot find.
    await withBrokenWal(async (hall, failures) => {
      await hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK);
      const wal = `${hall.store.db.name}-wal`;
      rmSync(wal);
      writeFileSync(wal, '');
      await expect(hall.submit({ type: 'issue', serviceId: 'tax' }, KIOSK)).rejects.toThrow(/removed under the open database/);
      expect(failures).toHaveLength(1);
    });
  });

  it('checkpoints the WAL in a turn of its own, on its timer, instead of inside a commit, and only when something was written', async () => {
    const dir = tempDir('hall-group-');
    dirs.push(dir);
    const db = openDatabase(dir);
    const group = new GroupCommit<number>(db);
    try {
      // SQLite's own checkpoint inside a commit is off.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      db.exec('CREATE TABLE t (x TEXT)');
      const insert = db.prepare('INSERT INTO t VALUES (?)');
      await Promise.all(Array.from({ length: 200 }, (_, i) => group.add(() => insert.run('x'.repeat(2000) + i).changes)));
      // The timer's checkpoint copies every frame of the WAL to the database file.
      await expect.poll(() => group.stats.checkpoints).toBeGreaterThan(0);
      const after = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      expect(after[0]!.checkpointed).toBe(after[0]!.log);
      // Nothing written since: no checkpoint.
      const n = group.stats.checkpoints;
      group.checkpoint();
      expect(group.stats.checkpoints).toBe(n);
      await group.add(() => insert.run('y').changes);
      // The connection busy with an open iterator: skipped without a throw (it runs from a timer), tried again later.
      const open = db.prepare('SELECT x FROM t').iterate();
      open.next();
      group.checkpoint();
      expect(group.stats.checkpoints).toBe(n);
      expect(group.stats.checkpointsFailed).toBe(1);
      open.return?.();
      group.checkpoint();
      expect(group.stats.checkpoints).toBe(n + 1);
    } finally {
      group.flush(true);
      db.close();
    }
  });
});
