// The ticket printer driver (kind `printer`, family `escpos` for 80 mm and `escpos-58` for 58 mm).
// It keeps the printer's status (automatic status back, GS a, and/or DLE EOT polling) as the device's
// health, and answers `{ type: 'print', jobId, ticket, template?, profile? }` with the job's outcome.
//
// A job is sent once: its bytes end with GS r 1, which the printer answers only after everything before
// it was processed — that answer is "done". No answer in time (paper out mid-job, cover opened) → the
// job failed, and DLE DC4 8 clears the printer's buffers so the rest is not printed later behind the
// citizen's back; a dropped link → failed too. A failed job is never sent again by the driver: a
// reprint is a person's decision (POST /api/tickets/:id/reprint).
import { z } from 'zod';
import { DeviceCommandError, registerDriver, type DeviceDriver, type DriverContext, type DriverFactory, type DriverHealth } from '../devices/driver.js';
import { LinkError } from '../devices/errors.js';
import { printerProfileSchema, profileOverrideSchema, type PrinterProfile } from './profiles.js';
import { CLEAR_BUFFERS, DEFAULT_TEMPLATE, ENABLE_ASB, END_OF_JOB, realtimeStatusRequest, renderTicket, templateSchema, ticketPrintSchema } from './render.js';
// The virtual printers come with the driver, by name only (the emulator is imported when one starts).
import './virtual.js';
import { blockingReason, isPaperSensorByte, isRealtimeByte, mergeStatus, parseRealtimeStatus, parseStatusFrame, statusSplitter, statusToHealth, type PrinterStatus } from './status.js';

export const printCommandSchema = z.object({
  type: z.literal('print'),
  jobId: z.string().min(1).max(64),
  ticket: ticketPrintSchema,
  template: templateSchema.optional(),
  profile: profileOverrideSchema.optional(),
});
export type PrintCommand = z.input<typeof printCommandSchema>;

export const statusCommandSchema = z.object({ type: z.literal('status') });

export interface PrintOutcome {
  jobId: string;
  state: 'done' | 'failed';
  reason?: string;
  bytes: number;
}

export interface PrinterStatusReport {
  status: PrinterStatus;
  health: DriverHealth;
}

export class EscPosPrinterDriver implements DeviceDriver {
  private status: PrinterStatus = {};
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private polling: Promise<void> | null = null;
  /** Set while a job waits for its end: a blocking status (ASB) fails it at once. */
  private jobBlocked: ((reason: string) => void) | null = null;

  constructor(
    private readonly ctx: DriverContext,
    private readonly profile: PrinterProfile,
  ) {
    ctx.link.on('frame', (frame) => this.onFrame(frame));
    if (profile.statusBack === 'none') return;
    ctx.link.on('online', () => void this.onOnline());
    if (ctx.link.isOnline) void this.onOnline();
    this.timer = setInterval(() => void this.poll(), profile.pollMs);
    this.timer.unref();
  }

  /** What the printer said last (merged). */
  get current(): PrinterStatus {
    return { ...this.status };
  }

  private async onOnline(): Promise<void> {
    try {
      if (this.profile.statusBack === 'asb') await this.ctx.link.send(ENABLE_ASB);
      await this.poll();
    } catch (e) {
      this.ctx.log.debug({ device: this.ctx.device.id, err: errorText(e) }, 'printer status set-up failed');
    }
  }

  private onFrame(frame: Buffer): void {
    const parsed = parseStatusFrame(frame);
    if (parsed?.frame.kind === 'asb' && parsed.status) this.update(parsed.status);
  }

  private update(next: PrinterStatus): void {
    const before = blockingReason(this.status);
    this.status = mergeStatus(this.status, next);
    const health = statusToHealth(this.status);
    this.ctx.report(health);
    const after = blockingReason(this.status);
    if (after !== before && after) this.ctx.emit({ type: 'status', status: 'printer-blocked', detail: after });
    if (after) this.jobBlocked?.(after);
  }

