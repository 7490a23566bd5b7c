// The HTTP baseline, in its own process like the hub: express, JSON in, one better-sqlite3 INSERT of a
// ticket-sized row per request in WAL with synchronous=FULL, 201 with the row out. What a hub that did
// nothing but store a ticket durably would answer. Prints the URL on stdout.
import Database from 'better-sqlite3';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const dir = process.argv[2]!;
const db = new Database(join(dir, 'baseline.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, service_id TEXT NOT NULL, data TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO tickets (service_id, data) VALUES (?, ?)');
const app = express();
app.use(express.json());
let n = 0;
app.post('/api/tickets', (req, res) => {
  const serviceId = String(req.body?.serviceId ?? '');
  const ticket = { id: `t${++n}`, number: `A${String(n).padStart(3, '0')}`, serviceId, state: 'waiting', issuedAt: Date.now() };
  db.transaction(() => insert.run(serviceId, JSON.stringify(ticket)))();
  res.status(201).json(ticket);
});
const server = app.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));

// The bench asks, over IPC, for this process's memory after a full GC (node --expose-gc): RSS and heap.
process.on('message', (m) => {
  if (m !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.(process.memoryUsage());
});

// The bench stops this process with SIGTERM: a normal exit, so a --cpu-prof profile (HALL_BENCH_PROFILE) is written.
process.on('SIGTERM', () => process.exit(0));
