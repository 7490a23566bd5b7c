// Shapes and small helpers the kiosk's screens share.
import type { LiveView, TicketView } from '../ui/live.js';
import { pick } from '../ui/i18n.js';
import { tk } from './words.js';

export type ServiceView = LiveView['services'][number];
export type ZoneView = LiveView['zones'][number];
export type Mode = 'normal' | 'green' | 'appointment';
/** A booking code as the citizen (or staff) typed it at the kiosk; the hub looks the booking up. */
export interface Appt {
  code: string;
}

export type Screen =
  | { name: 'home' }
  | { name: 'zones'; mode: 'green' | 'appointment'; appt?: Appt }
  | { name: 'services'; zone: string; mode: Mode; appt?: Appt }
  | { name: 'appointment'; appt?: Appt }
  | { name: 'issued'; ticket: TicketView; shownAt: number };

/** Why a service cannot be taken now, in the page's language; null when it can. */
export function unavailableReason(s: ServiceView): string | null {
  const a = s.availability;
  if (a.open) return null;
  if (a.until && (a.code === 'SERVICE_CLOSED' || a.code === 'LUNCH_BREAK')) return tk(`${a.code}_UNTIL`, { until: a.until });
  return tk(a.code);
}

export function zoneName(view: LiveView, zoneId: string): string {
  const z = view.zones.find((x) => x.id === zoneId);
  return z ? pick(z.name) : zoneId;
}

/** A service's department in the current language (its English name when the config gives one). */
export function departmentName(s: Pick<ServiceView, 'department' | 'departmentEn'>): string {
  return pick({ zh: s.department, en: s.departmentEn ?? undefined });
}

/** Departments of a zone in config order, without repeats: `id` is the config's (Chinese) name, `name` the one shown. */
export function departmentsOf(services: ServiceView[]): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const s of services) if (!seen.has(s.department)) seen.set(s.department, departmentName(s));
  return [...seen].map(([id, name]) => ({ id, name }));
}
