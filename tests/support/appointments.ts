// Booking an appointment the way the hall's booking system does (POST /api/appointments), so that a
// kiosk's check-in with its code is honoured.
import { localDateTime } from '../../shared/hall-time.js';
import type { TestHub } from './hub.js';

/** Books `code` for `service` at `slot` (local "YYYY-MM-DD HH:MM"; default: the hub's present minute); returns the slot's instant. */
export async function bookAppointment(hub: TestHub, token: string, a: { code: string; service: string; slot?: string; name?: string }): Promise<number> {
  const slot = a.slot ?? localDateTime(hub.clock.now(), hub.hall.config.hall.timezone);
  const r = await hub.api('POST', '/api/appointments', { token, body: { appointments: [{ code: a.code, service: a.service, slot, ...(a.name ? { name: a.name } : {}) }] } });
  if (r.status !== 201) throw new Error(`booking ${a.code} failed: ${r.status} ${JSON.stringify(r.body)}`);
  const listed = await hub.api('GET', `/api/appointments?date=${slot.slice(0, 10)}`, { token });
  const found = (listed.body.appointments as Array<{ code: string; slotAt: number }> | undefined)?.find((x) => x.code === a.code.toUpperCase());
  if (!found) throw new Error(`booking ${a.code} not listed: ${JSON.stringify(listed.body)}`);
  return found.slotAt;
}
