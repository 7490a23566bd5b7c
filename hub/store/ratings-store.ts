// The ratings desk's tables (rating_outcomes, rating_requests, followups, rating_outbox) behind named
// queries: the desk and the upload outbox (hub/ratings/) decide, this file reads and writes. Statements are prepared once per store.
import { TICKET_COLUMNS, type TicketRow } from './compact.js';
import type { Db } from './database.js';

/** A follow-up case (差评整改) as stored. */
export interface FollowupRow {
  id: number;
  ticket_id: string;
  number: string;
  score: number;
  /** JSON array of reason ids. */
  reasons: string;
  comment: string | null;
  service_id: string;
  counter_id: string | null;
  staff_no: string | null;
  case_no: string | null;
  opened_at: number;
  opened_day: string;
  due_day: string;
  warn_day: string;
  rectification: string | null;
  callback_result: string | null;
  closed_at: number | null;
  closed_by: string | null;
}

export interface OutcomeRecord {
  ticketId: string;
  outcome: 'rated' | 'not-rated';
  score: number | null;
  businessDay: string;
  serviceId: string;
  counterId: string | null;
  staffNo: string | null;
  caseNo: string | null;
  at: number;
}

export type NewFollowup = Omit<FollowupRow, 'id' | 'rectification' | 'callback_result' | 'closed_at' | 'closed_by'>;

/** A rating waiting for (or past) its upload to the provincial platform. */
export interface UploadRow {
  id: string;
  payload: string;
  attempts: number;
}

export interface UploadCounts {
  pending: number;
  sent: number;
  /** Failed delivery attempts so far (all rows). */
  failedAttempts: number;
  oldestPendingAt: number | null;
}

export class RatingsStore {
  private readonly st;

