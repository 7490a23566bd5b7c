// `hall print-test --printer ADDRESS [--width 58|80] [--json]`: for the person installing a kiosk. Prints
// a sample ticket (Chinese text, a ticket number, a QR code, a cut) on any printer address — tcp://ip:9100,
// serial:/dev/ttyUSB0?baud=9600, usb:VID:PID, file:/dev/usb/lp0 — through the same link and driver the
// hub uses, then reports what the printer says about itself (paper, cover, cutter, online).
import { performance } from 'node:perf_hooks';
import { consoleIo, parseCommandArgs, type CliIo } from '../devices/cli-args.js';
import { z } from 'zod';
import { DeviceCommandError, splitFamily } from '../devices/driver.js';
import { DeviceHost } from '../devices/host.js';
import { parseAddress } from '../devices/transport/address.js';
import './driver.js';
import type { PrintOutcome, PrinterStatusReport } from './driver.js';
import { sampleTicket } from './render.js';
import { blockingReason } from './status.js';

const PRINTER_STATUS_CODES: ReadonlySet<string> = new Set(['PAPER_OUT', 'COVER_OPEN', 'CUTTER_ERROR', 'UNRECOVERABLE_ERROR', 'MECHANICAL_ERROR', 'HEAD_OVERHEATED', 'PRINTER_OFFLINE']);

export const PRINT_TEST_USAGE = 'usage: hall print-test --printer ADDRESS [--width 58|80] [--timeout-ms N] [--json]';

const argsSchema = z.object({
  printer: z.string({ error: '--printer ADDRESS is required' }).min(1, { error: '--printer ADDRESS is required' }),
  width: z.enum(['58', '80']).default('80'),
  'timeout-ms': z.coerce.number().int().min(500).max(120_000).default(8000),
  json: z.boolean().default(false),
});

export interface PrintTestResult {
  address: string;
  family: string;
  connected: boolean;
  outcome: PrintOutcome | null;
  /** From sending the ticket to the printer's end-of-job answer (or the failure). */
  elapsedMs: number | null;
  status: PrinterStatusReport | null;
  error: string | null;
}

/** Runs the test; never throws (an unreachable printer is a result, not a crash). */
export async function printTest(address: string, width: 58 | 80, timeoutMs: number): Promise<PrintTestResult> {
  const { family } = splitFamily(address);
  const withFamily = family ? address : `${address}${address.includes('?') ? '&' : '?'}family=${width === 58 ? 'escpos-58' : 'escpos'}`;
  const result: PrintTestResult = { address: withFamily, family: splitFamily(withFamily).family ?? 'escpos', connected: false, outcome: null, elapsedMs: null, status: null, error: null };
  try {
    parseAddress(splitFamily(withFamily).transport);
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    return result;
  }
  let online = false;
  const host = new DeviceHost({
    device: { id: 'print-test', kind: 'printer', name: null, zone: null, counter: null, address: withFamily, kiosk: null, units: [] },
    onHealth: (h) => {
      // Offline for a printer's own status (paper out, cover open…) means the link is up and it answered.
      if (h.state !== 'offline' || (h.reason && PRINTER_STATUS_CODES.has(h.reason.code))) online = true;
    },
    onInput: () => {},
  });
  host.start(null);
  try {
    const until = Date.now() + timeoutMs;
    while (!online && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    result.connected = online;
    if (!online) {
      result.error = `cannot reach the printer within ${timeoutMs} ms: ${host.health().reason ?? 'no connection'}`;
      return result;
    }
    result.status = (await host.command({ type: 'status' })) as PrinterStatusReport;
    const ticket = { ...sampleTicket('https://example.org/t/print-test'), hall: '打印测试 Print test', number: 'T001' };
    const t0 = performance.now();
    result.outcome = (await host.command({ type: 'print', jobId: `print-test-${Date.now()}`, ticket, profile: { width, jobTimeoutMs: timeoutMs } })) as PrintOutcome;
    result.elapsedMs = Math.round(performance.now() - t0);
    result.status = (await host.command({ type: 'status' })) as PrinterStatusReport;
  } catch (e) {
    result.error = e instanceof DeviceCommandError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  } finally {
    await host.stop();
  }
  return result;
}

export function formatPrintTest(r: PrintTestResult): string {
  const lines = [`printer: ${r.address}`];
  if (!r.connected) lines.push(`not connected: ${r.error ?? 'unknown'}`);
  if (r.outcome) lines.push(r.outcome.state === 'done' ? `printed: sample ticket T001 (${r.outcome.bytes} bytes) in ${r.elapsedMs} ms, cut` : `NOT printed: ${r.outcome.reason ?? 'unknown'}`);
  if (r.status) {
    const s = r.status.status;
    const yes = (v: boolean | undefined, word: string) => (v === undefined ? `${word}: unknown` : `${word}: ${v ? 'YES' : 'no'}`);
    lines.push(`health: ${r.status.health.state}${r.status.health.reason ? ` (${r.status.health.reason})` : ''}`);
    lines.push(`status: ${[yes(s.paperNearEnd, 'paper near end'), yes(s.paperOut, 'paper out'), yes(s.coverOpen, 'cover open'), yes(s.cutterError, 'cutter error'), yes(s.offline, 'offline')].join(', ')}`);
    const why = blockingReason(s);
    if (why) lines.push(`blocked: ${why}`);
  }
  if (r.connected && r.error) lines.push(`error: ${r.error}`);
  return lines.join('\n');
}

export async function printTestCommand(args: string[], io: CliIo = consoleIo): Promise<number> {
  const parsed = parseCommandArgs(args, argsSchema, PRINT_TEST_USAGE, io);
  if (!parsed) return 2;
  const r = await printTest(parsed.printer, parsed.width === '58' ? 58 : 80, parsed['timeout-ms']);
  io.out(parsed.json ? JSON.stringify(r, null, 2) : formatPrintTest(r));
  return r.outcome?.state === 'done' ? 0 : 1;
}
