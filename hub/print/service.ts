// The hub's ticket printing: when a kiosk issues a ticket, a job goes to the printer(s) configured with
// `kiosk: <that kiosk>` through the device supervisor; the journal (hub/store/print-jobs.ts) records
// queued → sent → done | failed. A printer that is offline or out of paper at that moment gets no job:
// the issue answer says so and the kiosk shows the number on screen with its QR code. When the printer
// is back (its health says so), the next tickets print again by themselves. A reprint is a person's
// act and a new job; nothing is ever resent by the hub on its own.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import type { HallConfig } from '../config/schema.js';
import type { DeviceHealthRegistry } from '../device-supervision/health.js';
import type { DeviceSupervisor } from '../device-supervision/supervisor.js';
import { localDateTime } from '../../shared/hall-time.js';
import { counterCount } from '../engine/estimate.js';
import type { Hall } from '../hall.js';
import type { TicketView } from '../views.js';
import type { PrintJob, PrintJobStore } from '../store/print-jobs.js';
import { DEFAULT_TEMPLATE, TICKET_LIMITS, clipText, counterList, fillTemplate, sampleTicket, templateSchema, toSvg, type TicketPrint } from '../../ticket-printer/render.js';
import { DEFAULT_PROFILE, profileOverrideSchema } from '../../ticket-printer/profiles.js';
import { DeviceCommandError } from '../../devices/driver.js';
import { healthReasonLine, type HealthReason } from '../../devices/health-reason.js';
import type { z } from 'zod';

export type ProfileOverride = z.output<typeof profileOverrideSchema>;

export const DEFAULT_NOTICE = '请留意叫号，过号请到窗口申请顺延';

/** What the issue answer says about printing. */
export type PrintAnswer =
  | { state: 'queued' | 'sent' | 'done' | 'failed'; jobId: string; printerId: string; reason: string | null }
  | { state: 'unavailable'; printerId: string | null; reason: string; message: { zh: string; en: string } };

export const UNAVAILABLE_MESSAGE = {
  zh: '打印机暂时无法出票，请记住屏幕上的号码或扫码查看',
  en: 'The printer cannot print right now: note the number on the screen or scan the code',
};

export interface PrintServiceOptions {
  hall: Hall;
  health: DeviceHealthRegistry;
  log: Logger;
  /** How long the hub waits for a printer's outcome before it writes the job off as failed. */
  commandTimeoutMs?: number;
}

/** The start of the journal's reason for a kiosk ticket that was not sent because no printer could print. */
export const NOT_SENT = '未打印（打印机不可用，凭屏幕出号）/ not printed (printer unavailable, on-screen ticket): ';

/** The journal's reason when the printer went silent mid-job. */
export const UNKNOWN_OUTCOME = '结果未知：打印机中途失去联系，可能已出票，补打前请先确认 / outcome unknown: the printer went silent mid-job and may have printed; check before reprinting';

