// The events_ticket index holds only events that have a ticket (migrations.ts): the lookups of a
// ticket's events by id still go through it, on a real migrated store.
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../tests/support/hub.js';
import { openDatabase } from './database.js';

let dir = '';
afterEach(() => removeDir(dir));

describe('events_ticket', () => {
  it('is partial (ticket events only) and still serves the lookups by ticket id', () => {
    dir = tempDir('hall-index-');
    const db = openDatabase(dir);
    try {
      const sql = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'events_ticket'`).pluck().get() as string;
      expect(sql).toMatch(/WHERE ticket_id IS NOT NULL/);
      for (const query of ['SELECT * FROM events WHERE ticket_id = ? ORDER BY seq', 'SELECT * FROM events WHERE ticket_id = ? AND seq < ? ORDER BY seq']) {
        const params = query.includes('seq <') ? ['t1', 5] : ['t1'];
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
        expect(plan, query).toMatch(/USING INDEX events_ticket/);
      }
    } finally {
      db.close();
    }
  });
});