  /** Asks DLE EOT 1..4 (one at a time; a poll already running is joined). */
  poll(): Promise<void> {
    if (this.stopped || !this.ctx.link.isOnline || this.profile.statusBack === 'none') return Promise.resolve();
    this.polling ??= (async () => {
      try {
        for (const n of [1, 2, 3, 4] as const) {
          const answer = await this.ctx.link.request(realtimeStatusRequest(n), {
            match: (f) => f.length === 1 && isRealtimeByte(f[0]!),
            timeoutMs: 1500,
            queueTimeoutMs: 3000,
          });
          this.update(parseRealtimeStatus(n, answer[0]!));
        }
      } catch (e) {
        this.ctx.log.debug({ device: this.ctx.device.id, err: errorText(e) }, 'printer status poll failed');
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  async onCommand(command: { type: string; [k: string]: unknown }): Promise<PrintOutcome | PrinterStatusReport> {
    if (command.type === 'status') {
      await this.poll();
      return { status: this.current, health: statusToHealth(this.status) };
    }
    if (command.type !== 'print') throw new DeviceCommandError('UNSUPPORTED', this.ctx.device.id, `the printer takes print and status commands, not ${command.type}`);
    const parsed = printCommandSchema.safeParse(command);
    if (!parsed.success) throw new DeviceCommandError('FAILED', this.ctx.device.id, `bad print command: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const cmd = parsed.data;
    const profile: PrinterProfile = { ...this.profile, ...cmd.profile };
    const blocked = blockingReason(this.status);
    if (blocked) return { jobId: cmd.jobId, state: 'failed', reason: blocked, bytes: 0 };
    if (profile.statusBack === 'none') {
      // Nothing comes back on this line: handed to the OS is as far as we can know.
      const bytes = renderTicket(cmd.template ?? DEFAULT_TEMPLATE, cmd.ticket, profile);
      try {
        await this.ctx.link.send(bytes, { queueTimeoutMs: profile.jobTimeoutMs });
        return { jobId: cmd.jobId, state: 'done', bytes: bytes.length };
      } catch (e) {
        return { jobId: cmd.jobId, state: 'failed', reason: errorText(e), bytes: bytes.length };
      }
    }
    const bytes = Buffer.concat([renderTicket(cmd.template ?? DEFAULT_TEMPLATE, cmd.ticket, profile), END_OF_JOB]);
    // Once a failed job is given up, its request (still waiting in the link until its timeout) must not
    // take the next job's end-of-job answer: it stops matching.
    let abandoned = false;
    let answered = false;
    const sent = this.ctx.link.request(bytes, {
      match: (f) => !abandoned && f.length === 1 && isPaperSensorByte(f[0]!),
      timeoutMs: profile.jobTimeoutMs,
      queueTimeoutMs: profile.jobTimeoutMs,
      // Not exclusive: status requests and the real-time buffer clear must reach the printer while it
      // works on the ticket (their answers are told apart by their bits).
      exclusive: false,
    });
    // The printer saying "paper out" (ASB) ends the wait; the request itself times out later, unheard.
    const blockedMidJob = new Promise<never>((_resolve, reject) => {
      this.jobBlocked = (reason) => reject(new Error(reason));
    });
    sent.then(
      () => (answered = true),
      () => {},
    );
    blockedMidJob.catch(() => {});
    try {
      const answer = await Promise.race([sent, blockedMidJob]);
      const paper = parseStatusFrame(answer);
      if (paper?.status) this.update(paper.status);
      this.ctx.log.info({ device: this.ctx.device.id, job: cmd.jobId, bytes: bytes.length }, 'ticket printed');
      return { jobId: cmd.jobId, state: 'done', bytes: bytes.length };
    } catch (e) {
      const code = e instanceof LinkError ? e.code : 'FAILED';
      this.jobBlocked = null;
      // Whatever is still in the printer's buffer must not come out later, when nobody waits for it.
      // DLE DC4 is real-time: the printer acts on it at once, even while it holds the job.
      if (this.ctx.link.isOnline) {
        await this.ctx.link.send(CLEAR_BUFFERS, { queueTimeoutMs: 2000 }).catch(() => {});
        // A real-time question as a fence: its answer comes after anything the printer said before the
        // clear, so once it is in, this job's end-of-job answer either came already or never will.
        await this.ctx.link
          .request(realtimeStatusRequest(4), { match: (f) => f.length === 1 && isRealtimeByte(f[0]!), timeoutMs: 1500, queueTimeoutMs: 2000, exclusive: false })
          .then((b) => this.update(parseRealtimeStatus(4, b[0]!)))
          .catch(() => {});
      }
      abandoned = true;
      if (answered) {
        // The paper ran out right after the ticket's last line: it is all on paper.
        this.ctx.log.info({ device: this.ctx.device.id, job: cmd.jobId, bytes: bytes.length }, 'ticket printed (status changed at its end)');
        return { jobId: cmd.jobId, state: 'done', bytes: bytes.length };
      }
      if (!blockingReason(this.status)) await this.poll();
      const reason = blockingReason(this.status) ?? (code === 'DISCONNECTED' || code === 'WRITE_FAILED' ? '连接中断 / connection lost' : code === 'TIMEOUT' ? '打印机无应答 / no answer' : errorText(e));
      this.ctx.log.warn({ device: this.ctx.device.id, job: cmd.jobId, code, reason }, 'ticket not printed');
      return { jobId: cmd.jobId, state: 'failed', reason, bytes: bytes.length };
    } finally {
      this.jobBlocked = null;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const link: DriverFactory['link'] = { parser: statusSplitter, requestTimeoutMs: 2000 };

/** The family's profile for a device: its paper width, and no status back on a write-only `file:` line. */
export function profileFor(address: string, width: 58 | 80): PrinterProfile {
  return printerProfileSchema.parse({ width, ...(address.startsWith('file:') ? { statusBack: 'none' } : {}) });
}

export const escposDriver: DriverFactory = {
  kind: 'printer',
  family: 'escpos',
  default: true,
  link,
  create: (ctx: DriverContext) => new EscPosPrinterDriver(ctx, profileFor(ctx.device.address, 80)),
};

export const escpos58Driver: DriverFactory = {
  kind: 'printer',
  family: 'escpos-58',
  link,
  create: (ctx: DriverContext) => new EscPosPrinterDriver(ctx, profileFor(ctx.device.address, 58)),
};

registerDriver(escposDriver);
registerDriver(escpos58Driver);
