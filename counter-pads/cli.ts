// `hall pad-test`: the pad listener for the person installing a hall's rating pads and caller keypads.
// It drives the pad or keypad exactly as the hub would (same address, family, driver and link), shows a
// test number on its display, asks pads for a rating, and prints every press as it arrives — which
// unit, which level or key — with the link's health, until Ctrl-C or --seconds. Wrong wiring, a wrong
// bus address or a wrong key map shows at once: no press, a press from another unit, or a "key" the
// map does not know.
//
//   hall pad-test --pad serial:/dev/ttyUSB0?baud=9600 --units 2,3,4
//   hall pad-test --pad "hid://1a86:e026?driver=libusb&family=hid-keyboard" --options '{"keys":{"1":5,"2":4}}'
import { z } from 'zod';
import type { DeviceInput, DriverDevice, HallSnapshot } from '../devices/driver.js';
import { drivers } from '../devices/driver.js';
import { healthReasonLine } from '../devices/health-reason.js';
import { DeviceHost, type HostedHealth } from '../devices/host.js';
import { addressFlag, consoleIo as plainConsole, parseCommandArgs, type CliIo } from '../devices/cli-args.js';
import './families.js';
import { counterWords } from '../shared/vocabulary.js';

export const PAD_TEST_USAGE =
  'usage: hall pad-test --pad ADDRESS [--kind pad|keypad] [--units N,N,…] [--options JSON] [--number A001] [--seconds N] [--json]';

const unitList = z
  .string()
  .regex(/^\d{1,3}(,\d{1,3})*$/, '--units is a list of bus addresses, e.g. 2,3,4')
  .transform((s) => [...new Set(s.split(',').map(Number))])
  .refine((us) => us.every((u) => u <= 255), '--units: a bus address is 0–255');

const argsSchema = z.object({
  pad: z.string({ error: '--pad ADDRESS is required (e.g. serial:/dev/ttyUSB0?baud=9600 or hid://1a86:e026?driver=libusb&family=hid-keyboard)' }).min(1),
  kind: z.enum(['pad', 'keypad'], { error: '--kind is pad or keypad' }).default('pad'),
  units: unitList.optional(),
  options: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: '--options is JSON, e.g. {"keys":{"1":5}}' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.unknown(), { error: '--options is a JSON object' }))
    .optional(),
  number: z.string().regex(/^[A-Z]{0,2}\d{1,4}$/, '--number looks like A001').default('A001'),
  seconds: z.coerce.number({ error: '--seconds is a number' }).int().min(1).max(24 * 3600).optional(),
  json: z.boolean().default(false),
});

export interface Io extends CliIo {
  /** Resolves when the listener should stop (Ctrl-C); tests pass their own. */
  interrupted?: Promise<void>;
}

/** The hall the pad is shown: each unit at a counter of its own number, staffed, with the test number in hand. */
function testHall(units: number[], number: string): HallSnapshot {
  const counter = (u: number) => ({
    id: String(u),
    name: counterWords(String(u)),
    zone: 'test',
    state: 'serving',
    pauseReason: null,
    staff: { no: '0000', name: '安装测试' },
    ticket: { id: `pad-test-${u}`, number, serviceId: 'test', state: 'serving' },
    services: ['test'],
  });
  return {
    seq: 1,
    at: Date.now(),
    businessDay: new Date().toISOString().slice(0, 10),
    hall: { id: 'pad-test', name: { zh: '评价器安装测试', en: 'Pad test' }, timezone: 'Asia/Shanghai' },
    zones: [{ id: 'test', name: { zh: '测试', en: 'Test' } }],
    counters: units.map(counter),
    recentCalls: [],
    services: [{ id: 'test', prefix: number.replace(/\d+$/, '') || 'A', name: { zh: '测试业务', en: 'Test' }, zone: 'test', note: null, waiting: 3, estimatedWaitMin: 5 }],
    notice: null,
  };
}

