// One hall, one hub: a second `hall start` on a data directory in use is refused (exit 3) without
// disturbing the first; once the first dies, even by kill -9, the OS has dropped its lock and a new
// hub starts on the same data.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DEVICE_TOKENS } from '../../hub/config/demo-hall.js';
import { DB_FILE } from '../../hub/store/database.js';
import { http, runHallStart, startChildHub } from '../support/child-hub.js';
import { useChildrenPerTest } from '../support/hub.js';

const children = useChildrenPerTest();

describe('the store lock (child processes)', () => {
  it('refuses a second hub on the same data directory, and lets one start after the first is killed', async () => {
    const dir = children.dir('hall-lock-');
    const other = children.dir('hall-lock-other-');
    const first = await startChildHub({ dataDir: dir });
    const issued = await http(first.url, 'POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId: 'household' } });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe('C001');

    const second = await runHallStart({ dataDir: dir });
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(join(dir, DB_FILE));
    expect(second.stderr).toMatch(/in use by another hub/);
    expect(second.stdout).not.toMatch(/^\s+hub\s+http/m);

    // The same port on another data directory is refused with exit 3 as well, naming the port.
    const samePort = await runHallStart({ dataDir: other, port: first.port });
    expect(samePort.code).toBe(3);
    expect(samePort.stderr).toContain(`port ${first.port} is in use`);

    // The refused starts did not disturb the running hub.
    expect(first.proc.exitCode).toBeNull();
    const health = await http(first.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    const again = await http(first.url, 'POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId: 'household' } });
    expect(again.body.number).toBe('C002');

    const exit = await first.kill9();
    expect(exit.signal).toBe('SIGKILL');

    const third = await startChildHub({ dataDir: dir });
    const ticket = await http(third.url, 'GET', `/api/tickets/${issued.body.id}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body.number).toBe('C001');
    const next = await http(third.url, 'POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId: 'household' } });
    expect(next.status).toBe(201);
    expect(next.body.number).toBe('C003');

    // And the new hub holds the lock in its turn.
    const fourth = await runHallStart({ dataDir: dir });
    expect(fourth.code).toBe(3);
    expect(fourth.stderr).toMatch(/in use by another hub/);
  });
});