  constructor(private readonly db: Db) {
    this.st = {
      // A page at a time by rowid: a sweep of a 50,000-ticket day neither loads it whole nor holds the loop.
      recentUnsettled: db.prepare(
        `SELECT t.rowid AS rowid, ${TICKET_COLUMNS} FROM tickets t WHERE t.rowid > ? AND t.business_day >= ? AND t.state = 'done' AND t.finished_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM rating_outcomes o WHERE o.ticket_id = t.id) ORDER BY t.rowid LIMIT ?`,
      ),
      outcome: db.prepare(
        `INSERT OR IGNORE INTO rating_outcomes (ticket_id, outcome, score, business_day, service_id, counter_id, staff_no, case_no, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      request: db.prepare(`SELECT case_no FROM rating_requests WHERE ticket_id = ?`).pluck(),
      upsertRequest: db.prepare(
        `INSERT INTO rating_requests (ticket_id, case_no, counter_id, requested_at, requested_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(ticket_id) DO UPDATE SET case_no = excluded.case_no, requested_at = excluded.requested_at, requested_by = excluded.requested_by`,
      ),
      openFollowup: db.prepare(
        `INSERT OR IGNORE INTO followups (ticket_id, number, score, reasons, comment, service_id, counter_id, staff_no, case_no, opened_at, opened_day, due_day, warn_day)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      followup: db.prepare(`SELECT * FROM followups WHERE id = ?`),
      followups: db.prepare(`SELECT * FROM followups ORDER BY closed_at IS NOT NULL, due_day, id LIMIT 1000`),
      openFollowups: db.prepare(`SELECT * FROM followups WHERE closed_at IS NULL ORDER BY due_day, id`),
      closedCount: db.prepare(`SELECT COUNT(*) FROM followups WHERE closed_at IS NOT NULL`).pluck(),
      closeFollowup: db.prepare(`UPDATE followups SET rectification = ?, callback_result = ?, closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL`),
      outcomesOfDays: db.prepare(`SELECT outcome, COUNT(*) AS n FROM rating_outcomes WHERE business_day BETWEEN ? AND ? GROUP BY outcome`),
      uploadInsert: db.prepare(`INSERT OR IGNORE INTO rating_outbox (id, payload, created_at, next_at) VALUES (?, ?, ?, ?)`),
      uploadsDue: db.prepare(`SELECT id, payload, attempts FROM rating_outbox WHERE sent_at IS NULL AND next_at <= ? ORDER BY created_at, id LIMIT 50`),
      uploadSent: db.prepare(`UPDATE rating_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`),
      uploadFailed: db.prepare(`UPDATE rating_outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?`),
      uploadCounts: db.prepare(
        `SELECT SUM(sent_at IS NULL) AS pending, SUM(sent_at IS NOT NULL) AS sent, SUM(attempts - (sent_at IS NOT NULL)) AS failedAttempts,
                MIN(CASE WHEN sent_at IS NULL THEN created_at END) AS oldestPendingAt FROM rating_outbox`,
      ),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Finished tickets since `sinceDay` with no outcome yet, after a rowid, at most `limit`. */
  unsettledTickets(afterRowid: number, sinceDay: string, limit: number): (TicketRow & { rowid: number })[] {
    return this.st.recentUnsettled.all(afterRowid, sinceDay, limit) as (TicketRow & { rowid: number })[];
  }

  /** Records a ticket's outcome; false if it already had one. */
  recordOutcome(o: OutcomeRecord): boolean {
    return this.st.outcome.run(o.ticketId, o.outcome, o.score, o.businessDay, o.serviceId, o.counterId, o.staffNo, o.caseNo, o.at).changes > 0;
  }

  /** The case number (办件编号) a business system asked a ticket's rating with, if any. */
  caseNoOf(ticketId: string): string | null {
    return (this.st.request.get(ticketId) as string | undefined) ?? null;
  }

  saveRequest(ticketId: string, caseNo: string, counterId: string, at: number, by: string): void {
    this.st.upsertRequest.run(ticketId, caseNo, counterId, at, by);
  }

  openFollowup(f: NewFollowup): void {
    this.st.openFollowup.run(f.ticket_id, f.number, f.score, f.reasons, f.comment, f.service_id, f.counter_id, f.staff_no, f.case_no, f.opened_at, f.opened_day, f.due_day, f.warn_day);
  }

  followup(id: number): FollowupRow | undefined {
    return this.st.followup.get(id) as FollowupRow | undefined;
  }

  /** All cases, open ones first by due day (at most 1000). */
  followups(): FollowupRow[] {
    return this.st.followups.all() as FollowupRow[];
  }

  openFollowups(): FollowupRow[] {
    return this.st.openFollowups.all() as FollowupRow[];
  }

  closedFollowupCount(): number {
    return this.st.closedCount.get() as number;
  }

  /** Closes an open case; false if it was not open. */
  closeFollowup(id: number, rectification: string, callbackResult: string, at: number, by: string): boolean {
    return this.st.closeFollowup.run(rectification, callbackResult, at, by, id).changes > 0;
  }

  // ---- the upload outbox ----

  /** Adds an upload (inside the caller's transaction); a second one with the same id is ignored. */
  enqueueUpload(id: string, payload: string, now: number): void {
    this.st.uploadInsert.run(id, payload, now, now);
  }

  /** Unsent uploads due by `now`, oldest first, at most 50. */
  uploadsDue(now: number): UploadRow[] {
    return this.st.uploadsDue.all(now) as UploadRow[];
  }

  markUploadSent(id: string, at: number): void {
    this.st.uploadSent.run(at, id);
  }

  markUploadFailed(id: string, nextAt: number, error: string): void {
    this.st.uploadFailed.run(nextAt, error, id);
  }

  uploadCounts(): UploadCounts {
    const s = this.st.uploadCounts.get() as { pending: number | null; sent: number | null; failedAttempts: number | null; oldestPendingAt: number | null };
    return { pending: s.pending ?? 0, sent: s.sent ?? 0, failedAttempts: s.failedAttempts ?? 0, oldestPendingAt: s.oldestPendingAt };
  }

  /** Rated and not-rated counts over business days (both included). */
  outcomeCounts(from: string, to: string): { rated: number; notRated: number } {
    const rows = this.st.outcomesOfDays.all(from, to) as Array<{ outcome: string; n: number }>;
    return { rated: rows.find((r) => r.outcome === 'rated')?.n ?? 0, notRated: rows.find((r) => r.outcome === 'not-rated')?.n ?? 0 };
  }
}
