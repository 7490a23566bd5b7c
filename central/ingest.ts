// Taking a hall's shipped events into PostgreSQL: exactly once per (hall_id, seq), in order, with the
// projections the city view reads (live queue, counters, per-day aggregates) written in the same
// transaction as the events, so they can never disagree with the log.
//
// The hall's hall_state row is locked first (SELECT … FOR UPDATE): two deliveries of one batch (a retry
// racing the original) are serialised, and the second finds the seqs already there and inserts nothing.
// A batch that would leave a hole (it starts after last_seq + 1) is refused with the high-water mark,
// so the stored log is always gap-free and last_seq is "the highest seq with none missing before it".
import { z } from 'zod';
import { inTransaction, type Pool, type PoolClient } from './db.js';

export const shippedEventSchema = z
  .object({
    seq: z.number().int().positive(),
    at: z.number().int().nonnegative(),
    type: z.string().min(1).max(40),
    actor: z.object({ kind: z.string().max(20), id: z.string().max(80) }),
  })
  .passthrough();

export const ingestBody = z
  .object({
    hub: z.object({
      /** The hub's own last seq when it sent this: how far behind the central is. */
      lastSeq: z.number().int().nonnegative(),
      /** The hub's clock (ms): hall-time figures (waits) are read on the hall's clock. */
      now: z.number().int().nonnegative(),
      followupsOverdue: z.number().int().nonnegative().max(1_000_000).default(0),
      devicesFaulty: z.number().int().nonnegative().max(100_000).default(0),
    }),
    events: z.array(shippedEventSchema).max(2000),
  })
  .superRefine((b, ctx) => {
    for (let i = 1; i < b.events.length; i++)
      if (b.events[i]!.seq !== b.events[i - 1]!.seq + 1) ctx.addIssue({ code: 'custom', path: ['events', i, 'seq'], message: 'seqs in a batch must be consecutive' });
  });
export type IngestBody = z.infer<typeof ingestBody>;

export class SeqGapError extends Error {
  constructor(readonly lastSeq: number) {
    super(`the batch starts after ${lastSeq + 1}`);
  }
}

interface LiveTicket {
  serviceId: string;
  state: string;
  issuedAt: number;
}

const OPEN_STATES = new Set(['waiting', 'called', 'serving', 'held']);

type Stats = { issued: number; served: number; noShow: number; cancelled: number; waitMs: number; withinTarget: number; serviceMs: number; rated: number; satisfied: number; bad: number; scoreSum: number };
const zeroStats = (): Stats => ({ issued: 0, served: 0, noShow: 0, cancelled: 0, waitMs: 0, withinTarget: 0, serviceMs: 0, rated: 0, satisfied: 0, bad: 0, scoreSum: 0 });

function targets(config: any): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of config?.services ?? []) if (s && typeof s.id === 'string') m.set(s.id, Number(s.targetWaitMin ?? 20));
  return m;
}

/** Each hall's services' target waits, by the seq of the config they came from (read once per change). */
const targetCache = new Map<string, { seq: number; targets: Map<string, number> }>();

async function targetsOf(c: PoolClient, hallId: string, configSeq: number): Promise<Map<string, number>> {
  const hit = targetCache.get(hallId);
  if (hit && hit.seq === configSeq) return hit.targets;
  const r = await c.query<{ config: unknown }>('SELECT config FROM hall_state WHERE hall_id = $1', [hallId]);
  const t = targets(r.rows[0]?.config);
  targetCache.set(hallId, { seq: configSeq, targets: t });
  return t;
}

/** The high-water mark: the hall's last stored seq. */
export async function highWater(pool: Pool, hallId: string): Promise<number> {
  const r = await pool.query<{ last_seq: number }>('SELECT last_seq FROM hall_state WHERE hall_id = $1', [hallId]);
  return r.rows[0]?.last_seq ?? 0;
}

export interface IngestResult {
  lastSeq: number;
  inserted: number;
}

export async function ingest(pool: Pool, hallId: string, body: IngestBody, receivedAt = Date.now()): Promise<IngestResult> {
  return inTransaction(pool, (c) => ingestIn(c, hallId, body, receivedAt));
}