export class PrintService {
  readonly jobs: PrintJobStore;
  private devices: DeviceSupervisor | null = null;
  private io: IoServer | null = null;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: PrintServiceOptions) {
    this.jobs = options.hall.store.printJobs;
    const orphans = this.jobs.failOrphans('集线器重启，结果未知 / hub restarted, outcome unknown', options.hall.clock.now());
    if (orphans) options.log.warn({ orphans }, 'print jobs left unfinished by the last run marked failed');
  }

  /** The supervisor (to print) and the realtime server (to tell kiosks and managers), once they exist. */
  attach(devices: DeviceSupervisor, io: IoServer): void {
    this.devices = devices;
    this.io = io;
  }

  private get config(): HallConfig {
    return this.options.hall.config;
  }

  printersOf(kioskId: string): string[] {
    return this.config.devices.filter((d) => d.kind === 'printer' && d.kiosk === kioskId).map((d) => d.id);
  }

  /** Why a printer cannot take a job now, or null (online or degraded: near end still prints). */
  private unavailable(printerId: string): string | null {
    const h = this.options.health.get(printerId);
    if (!h) return '打印机未配置 / printer not configured';
    if (h.state === 'online' || h.state === 'degraded') return null;
    return h.reason ? healthReasonLine(h.reason) : (h.state === 'offline' ? '打印机离线 / printer offline' : '打印机尚未连接 / printer not connected yet');
  }

  get template(): string {
    return this.jobs.setting('template') ?? DEFAULT_TEMPLATE;
  }

  get notice(): string {
    return this.jobs.setting('notice') ?? DEFAULT_NOTICE;
  }

  /** A printer's profile settings beyond its family's (cut, beep, QR, command set…), as a manager set them. */
  profileOf(printerId: string): ProfileOverride {
    const raw = this.jobs.setting(`profile:${printerId}`);
    if (!raw) return {};
    const r = profileOverrideSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : {};
  }

  setProfile(printerId: string, profile: ProfileOverride): void {
    this.jobs.setSetting(`profile:${printerId}`, Object.keys(profile).length ? JSON.stringify(profileOverrideSchema.parse(profile)) : null);
  }

  /** The configured printers with their kiosk, health and profile settings. */
  printers(): Array<{ id: string; name: string | null; kiosk: string | null; address: string | null; agent: string | null; health: string; reason: HealthReason | null; profile: ProfileOverride }> {
    return this.config.devices
      .filter((d) => d.kind === 'printer')
      .map((d) => {
        const h = this.options.health.get(d.id);
        return { id: d.id, name: d.name ?? null, kiosk: d.kiosk ?? null, address: d.address ?? null, agent: d.agent ?? null, health: h?.state ?? 'unknown', reason: h?.reason ?? null, profile: this.profileOf(d.id) };
      });
  }

  /** Saves the template (null: back to the default); the template is validated by the caller's schema. */
  setTemplate(template: string | null, notice?: string | null): void {
    if (template !== null) templateSchema.parse(template);
    this.jobs.setSetting('template', template);
    if (notice !== undefined) this.jobs.setSetting('notice', notice);
  }

  /** The sample ticket on the current (or given) template, as SVG. */
  preview(width: 58 | 80, template = this.template): string {
    return toSvg(fillTemplate(template, { ...sampleTicket(), hall: clipText(this.config.hall.name.zh, TICKET_LIMITS.hall), notice: clipText(this.notice, TICKET_LIMITS.notice) }), { width });
  }

  /** A ticket on the current template, as SVG (what its paper looks like). */
  ticketSvg(t: TicketView, origin: string, width: 58 | 80): string {
    return toSvg(fillTemplate(this.template, this.ticketPrint(t, origin)), { width });
  }

  /** What goes on paper for a ticket. */
  ticketPrint(t: TicketView, origin: string): TicketPrint {
    const c = this.config;
    const service = c.services.find((s) => s.id === t.serviceId);
    const counters = c.counters.filter((k) => k.services.some((x) => x.service === t.serviceId)).map((k) => k.id);
    const issuedAt = localDateTime(t.issuedAt, c.hall.timezone);
    // Names come from the config, which allows longer ones than a ticket line: cut them to fit.
    const both = [t.serviceName.zh, t.serviceName.en].filter(Boolean).join(' ');
    return {
      hall: clipText(c.hall.name.zh, TICKET_LIMITS.hall),
      number: t.number,
      service: [...both].length <= TICKET_LIMITS.service ? both : clipText(t.serviceName.zh, TICKET_LIMITS.service),
      waitingAhead: t.ahead,
      estimatedWaitMin: t.state === 'waiting' ? t.estimatedWaitMin : null,
      noCounterOpen: t.state === 'waiting' && t.estimatedWaitMin === null,
      issuedAt,
      counters: t.counterId ?? counterList(counters),
      note: clipText(service?.note?.zh ?? '', TICKET_LIMITS.note),
      url: `${origin}/t/${encodeURIComponent(t.id)}`,
      notice: clipText(this.notice, TICKET_LIMITS.notice),
    };
  }

  /**
   * A kiosk issued a ticket: print it on the kiosk's first printer that can print now. Answers at once
   * (the job runs on); null when the kiosk has no printer.
   */
  onIssued(t: TicketView, kioskId: string, origin: string): PrintAnswer | null {
    const printers = this.printersOf(kioskId);
    if (printers.length === 0) return null;
    const reasons: string[] = [];
    for (const printerId of printers) {
      const why = this.unavailable(printerId);
      if (why) {
        reasons.push(why);
        continue;
      }
      const job = this.start(t, printerId, kioskId, 'issue', `device:${kioskId}`, origin);
      return { state: job.state, jobId: job.id, printerId, reason: job.reason };
    }
    this.options.log.warn({ kiosk: kioskId, ticket: t.id, reasons }, 'no printer can print: on-screen ticket only');
    // Never sent, never sent later: the journal keeps the ticket as not printed, so a manager sees which
    // citizens got only the on-screen ticket while the printer was down (and can reprint deliberately).
    const printerId = printers[0]!;
    const clock = this.options.hall.clock;
    const job = this.jobs.insert({ id: randomUUID(), ticketId: t.id, number: t.number, printerId, kioskId, cause: 'issue', requestedBy: `device:${kioskId}`, createdAt: clock.now() });
    this.finish(job.id, 'failed', `${NOT_SENT}${reasons.join('; ')}`);
    return { state: 'unavailable', printerId, reason: reasons.join('; '), message: UNAVAILABLE_MESSAGE };
  }

  /** The print answer of a ticket already issued (the kiosk asked again with the same request id). */
  answerOf(ticketId: string): PrintAnswer | null {
    const job = this.jobs.ofTicket(ticketId).find((j) => j.cause === 'issue');
    if (!job) return null;
    if (job.state === 'failed' && job.sentAt === null && job.reason?.startsWith(NOT_SENT))
      return { state: 'unavailable', printerId: job.printerId, reason: job.reason.slice(NOT_SENT.length), message: UNAVAILABLE_MESSAGE };
    return { state: job.state, jobId: job.id, printerId: job.printerId, reason: job.reason };
  }

  /** A deliberate reprint (staff or manager): a new job, or null with the reason when no printer can take it. */
  reprint(t: TicketView, by: string, origin: string, printerId?: string): { job: PrintJob } | { unavailable: string } {
    const earlier = this.jobs.ofTicket(t.id).at(-1);
    const target = printerId ?? earlier?.printerId ?? this.config.devices.find((d) => d.kind === 'printer')?.id;
    if (!target || !this.config.devices.some((d) => d.id === target && d.kind === 'printer')) return { unavailable: '没有可用的打印机 / no printer configured' };
    const why = this.unavailable(target);
    if (why) return { unavailable: why };
    const kiosk = this.config.devices.find((d) => d.id === target)?.kiosk ?? null;
    return { job: this.start(t, target, kiosk, 'reprint', by, origin) };
  }

  private start(t: TicketView, printerId: string, kioskId: string | null, cause: 'issue' | 'reprint', by: string, origin: string): PrintJob {
    const clock = this.options.hall.clock;
    const job = this.jobs.insert({ id: randomUUID(), ticketId: t.id, number: t.number, printerId, kioskId, cause, requestedBy: by, createdAt: clock.now() });
    const ticket = this.ticketPrint(t, origin);
    const run = this.run(job, ticket).finally(() => this.running.delete(run));
    this.running.add(run);
    return this.jobs.get(job.id)!;
  }

  private async run(job: PrintJob, ticket: TicketPrint): Promise<void> {
    const clock = this.options.hall.clock;
    const log = this.options.log;
    if (!this.devices) {
      this.finish(job.id, 'failed', '设备未就绪 / devices not started');
      return;
    }
    this.jobs.markSent(job.id, clock.now());
    this.push(job.id);
    const profile = this.profileOf(job.printerId);
    // The driver may wait for the link's queue and then for the printer's answer, each up to the job
    // timeout: the hub waits longer than both, so its own timeout fires only when the device (or its
    // agent) went silent mid-job — and then nobody knows whether the ticket came out.
    const timeoutMs = this.options.commandTimeoutMs ?? 2 * (profile.jobTimeoutMs ?? DEFAULT_PROFILE.jobTimeoutMs) + 5_000;
    try {
      const out = (await this.devices.command(job.printerId, { type: 'print', jobId: job.id, ticket, template: this.template, profile }, { timeoutMs })) as {
        state?: string;
        reason?: string;
      };
      if (out?.state === 'done') this.finish(job.id, 'done', null);
      else this.finish(job.id, 'failed', out?.reason ?? '打印失败 / print failed');
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      // A timeout here is an unknown outcome, not a known failure: say so, so that a reprint is decided
      // with the paper in view rather than printing the ticket twice.
      const reason = e instanceof DeviceCommandError && e.code === 'TIMEOUT' ? `${UNKNOWN_OUTCOME} (${detail})` : detail;
      log.warn({ job: job.id, printer: job.printerId, err: detail }, 'print job failed');
      this.finish(job.id, 'failed', reason);
    }
  }

  private finish(id: string, state: 'done' | 'failed', reason: string | null): void {
    this.jobs.finish(id, state, reason, this.options.hall.clock.now());
    this.push(id);
  }

  /**
   * Tells the job's kiosk (it shows the state next to the ticket it issued) and managers (the journal).
   * Only that kiosk: a job carries its ticket's id, which other screens must not see (hub/access).
   */
  private push(id: string): void {
    const job = this.jobs.get(id);
    if (!job || !this.io) return;
    this.io.to('role:manager').emit('print.job', job);
    if (job.kioskId) this.io.to(`device:${job.kioskId}`).emit('print.job', job);
  }

  /** Waits for the jobs under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
