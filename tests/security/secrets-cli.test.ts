// Secrets never on the command line: `hall hash-secret` takes the secret from stdin
// (or a prompt), refuses it as an argument; `hall agent` refuses --token and takes its token from
// --token-file, HALL_AGENT_TOKEN or stdin — and then really connects to the hub with it.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../devices/testing/wait.js';
import { verifySecret, sha256 } from '../../hub/auth/secrets.js';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { REPO_ROOT, runHall } from '../support/child-hub.js';
import { removeDir, startTestHub, tempDir, useChildrenPerTest, type TestHub } from '../support/hub.js';

useChildrenPerTest();

// A `hall` process takes seconds to start on a loaded machine: caps, not speed goals.
const SLOW = { timeoutMs: 60_000 };
vi.setConfig({ testTimeout: 90_000 });

describe('hall hash-secret', () => {
  it('refuses a secret given as an argument, and says why', async () => {
    const r = await runHall(['hash-secret', '4821'], SLOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not taken on the command line');
    expect(r.stderr).toContain('shell history');
    expect(r.stdout).toBe('');
  });

  // Each starts a `hall` process: slow on a loaded machine, hence one process per test.
  it('hashes a PIN piped on stdin (its first line)', async () => {
    const pin = await runHall(['hash-secret'], { ...SLOW, input: '4821\nignored second line\n' });
    expect(pin.code).toBe(0);
    const hash = pin.stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    expect(verifySecret('4821', hash)).toBe(true);
  });
  it('hashes a device token piped on stdin with --token', async () => {
    const token = await runHall(['hash-secret', '--token'], { ...SLOW, input: 'a-long-device-token-1234567890\n' });
    expect(token.stdout.trim()).toBe(sha256('a-long-device-token-1234567890'));
  });
  it('refuses an empty secret', async () => {
    const empty = await runHall(['hash-secret'], { ...SLOW, input: '\n' });
    expect(empty.code).toBe(2);
  });
});

describe('hall agent', () => {
  const TOKEN = 'agent-token-for-the-secrets-test-0123456789';
  let hub: TestHub;
  let dir: string;
  beforeAll(async () => {
    const config = demoHallConfig({ realHours: true });
    config.devices.push({ id: 'pc-9', kind: 'agent', zone: 'F1', counter: '9', token: TOKEN });
    hub = await startTestHub({ config });
    dir = tempDir('hall-agent-token-');
  });
  afterAll(async () => {
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
    if (dir) removeDir(dir);
  });

  it('refuses --token, and says why', async () => {
    const r = await runHall(['agent', '--hub', hub.url, '--token', TOKEN], SLOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token is refused');
    expect(r.stderr).toContain('shell history');
  });

  const connects = async (args: string[], env: Record<string, string>, stdin?: string) => {
    const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'hall.mjs'), 'agent', '--hub', hub.url, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, HALL_LOG_LEVEL: 'warn', ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) proc.stdin!.end(stdin);
    try {
      await waitFor(() => hub.devices.connectedAgents.includes('pc-9'), 'the agent connected with its token', 20_000);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('close', r));
    }
    await waitFor(() => !hub.devices.connectedAgents.includes('pc-9'), 'the agent gone');
  };

  it('takes the token from --token-file', async () => {
    const file = join(dir, 'agent.token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    await connects(['--token-file', file], {});
  });

  it('from HALL_AGENT_TOKEN', async () => {
    await connects([], { HALL_AGENT_TOKEN: TOKEN });
  });

  it('from stdin', async () => {
    await connects([], {}, `${TOKEN}\n`);
  });
});
