// Grouped durable commits: the writes of every request that arrived in the same turn of the event loop
// share one transaction and so one fsync, instead of one each. Each job runs in its own savepoint: one
// that throws is rolled back alone and refused alone, the others commit. Nobody hears "done" before the
// group is on disk.
//
// The fsync is off the event loop. better-sqlite3 is synchronous: a commit with synchronous=FULL waits
// for the disk on the loop (1 ms typically here, 25 ms at p99 and up to 200 ms on a loaded machine: the
// busy day's stalls). So the group's transaction commits with synchronous=NORMAL (in WAL mode: the
// frames are written to the -wal file, not synced), then the -wal file is fsynced on libuv's thread
// pool, and only then are the jobs answered and the group published. Every answer still waits for its
// own data on disk, as FULL did: same durability, the loop free while the disk works. (A worker thread
// owning the write connection would also take the commit's CPU off the loop, but every store call in
// the hub is synchronous inside its command: that is a rewrite, for a commit whose CPU is not the stall.)
//
// Order is kept: groups are published in commit order, and a synchronous FULL commit of the hall's
// (Hall.execute) makes every earlier group durable, so it settles them first (`durableNow`).
//
// The WAL checkpoint is the store's own turn, not a commit's. SQLite checkpoints by itself inside
// whichever commit crosses 1,000 pages of WAL: that commit's turn then also copies the pages and waits
// for two fsyncs (measured here: 10–23 ms per 1,000 pages, on top of the group's own CPU). With that
// off, a PASSIVE checkpoint runs on a timer (CHECKPOINT_MS) when anything was written since the last
// one: each covers at most that long of writes, in a turn of its own, and the WAL stays bounded however
// the writes come (groups, the hall's direct commits, the start-up rating sweep). It still syncs on the
// loop, with synchronous=FULL, so durability is SQLite's own: moving it off the loop needs a second
// connection, which EXCLUSIVE locking (one hub per data directory) does not allow, or a fsync of the
// database file on the thread pool with every writer held until it ends (a pass not copied to a synced
// file must not be overwritten by the WAL's restart), which the store's many direct writers cannot
// promise.
import { closeSync, fdatasync, fdatasyncSync, fstat, fstatSync, openSync } from 'node:fs';
import type { Db } from './database.js';

interface Job<T> {
  work: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** How often the WAL is checkpointed while anything is written (see above). */
export const CHECKPOINT_MS = 1_000;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A group committed to the WAL, waiting for the fsync that makes it durable. */
interface Committed<T> {
  jobs: Job<T>[];
  outcomes: Outcome<T>[];
}

export interface GroupCommitHooks<T> {
  /** After the group is durable, before any job's promise settles: the results of the jobs that succeeded, in order. */
  committed?: (results: readonly T[]) => void;
  /** The transaction as a whole failed (the disk, not a job): every job's effects outside SQLite must be undone. */
  rolledBack?: (error: unknown) => void;
  /**
   * The WAL could not be made durable (fsync failed, or the -wal file is gone). What the disk holds is
   * then unknown: a failed fsync may have dropped the dirty pages, and a retry can report success without
   * writing them (PostgreSQL's "fsyncgate"). SQLite's own view of the file still has the rows, so reloading
   * from it would keep tickets whose kiosks were told "failed". The owner must stop; a restart reads what
   * is really on disk. The group's jobs are refused before this is called.
   */
  syncFailed?: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Job<T>[] = [];
  private scheduled = false;
  /** Committed, not yet known durable, in commit order. */
  private waiting: Committed<T>[] = [];
  /** The groups the fsync in flight covers (they were committed before it started). */
  private syncing: Committed<T>[] | null = null;
  /** A WAL sync failed: every later group is refused too (the owner is stopping). */
  private failed = false;
  /** Commits made and jobs carried, for the bench and the tests. */
  readonly stats = { commits: 0, jobs: 0, largest: 0, fsyncs: 0, checkpoints: 0, checkpointsFailed: 0 };

  private readonly wal: WalSync;
  private readonly checkpoints: NodeJS.Timeout;
  private changesAtCheckpoint = -1;
  private readonly totalChanges;
  private readonly syncNormal;
  private readonly syncFull;

  constructor(
    private readonly db: Db,
    private readonly hooks: GroupCommitHooks<T> = {},
  ) {
    this.wal = new WalSync(`${db.name}-wal`);
    db.pragma('wal_autocheckpoint = 0');
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
    // Prepared once: db.pragma() prepares its statement at every call, twice per group.
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
    this.checkpoints = setInterval(() => this.checkpoint(), CHECKPOINT_MS).unref();
  }

  /** A PASSIVE checkpoint if anything was written since the last one (public for the bench's look at its time). */
  checkpoint(): void {
    if (!this.db.open) return;
    try {
      const changes = this.totalChanges.get() as number;
      if (changes === this.changesAtCheckpoint) return;
      this.db.pragma('wal_checkpoint(PASSIVE)');
      this.changesAtCheckpoint = changes;
      this.stats.checkpoints++;
    } catch {
      // From a timer, so nothing may be thrown (it would end the process). The connection busy with an
      // open iterator, or a checkpoint SQLite could not finish: the WAL keeps its frames (SQLite only
      // counts what it copied and synced) and the next tick tries again; a disk that really fails
      // fails the next commit's fsync, which stops the hub.
      this.stats.checkpointsFailed++;
    }
  }

