// The public page's JSON, kept by version rather than recomputed: once per TTL (1 s) one small query reads
// every hall's marks (last seq, config seq, registry fields, contact), and only the halls whose marks moved
// are rebuilt (the snapshot queries restricted to them). A hall's public figures change only when it ships
// events (its last_seq moves), or with time for "open" (office hours: the hall's minute) and "live" (not
// heard from for 2 min) — both in the marks. The body and its ETag change only when some hall's did, so a
// quiet city costs one tiny query a second, a busy one a few halls' rebuild, and any number of phones the
// same (they share the cached string, and a current phone gets a 304).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Pool } from './db.js';
import { citySnapshot, isPublic, lagSecondsOf, publicHall, STALE_AFTER_S, type StateRow } from './city-view.js';

export interface PublicBody {
  /** When this version was built. */
  at: number;
  body: string;
  /** The body gzipped once per version (430 halls: ~830 KB of JSON, a few dozen KB gzipped), for every phone. */
  gzip: Buffer;
  etag: string;
  version: number;
}

interface Marks extends Pick<StateRow, 'hall_id' | 'last_seq' | 'hub_last_seq' | 'last_event_at' | 'last_contact_at' | 'clock_offset_ms'> {
  registry: string;
  config_seq: number | null;
}

export class PublicCityCache {
  private current: PublicBody | undefined;
  private checkedAt = -Infinity;
  private pending: Promise<PublicBody> | undefined;
  /** Per hall: what its entry was built from, and the entry (null: not shown). In the registry's order. */
  private halls = new Map<string, { mark: string; json: string | null }>();
  /** Version checks (at most one per TTL, shared by every caller). */
  computations = 0;
  /** Halls rebuilt, all checks together: what the checks actually cost. */
  hallsRebuilt = 0;
  private version = 0;
  private readonly boot = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly pool: Pool,
    private readonly ttlMs: number,
  ) {}

  async get(now = Date.now()): Promise<PublicBody> {
    if (this.current && now - this.checkedAt < this.ttlMs) return this.current;
    this.pending ??= this.refresh(now).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async refresh(now: number): Promise<PublicBody> {
    this.computations++;
    const rows = (
      await this.pool.query<Marks>(
        `SELECT h.hall_id, concat_ws('|', h.name, h.name_en, h.tier, h.address, h.address_en, h.revoked_at IS NOT NULL) AS registry,
                s.last_seq, s.hub_last_seq, s.last_event_at, s.last_contact_at, s.clock_offset_ms, s.config_seq
         FROM halls h LEFT JOIN hall_state s USING (hall_id) ORDER BY h.tier, h.hall_id`,
      )
    ).rows;
    const marks = new Map<string, string>();
    for (const r of rows) {
      const lag = lagSecondsOf(r, now);
      const live = lag === null ? 'never' : lag <= STALE_AFTER_S ? 'live' : 'stale';
      // Open or closed follows the hall's clock by the minute (office hours are in minutes).
      const minute = Math.floor((now + (r.clock_offset_ms ?? 0)) / 60_000);
      marks.set(r.hall_id, `${r.registry}|${r.last_seq}|${r.config_seq}|${live}|${minute}`);
    }
    const changed = rows.filter((r) => this.halls.get(r.hall_id)?.mark !== marks.get(r.hall_id)).map((r) => r.hall_id);
    const known = [...this.halls.keys()];
    const orderChanged = rows.length !== known.length || rows.some((r, i) => known[i] !== r.hall_id);
    if (changed.length) {
      const fresh = new Map((await citySnapshot(this.pool, now, changed)).map((h) => [h.hallId, h]));
      this.hallsRebuilt += changed.length;
      for (const id of changed) {
        const h = fresh.get(id);
        this.halls.set(id, { mark: marks.get(id)!, json: h && isPublic(h) ? JSON.stringify(publicHall(h)) : null });
      }
    }
    if (orderChanged) this.halls = new Map(rows.map((r) => [r.hall_id, this.halls.get(r.hall_id)!]));
    const visibleChanged = !this.current || orderChanged || changed.length > 0;
    if (visibleChanged) {
      const entries = [...this.halls.values()].flatMap((h) => (h.json === null ? [] : [h.json]));
      const inner = entries.join(',');
      // Same figures, same ETag: a minute ticking over without any change to what is shown keeps the version.
      const hash = createHash('sha1').update(inner).digest('base64url');
      if (!this.current || !this.current.etag.includes(hash)) {
        this.version++;
        const body = `{"generatedAt":${JSON.stringify(new Date(now).toISOString())},"version":${this.version},"halls":[${inner}]}`;
        this.current = { at: now, version: this.version, body, gzip: gzipSync(body), etag: `"${this.boot}-${hash}"` };
      }
    }
    this.checkedAt = now;
    return this.current!;
  }
}
