// `hall central …`: run the city's central service, register a hall (its upload token printed once),
// revoke a hall's token.
import { z, ZodError } from 'zod';
import { consoleIo, parseCommandArgs } from '../devices/cli-args.js';
import { addHall, ensureAdmin, revokeHall, type HallInput } from './accounts.js';
import { migrate, openPool } from './db.js';
import { startCentral } from './server.js';
import { commandLog, runUntilSignal } from '../hub/cli/long-running.js';

export const CENTRAL_HELP = `  hall central --db postgres://… [--port N] [--host ADDR]
      Run the city's central service over PostgreSQL (docs/city.md). The first start
      creates the schema and prints a generated admin password, unless
      HALL_CENTRAL_ADMIN_PASSWORD is set. Environment: HALL_CENTRAL_DB, PORT (8090), HOST.
  hall central add-hall --db … --id ID --name NAME [--name-en N] [--tier district|township|village]
                        [--address A] [--address-en A] [--rotate]
      Register a hall and print its upload token, once (--rotate: a new token for a
      registered hall, the old one stops working).
  hall central revoke-hall --db … --id ID
      Revoke a hall's upload token: its hub is refused and keeps working locally.
`;

// The flags as text: the hall's values are checked where they are used (hallInput in accounts.ts).
const text = z.string().optional();
const argsSchema = z.object({ db: text, port: text, host: text, id: text, name: text, 'name-en': text, tier: text, address: text, 'address-en': text, rotate: z.boolean().optional() });
type Flags = z.output<typeof argsSchema>;

export async function centralCommand(args: string[]): Promise<number> {
  const sub = args[0] && !args[0].startsWith('-') ? args[0] : 'run';
  const rest = sub === 'run' ? args : args.slice(1);
  const values = parseCommandArgs(rest, argsSchema, `\n${CENTRAL_HELP}`, consoleIo);
  if (!values) return 2;
  const db = values.db ?? process.env.HALL_CENTRAL_DB;
  if (!db) {
    console.error(`--db postgres://… (or HALL_CENTRAL_DB) is required\n\n${CENTRAL_HELP}`);
    return 2;
  }
  if (sub === 'run') return run(db, values);
  if (sub !== 'add-hall' && sub !== 'revoke-hall') {
    console.error(`unknown: hall central ${sub}\n\n${CENTRAL_HELP}`);
    return 2;
  }
  const pool = openPool(db, 2);
  try {
    await migrate(pool);
    if (sub === 'revoke-hall') {
      if (!values.id) return usage('--id is required');
      if (!(await revokeHall(pool, values.id))) {
        console.error(`no hall "${values.id}"`);
        return 1;
      }
      console.log(`revoked the upload token of ${values.id}`);
      return 0;
    }
    if (!values.id || !values.name) return usage('--id and --name are required');
    const token = await addHall(
      pool,
      {
        id: values.id,
        name: values.name,
        ...(values['name-en'] ? { nameEn: values['name-en'] } : {}),
        ...(values.tier ? { tier: values.tier as HallInput['tier'] } : {}),
        ...(values.address ? { address: values.address } : {}),
        ...(values['address-en'] ? { addressEn: values['address-en'] } : {}),
      },
      { rotate: !!values.rotate },
    );
    if (!token) {
      console.error(`hall "${values.id}" is registered already (--rotate gives it a new token)`);
      return 1;
    }
    console.log(`hall ${values.id} registered; its upload token (shown this once; put it in the hub's config as central.token or HALL_CENTRAL_TOKEN):\n${token}`);
    return 0;
  } catch (e) {
    if (e instanceof ZodError) return usage(e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    console.error((e as Error).message);
    return 1;
  } finally {
    await pool.end();
  }
}

function usage(problem: string): number {
  console.error(`${problem}\n\n${CENTRAL_HELP}`);
  return 2;
}

async function run(db: string, values: Flags): Promise<number> {
  const log = commandLog();
  const port = Number(values.port ?? process.env.PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`not a port: ${values.port}`);
  let central;
  try {
    central = await startCentral({ db, port, host: values.host ?? process.env.HOST ?? '0.0.0.0', log });
  } catch (e) {
    console.error(`the central could not start: ${(e as Error).message}`);
    return 3;
  }
  const admin = await ensureAdmin(central.pool, process.env.HALL_CENTRAL_ADMIN_PASSWORD);
  const lines = ['', '  城市政务服务中心监管平台  City central', `  central  ${central.url}   (dashboard ${central.url}/, public page ${central.url}/city)`];
  if (admin.password) lines.push(`  admin    user admin, password ${admin.password}   (shown once: write it down)`);
  else if (admin.created) lines.push('  admin    user admin, password from HALL_CENTRAL_ADMIN_PASSWORD');
  console.log(lines.join('\n') + '\n');
  return runUntilSignal(log, 'central', () => central.close());
}
