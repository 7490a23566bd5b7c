// Appointments (预约) as the hall's booking system made them: code, service, slot and a masked name.
// The booking system feeds them (POST /api/appointments, or a CSV import); a kiosk's check-in takes one
// by its code, once, for its service, on its day, within its window. An appointment ticket is served
// first around its slot (hub/engine/policy.ts), so a code the hub does not know is never honoured.
import { z } from 'zod';
import type { HallConfig } from '../config/schema.js';
import { businessDay } from '../engine/calendar.js';
import { instantOfLocal, localDateTime, toMinutes } from '../../shared/hall-time.js';
import type { Appointment, AppointmentsStore } from '../store/appointments-store.js';
import type { HallStore } from '../store/hall-store.js';
import { AppointmentError } from './errors.js';

export type { Appointment } from '../store/appointments-store.js';

/** Check-in opens this long before the slot (the citizen waits, and is served first from appointmentEarlyMin before). */
export const CHECK_IN_EARLY_MIN = 60;

/** A booking code as the kiosk's keyboard types it: letters, digits and "-". */
export const appointmentCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9-]{4,20}$/, '4–20 letters, digits or "-"'));

/** The slot's start in the hall's local time: YYYY-MM-DD HH:MM (or with a T, seconds allowed). */
const localSlot = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'a local date and time such as 2026-11-23 10:30');

/** One appointment as the booking system sends it. */
export const appointmentRow = z
  .object({
    code: appointmentCode,
    service: z.string().min(1).max(40),
    slot: localSlot,
    /** Masked by the booking system (张*, 欧阳**): a full name is refused, the hub keeps no personal data. */
    name: z
      .string()
      .trim()
      .max(20)
      .regex(/^[^*]{1,2}\*+$|^\*+[^*]{1,2}$/, 'a masked name such as 张* (the booking system masks it)')
      .optional(),
  })
  .strict();
export type AppointmentRow = z.output<typeof appointmentRow>;

export const appointmentsBody = z.object({ appointments: z.array(appointmentRow).min(1).max(5000) }).strict();

export interface ImportResult {
  added: number;
  updated: number;
  /** Codes already checked in: kept as they are. */
  used: string[];
}

/** Reads CSV (RFC 4180: quotes, "" inside quotes, CRLF or LF); a header row names the columns. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** Column names the CSV header may use: English or the booking systems' Chinese. */
const COLUMNS: Record<string, keyof AppointmentRow> = {
  code: 'code',
  预约码: 'code',
  预约号: 'code',
  service: 'service',
  业务: 'service',
  slot: 'slot',
  时段: 'slot',
  预约时间: 'slot',
  name: 'name',
  姓名: 'name',
};

/** CSV text → rows for appointmentRow; BAD_INPUT naming the line of each problem. */
export function rowsOfCsv(text: string): AppointmentRow[] {
  const [header, ...lines] = parseCsv(text);
  if (!header) throw new AppointmentError('BAD_INPUT', { detail: 'an empty CSV: give a header row (code,service,slot,name) and one row per appointment' });
  const keys = header.map((h) => COLUMNS[h.trim().toLowerCase()] ?? COLUMNS[h.trim()]);
  for (const need of ['code', 'service', 'slot'] as const)
    if (!keys.includes(need)) throw new AppointmentError('BAD_INPUT', { detail: `line 1: the header has no "${need}" column` });
  if (lines.length === 0 || lines.length > 5000) throw new AppointmentError('BAD_INPUT', { detail: '1–5000 appointments per import' });
  const problems: string[] = [];
  const rows: AppointmentRow[] = [];
  lines.forEach((fields, i) => {
    const raw: Record<string, string> = {};
    keys.forEach((k, j) => {
      const v = fields[j]?.trim();
      if (k && v) raw[k] = v;
    });
    const r = appointmentRow.safeParse(raw);
    if (r.success) rows.push(r.data);
    else problems.push(`line ${i + 2}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join(', ')}`);
  });
  if (problems.length) throw new AppointmentError('BAD_INPUT', { detail: problems.slice(0, 20).join('; ') });
  return rows;
}

