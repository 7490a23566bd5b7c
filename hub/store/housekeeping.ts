// Rows that have done their job leave the live file: a rating the provincial platform took
// (kept a week, so the dashboard's "sent" figure and a support question can still see it), a print job
// finished a month ago. Freed pages go back to the file system (incremental auto-vacuum).
import type { Db } from './database.js';

const DAY = 86_400_000;

export interface Pruned {
  ratingsSent: number;
  printJobs: number;
}

export function pruneDoneRows(db: Db, now: number, keep: { sentRatingsMs?: number; printJobsMs?: number } = {}): Pruned {
  const pruned = db.transaction(() => ({
    ratingsSent: db.prepare(`DELETE FROM rating_outbox WHERE sent_at IS NOT NULL AND sent_at <= ?`).run(now - (keep.sentRatingsMs ?? 7 * DAY)).changes,
    printJobs: db.prepare(`DELETE FROM print_jobs WHERE state IN ('done', 'failed') AND finished_at <= ?`).run(now - (keep.printJobsMs ?? 30 * DAY)).changes,
  }))();
  db.pragma('incremental_vacuum');
  return pruned;
}
