// Migration to compact events: every stored event of the earlier format (a whole copy of its
// ticket or counter) is rewritten as what it changed, the tickets' `data` loses its defaults, the event
// index by time (read by nothing) gives way to a partial index of counter events (reading a counter
// event back finds its shift's whole copy through it), and the chain is computed again over the new
// payloads. Runs in the migration's transaction, so a store is either all old or all new.
import type { CounterState, Ticket } from '../engine/types.js';
import { rechain } from './chain.js';
import { EventDecoder, TICKET_COLUMNS, encodePayload, ticketData, ticketFromRow, type EventRow, type TicketRow } from './compact.js';
import type { Db } from './database.js';

const COLUMNS = `seq, at, type, ticket_id, counter_id, actor_kind, actor_id, payload`;

export function compactEventsMigration(db: Db): void {
  db.exec(`DROP TRIGGER IF EXISTS events_no_update`);
  const history = {
    ticketBefore: (id: string, seq: number) => db.prepare(`SELECT ${COLUMNS} FROM events WHERE ticket_id = ? AND seq < ? ORDER BY seq`).all(id, seq) as EventRow[],
    counterBefore: (id: string, seq: number) =>
      db.prepare(`SELECT ${COLUMNS} FROM events WHERE type = 'counter.state' AND counter_id = ? AND seq < ? ORDER BY seq DESC`).all(id, seq) as EventRow[],
  };
  const decoder = new EventDecoder(history);
  // The latest version of each ticket of the last two business days (older ones are encoded whole if
  // they ever change again), and of each counter.
  let tickets = new Map<string, Ticket>();
  let yesterday = new Map<string, Ticket>();
  const counters = new Map<string, CounterState>();
  const chunk = db.prepare(`SELECT ${COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT 5000`);
  const update = db.prepare(`UPDATE events SET payload = ? WHERE seq = ?`);
  for (let after = -1; ; ) {
    const rows = chunk.all(after) as EventRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const e = decoder.decode(r);
      const { seq: _s, ...event } = e;
      const ticket = 'ticket' in e ? e.ticket : undefined;
      const counter = e.type === 'counter.state' ? e.counter : undefined;
      const before = {
        ticket: ticket && e.type !== 'ticket.issued' ? (tickets.get(ticket.id) ?? yesterday.get(ticket.id)) : undefined,
        counter: counter ? counters.get(counter.id) : undefined,
      };
      const payload = encodePayload(event, before);
      if (payload !== r.payload) update.run(payload, r.seq);
      if (ticket) tickets.set(ticket.id, ticket);
      if (counter) counters.set(counter.id, counter);
      if (e.type === 'day.rolled') {
        yesterday = tickets;
        tickets = new Map();
      }
    }
    after = rows[rows.length - 1]!.seq;
  }
  const ticketRows = db.prepare(`SELECT rowid, ${TICKET_COLUMNS} FROM tickets WHERE rowid > ? ORDER BY rowid LIMIT 5000`);
  const setData = db.prepare(`UPDATE tickets SET data = ? WHERE rowid = ?`);
  for (let after = -1; ; ) {
    const rows = ticketRows.all(after) as (TicketRow & { rowid: number })[];
    if (rows.length === 0) break;
    for (const r of rows) setData.run(ticketData(ticketFromRow(r)), r.rowid);
    after = rows[rows.length - 1]!.rowid;
  }
  db.exec(`DROP INDEX IF EXISTS events_at; CREATE INDEX events_counter ON events(counter_id, seq) WHERE type = 'counter.state';`);
  // rechain recreates the append-only trigger.
  rechain(db);
}