  /** Queues `work` for the next group; resolves with its result once the group's transaction is on disk. */
  add(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Runs the queued jobs now, in one transaction. `sync`: commit with a FULL fsync on the spot and
   * settle everything waiting (closing the store: nothing may be left for a later fsync).
   */
  flush(sync = false): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length > 0) {
      const outcomes: Outcome<T>[] = [];
      if (!sync) this.syncNormal.run();
      try {
        this.db.transaction(() => {
          for (const job of jobs) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: released on success, rolled back on a throw.
              outcomes.push({ ok: true, value: this.db.transaction(job.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })();
      } catch (error) {
        this.hooks.rolledBack?.(error);
        for (const job of jobs) job.reject(error);
        return;
      } finally {
        if (!sync) this.syncFull.run();
      }
      this.stats.commits++;
      this.stats.jobs += jobs.length;
      this.stats.largest = Math.max(this.stats.largest, jobs.length);
      this.waiting.push({ jobs, outcomes });
    }
    if (sync) {
      // With no job of its own the FULL commit above did not happen: sync what the others left in the WAL.
      if (jobs.length === 0 && (this.waiting.length > 0 || this.syncing?.length)) this.wal.syncNow();
      this.durableNow();
      // Closing: the descriptor and the checkpoints go with the store (closing checkpoints it).
      this.wal.close();
      clearInterval(this.checkpoints);
    } else this.syncSoon();
  }

  /**
   * Everything committed so far is on disk (the caller's own FULL commit synced the WAL after it):
   * answers and publishes the waiting groups now, in order.
   */
  durableNow(): void {
    const groups = [...(this.syncing ?? []), ...this.waiting];
    // The fsync in flight finds its groups settled already.
    if (this.syncing) this.syncing.length = 0;
    this.waiting = [];
    for (const g of groups) this.settle(g, null);
  }

  /** One fsync at a time; groups committed while it runs wait for the next one, which covers them all. */
  private syncSoon(): void {
    if (this.syncing || this.waiting.length === 0) return;
    const groups = this.waiting;
    this.waiting = [];
    this.syncing = groups;
    this.stats.fsyncs++;
    this.wal.sync((synced) => {
      this.syncing = null;
      const error = synced ?? (this.failed ? new Error('an earlier WAL sync failed: the hub is stopping') : null);
      for (const g of groups) this.settle(g, error);
      this.syncSoon();
    });
  }

  private settle(g: Committed<T>, error: Error | null): void {
    if (error) {
      // The disk refused: nothing of the group may be taken as done, and nothing after it either.
      for (const job of g.jobs) job.reject(error);
      if (!this.failed) {
        this.failed = true;
        this.hooks.syncFailed?.(error);
      }
      return;
    }
    try {
      this.hooks.committed?.(g.outcomes.flatMap((o) => (o.ok ? [o.value] : [])));
    } finally {
      g.outcomes.forEach((o, i) => (o.ok ? g.jobs[i]!.resolve(o.value) : g.jobs[i]!.reject(o.error)));
    }
  }
}

/**
 * fdatasync of the -wal file (what SQLite itself does for a FULL commit on Linux) on libuv's thread
 * pool, through a descriptor kept for the store's life: one thread-pool round trip per group and no
 * system call on the loop.
 *
 * The file at the path is not looked up again per sync (it was a `statSync` on the loop per group).
 * SQLite writes through its own descriptor, opened once: while the store is open (EXCLUSIVE locking)
 * it never deletes or replaces the -wal file, it rewrites or truncates it in place (same inode). So a
 * -wal file that is no longer at the path was removed from outside (an operator, a failing disk), and
 * what SQLite writes then goes to an unlinked inode that a restart will not see: that is a failed sync,
 * not a file to open again (opening the new one, as before, would have synced a file SQLite does not
 * write to). It is detected after the sync, on the thread pool too: the kept descriptor's link count is 0.
 */
class WalSync {
  private fd: number | null = null;

  constructor(private readonly path: string) {}

  private descriptor(): number {
    // Opened at the first sync: the -wal file exists once the first group is committed.
    this.fd ??= openSync(this.path, 'r');
    return this.fd;
  }

  private removed(): Error {
    return new Error(`the write-ahead log ${this.path} was removed under the open database: what is on disk is unknown`);
  }

  sync(done: (error: Error | null) => void): void {
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (error) {
      return done(error as Error);
    }
    fdatasync(fd, (error) => {
      if (error) return done(error);
      fstat(fd, (statError, stats) => done(statError ?? (stats.nlink === 0 ? this.removed() : null)));
    });
  }

  syncNow(): void {
    const fd = this.descriptor();
    fdatasyncSync(fd);
    if (fstatSync(fd).nlink === 0) throw this.removed();
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
