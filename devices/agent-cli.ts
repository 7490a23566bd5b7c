// `hall agent --hub URL [--token-file FILE] [--driver MODULE]...`: runs the devices the hall config
// assigns to this agent (devices with `agent: <this agent's id>`) on this PC, until SIGINT or SIGTERM.
// The token comes from a file, HALL_AGENT_TOKEN, or stdin (a prompt on a terminal) — never from the
// arguments, where it would sit in the shell history and in `ps`.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { HallAgent } from './agent.js';
import { driverModulesFromEnv, loadDriverFamilies } from './families.js';
import { ARGV_SECRET_REFUSED, readSecret, readSecretFile } from '../hub/security/secret-input.js';

export const AGENT_USAGE = 'usage: hall agent --hub URL [--token-file FILE] [--driver MODULE]...   (or HALL_HUB, HALL_AGENT_TOKEN, HALL_DRIVERS; the token may also come on stdin)';

export async function agentCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { hub: { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' }, driver: { type: 'string', multiple: true } },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${AGENT_USAGE}`);
    return 2;
  }
  if (values.token !== undefined) {
    console.error(`--token is refused: ${ARGV_SECRET_REFUSED}\n${AGENT_USAGE}`);
    return 2;
  }
  const hub = values.hub ?? env.HALL_HUB;
  let token: string | undefined;
  try {
    if (values['token-file'] !== undefined) token = await readSecretFile(values['token-file']);
    else token = env.HALL_AGENT_TOKEN ?? (hub ? await readSecret('agent token (not shown): ') : undefined);
  } catch (e) {
    console.error(`cannot read the agent token: ${(e as Error).message}`);
    return 2;
  }
  token = token?.trim();
  if (!hub || !token) {
    console.error(`${!hub ? 'the hub URL is missing' : 'the agent token is missing'}\n${AGENT_USAGE}`);
    return 2;
  }
  let url: URL;
  try {
    url = new URL(hub);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    console.error(`not a hub URL: ${hub} (e.g. http://10.0.0.2:8080)\n${AGENT_USAGE}`);
    return 2;
  }
  try {
    await loadDriverFamilies([...driverModulesFromEnv(env), ...(values.driver ?? [])]);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const log = pino({ level: env.HALL_LOG_LEVEL ?? 'info' });
  const agent = new HallAgent({ hub: url.origin + url.pathname.replace(/\/+$/, ''), token, log });
  console.log(`\n  hall agent → ${url.origin}   (devices come from the hall config: devices with "agent: <this agent's id>")\n`);
  agent.start();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'agent stopping');
    void agent.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return await new Promise<number>(() => {});
}
