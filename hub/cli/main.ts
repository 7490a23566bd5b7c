// The `hall` command: `hall start` runs the hub (what `npm start` runs); device subcommands join as
// their families arrive.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { hashSecret, sha256 } from '../auth/secrets.js';
import { DEMO_DEVICE_TOKENS, DEMO_MANAGER, DEMO_PIN, demoHallConfig, demoHallInput, demoVirtualToken } from '../config/demo-hall.js';
import { calendarFilePath, ConfigError, loadHallConfigFile, validateHallConfig } from '../config/load.js';
import { startVirtualHall, type VirtualHall } from '../device-supervision/virtual-hall.js';
import { endLeftovers } from '../../devices/tied-child.js';
import { startHub } from '../server.js';
import { EngineError } from '../engine/errors.js';
import { message } from '../error-messages.js';
import { StoreError, openDatabase } from '../store/database.js';
import { HallStore } from '../store/hall-store.js';
import type { TlsSettings } from '../security/config.js';
import { TlsConfigError } from '../security/tls.js';
import { ARGV_SECRET_REFUSED, readSecret } from '../security/secret-input.js';
import { commandLog, runUntilSignal } from './long-running.js';

const HELP = `hall — hall queueing hub

Usage:
  hall start [--port N] [--host ADDR] [--config FILE] [--data DIR] [--driver MODULE]... [--speaker CMD]
             [--cert FILE --key FILE | --tls self-signed]
      Run the hub. Without a config (HALL_CONFIG) it runs the demo hall.
      --cert/--key: serve HTTPS with this certificate and key (PEM), like the config's
      tls: {cert, key}; --tls self-signed: make a certificate once (kept in the data
      directory) and print its SHA-256 fingerprint for the terminals. Plain http:// on
      the same port is redirected to https:// (docs/security.md).
      --speaker (HALL_SPEAKER): announce calls on this PC's speaker ("on" = aplay, or a
      player command reading WAV on stdin); HALL_VOICE=zh,en, HALL_VOICE_REPEAT, HALL_SPEAKER_ZONE.
      Environment: PORT (8080), HOST (0.0.0.0), HALL_CONFIG, HALL_DATA (./data),
      HALL_LOG_LEVEL (info), HALL_DEMO_HOURS=real (demo hall keeps weekday office hours),
      HALL_DRIVERS (extra driver modules, comma-separated, like --driver).
  hall check-config FILE
      Validate a hall config file and list what is wrong with it.
  hall demo-config
      Print the demo hall's config as YAML: a starting point for your own hall.
  hall hash-secret [--token]
      Hash a staff PIN or manager password for the config (pinHash, passwordHash);
      with --token, the sha256 of a device token (tokenSha256). The secret is typed at a
      prompt that does not echo, or piped on stdin (first line) — never an argument.
  hall devices [--serial PATH]... [--json]
      List serial ports, USB and HID devices with VID:PID, the recognised family
      (printer, USB-serial/RS-485 adapter, keypad) and an address for the config.
      --serial adds paths the OS list leaves out (a pty, a /dev/serial/by-id link).
  hall print-test --printer ADDRESS [--width 58|80] [--json]
      Print a sample Chinese ticket (number, QR code, cut) on a ticket printer at
      ADDRESS (tcp://IP:9100, serial:/dev/ttyUSB0?baud=9600, usb:VID:PID,
      file:/dev/usb/lp0) and report its status (paper, cover, cutter, online).
  hall agent --hub URL [--token-file FILE] [--driver MODULE]...
      Run the devices plugged into this PC for the hub: those the hall config gives
      "agent: <this agent's id>". Reconnects by itself. The token comes from
      --token-file (- = stdin), HALL_AGENT_TOKEN, or stdin/a prompt; never --token.
      Environment: HALL_HUB, HALL_AGENT_TOKEN, HALL_DRIVERS, HALL_LOG_LEVEL;
      NODE_EXTRA_CA_CERTS=hub-cert.pem to trust a hub's self-signed certificate.
  hall board-test --board ADDRESS [--codec bx5|bx6|window-screen] [--address N] --text TEXT
      Send one message to one LED screen (bus address N) and report its answer
      (display-board/README.md). "\\n" in TEXT starts a second line.
  hall pad-test --pad ADDRESS [--kind pad|keypad] [--units N,N,...] [--options JSON] [--seconds N] [--json]
      Listen to a rating pad or caller keypad (or a bus of them) as the hub would drive
      it, and print every press with its unit, until Ctrl-C (counter-pads/README.md).
  hall backup --data DIR --out FILE
      A consistent copy of the hall's store, made by the running hub while calls go on
      (SQLite online backup through its admin socket), or straight from a stopped store.
  hall restore --data DIR --from FILE
      Bring a backup back (refused while a hub runs on DIR, or if FILE does not verify);
      the current file is kept aside.
  hall verify FILE|DATA_DIR [--json]
      Check the supervision log's hash chain of a store, a backup or a data directory
      (archives, then the live file); names the first event that does not match (exit 1).
  hall staffing --arrivals-per-hour N --service-min M [--target-min T] [--level P] [--json] [--simulate]
      The counters a queue needs so that P (80 %) of citizens wait less than T (20) minutes,
      by Erlang C, with the predicted share; --simulate checks it on the engine (docs/staffing.md).
  hall central …
      The city's central service and its halls: run \`hall central help\` (docs/city.md).
  hall help
`;

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      data: { type: 'string' },
      driver: { type: 'string', multiple: true },
      speaker: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      tls: { type: 'string' },
    },
  });
  let tls: TlsSettings | undefined;
  if (values.tls !== undefined && values.tls !== 'self-signed') {
    console.error(`--tls takes "self-signed" (or give --cert FILE --key FILE)`);
    return 2;
  }
  if (!!values.cert !== !!values.key || (values.cert && values.tls)) {
    console.error('give --cert FILE and --key FILE together, or --tls self-signed');
    return 2;
  }
  if (values.cert && values.key) tls = { cert: resolve(values.cert), key: resolve(values.key) };
  else if (values.tls === 'self-signed') tls = { selfSigned: true };
  const log = commandLog();
  const configPath = values.config ?? process.env.HALL_CONFIG;
  const realHours = process.env.HALL_DEMO_HOURS === 'real';
  let config;
  let configSource: string;
  try {
    if (configPath) {
      config = loadHallConfigFile(resolve(configPath));
      const fingerprint = createHash('sha256').update(readFileSync(configPath));
      // A changed holiday file is a changed config too.
      if (config.calendar.file) fingerprint.update(readFileSync(calendarFilePath(resolve(configPath), config.calendar.file)));
      configSource = `file:${fingerprint.digest('hex')}`;
    } else {
      config = demoHallConfig({ realHours });
      configSource = `demo:${realHours ? 'real-hours' : 'always-open'}`;
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`not a port: ${values.port ?? process.env.PORT}`);
    return 2;
  }
  const dataDir = resolve(values.data ?? process.env.HALL_DATA ?? './data');
  try {
    const { driverModulesFromEnv, loadDriverFamilies } = await import('../../devices/families.js');
    await loadDriverFamilies([...driverModulesFromEnv(), ...(values.driver ?? [])]);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  // The data directory's lock first: a second hub on the same data must not touch the first one's
  // virtual devices (their pty links live there).
  let store: HallStore;
  try {
    store = new HallStore(openDatabase(dataDir));
  } catch (e) {
    if (e instanceof StoreError) {
      console.error(e.message);
      return 3;
    }
    throw e;
  }
  // Children of a run before that outlived it (socat of the virtual devices where setpriv was missing):
  // ended now that this hub holds the data directory, whether or not it runs virtual devices itself.
  const leftovers = endLeftovers(join(dataDir, 'virtual'));
  if (leftovers.length) log.warn({ pids: leftovers }, 'ended processes left running by the hub before');
  // The demo hall's virtual printer, LED screens, pads and keypads (HALL_VIRTUAL_DEVICES=off: none).
  let virtual: VirtualHall | undefined;
  if (config.demo && process.env.HALL_VIRTUAL_DEVICES !== 'off') {
    const base = Number(process.env.HALL_VIRTUAL_PORT_BASE ?? (port ? port + 100 : 0));
    virtual = await startVirtualHall({ ptyDir: join(dataDir, 'virtual'), tcpPortBase: Number.isInteger(base) && base > 0 && base < 65500 ? base : 0, log: log.child({ part: 'virtual' }) });
    const added = virtual.configDevices();
    config = validateHallConfig({ ...config, devices: [...config.devices, ...added] }, 'the demo hall with virtual devices');
    configSource += `:virtual:${createHash('sha256').update(JSON.stringify(added)).digest('hex').slice(0, 16)}`;
  }
  let hub;
  try {
    hub = await startHub({ config, configSource, dataDir, port, host: values.host ?? process.env.HOST ?? '0.0.0.0', log, store, ...(virtual ? { virtual } : {}), ...(tls ? { tls } : {}) });
  } catch (e) {
    if (e instanceof TlsConfigError) {
      console.error(e.message);
      await virtual?.close();
      return 2;
    }
    if (e instanceof StoreError) {
      console.error(e.message);
      return 3;
    }
    if (e instanceof EngineError && e.code === 'CONFIG_CONFLICT') {
      console.error(`the hall config cannot replace the stored one now: ${message(e.code, e.params, 'en')} ${JSON.stringify(e.params)}`);
      return 2;
    }
    if ((e as { code?: string }).code === 'EADDRINUSE') {
      console.error(`port ${port} is in use: set PORT or --port`);
      return 3;
    }
    await virtual?.close();
    throw e;
  }
  // A speaker on this PC announces the calls too (--speaker / HALL_SPEAKER; display-board/README.md).
  const { SpeakerPlayer, attachSpeaker, speakerFromEnv } = await import('../../display-board/voice/player.js');
  const speaker = speakerFromEnv(process.env, values.speaker);
  if (speaker) attachSpeaker((l) => hub.hall.subscribe(l), new SpeakerPlayer({ ...speaker.options, log: log.child({ part: 'speaker' }) }), speaker.zone);
  const lines = [
    '',
    `  ${config.hall.name.zh}  ${config.hall.name.en ?? ''}`,
    `  hub      ${hub.url}   (API ${hub.url}/api, OpenAPI ${hub.url}/api/openapi.json)`,
    `  data     ${dataDir}`,
  ];
  if (hub.tls) {
    lines.push(
      `  tls      ${hub.tls.selfSigned ? 'self-signed certificate' : 'certificate'} ${hub.tls.certPath} (until ${hub.tls.validTo})`,
      `  SHA-256  ${hub.tls.fingerprint256}`,
      '           终端首次连接时请核对此指纹 / check this fingerprint on each terminal (docs/security.md)',
    );
  }
  if (config.demo) {
    lines.push(
      `  hours    ${realHours ? 'weekdays 9:00–12:00, 13:30–17:00' : '演示大厅全天开放 open round the clock (HALL_DEMO_HOURS=real for office hours)'}`,
      '  demo credentials (work only in the demo hall):',
      `    staff    1001…1016, PIN ${DEMO_PIN}, staff 10NN at counter NN (1001 → counter 1)`,
      `    manager  ${DEMO_MANAGER.username} / ${DEMO_MANAGER.password}`,
      `    devices  ${DEMO_DEVICE_TOKENS.kiosk}, ${DEMO_DEVICE_TOKENS.display}, ${DEMO_DEVICE_TOKENS.pad}`,
    );
    if (virtual) {
      lines.push(`  virtual  ${virtual.running.length} virtual devices at ${hub.url}/virtual?token=${demoVirtualToken('board-hall')}, each with its own token` + (virtual.skipped.length ? ` (${virtual.skipped.length} not started: see the log)` : ''));
      for (const r of virtual.running) lines.push(`           ${r.plan.id.padEnd(11)} ${r.plan.kind.padEnd(7)} ${demoVirtualToken(r.plan.id).padEnd(26)} ${r.device.address}`);
    }
  }
  console.log(lines.join('\n') + '\n');
  return runUntilSignal(log, 'hub', () => hub.close().then(() => virtual?.close()));
}

