// The hall's durable state: the append-only event log and, written in the same transaction, the
// projections of tickets and counters that a restart loads back. Synchronous (better-sqlite3), so a
// command's events and their projection commit together with nothing in between.
import { join } from 'node:path';
import type { HallConfig } from '../config/schema.js';
import { indexBuilder } from '../engine/queue-index.js';
import { closedCounter, createState, recordServiceTime, recountStaffDay } from '../engine/state.js';
import type { CounterState, HallEvent, HallState, StoredEvent, Ticket } from '../engine/types.js';
import { DB_FILE, StoreError, type Db } from './database.js';
import { chainHead, eventHash } from './chain.js';
import { EventDecoder, TICKET_COLUMNS, encodePayload, ticketData, ticketFromRow, type EventRow, type TicketRow } from './compact.js';
import { joinSecrets, readSecrets, replaceSecrets, splitSecrets } from './secrets.js';
import { AppointmentsStore } from './appointments-store.js';
import { registerArchives } from './archive.js';
import { backupTo, type BackupResult } from './backup.js';
import { GroupCommit, type GroupCommitHooks } from './group-commit.js';
import { pruneDoneRows, type Pruned } from './housekeeping.js';
import { PrintJobStore } from './print-jobs.js';
import { verifyPath, type VerifyReport } from './verify.js';
import { SummaryStore } from './summary-store.js';
import { AuditStore } from './audit-store.js';
import { LoginFailuresStore } from './login-failures-store.js';
import { RatingsStore } from './ratings-store.js';
import { eachDay } from './report-rows.js';
import type { ReportTicket } from '../reports/reports.js';

export interface SessionRow {
  kind: 'staff' | 'manager';
  subject: string;
  counterId: string | null;
  createdAt: number;
  expiresAt: number;
}

const EVENT_COLUMNS = `seq, at, type, ticket_id, counter_id, actor_kind, actor_id, payload`;

export class HallStore {
  private readonly stmt;
  /** The last stored event's seq and hash: the next event's seq and what it chains to. */
  private head: { seq: number; hash: Buffer };

