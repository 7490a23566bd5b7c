// The ratings desk (好差评 beyond the engine's `rate`): every finished ticket gets an explicit outcome
// record — rated (with its score) or, once its rating window has closed unanswered, not rated (never a
// default score); a 1–2 opens a follow-up case (差评整改); every outcome goes to the outbox for the
// provincial platform; a counter's business system can ask for a rating with its case number (办件编号).
//
// The engine's ticket.rated events make this prompt; a sweep over the recent finished tickets without
// an outcome is what makes it complete (a hub stopped between the rating's commit and this record
// catches up at its next sweep), so each outcome is written exactly once, with its outbox row, in one
// transaction.
import type { Logger } from 'pino';
import type { DriverCommand } from '../../devices/driver.js';
import { businessDay } from '../engine/calendar.js';
import type { Actor, StoredEvent, Ticket } from '../engine/types.js';
import { ratingChannel } from '../engine/types.js';
import type { Hall } from '../hall.js';
import { refsOf } from '../access/visibility.js';
import { addDays } from '../../shared/hall-time.js';
import { ticketFromRow } from '../store/compact.js';
import type { FollowupRow, RatingsStore } from '../store/ratings-store.js';
import { followupDates, followupStatus, type FollowupStatus } from './followup.js';
import { RatingsError } from './errors.js';
import { RatingOutbox } from './outbox.js';
import { lastFinishedAt, ratingOpen } from '../engine/rating.js';
import { ratingWords } from '../../shared/vocabulary.js';

/**
 * Tickets looked at per transaction (and per turn of the event loop) by the background sweep: small, so
 * one page holds the loop for a few milliseconds, not the 100–270 ms a page of 500 took on a loaded
 * machine (a busy day's event-loop stalls); the sweep yields between pages.
 */
const SWEEP_PAGE = 100;

export interface Followup {
  id: number;
  ticketId: string;
  number: string;
  score: number;
  reasons: string[];
  /** The reasons' names from the config (an id no longer configured stays as it is). */
  reasonNames: Array<{ zh: string; en?: string | undefined }>;
  comment: string | null;
  serviceId: string;
  counterId: string | null;
  staffNo: string | null;
  caseNo: string | null;
  openedAt: number;
  openedDay: string;
  dueDay: string;
  warnDay: string;
  rectification: string | null;
  callbackResult: string | null;
  closedAt: number | null;
  closedBy: string | null;
  status: FollowupStatus;
}

export interface FollowupCounts {
  open: number;
  dueSoon: number;
  overdue: number;
  closed: number;
}

export interface DeskDeps {
  hall: Hall;
  log: Logger;
  /** Runs a driver command (the supervisor's): prompts the hardware pads of a counter. */
  command?: (deviceId: string, command: DriverCommand) => Promise<unknown>;
  /** Tells the web pads of a counter (socket.io room counter:<id>). */
  notifyCounter?: (counterId: string, event: string, payload: unknown) => void;
  env?: NodeJS.ProcessEnv;
}

export class RatingDesk {
  readonly outbox: RatingOutbox;
  private readonly hall: Hall;
  private readonly store: RatingsStore;
  private readonly log: Logger;
  private readonly deps: DeskDeps;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(deps: DeskDeps) {
    this.deps = deps;
    this.hall = deps.hall;
    this.store = deps.hall.store.ratings;
    this.log = deps.log.child({ component: 'ratings' });
    this.outbox = new RatingOutbox(this.store, { log: this.log, config: () => this.hall.config.ratingUpload, ...(deps.env ? { env: deps.env } : {}) });

  }

  /**
   * Listens for ratings and sweeps in the background: the first sweep starts right away but runs a page
   * per turn of the event loop, so a hub coming back to a day of unsettled tickets answers at once.
   */
  start(sweepEveryMs = 30_000): void {
    this.unsubscribe = this.hall.subscribe((events) => this.onEvents(events));
    this.sweepSoon();
    this.timer = setInterval(() => this.sweepSoon(), sweepEveryMs);
    this.timer.unref();
    this.outbox.start(Math.min(1000, this.hall.config.ratingUpload?.retryBaseMs ?? 1000));
  }

