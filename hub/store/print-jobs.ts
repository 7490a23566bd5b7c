// The print-job journal (table print_jobs) and the print settings (print_settings): what was sent to
// which printer for which ticket, and how it ended. A job moves queued → sent → done | failed, once.
import type { Db } from './database.js';

export type PrintJobState = 'queued' | 'sent' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  ticketId: string;
  number: string;
  printerId: string;
  kioskId: string | null;
  cause: 'issue' | 'reprint';
  requestedBy: string;
  state: PrintJobState;
  reason: string | null;
  createdAt: number;
  sentAt: number | null;
  finishedAt: number | null;
}

interface Row {
  id: string;
  ticket_id: string;
  number: string;
  printer_id: string;
  kiosk_id: string | null;
  cause: 'issue' | 'reprint';
  requested_by: string;
  state: PrintJobState;
  reason: string | null;
  created_at: number;
  sent_at: number | null;
  finished_at: number | null;
}

const toJob = (r: Row): PrintJob => ({
  id: r.id,
  ticketId: r.ticket_id,
  number: r.number,
  printerId: r.printer_id,
  kioskId: r.kiosk_id,
  cause: r.cause,
  requestedBy: r.requested_by,
  state: r.state,
  reason: r.reason,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  finishedAt: r.finished_at,
});

export class PrintJobStore {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO print_jobs (id, ticket_id, number, printer_id, kiosk_id, cause, requested_by, state, created_at)
         VALUES (@id, @ticketId, @number, @printerId, @kioskId, @cause, @requestedBy, 'queued', @createdAt)`,
      ),
      // Each step only from the one before: a job is never sent twice, a finished job never changes.
      sent: db.prepare(`UPDATE print_jobs SET state = 'sent', sent_at = ? WHERE id = ? AND state = 'queued'`),
      finish: db.prepare(`UPDATE print_jobs SET state = ?, reason = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'sent')`),
      get: db.prepare(`SELECT * FROM print_jobs WHERE id = ?`),
      ofTicket: db.prepare(`SELECT * FROM print_jobs WHERE ticket_id = ? ORDER BY created_at, rowid`),
      recent: db.prepare(`SELECT * FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`),
      recentFailed: db.prepare(`SELECT * FROM print_jobs WHERE state = 'failed' ORDER BY created_at DESC, rowid DESC LIMIT ?`),
      // Jobs left unfinished by a hub that stopped: nobody will hear their outcome.
      orphans: db.prepare(`UPDATE print_jobs SET state = 'failed', reason = ?, finished_at = ? WHERE state IN ('queued', 'sent')`),
      getSetting: db.prepare(`SELECT value FROM print_settings WHERE key = ?`).pluck(),
      setSetting: db.prepare(`INSERT INTO print_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      deleteSetting: db.prepare(`DELETE FROM print_settings WHERE key = ?`),
    };
  }

  insert(job: Pick<PrintJob, 'id' | 'ticketId' | 'number' | 'printerId' | 'kioskId' | 'cause' | 'requestedBy' | 'createdAt'>): PrintJob {
    this.stmt.insert.run(job);
    return this.get(job.id)!;
  }

  markSent(id: string, at: number): boolean {
    return this.stmt.sent.run(at, id).changes === 1;
  }

  finish(id: string, state: 'done' | 'failed', reason: string | null, at: number): boolean {
    return this.stmt.finish.run(state, reason, at, id).changes === 1;
  }

  get(id: string): PrintJob | undefined {
    const r = this.stmt.get.get(id) as Row | undefined;
    return r ? toJob(r) : undefined;
  }

  ofTicket(ticketId: string): PrintJob[] {
    return (this.stmt.ofTicket.all(ticketId) as Row[]).map(toJob);
  }

  recent(limit: number, onlyFailed = false): PrintJob[] {
    return ((onlyFailed ? this.stmt.recentFailed : this.stmt.recent).all(limit) as Row[]).map(toJob);
  }

  failOrphans(reason: string, at: number): number {
    return this.stmt.orphans.run(reason, at).changes;
  }

  setting(key: string): string | undefined {
    return this.stmt.getSetting.get(key) as string | undefined;
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.stmt.deleteSetting.run(key);
    else this.stmt.setSetting.run(key, value);
  }
}
