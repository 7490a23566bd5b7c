// The appointments table (预约) behind named queries: hub/appointments/ decides who may check in and
// when, this file reads and writes. Statements are prepared once per store.
import type { Db } from './database.js';

/** One booking as stored. */
export interface Appointment {
  code: string;
  serviceId: string;
  slotAt: number;
  slotLocal: string;
  nameMasked: string | null;
  usedAt: number | null;
  ticketId: string | null;
}

/** A booking to add or replace. */
export interface AppointmentWrite {
  code: string;
  serviceId: string;
  slotAt: number;
  slotLocal: string;
  nameMasked: string | null;
  /** Who sent it (the booking system's device, a manager). */
  source: string;
  now: number;
}

interface Row {
  code: string;
  service_id: string;
  slot_at: number;
  slot_local: string;
  name_masked: string | null;
  used_at: number | null;
  ticket_id: string | null;
}

const fromRow = (r: Row): Appointment => ({
  code: r.code,
  serviceId: r.service_id,
  slotAt: r.slot_at,
  slotLocal: r.slot_local,
  nameMasked: r.name_masked,
  usedAt: r.used_at,
  ticketId: r.ticket_id,
});

export class AppointmentsStore {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      get: db.prepare<[string], Row>(`SELECT * FROM appointments WHERE code = ?`),
      upsert: db.prepare(
        `INSERT INTO appointments (code, service_id, slot_at, slot_local, name_masked, source, created_at) VALUES (@code, @serviceId, @slotAt, @slotLocal, @nameMasked, @source, @now)
         ON CONFLICT(code) DO UPDATE SET service_id = excluded.service_id, slot_at = excluded.slot_at, slot_local = excluded.slot_local, name_masked = excluded.name_masked, source = excluded.source
         WHERE appointments.used_at IS NULL`,
      ),
      use: db.prepare(`UPDATE appointments SET used_at = ? WHERE code = ? AND used_at IS NULL`),
      ticket: db.prepare(`UPDATE appointments SET ticket_id = ? WHERE code = ?`),
      ofDay: db.prepare<[number, number], Row>(`SELECT * FROM appointments WHERE slot_at >= ? AND slot_at < ? ORDER BY slot_at, code`),
    };
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get(code: string): Appointment | undefined {
    const r = this.q.get.get(code);
    return r && fromRow(r);
  }

  /** Adds a booking or replaces one not yet checked in (a checked-in one is kept as it is). */
  upsert(a: AppointmentWrite): void {
    this.q.upsert.run(a);
  }

  /** Bookings whose slot is in [from, to), in slot order. */
  between(from: number, to: number): Appointment[] {
    return this.q.ofDay.all(from, to).map(fromRow);
  }

  /** Marks a booking used; false if it was unknown or already used. */
  markUsed(code: string, at: number): boolean {
    return this.q.use.run(at, code).changes === 1;
  }

  linkTicket(code: string, ticketId: string): void {
    this.q.ticket.run(ticketId, code);
  }
}