  /**
   * @param db the connection: for hub/store's own modules and for tests that check what was written;
   * a hub module elsewhere asks the named stores below instead (hub/store/sql-only-here.test.ts).
   */
  constructor(readonly db: Db) {
    this.head = chainHead(db);
    this.stmt = {
      insertEvent: db.prepare(
        `INSERT INTO events (seq, at, type, ticket_id, counter_id, staff_no, actor_kind, actor_id, payload, hash)
         VALUES (@seq, @at, @type, @ticket_id, @counter_id, @staff_no, @actor_kind, @actor_id, @payload, @hash)`,
      ),
      upsertTicket: db.prepare(
        `INSERT INTO tickets (id, business_day, issued_service_id, service_id, seq, number, state, priority, issued_at, called_at, started_at, finished_at, counter_id, staff_no, data, zone, rating_score)
         VALUES (@id, @businessDay, @serviceId, @serviceId, @seq, @number, @state, @priority, @issuedAt, @calledAt, @startedAt, @finishedAt, @counterId, @staffNo, @data, @zone, @ratingScore)
         ON CONFLICT(id) DO UPDATE SET service_id = excluded.service_id, state = excluded.state, called_at = excluded.called_at,
           started_at = excluded.started_at, finished_at = excluded.finished_at, counter_id = excluded.counter_id,
           staff_no = excluded.staff_no, data = excluded.data, zone = excluded.zone, rating_score = excluded.rating_score`,
      ),
      upsertCounter: db.prepare(`INSERT INTO counters (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data`),
      setHall: db.prepare(`INSERT INTO hall (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
      getHall: db.prepare(`SELECT value FROM hall WHERE key = ?`).pluck(),
      ticket: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`),
      // Issue order (rowid), a page at a time: tickets_day holds (business_day, rowid).
      ticketsOfDayPage: db.prepare(`SELECT rowid AS row, ${TICKET_COLUMNS} FROM tickets WHERE business_day = ? AND rowid > ? ORDER BY rowid LIMIT ?`),
      counter: db.prepare(`SELECT data FROM counters WHERE id = ?`).pluck(),
      counters: db.prepare(`SELECT data FROM counters`).pluck(),
      recentServiceTimes: db.prepare(
        `SELECT finished_at - started_at FROM tickets WHERE service_id = ? AND finished_at IS NOT NULL AND started_at IS NOT NULL
         ORDER BY finished_at DESC LIMIT ?`,
      ).pluck(),
      lastSeq: db.prepare(`SELECT COALESCE(MAX(seq), 0) FROM events`).pluck(),
      eventsAfter: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`),
      eventsOfTicket: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ticket_id = ? ORDER BY seq`),
      ticketBefore: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ticket_id = ? AND seq < ? ORDER BY seq`),
      // events_counter (a partial index of counter events) finds these.
      counterBefore: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE type = 'counter.state' AND counter_id = ? AND seq < ? ORDER BY seq DESC`),
      insertSession: db.prepare(
        `INSERT INTO sessions (token_sha256, kind, subject, counter_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      session: db.prepare(`SELECT kind, subject, counter_id AS counterId, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE token_sha256 = ?`),
      deleteSession: db.prepare(`DELETE FROM sessions WHERE token_sha256 = ?`),
      deleteSessionsOf: db.prepare(`DELETE FROM sessions WHERE kind = ? AND subject = ?`),
      deleteExpiredSessions: db.prepare(`DELETE FROM sessions WHERE expires_at <= ?`),
    };
  }

  /**
   * Stores a command's events and their effect on the projections in one transaction (synchronous=FULL:
   * on disk when this returns). Returns the events with their log sequence numbers.
   */
  append(events: readonly HallEvent[], extra?: () => void): StoredEvent[] {
    if (events.length === 0 && !extra) return [];
    let stored: StoredEvent[];
    const head = this.head;
    try {
      stored = this.db.transaction(() => {
        const stored = events.map((e) => this.write(e));
        extra?.();
        return stored;
      })();
    } catch (e) {
      // Rolled back: the chain goes on from where the last commit left it.
      this.head = head;
      throw new StoreError('STORE_FAILED', `could not store events: ${(e as Error).message}`);
    }
    // A config change may have replaced a secret: its old bytes also sit in earlier WAL frames until the
    // WAL is reset. Config changes are rare; emptying the WAL then keeps a rotated PIN out of every file.
    if (stored.some((e) => e.type === 'config.changed')) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return stored;
  }

  private write(e: HallEvent): StoredEvent {
    const ticket = 'ticket' in e ? e.ticket : null;
    const counter = e.type === 'counter.state' ? e.counter : null;
    const row = {
      seq: this.head.seq + 1,
      at: e.at,
      type: e.type,
      ticket_id: ticket?.id ?? null,
      counter_id: ticket?.counterId ?? counter?.id ?? null,
      // The staff member concerned when someone else acted (a pad, a manager, the hub); when staff act,
      // actor_id already says who (not stored twice).
      staff_no: e.actor.kind === 'staff' ? null : (ticket?.staffNo ?? counter?.staffNo ?? null),
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      // What changed (hub/store/compact.ts), against the projection as the transaction has it so far.
      payload: encodePayload(e.type === 'config.changed' ? { ...e, config: splitSecrets(e.config).config } : e, {
        ticket: ticket && e.type !== 'ticket.issued' ? this.storedTicket(ticket.id) : undefined,
        counter: counter ? this.storedCounter(counter.id) : undefined,
      }),
    };
    const hash = eventHash(this.head.hash, row);
    this.stmt.insertEvent.run({ ...row, hash });
    this.head = { seq: row.seq, hash };
    if (ticket) this.writeTicket(ticket);
    if (counter) this.stmt.upsertCounter.run(counter.id, JSON.stringify(counter));
    if (e.type === 'day.rolled') this.stmt.setHall.run('business_day', e.to);
    if (e.type === 'config.changed') {
      // The config without its secrets, the secrets in their own table (hub/store/secrets.ts).
      const { config, secrets } = splitSecrets(e.config);
      this.stmt.setHall.run('config', JSON.stringify(config));
      replaceSecrets(this.db, secrets);
    }
    return { ...e, seq: row.seq };
  }

  private writeTicket(t: Ticket): void {
    this.stmt.upsertTicket.run({
      id: t.id,
      businessDay: t.businessDay,
      serviceId: t.serviceId,
      seq: t.seq,
      number: t.number,
      state: t.state,
      priority: t.priority,
      issuedAt: t.issuedAt,
      calledAt: t.calledAt,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      counterId: t.counterId,
      staffNo: t.staffNo,
      data: ticketData(t),
      // Real columns for the reports (the same values the ticket holds).
      zone: t.zone ?? null,
      ratingScore: t.rating?.score ?? null,
    });
  }

  private storedTicket(id: string): Ticket | undefined {
    const row = this.stmt.ticket.get(id) as TicketRow | undefined;
    return row === undefined ? undefined : ticketFromRow(row);
  }

  private storedCounter(id: string): CounterState | undefined {
    const data = this.stmt.counter.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as CounterState);
  }

  /** The engine state as the last committed transaction left it. */
  loadState(config: HallConfig, now: number): HallState {
    const steps = this.loadSteps(config, now);
    for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
  }

  /**
   * The same, a page of today's tickets per turn of the event loop: a hub that listens first answers
   * /api/health while a 50,000-ticket day loads (hub/server.ts). `beforePage` lets a test hold the load.
   */
  async loadStateInPages(config: HallConfig, now: number, options: { pageSize?: number; beforePage?: () => Promise<void> } = {}): Promise<HallState> {
    const steps = this.loadSteps(config, now, options.pageSize);
    for (;;) {
      await (options.beforePage?.() ?? new Promise<void>((r) => setImmediate(r)));
      // Pages of 100 for about 5 ms, then the event loop's turn: a request waits one slice, not the load.
      const t0 = performance.now();
      let r = steps.next();
      while (!r.done && !options.beforePage && performance.now() - t0 < 5) r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** Loading, as steps: it yields after each page of tickets (keyset paging, so no statement stays open across a yield). */
  private *loadSteps(config: HallConfig, now: number, pageSize = 100): Generator<void, HallState> {
    const state = createState(config, now);
    const day = this.getHall('business_day');
    if (day) state.businessDay = day;
    else this.stmt.setHall.run('business_day', state.businessDay);
    // Indexed page by page, in issue order as buildIndex would (state.ts reindex).
    const index = indexBuilder();
    let after = 0;
    for (;;) {
      const page = this.stmt.ticketsOfDayPage.all(state.businessDay, after, pageSize) as (TicketRow & { row: number })[];
      for (const r of page) {
        const t = ticketFromRow(r);
        state.tickets.set(r.id, t);
        index.add(t);
      }
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.row;
      yield;
    }
    // Sequences and quotas belong to the service a number was issued for, wherever transfers took it.
    state.sequences.clear();
    const issued = this.db
      .prepare(`SELECT issued_service_id AS s, COUNT(*) AS n, MAX(seq) AS last FROM tickets WHERE business_day = ? GROUP BY issued_service_id`)
      .all(state.businessDay) as { s: string; n: number; last: number }[];
    for (const row of issued) {
      state.issuedToday.set(row.s, row.n);
      state.sequences.set(row.s, row.last);
    }
    for (const data of this.stmt.counters.all() as string[]) {
      const c = JSON.parse(data) as CounterState;
      const configured = config.counters.find((k) => k.id === c.id);
      if (configured) state.counters.set(c.id, { ...c, zone: configured.zone });
    }
    for (const k of config.counters) if (!state.counters.has(k.id)) state.counters.set(k.id, closedCounter(k.id, k.zone, now));
    recountStaffDay(state);
    state.index = index.done();
    for (const s of config.services) {
      const times = (this.stmt.recentServiceTimes.all(s.id, config.rules.estimateWindow) as number[]).reverse();
      for (const ms of times) recordServiceTime(state, s.id, ms);
    }
    return state;
  }

  lastSeq(): number {
    return this.stmt.lastSeq.get() as number;
  }

  /** Reads stored events back whole: each carries the ticket or counter as it was after it. */
  private decoder(): EventDecoder {
    return new EventDecoder({
      ticketBefore: (id, seq) => this.stmt.ticketBefore.all(id, seq) as EventRow[],
      counterBefore: (id, seq) => this.stmt.counterBefore.iterate(id, seq) as IterableIterator<EventRow>,
    });
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    const d = this.decoder();
    return (this.stmt.eventsAfter.all(seq, limit) as EventRow[]).map((r) => d.decode(r));
  }

  eventsOfTicket(ticketId: string): StoredEvent[] {
    const d = this.decoder();
    return (this.stmt.eventsOfTicket.all(ticketId) as EventRow[]).map((r) => d.decode(r));
  }

  /** Any day's ticket (today's are also in memory). */
  ticket(id: string): Ticket | undefined {
    return this.storedTicket(id);
  }

  /** The stored config (the dashboard's edits included) with its secrets, as JSON; none before the first start. */
  storedConfigJson(): string | undefined {
    const json = this.getHall('config');
    return json === undefined ? undefined : JSON.stringify(joinSecrets(JSON.parse(json) as HallConfig, readSecrets(this.db)));
  }

  getHall(key: string): string | undefined {
    return this.stmt.getHall.get(key) as string | undefined;
  }

  setHall(key: string, value: string): void {
    this.stmt.setHall.run(key, value);
  }

  insertSession(tokenSha256: string, s: SessionRow): void {
    this.stmt.insertSession.run(tokenSha256, s.kind, s.subject, s.counterId, s.createdAt, s.expiresAt);
  }

  session(tokenSha256: string): SessionRow | undefined {
    return this.stmt.session.get(tokenSha256) as SessionRow | undefined;
  }

  deleteSession(tokenSha256: string): void {
    this.stmt.deleteSession.run(tokenSha256);
  }

  deleteSessionsOf(kind: SessionRow['kind'], subject: string): void {
    this.stmt.deleteSessionsOf.run(kind, subject);
  }

  deleteExpiredSessions(now: number): void {
    this.stmt.deleteExpiredSessions.run(now);
  }

  private ratingsStore: RatingsStore | undefined;
  /** The ratings desk's tables (hub/store/ratings-store.ts), prepared on first use. */
  get ratings(): RatingsStore {
    return (this.ratingsStore ??= new RatingsStore(this.db));
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints): writes of several tables that must
   * land together, such as a login failure, the lockout it starts and their audit lines.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private loginFailuresStore: LoginFailuresStore | undefined;
  /** Login failures and known clients (hub/store/login-failures-store.ts), prepared on first use. */
  get loginFailures(): LoginFailuresStore {
    return (this.loginFailuresStore ??= new LoginFailuresStore(this.db));
  }

  private auditStore: AuditStore | undefined;
  /** The security audit log's table (hub/store/audit-store.ts), prepared on first use. */
  get audit(): AuditStore {
    return (this.auditStore ??= new AuditStore(this.db));
  }

  private summaryStore: SummaryStore | undefined;
  /** The closed days' summaries (hub/store/summary-store.ts), prepared on first use. */
  get summaries(): SummaryStore {
    return (this.summaryStore ??= new SummaryStore(this.db));
  }

  private appointmentsStore: AppointmentsStore | undefined;
  /** The appointments table (hub/store/appointments-store.ts), prepared on first use. */
  get appointments(): AppointmentsStore {
    return (this.appointmentsStore ??= new AppointmentsStore(this.db));
  }

  /** Report rows of business days, a day at a time with the event loop let run between (hub/store/report-rows.ts). */
  eachReportDay(range: { from: string; to: string; zone: string | null }, each: (tickets: ReportTicket[]) => void): Promise<void> {
    return eachDay(this.db, range, each);
  }

  /** A group commit on this store's connection (hub/store/group-commit.ts): many commands, one transaction. */
  groupCommit<T>(hooks: GroupCommitHooks<T>): GroupCommit<T> {
    return new GroupCommit<T>(this.db, hooks);
  }

  private printJobStore: PrintJobStore | undefined;
  /** The print jobs' journal (hub/store/print-jobs.ts), prepared on first use. */
  get printJobs(): PrintJobStore {
    return (this.printJobStore ??= new PrintJobStore(this.db));
  }

  /** An online backup of the live file through this connection (hub/store/backup.ts). */
  backupTo(file: string): Promise<BackupResult> {
    return backupTo(this.db, file);
  }

  /** Forgets done rows past their keeping time (hub/store/housekeeping.ts). */
  pruneDoneRows(now: number): Pruned {
    return pruneDoneRows(this.db, now);
  }

  /** Reads archived periods' days from their archive files from now on (hub/store/archive.ts). */
  registerArchives(dataDir: string, kind: () => 'year' | 'month' | 'off'): void {
    registerArchives(this.db, dataDir, kind);
  }

  /**
   * Verifies the chains of a data directory whose live file this store holds open: that file is read
   * through this connection (its lock keeps any other out), the archives from their own files.
   */
  verifyDataDir(dataDir: string, options: { pause?: () => Promise<void> } = {}): Promise<VerifyReport> {
    const live = join(dataDir, DB_FILE);
    return verifyPath(dataDir, { ...options, open: (f) => (f === live ? this.db : undefined) });
  }

  close(): void {
    this.db.close();
  }
}
