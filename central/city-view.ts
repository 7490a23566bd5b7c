// The city at a glance, read from the projections ingest keeps: one row per hall for the managers'
// dashboard (GET /api/halls, with alerts), and the public page's view of the same (no personal data,
// nothing but centres, queues and estimates). Both come from one snapshot of four small queries.
import type { HallConfig } from '../hub/config/schema.js';
import { issueWindow } from '../hub/engine/calendar.js';
import type { Pool } from './db.js';

/** A hall silent for longer than this is "not reporting" (its shipper heartbeats every 15 s). */
export const STALE_AFTER_S = 120;

export interface Text {
  zh: string;
  en?: string;
}

export interface ServiceLive {
  id: string;
  name: Text;
  waiting: number;
  longestWaitMin: number;
  targetWaitMin: number;
  countersOpen: number;
  /** For someone taking a ticket now; null when no counter serving it is open. */
  estimatedWaitMin: number | null;
}

export type AlertCode = 'NOT_REPORTING' | 'NEVER_REPORTED' | 'LONG_WAIT' | 'FOLLOWUPS_OVERDUE' | 'COUNTERS_CLOSED' | 'DEVICES_FAULTY';

export interface HallAlert {
  code: AlertCode;
  message: Text;
  params: Record<string, unknown>;
}

export interface HallRow {
  hallId: string;
  name: string;
  nameEn: string | null;
  tier: string;
  address: string | null;
  addressEn: string | null;
  revoked: boolean;
  lastSeq: number;
  hubLastSeq: number;
  lagSeconds: number | null;
  businessDay: string | null;
  open: boolean;
  waiting: number;
  countersOpen: number;
  countersTotal: number;
  /** Today so far (the hall's business day): (5+4+3) / rated, null before the first rating. */
  satisfactionToday: number | null;
  ratedToday: number;
  servedToday: number;
  issuedToday: number;
  followupsOverdue: number;
  devicesFaulty: number;
  services: ServiceLive[];
  alerts: HallAlert[];
}

const TEXT = {
  NOT_REPORTING: (p: { seconds: number }) => ({ zh: `已 ${Math.round(p.seconds / 60)} 分钟未上报`, en: `No report for ${Math.round(p.seconds / 60)} min` }),
  NEVER_REPORTED: () => ({ zh: '从未上报', en: 'Has never reported' }),
  LONG_WAIT: (p: { service: string; minutes: number; target: number }) => ({ zh: `${p.service} 最长等候 ${p.minutes} 分钟（目标 ${p.target}）`, en: `${p.service}: longest wait ${p.minutes} min (target ${p.target})` }),
  FOLLOWUPS_OVERDUE: (p: { count: number }) => ({ zh: `${p.count} 件差评整改已超期`, en: `${p.count} bad-rating follow-ups overdue` }),
  COUNTERS_CLOSED: (p: { counters: string[] }) => ({ zh: `办公时间内窗口未开：${p.counters.join('、')} 号`, en: `Counters closed in office hours: ${p.counters.join(', ')}` }),
  DEVICES_FAULTY: (p: { count: number }) => ({ zh: `${p.count} 台设备故障`, en: `${p.count} devices faulty` }),
};

function alert<C extends keyof typeof TEXT>(code: C, params: Parameters<(typeof TEXT)[C]>[0]): HallAlert {
  return { code, message: (TEXT[code] as (p: typeof params) => Text)(params), params: params as Record<string, unknown> };
}

export interface StateRow {
  hall_id: string;
  name: string;
  name_en: string | null;
  tier: string;
  address: string | null;
  address_en: string | null;
  revoked_at: Date | null;
  last_seq: number | null;
  hub_last_seq: number | null;
  last_event_at: number | null;
  last_contact_at: number | null;
  clock_offset_ms: number | null;
  business_day: string | null;
  config_seq: number | null;
  config?: HallConfig | null;
  followups_overdue: number | null;
  devices_faulty: number | null;
}

const configCache = new WeakMap<Pool, Map<string, { seq: number; config: HallConfig | null }>>();

