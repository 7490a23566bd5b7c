// The hub's nightly data work, once a day at `backup.at` hall time: a backup into the backup
// folder (newest `keep` kept, archive files copied beside them once), the housekeeping of rows that did
// their job, and moving closed periods to archive files. A failed backup stays an alert on the
// dashboard until one succeeds.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Logger } from 'pino';
import { localTime, toMinutes } from '../../shared/hall-time.js';
import type { Hall } from '../hall.js';
import { archiveClosedPeriods } from '../store/archive.js';
import { ARCHIVE_DIR } from '../store/verify.js';
import type { BackupResult } from '../store/backup.js';

export interface BackupStatus {
  lastOk: { at: number; file: string; bytes: number } | null;
  /** The last attempt's failure, until an attempt succeeds. */
  failed: { at: number; error: string } | null;
}

export class NightlyWork {
  private timer: NodeJS.Timeout | undefined;
  private doneOn: string | null = null;
  private running: Promise<void> | null = null;
  readonly status: BackupStatus = { lastOk: null, failed: null };

  constructor(private readonly o: { hall: Hall; dataDir: string; log: Logger }) {}

  get backupDir(): string {
    const dir = this.o.hall.config.backup.dir;
    return isAbsolute(dir) ? dir : join(this.o.dataDir, dir);
  }

  /** Checks every minute whether tonight's work is due. */
  start(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.maybeRun(), everyMs);
    this.timer.unref();
  }

  async maybeRun(): Promise<void> {
    const now = this.o.hall.clock.now();
    const local = localTime(now, this.o.hall.config.hall.timezone);
    if (this.doneOn === local.date || local.minutes < toMinutes(this.o.hall.config.backup.at)) return;
    // Already made today (a restart after the backup hour): nothing to do.
    if (existsSync(join(this.backupDir, `hall-${local.date}.sqlite`))) {
      this.doneOn = local.date;
      return;
    }
    await this.run();
  }

  /** Tonight's work now (also for tests and the bench). */
  run(): Promise<void> {
    this.running ??= this.work().finally(() => (this.running = null));
    return this.running;
  }

  private async work(): Promise<void> {
    const { hall, log } = this.o;
    const now = hall.clock.now();
    const date = localTime(now, hall.config.hall.timezone).date;
    try {
      const r = await this.backup(date);
      this.status.lastOk = { at: now, file: r.file, bytes: r.bytes };
      this.status.failed = null;
      this.doneOn = date;
      log.info({ file: r.file, bytes: r.bytes, lastSeq: r.lastSeq, ms: r.ms }, 'nightly backup made');
    } catch (e) {
      this.status.failed = { at: now, error: (e as Error).message };
      log.error({ err: e }, 'nightly backup failed');
    }
    try {
      const pruned = hall.store.pruneDoneRows(Date.now());
      if (pruned.ratingsSent || pruned.printJobs) log.info(pruned, 'done rows pruned');
      const archived = await archiveClosedPeriods(hall.store, this.o.dataDir, hall.config, now, log);
      for (const a of archived) log.info(a, 'period archived');
    } catch (e) {
      log.error({ err: e }, 'nightly housekeeping failed');
    }
  }

  private async backup(date: string): Promise<BackupResult> {
    const dir = this.backupDir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const r = await this.o.hall.store.backupTo(join(dir, `hall-${date}.sqlite`));
    const keep = this.o.hall.config.backup.keep;
    const made = readdirSync(dir).filter((f) => /^hall-\d{4}-\d{2}-\d{2}\.sqlite$/.test(f)).sort();
    for (const f of made.slice(0, Math.max(0, made.length - keep))) rmSync(join(dir, f), { force: true });
    // Archive files never change: one copy each beside the backups, so a restore on a new machine has them.
    const archives = join(this.o.dataDir, ARCHIVE_DIR);
    if (existsSync(archives)) {
      mkdirSync(join(dir, ARCHIVE_DIR), { recursive: true, mode: 0o700 });
      for (const f of readdirSync(archives).filter((x) => x.endsWith('.sqlite')))
        if (!existsSync(join(dir, ARCHIVE_DIR, f))) copyFileSync(join(archives, f), join(dir, ARCHIVE_DIR, f));
    }
    return r;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
