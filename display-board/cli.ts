// `hall board-test`: for the person installing a hall's LED screens. Sends one message to one screen
// on a bus and says what happened: the screen answered (BX), it stayed silent (wrong address, baud
// rate or A/B wiring), or the frame went out on a protocol that never answers (look at the screen).
//
//   hall board-test --board serial:/dev/ttyUSB0?baud=9600 --codec bx5 --address 3 --text "A001 欢迎光临"
//
// --text takes "\n" for a second line; --color red|green|amber; --timeout the answer wait in ms.
import { z } from 'zod';
import { addressFlag, consoleIo, parseCommandArgs, type CliIo } from '../devices/cli-args.js';
import { healthReasonText } from '../devices/health-reason.js';
import { openLink } from '../devices/link.js';
import { deliverFrame } from './bus.js';
import { CODEC_NAMES, FAMILY_CODEC, codecByName } from './codecs/index.js';

export const BOARD_TEST_USAGE = `usage: hall board-test --board ADDRESS [--codec ${CODEC_NAMES.join('|')}] [--address N] --text TEXT [--color red|green|amber] [--timeout MS]`;

const argsSchema = z.object({
  board: z.string({ error: '--board ADDRESS is required (e.g. serial:/dev/ttyUSB0?baud=9600 or tcp://10.0.0.9:5005)' }).min(1),
  codec: z.enum(CODEC_NAMES as [string, ...string[]], { error: `--codec is one of ${CODEC_NAMES.join(', ')}` }).optional(),
  address: z.coerce.number({ error: '--address is a bus address number' }).int().min(0).max(0xfffe).optional(),
  text: z.string({ error: '--text TEXT is required' }).min(1).max(200),
  color: z.enum(['red', 'green', 'amber']).default('red'),
  timeout: z.coerce.number().int().min(50).max(30_000).default(1000),
});

export type Io = CliIo;

export async function boardTestCommand(args: string[], io: Io = consoleIo): Promise<number> {
  const o = parseCommandArgs(args, argsSchema, BOARD_TEST_USAGE, io);
  if (!o) return 2;
  const where = addressFlag('board', o.board, io);
  if (!where) return 2;
  const { transport, family } = where;
  const codec = (o.codec ? codecByName(o.codec) : undefined) ?? (family ? FAMILY_CODEC[family] : undefined) ?? FAMILY_CODEC['onbon-bx']!;
  const address = o.address ?? codec.defaultAddress;
  const content = { lines: o.text.split(/\\n|\n/).map((text) => ({ text, color: o.color, effect: 'static' as const, speed: 8 })) };
  let frame: Buffer;
  try {
    frame = codec.encode(address, content);
  } catch (e) {
    io.err(`cannot encode: ${(e as Error).message}`);
    return 2;
  }
  io.out(`${codec.name} frame to screen ${address} (${frame.length} bytes): ${frame.toString('hex').replace(/(..)/g, '$1 ').trim()}`);
  const link = openLink(where.address, { parser: codec.splitter, reconnect: { initialMs: 200, maxMs: 1000 } });
  try {
    try {
      await link.whenOnline(Math.max(2000, o.timeout));
    } catch {
      const why = link.health.reason;
      io.err(`cannot open the board: ${why ? `${healthReasonText(why).en}${why.params?.detail ? ` (${why.params.detail})` : ''}` : `${transport} not reachable`}`);
      return 1;
    }
    const result = await deliverFrame(link, codec, address, content, o.timeout);
    if (!codec.answers) {
      io.out(`sent. A ${codec.name} screen never answers: check that screen ${address} shows the text.`);
      return 0;
    }
    if (result === 'ok') {
      io.out(`screen ${address} answered: shown.`);
      return 0;
    }
    io.err(`screen ${address} did not answer within ${o.timeout} ms: check its address, the baud rate and the A/B wires.`);
    return 1;
  } catch (e) {
    io.err(`failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await link.close({ flushTimeoutMs: 500 });
  }
}