  private sweeping: Promise<void> | null = null;
  private stopped = false;

  /** Starts a background sweep unless one is running. */
  private sweepSoon(): void {
    if (this.sweeping || this.stopped) return;
    const run = (async () => {
      try {
        const since = addDays(this.hall.view.businessDay, -7);
        let after = 0;
        for (;;) {
          const page = this.sweepPage(since, after, this.hall.clock.now());
          if (page.last === null || this.stopped) break;
          after = page.last;
          await new Promise((r) => setImmediate(r));
        }
      } catch (e) {
        this.log.error({ err: e }, 'rating sweep failed');
      }
    })();
    // Cleared in a later microtask, after the assignment (a sweep with nothing to do ends synchronously).
    const sweeping = run.finally(() => {
      if (this.sweeping === sweeping) this.sweeping = null;
    });
    this.sweeping = sweeping;
  }

  /** Whether a background sweep is running (tests and the bench wait for it). */
  async settled(): Promise<void> {
    while (this.sweeping) await this.sweeping;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.settled();
    await this.outbox.stop();
  }

  private onEvents(events: readonly StoredEvent[]): void {
    let any = false;
    for (const e of events) {
      if (e.type !== 'ticket.rated') continue;
      try {
        if (this.settle(e.ticket, e.at)) any = true;
      } catch (err) {
        this.log.error({ err, ticket: e.ticket.id }, 'recording a rating failed (the next sweep retries)');
      }
    }
    if (any) this.outbox.kick();
  }

  /**
   * Writes the outcome of a finished ticket if it has one now: rated, or not rated once its window has
   * closed. Returns whether it wrote one. Idempotent (one outcome per ticket).
   */
  private settle(t: Ticket, now: number): boolean {
    if (t.state !== 'done' || t.finishedAt === null) return false;
    const windowMs = this.hall.config.rules.ratingWindowMin * 60_000;
    if (!t.rating && now <= t.finishedAt + windowMs) return false;
    const caseNo = this.store.caseNoOf(t.id);
    const config = this.hall.config;
    return this.store.transaction(() => {
      const at = t.rating?.at ?? t.finishedAt! + windowMs;
      const recorded = this.store.recordOutcome({
        ticketId: t.id,
        outcome: t.rating ? 'rated' : 'not-rated',
        score: t.rating?.score ?? null,
        businessDay: t.businessDay,
        serviceId: t.serviceId,
        counterId: t.counterId,
        staffNo: t.staffNo,
        caseNo,
        at,
      });
      if (!recorded) return false;
      if (t.rating && t.rating.score <= 2) {
        const openedDay = businessDay(at, config);
        const { dueDay, warnDay } = followupDates(openedDay, config);
        this.store.openFollowup({
          ticket_id: t.id,
          number: t.number,
          score: t.rating.score,
          reasons: JSON.stringify(t.rating.reasons),
          comment: t.rating.comment,
          service_id: t.serviceId,
          counter_id: t.counterId,
          staff_no: t.staffNo,
          case_no: caseNo,
          opened_at: at,
          opened_day: openedDay,
          due_day: dueDay,
          warn_day: warnDay,
        });
        this.log.info({ ticket: t.number, score: t.rating.score, counter: t.counterId, staff: t.staffNo, dueDay }, 'follow-up case opened (差评整改)');
      }
      this.outbox.enqueue(`${config.hall.id}:${t.id}`, this.payload(t, caseNo, at));
      return true;
    });
  }

