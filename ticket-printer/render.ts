// A ticket from its template: placeholders filled in, then receiptline turns the ReceiptLine document
// into ESC/POS bytes for a profile (GB18030 in Hanzi mode, native or raster QR, cut, beep) or into an
// SVG preview for the dashboard and the kiosk.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { commands, transform, type BaseCommand, type QRCode } from 'receiptline';
import { z } from 'zod';
import { safeText } from '../hub/security/safe-text.js';
import { cplOf, type PrinterProfile } from './profiles.js';
import { NO_COUNTER_OPEN_WORDS } from '../shared/vocabulary.js';

export const DEFAULT_TEMPLATE = readFileSync(new URL('./templates/ticket.receipt.md', import.meta.url), 'utf8');

/** The placeholders a template may use, as `{{name}}`. */
export const PLACEHOLDERS = ['hall', 'number', 'service', 'waitingAhead', 'estimatedWait', 'issuedAt', 'counters', 'note', 'url', 'notice'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The longest text each line of a ticket takes (a config may hold longer names: fitTicketText cuts them). */
export const TICKET_LIMITS = { hall: 80, service: 80, counters: 120, note: 800, notice: 300 } as const;

/** Cuts a text to `max` characters, ending it with … when cut. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The counters that serve a service, as printed: "1、2、3", or "1、2、…、12 等 45 个窗口" when they do not fit. */
export function counterList(ids: readonly string[], max: number = TICKET_LIMITS.counters): string {
  const all = ids.join('、');
  if ([...all].length <= max) return all;
  const tail = ` 等 ${ids.length} 个窗口`;
  const shown: string[] = [];
  for (const id of ids) {
    if ([...[...shown, id, '…'].join('、')].length + tail.length > max) break;
    shown.push(id);
  }
  return clipText(`${[...shown, '…'].join('、')}${tail}`, max);
}

export const ticketPrintSchema = z.object({
  hall: z.string().max(TICKET_LIMITS.hall),
  number: z.string().min(1).max(16),
  service: z.string().max(TICKET_LIMITS.service),
  waitingAhead: z.number().int().min(0).max(100_000),
  /** Minutes, or null when the hall has no estimate. */
  estimatedWaitMin: z.number().int().min(0).max(10_000).nullable(),
  /** No counter for the service is open now: the wait cannot be told (the kiosk's screen says the same). */
  noCounterOpen: z.boolean().default(false),
  /** Already formatted in the hall's time zone, e.g. 2026-11-23 09:41. */
  issuedAt: z.string().max(40),
  counters: z.string().max(TICKET_LIMITS.counters),
  /** 一次性告知: the materials to bring; may hold several lines. */
  note: z.string().max(TICKET_LIMITS.note).default(''),
  /** The citizen's tracking page (QR code). */
  url: z.string().url().max(300),
  notice: z.string().max(TICKET_LIMITS.notice).default(''),
});
export type TicketPrint = z.input<typeof ticketPrintSchema>;

export const templateSchema = safeText(z.string().min(1).max(8000), { multiline: true })
  .refine((t) => t.includes('{{number}}'), { error: '模板必须包含 {{number}} / the template must print {{number}}' })
  .refine((t) => [...t.matchAll(/\{\{(\w+)\}\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1]!)), {
    error: `未知的占位符 / unknown placeholder; 可用 / known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}`,
  });

// Characters that mean something in ReceiptLine text, and in property values.
const escapeText = (s: string): string => s.replace(/[\\|{}\-=~_"`^]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
const escapeProperty = (s: string): string => s.replace(/[\\|{};]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

/**
 * The ReceiptLine document for one ticket. A value is escaped so it prints as is; a line all of whose
 * placeholders are empty is left out (no note, no notice: no blank line). `{{url}}` may stand in a
 * property (`{code:{{url}}}`), so it is escaped as a property value there.
 */
export function fillTemplate(template: string, input: TicketPrint): string {
  const t = ticketPrintSchema.parse(input);
  const values: Record<Placeholder, string> = {
    hall: t.hall,
    number: t.number,
    service: t.service,
    waitingAhead: String(t.waitingAhead),
    estimatedWait: t.noCounterOpen ? NO_COUNTER_OPEN_WORDS.zh : t.estimatedWaitMin === null ? '—' : t.estimatedWaitMin === 0 ? '无需等候' : `${t.estimatedWaitMin} 分钟`,
    issuedAt: t.issuedAt,
    counters: t.counters,
    note: t.note.trim(),
    url: t.url,
    notice: t.notice.trim(),
  };
  const out: string[] = [];
  for (const line of template.replace(/\r\n/g, '\n').split('\n')) {
    const names = [...line.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as Placeholder);
    if (names.length > 0 && names.every((n) => !values[n])) continue;
    const inProperty = /^\s*\{/.test(line);
    out.push(line.replace(/\{\{(\w+)\}\}/g, (_m, n: Placeholder) => (inProperty ? escapeProperty(values[n] ?? '') : escapeText(values[n] ?? ''))));
  }
  return out.join('\n');
}

// ---- ESC/POS ----

const QR_LEVEL: Record<QRCode['level'], number> = { l: 48, m: 49, q: 50, h: 51 };

/** GS ( k: select model 2, cell size, error correction, store the data, print it. */
export function nativeQr(data: Buffer, cell: number, level: QRCode['level']): Buffer {
  const store = data.length + 3;
  return Buffer.concat([
    Buffer.from([0x1d, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0]),
    Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.min(16, Math.max(1, cell))]),
    Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x45, QR_LEVEL[level]]),
    Buffer.from([0x1d, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30]),
    data,
    Buffer.from([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]),
  ]);
}

export const CUT = { partial: '\x1dVB\x00', full: '\x1dVA\x00', none: '' } as const;
/** ESC B n t: n beeps of t × 50 ms (the buzzer command of the common Chinese printers). */
export const BEEP = '\x1bB\x02\x03';
/** GS a n: automatic status back for drawer, online/offline, error and paper sensor changes. */
export const ENABLE_ASB = Buffer.from([0x1d, 0x61, 0x0f]);
/** GS r 1: the paper sensors, answered once everything before it is processed (the end-of-job mark). */
export const END_OF_JOB = Buffer.from([0x1d, 0x72, 0x01]);
export const realtimeStatusRequest = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([0x10, 0x04, n]);
/** DLE DC4 fn=8: clear the receive and print buffers, so a job that failed is not printed later. */
export const CLEAR_BUFFERS = Buffer.from([0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08]);

function commandSet(profile: PrinterProfile): BaseCommand {
  const base = profile.commands === 'epson' ? commands.epson : commands.generic;
  const overrides: Partial<BaseCommand> = {
    // receiptline starts every document with GS a 0, which would switch automatic status back off for
    // the whole job, just when a paper-out mid-ticket must be heard: keep it on where the profile wants it.
    open(this: BaseCommand, printer: Parameters<BaseCommand['open']>[0]) {
      return base.open.call(this, printer).replace('\x1da\x00', profile.statusBack === 'asb' ? ENABLE_ASB.toString('latin1') : '');
    },
    close(this: BaseCommand & { cutting: boolean }) {
      return (profile.beep ? BEEP : '') + (this.cutting ? CUT[profile.cut] : '');
    },
  };
  if (profile.qr === 'native') {
    overrides.qrcode = (symbol: QRCode, encoding: string) =>
      symbol.data.length ? nativeQr(iconv.encode(symbol.data, encoding === 'multilingual' ? 'ascii' : encoding), symbol.cell, symbol.level).toString('latin1') : '';
  }
  return Object.assign({}, base, overrides);
}

/** The ESC/POS bytes of a ReceiptLine document on a profile's printer (no status or end-of-job commands). */
export function toEscPos(doc: string, profile: PrinterProfile): Buffer {
  const out = transform(doc, {
    cpl: cplOf(profile.width),
    encoding: profile.chinese ? 'gb18030' : 'cp437',
    command: commandSet(profile),
    cutting: profile.cut !== 'none',
    gradient: false,
  });
  // receiptline hands back one char per byte.
  return Buffer.from(out, 'latin1');
}

/**
 * Blank paper above and below the preview, in px: receiptline's SVG starts its first line at y 0, so a
 * double-height first line (the hall's name) has its tops cut by the image's edge; paper has margins.
 */
export const PREVIEW_MARGIN = 16;

/** An SVG preview (what the paper will look like), for the dashboard and the kiosk. */
export function toSvg(doc: string, profile: Pick<PrinterProfile, 'width'>): string {
  const svg = transform(doc, { cpl: cplOf(profile.width), encoding: 'gb18030', command: 'svg' });
  return svg.replace(/^<svg width="(\d+)px" height="(\d+)px" viewBox="0 0 (\d+) (\d+)"/, (_all, w: string, h: string, vw: string, vh: string) => {
    const m = PREVIEW_MARGIN;
    return `<svg width="${w}px" height="${Number(h) + 2 * m}px" viewBox="0 ${-m} ${vw} ${Number(vh) + 2 * m}"`;
  });
}

/** A whole ticket: template + data → bytes. */
export function renderTicket(template: string, data: TicketPrint, profile: PrinterProfile): Buffer {
  return toEscPos(fillTemplate(template, data), profile);
}

/** A sample ticket for previews and `hall print-test`. */
export function sampleTicket(url = 'http://127.0.0.1:8080/t/sample'): TicketPrint {
  return {
    hall: '政务服务中心',
    number: 'A012',
    service: '社保业务 Social insurance',
    waitingAhead: 3,
    estimatedWaitMin: 12,
    issuedAt: '2026-11-23 09:41',
    counters: '1, 2, 3',
    note: '身份证原件及复印件\n户口簿',
    url,
    notice: '请留意叫号，过号请到窗口申请顺延',
  };
}