function describeInput(input: DeviceInput): string {
  const where = 'unit' in input && input.unit !== undefined ? `unit ${input.unit}: ` : '';
  switch (input.type) {
    case 'rating':
      return `${where}rating ${input.score}`;
    case 'counter.action':
      return `${where}key ${input.action}`;
    case 'key':
      return `${where}unmapped key ${input.key}`;
    case 'status':
      return `${where}status ${input.status}${input.detail ? ` (${input.detail})` : ''}`;
  }
}

export async function padTestCommand(args: string[], io: Io = consoleIo()): Promise<number> {
  const o = parseCommandArgs(args, argsSchema, PAD_TEST_USAGE, io);
  if (!o) return 2;
  const at = addressFlag('pad', o.pad, io);
  if (!at) return 2;
  const { family } = at;
  const factory = drivers.find(o.kind, family);
  if (!factory) {
    io.err(`no ${o.kind} driver for family "${family}": use one of ${drivers.list().filter((f) => f.kind === o.kind).map((f) => f.family).join(', ')}`);
    return 2;
  }
  // A bus gets its units; a device of its own (a USB pad) stands at "counter 1".
  const units = o.units ?? [];
  const device: DriverDevice = {
    id: 'pad-test',
    kind: o.kind,
    name: null,
    zone: 'test',
    counter: units.length ? null : '1',
    address: o.pad,
    kiosk: null,
    units: units.map((u) => ({ unit: u, counter: String(u), name: null })),
    ...(o.options ? { options: o.options } : {}),
  };
  const counts = { presses: 0, ratings: 0, keys: 0, unmapped: 0 };
  const emit = (line: string, record: Record<string, unknown>) => (o.json ? io.out(JSON.stringify({ at: new Date().toISOString(), ...record })) : io.out(line));
  let lastHealth = '';
  let everOnline = false;
  const host = new DeviceHost({
    device,
    onHealth: (h: HostedHealth) => {
      const text = `${h.state}${h.reason ? ` (${healthReasonLine(h.reason)})` : ''}`;
      if (h.state === 'online') everOnline = true;
      if (text === lastHealth) return;
      lastHealth = text;
      emit(`[${factory.family}] ${text}`, { health: h.state, reason: h.reason });
    },
    onInput: (input: DeviceInput) => {
      counts.presses++;
      if (input.type === 'rating') counts.ratings++;
      else if (input.type === 'counter.action') counts.keys++;
      else if (input.type === 'key') counts.unmapped++;
      emit(describeInput(input), { input });
    },
  });
  if (!o.json) io.out(`listening to ${o.kind === 'pad' ? 'the pad' : 'the keypad'} at ${o.pad}${units.length ? ` (units ${units.join(', ')})` : ''}: press its keys; Ctrl-C to stop`);
  const hall = testHall(units.length ? units : [1], o.number);
  host.start(hall);
  // Pads are asked for a rating of the test number, so their rating keys light up.
  if (o.kind === 'pad')
    for (const c of hall.counters) void host.command({ type: 'prompt', counter: c.id, ref: `pad-test-${c.id}`, number: o.number }).catch(() => undefined);
  const waits: Array<Promise<void>> = [];
  if (o.seconds) waits.push(new Promise((r) => setTimeout(r, o.seconds! * 1000)));
  if (io.interrupted) waits.push(io.interrupted);
  await Promise.race(waits);
  const stats = host.stats();
  await host.stop();
  const summary = { ...counts, link: stats };
  if (o.json) io.out(JSON.stringify({ summary }));
  else io.out(`${counts.presses} presses (${counts.ratings} ratings, ${counts.keys} keys, ${counts.unmapped} unmapped); link ${JSON.stringify(stats)}`);
  if (!everOnline) {
    io.err(`never reached the ${o.kind} at ${o.pad}: check the address, the cable and the baud rate`);
    return 1;
  }
  return 0;
}

function consoleIo(): Io {
  return {
    ...plainConsole,
    interrupted: new Promise<void>((resolve) => process.once('SIGINT', () => resolve())),
  };
}