  /** What the provincial platform receives for one ticket. */
  private payload(t: Ticket, caseNo: string | null, at: number) {
    const c = this.hall.config;
    const staff = t.staffNo ? c.staff.find((s) => s.no === t.staffNo) : undefined;
    const service = c.services.find((s) => s.id === t.serviceId);
    const r = t.rating ?? null;
    return {
      id: `${c.hall.id}:${t.id}`,
      hallId: c.hall.id,
      hallName: c.hall.name.zh,
      ticketId: t.id,
      number: t.number,
      businessDay: t.businessDay,
      caseNo,
      serviceId: t.serviceId,
      serviceName: service?.name.zh ?? null,
      counterId: t.counterId,
      staffNo: t.staffNo,
      staffName: staff?.name ?? null,
      finishedAt: t.finishedAt,
      outcome: r ? 'rated' : 'not-rated',
      score: r?.score ?? null,
      level: r ? ratingWords(r.score)!.zh : '未评价',
      items: r?.items ?? null,
      reasons: r ? r.reasons.map((id) => ({ id, name: c.ratingReasons.find((x) => x.id === id)?.name.zh ?? id })) : [],
      comment: r?.comment ?? null,
      channel: r ? ratingChannel(r.source) : null,
      at,
    };
  }

  /** Settles every recent finished ticket that has no outcome yet; returns how many it settled. */
  sweep(now = this.hall.clock.now()): number {
    // The last week: a ticket finished just before the day's reset, or before a hub that was down for
    // days came back, still settles.
    const since = addDays(this.hall.view.businessDay, -7);
    let n = 0;
    let after = 0;
    for (;;) {
      const page = this.sweepPage(since, after, now);
      n += page.settled;
      if (page.last === null) return n;
      after = page.last;
    }
  }

  /**
   * One page of the sweep in one transaction (each ticket's outcome in its own savepoint, so one bad
   * row does not undo the page): one FULL-sync commit per page instead of one per ticket.
   */
  private sweepPage(since: string, after: number, now: number): { settled: number; last: number | null } {
    const rows = this.store.unsettledTickets(after, since, SWEEP_PAGE);
    if (rows.length === 0) return { settled: 0, last: null };
    const settled = this.store.transaction(() => {
      let n = 0;
      for (const row of rows) {
        // Today's tickets are in the engine's state already: decoding their stored JSON again (most of
        // a page's cost) is only for the days before.
        const t = this.hall.view.tickets.get(row.id) ?? ticketFromRow(row);
        try {
          if (this.settle(t, now)) n++;
        } catch (err) {
          this.log.error({ err, ticket: t.id }, 'settling a rating failed (the next sweep retries)');
        }
      }
      return n;
    });
    if (settled) {
      this.log.debug({ settled }, 'rating outcomes recorded');
      this.outbox.kick();
    }
    return { settled, last: rows[rows.length - 1]!.rowid };
  }

  // ---- rating requests from a business system (办件编号) ----

