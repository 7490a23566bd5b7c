// Simulators and emulators are loaded only where a virtual device runs. A real `hall start` and a real
// `hall agent` drive only real devices (TCP peers on 127.0.0.1: a printer and a board on the hub, a
// rating pad on the agent); a module hook (tests/support/module-log.mjs) records every module each
// process loaded. The family drivers are there, the printer emulator (with its ESC/POS decoder and
// pngjs) and the board and pad simulators are not. The same hook on a process that starts a virtual
// printer shows the emulator arriving then, so the hook cannot pass by seeing nothing.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { waitForValue } from '../../devices/testing/wait.js';
import { demoHallInput } from '../../hub/config/demo-hall.js';
import { AGENT_OFFLINE } from '../../hub/device-supervision/supervisor.js';
import { REPO_ROOT, http, startChildAgent, startChildHub } from '../support/child-hub.js';
import { useChildrenPerTest } from '../support/hub.js';
import { startLinePeer, stopLinePeers } from '../support/line-peer.js';

const HOOK = `--import=${join(REPO_ROOT, 'tests/support/module-log.mjs')}`;
const AGENT_TOKEN = 'agent-token-lazy-sims';
// Registered first, so it runs last (vitest runs after-hooks as a stack): the children go before their peers.
afterEach(() => stopLinePeers());
const children = useChildrenPerTest();

/** The repository's modules (and packages) a process loaded, as paths from the repository root (a built
 * hub runs dist/server/<the same path>.js: `npm test` builds first, so both forms are read as one). */
function loaded(logFile: string): Set<string> {
  const root = new URL(`file://${REPO_ROOT}/`).href;
  return new Set(
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith(root))
      .map((u) => u.slice(root.length).replace(/^dist\/server\//, '').replace(/\.(ts|js)$/, '')),
  );
}

const VIRTUAL_ONLY = ['ticket-printer/emulator', 'ticket-printer/decoder', 'ticket-printer/png', 'display-board/simulator', 'counter-pads/simulator'];
const pngjs = (mods: Set<string>) => [...mods].some((m) => m.startsWith('node_modules/pngjs/'));

it('a hub and an agent with only real devices load the drivers but no simulator or emulator', async () => {
  const [printer, board, pad] = [await startLinePeer(), await startLinePeer(), await startLinePeer()];
  const dir = children.dir('hall-lazy-sims-');
  const input = demoHallInput();
  input.devices = [
    ...(input.devices ?? []),
    { id: 'printer-real', kind: 'printer', zone: 'F1', kiosk: 'kiosk-1', address: `${printer.address}?family=escpos` },
    { id: 'board-real', kind: 'board', zone: 'F1', counter: '2', address: `${board.address}?family=onbon-bx` },
    { id: 'pc-3', kind: 'agent', zone: 'F1', counter: '3', token: AGENT_TOKEN },
    { id: 'pad-real', kind: 'pad', zone: 'F1', counter: '3', agent: 'pc-3', address: `${pad.address}?family=open-pad` },
  ];
  const configFile = join(dir, 'hall.json');
  writeFileSync(configFile, JSON.stringify(input));
  const hubLog = join(dir, 'hub-modules.txt');
  const agentLog = join(dir, 'agent-modules.txt');
  writeFileSync(hubLog, '');
  writeFileSync(agentLog, '');

  const hub = await startChildHub({ dataDir: join(dir, 'data'), config: configFile, env: { NODE_OPTIONS: HOOK, HALL_MODULE_LOG: hubLog } });
  await startChildAgent({ hub: hub.url, token: AGENT_TOKEN, env: { NODE_OPTIONS: HOOK, HALL_MODULE_LOG: agentLog } });
  const manager = (await http(hub.url, 'POST', '/api/sessions', { body: { username: 'admin', password: 'admin1234' } })).body.token as string;
  // Every device running: the hub's two over their links, the pad through the agent (which reports it: no longer "agent offline").
  await waitForValue(
    async () => (await http(hub.url, 'GET', '/api/devices/health', { token: manager })).body.devices as Array<{ id: string; via: string | null; reason: unknown }>,
    (list) => ['printer-real', 'board-real'].every((id) => list.some((d) => d.id === id && d.via === 'link')) && list.some((d) => d.id === 'pad-real' && d.via === 'agent' && (d.reason as { code?: string } | null)?.code !== AGENT_OFFLINE.code),
    'the real devices driven by the hub and the agent',
  );
  await waitForValue(async () => [printer, board, pad].every((p) => p.connections > 0), Boolean, 'every peer connected to');

  const hubModules = loaded(hubLog);
  const agentModules = loaded(agentLog);
  for (const mods of [hubModules, agentModules]) {
    // The hook saw the families' drivers and their by-name registrations…
    for (const m of ['ticket-printer/driver', 'ticket-printer/virtual', 'display-board/driver', 'display-board/virtual', 'counter-pads/open-pad-driver', 'counter-pads/virtual', 'devices/fleet']) expect(mods).toContain(m);
    // …and none of what only a virtual device needs.
    for (const m of VIRTUAL_ONLY) expect(mods).not.toContain(m);
    expect(pngjs(mods)).toBe(false);
  }
  // Two child processes starting from the sources: a bound for a loaded machine, not a speed goal.
}, 90_000);

it('starting a virtual printer is what loads the emulator', async () => {
  const dir = children.dir('hall-lazy-sims-');
  const log = join(dir, 'modules.txt');
  writeFileSync(log, '');
  // The families as a hub loads them, then one virtual printer started through the simulator registry.
  const script = `
    const { loadDriverFamilies } = await import('./devices/families.ts');
    const { simulators } = await import('./devices/simulator.ts');
    await loadDriverFamilies();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(process.env.HALL_MODULE_LOG, 'mark:families-loaded\\n');
    const device = await simulators.find('printer', 'escpos').start({ transport: 'tcp', port: 0 });
    await device.close();
  `;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', HOOK, '--input-type=module', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, HALL_MODULE_LOG: log }, timeout: 60_000 });
  const [before, after] = readFileSync(log, 'utf8').split('mark:families-loaded\n') as [string, string];
  writeFileSync(join(dir, 'before.txt'), before);
  writeFileSync(join(dir, 'after.txt'), after);
  const beforeMods = loaded(join(dir, 'before.txt'));
  const afterMods = loaded(join(dir, 'after.txt'));
  expect(beforeMods).toContain('ticket-printer/driver');
  expect(beforeMods).not.toContain('ticket-printer/emulator');
  expect(afterMods).toContain('ticket-printer/emulator');
  expect(pngjs(afterMods)).toBe(true);
}, 90_000);