/**
 * The demo hall as a real hall's first config: office hours, and fresh secrets instead of the demo's
 * well-known ones (listed once, in the header, for whoever sets the hall up).
 */
function demoConfigAsStartingPoint(): string {
  const input = demoHallInput({ realHours: true });
  const pin = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  const issued: string[] = [];
  input.staff = (input.staff ?? []).map((s) => {
    const p = pin();
    issued.push(`staff ${s.no} PIN ${p}`);
    return { ...s, pinHash: hashSecret(p) };
  });
  input.managers = (input.managers ?? []).map((m) => {
    const password = randomBytes(9).toString('base64url');
    issued.push(`manager ${m.username} password ${password}`);
    return { ...m, passwordHash: hashSecret(password) };
  });
  input.devices = (input.devices ?? []).map(({ token: _demo, ...d }) => {
    const token = randomBytes(24).toString('base64url');
    issued.push(`device ${d.id} token ${token}`);
    return { ...d, tokenSha256: sha256(token) };
  });
  const header = [
    '# A starting point made from the demo hall: edit it for your hall, check it with `hall check-config`.',
    '# Fresh secrets were made for it; give each to its owner, then delete these lines:',
    ...issued.map((line) => `#   ${line}`),
    '',
  ].join('\n');
  return header + stringify({ ...input, demo: false });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'check-config': {
      if (!rest[0]) {
        console.error('usage: hall check-config FILE');
        return 2;
      }
      try {
        const c = loadHallConfigFile(resolve(rest[0]));
        console.log(`ok: ${c.hall.name.zh}: ${c.services.length} services, ${c.counters.length} counters, ${c.staff.length} staff, ${c.devices.length} devices`);
        return 0;
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(e.message);
          return 2;
        }
        throw e;
      }
    }
    case 'demo-config':
      process.stdout.write(demoConfigAsStartingPoint());
      return 0;
    case 'hash-secret': {
      const { values, positionals } = parseArgs({ args: rest, options: { token: { type: 'boolean' } }, allowPositionals: true });
      if (positionals.length > 0) {
        console.error(`${ARGV_SECRET_REFUSED}\nusage: hall hash-secret [--token]   (then type the secret, or: hall hash-secret < FILE)`);
        return 2;
      }
      let secret: string;
      try {
        secret = await readSecret(values.token ? 'device token: ' : 'PIN or password (not shown): ');
      } catch {
        return 130;
      }
      if (!secret) {
        console.error('no secret given (empty line)');
        return 2;
      }
      console.log(values.token ? sha256(secret) : hashSecret(secret));
      return 0;
    }
    case 'devices': {
      const { devicesCommand } = await import('../../devices/cli.js');
      return devicesCommand(rest);
    }
    case 'print-test': {
      const { printTestCommand } = await import('../../ticket-printer/cli.js');
      return printTestCommand(rest);
    }
    case 'agent': {
      const { agentCommand } = await import('../../devices/agent-cli.js');
      return agentCommand(rest);
    }
    case 'pad-test': {
      const { padTestCommand } = await import('../../counter-pads/cli.js');
      return padTestCommand(rest);
    }
    case 'central': {
      const { centralCommand, CENTRAL_HELP } = await import('../../central/cli.js');
      if (rest[0] === 'help' || rest[0] === '--help') {
        console.log(CENTRAL_HELP);
        return 0;
      }
      return centralCommand(rest);
    }
    case 'board-test': {
      const { boardTestCommand } = await import('../../display-board/cli.js');
      return boardTestCommand(rest);
    }
    case 'backup': {
      const { backupCommand } = await import('./store-commands.js');
      return backupCommand(rest);
    }
    case 'restore': {
      const { restoreCommand } = await import('./store-commands.js');
      return restoreCommand(rest);
    }
    case 'verify': {
      const { verifyCommand } = await import('./store-commands.js');
      return verifyCommand(rest);
    }
    case 'staffing': {
      const { staffingCommand } = await import('../planning/cli.js');
      return staffingCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}
