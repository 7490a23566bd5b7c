// `hall agent --hub URL [--token-file FILE] [--driver MODULE]...`: runs the devices the hall config
// assigns to this agent (devices with `agent: <this agent's id>`) on this PC, until SIGINT or SIGTERM.
// The token comes from a file, HALL_AGENT_TOKEN, or stdin (a prompt on a terminal) — never from the
// arguments, where it would sit in the shell history and in `ps`.
import { z } from 'zod';
import { consoleIo, parseCommandArgs } from './cli-args.js';
import { HallAgent } from './agent.js';
import { driverModulesFromEnv, loadDriverFamilies } from './families.js';
import { ARGV_SECRET_REFUSED, readSecret, readSecretFile } from '../hub/security/secret-input.js';
import { commandLog, runUntilSignal } from '../hub/cli/long-running.js';

export const AGENT_USAGE = 'usage: hall agent --hub URL [--token-file FILE] [--driver MODULE]...   (or HALL_HUB, HALL_AGENT_TOKEN, HALL_DRIVERS; the token may also come on stdin)';

const argsSchema = z.object({
  hub: z.string().optional(),
  // Read only to refuse it with a reason: a token on the command line is seen by everyone (ps, history).
  token: z.string().optional(),
  'token-file': z.string().optional(),
  driver: z.array(z.string()).optional(),
});

export async function agentCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const values = parseCommandArgs(args, argsSchema, AGENT_USAGE, consoleIo);
  if (!values) return 2;
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
  const log = commandLog(env);
  const agent = new HallAgent({ hub: url.origin + url.pathname.replace(/\/+$/, ''), token, log });
  console.log(`\n  hall agent → ${url.origin}   (devices come from the hall config: devices with "agent: <this agent's id>")\n`);
  agent.start();
  return runUntilSignal(log, 'agent', () => agent.stop());
}