/** Every hall (or only those named) as it stands now (`now`: the central's clock). */
export async function citySnapshot(pool: Pool, now = Date.now(), only?: string[]): Promise<HallRow[]> {
  const p = [only ?? null];
  const [halls, queues, counters, today] = await Promise.all([
    pool.query<StateRow>(
      `SELECT h.hall_id, h.name, h.name_en, h.tier, h.address, h.address_en, h.revoked_at, s.last_seq, s.hub_last_seq, s.last_event_at,
              s.last_contact_at, s.clock_offset_ms, s.business_day, s.config_seq, s.followups_overdue, s.devices_faulty
       FROM halls h LEFT JOIN hall_state s USING (hall_id) WHERE ($1::text[] IS NULL OR h.hall_id = ANY($1)) ORDER BY h.tier, h.hall_id`,
      p,
    ),
    pool.query<{ hall_id: string; service_id: string; waiting: number; oldest: number | null }>(
      `SELECT hall_id, service_id, count(*)::int AS waiting, min(issued_at) AS oldest FROM live_tickets
       WHERE state = 'waiting' AND ($1::text[] IS NULL OR hall_id = ANY($1)) GROUP BY hall_id, service_id`,
      p,
    ),
    pool.query<{ hall_id: string; counter_id: string; state: string }>(`SELECT hall_id, counter_id, state FROM live_counters WHERE $1::text[] IS NULL OR hall_id = ANY($1)`, p),
    pool.query<{ hall_id: string; service_id: string; issued: number; served: number; service_ms: number; rated: number; satisfied: number }>(
      // LATERAL: one primary-key range read per hall, not a join over every day of every hall's history.
      `SELECT s.hall_id, d.service_id, d.issued, d.served, d.service_ms, d.rated, d.satisfied
       FROM hall_state s CROSS JOIN LATERAL (
         SELECT service_id, issued, served, service_ms, rated, satisfied FROM day_stats WHERE hall_id = s.hall_id AND day = s.business_day::date
       ) d WHERE s.business_day IS NOT NULL AND ($1::text[] IS NULL OR s.hall_id = ANY($1))`,
      p,
    ),
  ]);
  // Configs are large and change rarely: read again only those whose config_seq moved.
  const configs = configCache.get(pool) ?? configCache.set(pool, new Map()).get(pool)!;
  const stale = halls.rows.filter((h) => h.config_seq !== null && configs.get(h.hall_id)?.seq !== h.config_seq).map((h) => h.hall_id);
  if (stale.length)
    for (const r of (await pool.query<{ hall_id: string; config_seq: number; config: HallConfig | null }>('SELECT hall_id, config_seq, config FROM hall_state WHERE hall_id = ANY($1)', [stale])).rows)
      configs.set(r.hall_id, { seq: r.config_seq, config: r.config });
  for (const h of halls.rows) h.config = configs.get(h.hall_id)?.config ?? null;
  const group = <T extends { hall_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.hall_id) ?? m.set(r.hall_id, []).get(r.hall_id)!).push(r);
    return m;
  };
  const queuesOf = group(queues.rows);
  const countersOf = group(counters.rows);
  const todayOf = group(today.rows);

  return halls.rows.map((h) => {
    const hallNow = now + (h.clock_offset_ms ?? 0);
    const config = h.config;
    const liveCounters = new Map((countersOf.get(h.hall_id) ?? []).map((c) => [c.counter_id, c.state]));
    const isOpen = (id: string) => {
      const s = liveCounters.get(id);
      return s !== undefined && s !== 'closed';
    };
    const day = todayOf.get(h.hall_id) ?? [];
    const q = new Map((queuesOf.get(h.hall_id) ?? []).map((r) => [r.service_id, r]));
    const services: ServiceLive[] = (config?.services ?? [])
      .filter((s) => s.enabled !== false)
      .map((s) => {
        const w = q.get(s.id);
        const serving = (config?.counters ?? []).filter((k) => k.services.some((x) => x.service === s.id));
        const open = serving.filter((k) => isOpen(k.id) && liveCounters.get(k.id) !== 'paused').length;
        const d = day.find((r) => r.service_id === s.id);
        const avgMin = d && d.served > 0 && d.service_ms > 0 ? d.service_ms / d.served / 60_000 : (s.typicalServiceMin ?? 10);
        const waiting = w?.waiting ?? 0;
        return {
          id: s.id,
          name: s.name,
          waiting,
          longestWaitMin: w?.oldest ? Math.max(0, Math.floor((hallNow - w.oldest) / 60_000)) : 0,
          targetWaitMin: s.targetWaitMin ?? 20,
          countersOpen: open,
          estimatedWaitMin: open > 0 ? Math.round((waiting * avgMin) / open) : waiting > 0 ? null : 0,
        };
      });
    // Open if any service issues tickets now. issueWindow depends on a service only through its hours, and
    // the time-zone arithmetic is the costly part (hundreds of halls a second): once per distinct hours.
    const byHours = new Map<string, boolean>();
    const open =
      !!config &&
      config.services.some((s) => {
        if (s.enabled === false) return false;
        const key = s.hours ? JSON.stringify(s.hours) : '';
        let v = byHours.get(key);
        if (v === undefined) byHours.set(key, (v = safeOpen(s, config, hallNow)));
        return v;
      });
    const lastSeq = h.last_seq ?? 0;
    const hubLastSeq = h.hub_last_seq ?? 0;
    const lagSeconds = lagSecondsOf(h, now);
    const rated = day.reduce((a, r) => a + r.rated, 0);
    const satisfied = day.reduce((a, r) => a + r.satisfied, 0);
    const countersOpen = [...liveCounters.values()].filter((s) => s !== 'closed').length;
    const alerts: HallAlert[] = [];
    if (lagSeconds === null) alerts.push(alert('NEVER_REPORTED', undefined as never));
    else if (lagSeconds > STALE_AFTER_S) alerts.push(alert('NOT_REPORTING', { seconds: lagSeconds }));
    for (const s of services) if (s.waiting > 0 && s.longestWaitMin > s.targetWaitMin) alerts.push(alert('LONG_WAIT', { service: s.name.zh, minutes: s.longestWaitMin, target: s.targetWaitMin }));
    if ((h.followups_overdue ?? 0) > 0) alerts.push(alert('FOLLOWUPS_OVERDUE', { count: h.followups_overdue! }));
    if ((h.devices_faulty ?? 0) > 0) alerts.push(alert('DEVICES_FAULTY', { count: h.devices_faulty! }));
    if (open && config) {
      // A counter closed in office hours while people wait for a service it serves.
      const closed = config.counters.filter((k) => !isOpen(k.id) && k.services.some((x) => (q.get(x.service)?.waiting ?? 0) > 0)).map((k) => k.id);
      if (closed.length) alerts.push(alert('COUNTERS_CLOSED', { counters: closed }));
    }
    return {
      hallId: h.hall_id,
      name: h.name,
      nameEn: h.name_en,
      tier: h.tier,
      address: h.address,
      addressEn: h.address_en,
      revoked: h.revoked_at !== null,
      lastSeq,
      hubLastSeq,
      lagSeconds,
      businessDay: h.business_day,
      open,
      waiting: services.reduce((a, s) => a + s.waiting, 0),
      countersOpen,
      countersTotal: config?.counters.length ?? 0,
      satisfactionToday: rated ? satisfied / rated : null,
      ratedToday: rated,
      servedToday: day.reduce((a, r) => a + r.served, 0),
      issuedToday: day.reduce((a, r) => a + r.issued, 0),
      followupsOverdue: h.followups_overdue ?? 0,
      devicesFaulty: h.devices_faulty ?? 0,
      services,
      alerts,
    };
  });
}