export class Appointments {
  constructor(private readonly store: AppointmentsStore) {}

  get(code: string): Appointment | undefined {
    return this.store.get(code);
  }

  /** Adds or replaces appointments (all or none); one already checked in is kept as it is. */
  upsert(rows: readonly AppointmentRow[], config: HallConfig, source: string, now: number): ImportResult {
    const problems: string[] = [];
    rows.forEach((r, i) => {
      if (!config.services.some((s) => s.id === r.service)) problems.push(`appointments.${i}.service: no service "${r.service}"`);
    });
    const codes = new Set<string>();
    rows.forEach((r, i) => {
      if (codes.has(r.code)) problems.push(`appointments.${i}.code: "${r.code}" twice`);
      codes.add(r.code);
    });
    if (problems.length) throw new AppointmentError('BAD_INPUT', { detail: problems.slice(0, 20).join('; ') });
    const result: ImportResult = { added: 0, updated: 0, used: [] };
    this.store.transaction(() => {
      for (const r of rows) {
        const old = this.get(r.code);
        if (old?.usedAt != null) {
          result.used.push(r.code);
          continue;
        }
        const [date, time] = r.slot.replace('T', ' ').split(' ') as [string, string];
        const slotAt = instantOfLocal(date, toMinutes(time), config.hall.timezone);
        this.store.upsert({ code: r.code, serviceId: r.service, slotAt, slotLocal: `${date}T${time.slice(0, 5)}`, nameMasked: r.name ?? null, source, now });
        if (old) result.updated++;
        else result.added++;
      }
    });
    return result;
  }

  /** The appointments whose slot is on a local date, in slot order. */
  ofDate(date: string, config: HallConfig): Appointment[] {
    const from = instantOfLocal(date, 0, config.hall.timezone);
    return this.store.between(from, instantOfLocal(date, 24 * 60, config.hall.timezone));
  }

  /**
   * Checks a code at a check-in and returns the booking; refuses an unknown or used code, another
   * service's, another day's, or one outside its window (CHECK_IN_EARLY_MIN before the slot to
   * appointmentLateMin after it).
   */
  checkIn(code: string, serviceId: string, config: HallConfig, now: number): Appointment {
    const a = this.get(code.trim().toUpperCase());
    if (!a) throw new AppointmentError('APPOINTMENT_UNKNOWN');
    const tz = config.hall.timezone;
    const slot = localDateTime(a.slotAt, tz);
    if (a.usedAt !== null) throw new AppointmentError('APPOINTMENT_USED');
    if (a.serviceId !== serviceId) {
      const s = config.services.find((x) => x.id === a.serviceId);
      throw new AppointmentError('APPOINTMENT_WRONG_SERVICE', { service: s?.name.zh ?? a.serviceId, serviceEn: s?.name.en ?? s?.name.zh ?? a.serviceId });
    }
    if (businessDay(a.slotAt, config) !== businessDay(now, config)) throw new AppointmentError('APPOINTMENT_NOT_TODAY', { slot });
    const from = a.slotAt - CHECK_IN_EARLY_MIN * 60_000;
    if (now < from) throw new AppointmentError('APPOINTMENT_TOO_EARLY', { slot: slot.slice(11), from: localDateTime(from, tz).slice(11) });
    if (now > a.slotAt + config.rules.appointmentLateMin * 60_000) throw new AppointmentError('APPOINTMENT_TOO_LATE', { slot: slot.slice(11) });
    return a;
  }

  /** Takes the booking (inside the issue's transaction): a second check-in of the same code fails. */
  markUsed(code: string, now: number): void {
    if (!this.store.markUsed(code, now)) throw new AppointmentError('APPOINTMENT_USED');
  }

  linkTicket(code: string, ticketId: string): void {
    this.store.linkTicket(code, ticketId);
  }
}

const byStore = new WeakMap<HallStore, Appointments>();
/** One Appointments per store (the routes and the ticket issue share it). */
export function appointmentsOf(store: HallStore): Appointments {
  let a = byStore.get(store);
  if (!a) byStore.set(store, (a = new Appointments(store.appointments)));
  return a;
}
