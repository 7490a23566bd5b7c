// Grouped durable commits: the writes of every request that arrived in the same turn of the event loop
// share one transaction and so one FULL-sync fsync, instead of one each. better-sqlite3 is synchronous,
// so while one commit waits on the disk the next requests queue in the socket buffers; they are read
// in the next turn and committed together. Each job runs in its own savepoint: one that throws is
// rolled back alone and refused alone, the others commit. Nobody hears "done" before the commit.
import type { Db } from './database.js';

interface Job<T> {
  work: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitHooks<T> {
  /** After the commit, before any job's promise settles: the results of the jobs that succeeded, in order. */
  committed?: (results: readonly T[]) => void;
  /** The transaction as a whole failed (the disk, not a job): every job's effects outside SQLite must be undone. */
  rolledBack?: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Job<T>[] = [];
  private scheduled = false;
  /** Commits made and jobs carried, for the bench and the tests. */
  readonly stats = { commits: 0, jobs: 0, largest: 0 };

  constructor(
    private readonly db: Db,
    private readonly hooks: GroupCommitHooks<T> = {},
  ) {}

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

  /** Runs the queued jobs now, in one transaction. */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const outcomes: ({ ok: true; value: T } | { ok: false; error: unknown })[] = [];
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
    }
    this.stats.commits++;
    this.stats.jobs += jobs.length;
    this.stats.largest = Math.max(this.stats.largest, jobs.length);
    try {
      this.hooks.committed?.(outcomes.flatMap((o) => (o.ok ? [o.value] : [])));
    } finally {
      outcomes.forEach((o, i) => (o.ok ? jobs[i]!.resolve(o.value) : jobs[i]!.reject(o.error)));
    }
  }
}