  request(body: { ticketId?: string | undefined; counterId?: string | undefined; caseNo: string }, actor: Actor, staffCounter: string | null): { ticketId: string; number: string; counterId: string; caseNo: string; prompted: number } {
    const view = this.hall.view;
    // Staff ask only for their own counter's tickets.
    if (staffCounter !== null && body.counterId !== undefined && body.counterId !== staffCounter) throw new RatingsError('WRONG_COUNTER', { counter: staffCounter });
    let t: Ticket | undefined;
    if (body.ticketId) {
      t = view.tickets.get(body.ticketId);
      if (!t) throw new RatingsError('TICKET_UNKNOWN');
    } else {
      const counterId = body.counterId!;
      if (!view.counters.has(counterId)) throw new RatingsError('COUNTER_UNKNOWN', { counter: counterId });
      t = lastFinishedAt(view, counterId);
      if (!t) throw new RatingsError('NOTHING_TO_RATE', { counter: counterId });
    }
    if (staffCounter !== null && t.counterId !== staffCounter) throw new RatingsError('WRONG_COUNTER', { counter: staffCounter });
    if (t.state !== 'done' || t.finishedAt === null || !t.counterId) throw new RatingsError('TICKET_STATE', { number: t.number, state: t.state });
    if (t.rating) throw new RatingsError('ALREADY_RATED', { number: t.number });
    const minutes = this.hall.config.rules.ratingWindowMin;
    if (!ratingOpen(t, this.hall.clock.now(), minutes)) throw new RatingsError('RATING_WINDOW_CLOSED', { number: t.number, minutes });
    this.store.saveRequest(t.id, body.caseNo, t.counterId, this.hall.clock.now(), `${actor.kind}:${actor.id}`);
    const counterId = t.counterId;
    const pads = this.hall.config.devices.filter((d) => d.kind === 'pad' && d.address && (d.counter === counterId || d.units?.some((u) => u.counter === counterId)));
    for (const d of pads) {
      void this.deps.command?.(d.id, { type: 'prompt', counter: counterId, ref: refsOf(this.hall).ref(t.id), number: t.number }).catch((e: unknown) => this.log.warn({ device: d.id, err: String(e) }, 'pad prompt failed'));
    }
    this.deps.notifyCounter?.(counterId, 'rating.requested', { ticketId: t.id, number: t.number, caseNo: body.caseNo, finishedAt: t.finishedAt });
    this.log.info({ ticket: t.number, counter: counterId, caseNo: body.caseNo, by: `${actor.kind}:${actor.id}` }, 'rating requested by a business system');
    return { ticketId: t.id, number: t.number, counterId, caseNo: body.caseNo, prompted: pads.length };
  }

  // ---- follow-up cases ----

  private followupOf(r: FollowupRow, today: string): Followup {
    const reasons = JSON.parse(r.reasons) as string[];
    const f = {
      id: r.id,
      ticketId: r.ticket_id,
      number: r.number,
      score: r.score,
      reasons,
      reasonNames: reasons.map((id) => this.hall.config.ratingReasons.find((x) => x.id === id)?.name ?? { zh: id }),
      comment: r.comment,
      serviceId: r.service_id,
      counterId: r.counter_id,
      staffNo: r.staff_no,
      caseNo: r.case_no,
      openedAt: r.opened_at,
      openedDay: r.opened_day,
      dueDay: r.due_day,
      warnDay: r.warn_day,
      rectification: r.rectification,
      callbackResult: r.callback_result,
      closedAt: r.closed_at,
      closedBy: r.closed_by,
    };
    return { ...f, status: followupStatus(f, today) };
  }

  followups(filter: { status?: FollowupStatus | undefined } = {}): Followup[] {
    const today = this.hall.view.businessDay;
    const all = this.store.followups().map((r) => this.followupOf(r, today));
    return filter.status ? all.filter((f) => f.status === filter.status) : all;
  }

  /** Open cases only (for alerts and counts). */
  openFollowups(): Followup[] {
    const today = this.hall.view.businessDay;
    return this.store.openFollowups().map((r) => this.followupOf(r, today));
  }

  counts(): FollowupCounts {
    const open = this.openFollowups();
    return {
      open: open.filter((f) => f.status === 'open').length,
      dueSoon: open.filter((f) => f.status === 'due-soon').length,
      overdue: open.filter((f) => f.status === 'overdue').length,
      closed: this.store.closedFollowupCount(),
    };
  }

  close(id: number, body: { rectification: string; callbackResult: string }, by: string): Followup {
    const row = this.store.followup(id);
    if (!row) throw new RatingsError('FOLLOWUP_UNKNOWN', { id });
    if (row.closed_at !== null) throw new RatingsError('FOLLOWUP_CLOSED', { id });
    this.store.closeFollowup(id, body.rectification, body.callbackResult, this.hall.clock.now(), by);
    this.log.info({ followup: id, ticket: row.number, by }, 'follow-up case closed');
    return this.followupOf(this.store.followup(id)!, this.hall.view.businessDay);
  }

  /** Rated and not-rated outcomes over business days (both included). */
  outcomes(from: string, to: string): { rated: number; notRated: number } {
    return this.store.outcomeCounts(from, to);
  }
}
