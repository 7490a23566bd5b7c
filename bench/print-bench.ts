// Figures for ticket printing (not a test: the machines are shared, read them as orders of size):
// rendering a ticket (template → ReceiptLine → ESC/POS bytes with GB18030 and a QR code), the
// emulator decoding it, and a kiosk press end to end — POST /api/tickets on a real hub to the cut on
// the emulator over TCP, and to the journal's "done".
//
//   npm run bench:print            (HALL_BENCH_TICKETS=… to change the count)
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { demoHallConfig } from '../hub/config/demo-hall.js';
import { hallConfigSchema } from '../hub/config/schema.js';
import { startHub } from '../hub/server.js';
import { EscPosDecoder } from '../ticket-printer/decoder.js';
import '../ticket-printer/driver.js';
import { startPrinterEmulator } from '../ticket-printer/emulator.js';
import { profileOf } from '../ticket-printer/profiles.js';
import { DEFAULT_TEMPLATE, renderTicket, sampleTicket } from '../ticket-printer/render.js';
import { removeDir, tempDir } from '../tests/support/hub.js';
import { median, percentileOf } from '../shared/percentile.js';

const N = Number(process.env.HALL_BENCH_TICKETS ?? 200);
const rows: string[][] = [['what', 'n', 'p50 ms', 'p99 ms', 'note']];
function row(what: string, samples: number[], note = ''): void {
  rows.push([what, String(samples.length), median(samples).toFixed(2), percentileOf(samples, 0.99).toFixed(2), note]);
}

for (const [name, profile] of [
  ['80 mm, native QR', profileOf({})],
  ['58 mm, raster QR', profileOf({ width: 58, qr: 'raster' })],
] as const) {
  const render: number[] = [];
  const decode: number[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const b = renderTicket(DEFAULT_TEMPLATE, { ...sampleTicket(), number: `A${String(i).padStart(3, '0')}` }, profile);
    const t1 = performance.now();
    new EscPosDecoder({ reply: () => {} }).push(b);
    decode.push(performance.now() - t1);
    render.push(t1 - t0);
    bytes = b.length;
  }
  row(`render ${name}`, render, `${bytes} bytes a ticket`);
  row(`emulator decode ${name}`, decode);
}

// A kiosk press to paper, through the hub, the supervisor, the escpos driver and TCP.
const printer = await startPrinterEmulator({ transport: 'tcp' });
const config = demoHallConfig({ realHours: false });
config.devices.push({ id: 'printer-1', kind: 'printer', kiosk: 'kiosk-1', address: printer.address } as never);
const dataDir = tempDir('hall-bench-print-');
const hub = await startHub({ config: hallConfigSchema.parse(config), configSource: 'bench', dataDir, port: 0, log: pino({ level: 'silent' }) });
while (hub.health.get('printer-1')?.state !== 'online') await new Promise((r) => setTimeout(r, 20));
const toPaper: number[] = [];
const toDone: number[] = [];
const presses = Math.min(N, 100);
for (let i = 0; i < presses; i++) {
  const t0 = performance.now();
  const res = await fetch(`${hub.url}/api/tickets`, { method: 'POST', headers: { authorization: 'Bearer demo-kiosk', 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 'social-security' }) });
  const ticket = (await res.json()) as { id: string; print?: { jobId: string } };
  if (!ticket.print) throw new Error(`no print job: ${JSON.stringify(ticket)}`);
  await printer.waitForTickets(i + 1);
  toPaper.push(performance.now() - t0);
  while (hub.print.jobs.get(ticket.print.jobId)?.state !== 'done') await new Promise((r) => setImmediate(r));
  toDone.push(performance.now() - t0);
}
row('kiosk press → cut on the emulator (TCP)', toPaper);
row('kiosk press → journal "done"', toDone);
await hub.close();
await printer.close();
removeDir(dataDir);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
