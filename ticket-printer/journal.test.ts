// The print-job journal on a real SQLite file: a job moves queued → sent → done | failed once and
// never back; jobs a stopped hub left unfinished are written off as failed when the next one starts;
// the template and notice settings are kept.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../hub/store/database.js';
import { PrintJobStore } from '../hub/store/print-jobs.js';
import { removeDir, tempDir } from '../tests/support/hub.js';

let dbs: Array<{ db: Db; dir: string }> = [];
afterEach(() => {
  for (const { db, dir } of dbs) {
    db.close();
    removeDir(dir);
  }
  dbs = [];
});

function open(): PrintJobStore {
  const dir = tempDir('hall-print-');
  const db = openDatabase(dir);
  dbs.push({ db, dir });
  return new PrintJobStore(db);
}

const job = (id: string, at: number) => ({ id, ticketId: 'ticket-0001', number: 'A001', printerId: 'printer-1', kioskId: 'kiosk-1', cause: 'issue' as const, requestedBy: 'device:kiosk-1', createdAt: at });

describe('print-job journal', () => {
  it('queued → sent → done, each step once; a finished job never changes', () => {
    const s = open();
    expect(s.insert(job('j1', 1000))).toMatchObject({ state: 'queued', sentAt: null, finishedAt: null, reason: null });
    expect(s.markSent('j1', 1100)).toBe(true);
    expect(s.markSent('j1', 1200)).toBe(false);
    expect(s.finish('j1', 'done', null, 1300)).toBe(true);
    expect(s.finish('j1', 'failed', 'late', 1400)).toBe(false);
    expect(s.get('j1')).toMatchObject({ state: 'done', sentAt: 1100, finishedAt: 1300, reason: null });
  });

  it('a failure keeps its reason; lists per ticket (oldest first) and recent (newest first, failures only on request)', () => {
    const s = open();
    s.insert(job('j1', 1000));
    s.finish('j1', 'failed', '缺纸 / paper out', 1100);
    s.insert({ ...job('j2', 2000), cause: 'reprint', requestedBy: 'manager:admin' });
    s.finish('j2', 'done', null, 2100);
    expect(s.ofTicket('ticket-0001').map((j) => [j.id, j.cause, j.state])).toEqual([
      ['j1', 'issue', 'failed'],
      ['j2', 'reprint', 'done'],
    ]);
    expect(s.recent(10).map((j) => j.id)).toEqual(['j2', 'j1']);
    expect(s.recent(10, true).map((j) => [j.id, j.reason])).toEqual([['j1', '缺纸 / paper out']]);
  });

  it('unfinished jobs of a stopped hub are written off as failed, finished ones stay', () => {
    const s = open();
    s.insert(job('j1', 1000));
    s.insert(job('j2', 1001));
    s.markSent('j2', 1002);
    s.insert(job('j3', 1003));
    s.finish('j3', 'done', null, 1004);
    expect(s.failOrphans('hub restarted', 5000)).toBe(2);
    expect(s.ofTicket('ticket-0001').map((j) => j.state)).toEqual(['failed', 'failed', 'done']);
  });

  it('keeps the template and notice, and forgets them on null', () => {
    const s = open();
    expect(s.setting('template')).toBeUndefined();
    s.setSetting('template', '{{number}}');
    s.setSetting('template', '^^{{number}}');
    expect(s.setting('template')).toBe('^^{{number}}');
    s.setSetting('template', null);
    expect(s.setting('template')).toBeUndefined();
  });
});
