// A store in the format the hub wrote before events were compacted and chained (schema of the first three migrations; whole
// copies of the ticket or counter in every event, secrets inside config.changed events and the stored
// config, tickets' `data` with every field), made from a current store's contents. Tests open it to
// check the migration; the store bench measures it as "today's format".
import Database from 'better-sqlite3';
import { migrations } from '../../hub/store/migrations.js';
import { HallStore } from '../../hub/store/hall-store.js';
import { ticketFromRow, type TicketRow } from '../../hub/store/compact.js';
import type { HallConfig } from '../../hub/config/schema.js';

const LEGACY_VERSION = 3;

export function writeLegacyStore(from: HallStore, file: string): void {
  const src = from.db;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const m of migrations.slice(0, LEGACY_VERSION)) db.exec(m as string);
  db.pragma(`user_version = ${LEGACY_VERSION}`);
  const config = JSON.parse(from.storedConfigJson()!) as HallConfig;
  db.transaction(() => {
    const insertEvent = db.prepare(
      `INSERT INTO events (seq, at, type, ticket_id, counter_id, staff_no, actor_kind, actor_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rows = src.prepare(`SELECT seq, ticket_id, counter_id, staff_no FROM events ORDER BY seq`).all() as { seq: number; ticket_id: string | null; counter_id: string | null; staff_no: string | null }[];
    const whole = from.eventsAfter(0, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < whole.length; i++) {
      const { seq, ...e } = whole[i]!;
      // The earlier hub stored the whole config, secrets and all.
      const payload = e.type === 'config.changed' ? { ...e, config } : e;
      insertEvent.run(seq, e.at, e.type, rows[i]!.ticket_id, rows[i]!.counter_id, e.actor.kind === 'staff' ? e.actor.id : rows[i]!.staff_no, e.actor.kind, e.actor.id, JSON.stringify(payload));
    }
    // Rows hold only the columns the earlier schema has (later migrations add some, e.g. tickets.zone and
    // rating_score from the Reports one, and fill them in from `data` when the store is migrated).
    const copy = (table: string, row: (r: Record<string, unknown>) => Record<string, unknown> | undefined = (r) => r) => {
      const keys = legacyColumns(db, table);
      const insert = db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`);
      for (const r of src.prepare(`SELECT ${keys.join(', ')} FROM ${table}`).all() as Record<string, unknown>[]) {
        const out = row(r);
        if (out) insert.run(...keys.map((k) => out[k]));
      }
    };
    // The earlier hub kept every field of a ticket in `data`.
    copy('tickets', (r) => ({ ...r, data: JSON.stringify(ticketFromRow(r as unknown as TicketRow)) }));
    copy('hall', (r) => (r.key === 'chain_anchor' ? undefined : r.key === 'config' ? { ...r, value: JSON.stringify(config) } : r));
    for (const table of ['counters', 'sessions', 'rating_requests', 'rating_outcomes', 'followups', 'rating_outbox', 'print_jobs', 'print_settings']) copy(table);
  })();
  db.close();
}

/** The columns of a table in the legacy file's schema (not the current one's). */
function legacyColumns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}