async function ingestIn(c: PoolClient, hallId: string, body: IngestBody, receivedAt: number): Promise<IngestResult> {
  await c.query('INSERT INTO hall_state (hall_id) VALUES ($1) ON CONFLICT DO NOTHING', [hallId]);
  const st = (
    await c.query<{ last_seq: number; last_event_at: number | null; business_day: string | null; config_seq: number }>(
      'SELECT last_seq, last_event_at, business_day, config_seq FROM hall_state WHERE hall_id = $1 FOR UPDATE',
      [hallId],
    )
  ).rows[0]!;
  const fresh = body.events.filter((e) => e.seq > st.last_seq);
  if (fresh.length && fresh[0]!.seq !== st.last_seq + 1) throw new SeqGapError(st.last_seq);

  let inserted: Set<number> = new Set();
  if (fresh.length) {
    const r = await c.query<{ seq: number }>(
      `INSERT INTO events (hall_id, seq, at, type, payload)
       SELECT $1, s, a, t, p FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::jsonb[]) AS u(s, a, t, p)
       ON CONFLICT (hall_id, seq) DO NOTHING RETURNING seq`,
      [hallId, fresh.map((e) => e.seq), fresh.map((e) => e.at), fresh.map((e) => e.type), fresh.map((e) => JSON.stringify(e))],
    );
    inserted = new Set(r.rows.map((x) => x.seq));
  }

  // The projections, from the events that were new (in seq order).
  let config: unknown = null;
  let configSeq: number | null = null;
  let target = await targetsOf(c, hallId, st.config_seq);
  let day = st.business_day;
  let clearLive = false;
  const live = new Map<string, LiveTicket | null>();
  const counters = new Map<string, { zone: string; state: string; since: number }>();
  const stats = new Map<string, Stats>();
  const stat = (d: string, service: string) => {
    const k = `${d}|${service}`;
    let s = stats.get(k);
    if (!s) stats.set(k, (s = zeroStats()));
    return s;
  };
  let lastAt = st.last_event_at;
  for (const e of fresh) {
    if (!inserted.has(e.seq)) continue;
    lastAt = e.at;
    const ev = e as any;
    if (e.type === 'config.changed') {
      config = ev.config;
      configSeq = e.seq;
      target = targets(config);
      targetCache.set(hallId, { seq: e.seq, targets: target });
    } else if (e.type === 'day.rolled') {
      day = String(ev.to);
      clearLive = true;
      live.clear();
    } else if (e.type === 'counter.state' && ev.counter) {
      counters.set(String(ev.counter.id), { zone: String(ev.counter.zone), state: String(ev.counter.state), since: Number(ev.counter.since ?? e.at) });
    } else if (ev.ticket) {
      const t = ev.ticket;
      const tDay = String(t.businessDay);
      if (!day || tDay > day) day = tDay;
      if (tDay === day) live.set(String(t.key), OPEN_STATES.has(t.state) ? { serviceId: String(t.serviceId), state: String(t.state), issuedAt: Number(t.issuedAt) } : null);
      const s = stat(tDay, String(t.serviceId));
      switch (e.type) {
        case 'ticket.issued':
          s.issued++;
          break;
        case 'ticket.finished': {
          s.served++;
          if (t.calledAt != null) {
            const wait = Math.max(0, t.calledAt - t.issuedAt);
            s.waitMs += wait;
            if (wait <= (target.get(t.serviceId) ?? 20) * 60_000) s.withinTarget++;
          }
          if (t.startedAt != null && t.finishedAt != null) s.serviceMs += Math.max(0, t.finishedAt - t.startedAt);
          break;
        }
        case 'ticket.no-show':
          s.noShow++;
          break;
        case 'ticket.cancelled':
          s.cancelled++;
          break;
        case 'ticket.rated': {
          const score = Number(t.rating?.score);
          if (score >= 1 && score <= 5) {
            s.rated++;
            s.scoreSum += score;
            if (score >= 3) s.satisfied++;
            else s.bad++;
          }
          break;
        }
      }
    }
  }

  if (clearLive) await c.query('DELETE FROM live_tickets WHERE hall_id = $1', [hallId]);
  const upserts = [...live].filter((x): x is [string, LiveTicket] => x[1] !== null);
  const deletes = [...live].filter(([, v]) => v === null).map(([k]) => k);
  if (deletes.length) await c.query('DELETE FROM live_tickets WHERE hall_id = $1 AND ticket_key = ANY($2::text[])', [hallId, deletes]);
  if (upserts.length)
    await c.query(
      `INSERT INTO live_tickets (hall_id, ticket_key, service_id, state, issued_at)
       SELECT $1, k, s, st, i FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(k, s, st, i)
       ON CONFLICT (hall_id, ticket_key) DO UPDATE SET service_id = excluded.service_id, state = excluded.state, issued_at = excluded.issued_at`,
      [hallId, upserts.map(([k]) => k), upserts.map(([, v]) => v.serviceId), upserts.map(([, v]) => v.state), upserts.map(([, v]) => v.issuedAt)],
    );
  if (counters.size)
    await c.query(
      `INSERT INTO live_counters (hall_id, counter_id, zone, state, since)
       SELECT $1, k, z, s, t FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS u(k, z, s, t)
       ON CONFLICT (hall_id, counter_id) DO UPDATE SET zone = excluded.zone, state = excluded.state, since = excluded.since`,
      [hallId, [...counters.keys()], [...counters.values()].map((v) => v.zone), [...counters.values()].map((v) => v.state), [...counters.values()].map((v) => v.since)],
    );
  if (stats.size) {
    const keys = [...stats.keys()].map((k) => k.split('|') as [string, string]);
    const vals = [...stats.values()];
    const col = (f: keyof Stats) => vals.map((v) => v[f]);
    const cols = [col('issued'), col('served'), col('noShow'), col('cancelled'), col('waitMs'), col('withinTarget'), col('serviceMs'), col('rated'), col('satisfied'), col('bad'), col('scoreSum')];
    // The same increments into the day's row, the month's row (per service) and the hall's day row.
    for (const [table, key, toKey, perService] of [
      ['day_stats', 'day', (d: string) => d, true],
      ['month_stats', 'month', (d: string) => `${d.slice(0, 7)}-01`, true],
      ['hall_day_stats', 'day', (d: string) => d, false],
    ] as const) {
      const svc = perService ? ', service_id' : '';
      await c.query(
        `INSERT INTO ${table} (hall_id, ${key}${svc}, issued, served, no_show, cancelled, wait_ms, within_target, service_ms, rated, satisfied, bad, score_sum)
         SELECT $1, d::date${perService ? ', s' : ''}, sum(a), sum(b), sum(c), sum(e), sum(f), sum(g), sum(h), sum(i), sum(j), sum(k), sum(l)
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bigint[], $9::int[], $10::bigint[], $11::int[], $12::int[], $13::int[], $14::int[])
           AS u(d, s, a, b, c, e, f, g, h, i, j, k, l)
         GROUP BY d${perService ? ', s' : ''}
         ON CONFLICT (hall_id, ${key}${svc}) DO UPDATE SET
           issued = ${table}.issued + excluded.issued, served = ${table}.served + excluded.served,
           no_show = ${table}.no_show + excluded.no_show, cancelled = ${table}.cancelled + excluded.cancelled,
           wait_ms = ${table}.wait_ms + excluded.wait_ms, within_target = ${table}.within_target + excluded.within_target,
           service_ms = ${table}.service_ms + excluded.service_ms, rated = ${table}.rated + excluded.rated,
           satisfied = ${table}.satisfied + excluded.satisfied, bad = ${table}.bad + excluded.bad, score_sum = ${table}.score_sum + excluded.score_sum`,
        [hallId, keys.map((k) => toKey(k[0])), keys.map((k) => k[1]), ...cols],
      );
    }
  }

  const lastSeq = st.last_seq + inserted.size;
  await c.query(
    `UPDATE hall_state SET last_seq = $2, last_event_at = $3, hub_last_seq = $4, clock_offset_ms = $5, last_contact_at = $6,
       business_day = $7, config = COALESCE($8::jsonb, config), config_seq = COALESCE($11, config_seq), followups_overdue = $9, devices_faulty = $10
     WHERE hall_id = $1`,
    [hallId, lastSeq, lastAt, body.hub.lastSeq, body.hub.now - receivedAt, receivedAt, day, configSeq !== null ? JSON.stringify(config) : null, body.hub.followupsOverdue, body.hub.devicesFaulty, configSeq],
  );
  return { lastSeq, inserted: inserted.size };
}