/** How old the central's picture of a hall is (null: never heard from). */
export function lagSecondsOf(
  h: Pick<StateRow, 'last_seq' | 'hub_last_seq' | 'last_event_at' | 'last_contact_at' | 'clock_offset_ms'>,
  now: number,
): number | null {
  if (h.last_contact_at === null) return null;
  // Caught up: the picture is as old as the last contact. Behind: as old as the newest event stored.
  const behind = (h.last_seq ?? 0) < (h.hub_last_seq ?? 0) && h.last_event_at !== null;
  return Math.max(0, Math.round((behind ? now + (h.clock_offset_ms ?? 0) - h.last_event_at! : now - h.last_contact_at) / 1000));
}

function safeOpen(s: HallConfig['services'][number], config: HallConfig, at: number): boolean {
  try {
    return issueWindow(s, config, at).open;
  } catch {
    return false;
  }
}

/**
 * What a citizen's phone may see of one hall: centre, address, open or closed, queues and estimates by
 * service. Built field by field from the snapshot, so nothing else (seqs, staff, alerts, ratings) can slip in.
 */
export function publicHall(h: HallRow) {
  return {
    id: h.hallId,
    name: { zh: h.name, en: h.nameEn ?? h.name },
    tier: h.tier,
    address: h.address ? { zh: h.address, en: h.addressEn ?? h.address } : null,
    open: h.open,
    // A centre not heard from recently: its figures are old, the page says so instead of showing them.
    live: h.lagSeconds !== null && h.lagSeconds <= STALE_AFTER_S,
    waiting: h.waiting,
    services: h.services.map((s) => ({ id: s.id, name: { zh: s.name.zh, en: s.name.en ?? s.name.zh }, waiting: s.waiting, estimatedWaitMin: s.estimatedWaitMin })),
  };
}
export type PublicHall = ReturnType<typeof publicHall>;

/** Whether a hall is on the public page at all: registered, not revoked, heard from at least once. */
export const isPublic = (h: HallRow) => !h.revoked && h.lagSeconds !== null;

/** The public page's data for a whole snapshot (the cache in public-cache.ts builds the same hall by hall). */
export function publicCity(rows: HallRow[], now = Date.now()) {
  return { generatedAt: new Date(now).toISOString(), halls: rows.filter(isPublic).map(publicHall) };
}
export type PublicCity = ReturnType<typeof publicCity>;
