// A hall's own config file: `hall start --config` runs it, a broken file is refused (exit 2) with the
// path of every problem (and `hall check-config` says the same), and a file changed between restarts
// replaces the stored config while the tickets stay.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, sha256 } from '../../hub/auth/secrets.js';
import { DEMO_DEVICE_TOKENS, DEMO_MANAGER } from '../../hub/config/demo-hall.js';
import { allEvents, http, killChildren, runHall, runHallStart, startChildHub, type ChildHub } from '../support/child-hub.js';
import { removeDir, tempDir, useChildrenPerTest } from '../support/hub.js';

const KIOSK_TOKEN = 'kiosk-token-of-our-own-0001';
const MANAGER = { username: 'boss', password: 'a-manager-password' };

let work: string;
let base: any;

beforeAll(async () => {
  work = tempDir('hall-config-');
  // The demo hall as a starting point, as the README suggests: `hall demo-config > hall.yaml`, then edit.
  const demo = await runHall(['demo-config']);
  expect(demo.code).toBe(0);
  base = parse(demo.stdout);
  expect(base.demo).toBe(false);
  // Our own hall: its name, round-the-clock hours (so the test can issue tickets whenever it runs), its
  // own device tokens, manager and PINs (the demo ones are refused outside the demo).
  base.hall.id = 'test-hall';
  base.hall.name = { zh: '测试政务服务中心', en: 'Test Service Centre' };
  base.hours = { days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00', lunch: null, stopIssuingBeforeCloseMin: 0 };
  base.devices = [
    { id: 'kiosk-1', kind: 'kiosk', zone: 'F1', tokenSha256: sha256(KIOSK_TOKEN) },
    { id: 'display-1', kind: 'display', token: 'display-token-of-our-own-0001' },
  ];
  base.managers = [{ username: MANAGER.username, name: '主任', passwordHash: hashSecret(MANAGER.password) }];
  const pinHash = hashSecret('864209');
  for (const s of base.staff) s.pinHash = pinHash;
});

useChildrenPerTest();

afterAll(() => {
  if (work) removeDir(work);
});

function writeConfig(name: string, edit: (c: any) => void = () => {}): string {
  const c = structuredClone(base);
  edit(c);
  const file = join(work, name);
  writeFileSync(file, stringify(c));
  return file;
}

async function managerToken(hub: ChildHub): Promise<string> {
  const r = await http(hub.url, 'POST', '/api/sessions', { body: MANAGER });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.token;
}

/** The "  - path: message" lines of a ConfigError. */
function problems(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4))
    .sort();
}

describe('hall start --config (child processes)', () => {
  it('runs a valid YAML config: its name, its own credentials, not the demo ones', async () => {
    const file = writeConfig('valid.yaml');
    const check = await runHall(['check-config', file]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`^ok: 测试政务服务中心: ${base.services.length} services, ${base.counters.length} counters, ${base.staff.length} staff, 2 devices`));

    const dir = tempDir('hall-config-data-');
    try {
      const hub = await startChildHub({ dataDir: dir, config: file });
      expect(hub.stdout()).toContain('测试政务服务中心');
      expect(hub.stdout()).not.toContain('demo credentials');
      const health = await http(hub.url, 'GET', '/api/health');
      expect(health.body).toMatchObject({ status: 'ok', hall: 'test-hall', demo: false });

      const manager = await managerToken(hub);
      const demoManager = await http(hub.url, 'POST', '/api/sessions', { body: { username: DEMO_MANAGER.username, password: DEMO_MANAGER.password } });
      expect(demoManager.status).toBe(401);
      expect((await http(hub.url, 'POST', '/api/tickets', { token: DEMO_DEVICE_TOKENS.kiosk, body: { serviceId: 'tax' } })).status).toBe(401);
      const ticket = await http(hub.url, 'POST', '/api/tickets', { token: KIOSK_TOKEN, body: { serviceId: 'tax' } });
      expect(ticket.status).toBe(201);
      expect(ticket.body.number).toBe('H001');
      const staff = await http(hub.url, 'POST', '/api/sessions', { body: { staffNo: '1009', pin: '864209', counter: '9' } });
      expect(staff.status).toBe(201);

      const config = await http(hub.url, 'GET', '/api/config', { token: manager });
      expect(config.body.hall).toMatchObject({ id: 'test-hall', name: { zh: '测试政务服务中心' } });
      const { events } = await allEvents(hub.url, manager);
      expect(events.filter((e) => e.type === 'config.changed').map((e) => e.source)).toEqual(['file']);
    } finally {
      await killChildren();
      removeDir(dir);
    }
  });

  it('refuses a broken config with exit 2 and the path of each problem; check-config agrees', async () => {
    const file = writeConfig('broken.yaml', (c) => {
      c.services[0].zone = 'F9'; // unknown zone
      c.services[1].prefix = 'A'; // the prefix of services[0]
      c.hours.open = '9am'; // not HH:MM
    });
    const dir = tempDir('hall-config-data-');
    try {
      const start = await runHallStart({ dataDir: dir, config: file });
      expect(start.code).toBe(2);
      expect(start.stdout).not.toMatch(/^\s+hub\s+http/m);
      expect(start.stderr).toContain(file);
      const found = problems(start.stderr);
      // One line per problem, each starting with where it is in the file.
      expect(found).toContainEqual(expect.stringMatching(/^services\.0\.zone: .*"F9"/));
      expect(found).toContainEqual(expect.stringMatching(/^services\.1(\.prefix)?: .*"A"/));
      expect(found).toContainEqual(expect.stringMatching(/^hours\.open: .*HH:MM/));

      const check = await runHall(['check-config', file]);
      expect(check.code).toBe(2);
      expect(check.stderr).toContain(file);
      expect(problems(check.stderr)).toEqual(found);

      // A file that is not YAML at all, and one that does not exist: exit 2 as well.
      const garbage = join(work, 'garbage.yaml');
      writeFileSync(garbage, 'hall: [unclosed\n  services: {');
      const g = await runHallStart({ dataDir: dir, config: garbage });
      expect(g.code).toBe(2);
      expect(g.stderr).toContain(`hall config ${garbage} is not valid YAML`);
      const missing = await runHall(['check-config', join(work, 'missing.yaml')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read hall config');
    } finally {
      removeDir(dir);
    }
  });

  it('replaces the stored config when the file changed between restarts, keeps the tickets, and not otherwise', async () => {
    const file = join(work, 'hall.yaml');
    writeConfig('hall.yaml');
    const dir = tempDir('hall-config-data-');
    try {
      let hub = await startChildHub({ dataDir: dir, config: file });
      let manager = await managerToken(hub);
      const a1 = await http(hub.url, 'POST', '/api/tickets', { token: KIOSK_TOKEN, body: { serviceId: 'social-security' } });
      expect(a1.status).toBe(201);
      expect(a1.body.number).toBe('A001');
      const first = await allEvents(hub.url, manager);
      expect(first.events.filter((e) => e.type === 'config.changed')).toHaveLength(1);
      expect((await hub.stop()).code).toBe(0);

      // A broken edit does not start the hub and changes nothing.
      writeConfig('hall.yaml', (c) => (c.services[0].zone = 'F9'));
      const refused = await runHallStart({ dataDir: dir, config: file });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('services.0.zone');
      // Nor does a valid file that would strand A001 (its service removed): exit 2, the stored config stays.
      writeConfig('hall.yaml', (c) => {
        c.services = c.services.filter((s: any) => s.id !== 'social-security');
        for (const k of c.counters) {
          k.services = k.services.filter((s: any) => s.service !== 'social-security');
          if (k.services.length === 0) k.services = [{ service: 'medical-insurance', rank: 1 }];
        }
      });
      expect((await runHall(['check-config', file])).code).toBe(0);
      const conflict = await runHallStart({ dataDir: dir, config: file });
      expect(conflict.code).toBe(2);
      expect(conflict.stderr).toContain('social-security');

      // The hall is renamed and a service gets a new name and typical time; this start goes through HALL_CONFIG and HALL_DATA.
      writeConfig('hall.yaml', (c) => {
        c.hall.name = { zh: '改名后的中心', en: 'Renamed Centre' };
        c.services[0].name = { zh: '社保综合业务', en: 'Social security (all)' };
        c.services[0].typicalServiceMin = 4;
      });
      hub = await startChildHub({ dataDir: dir, config: file, viaEnv: true });
      expect(hub.stdout()).toContain('改名后的中心');
      manager = await managerToken(hub);
      const config = await http(hub.url, 'GET', '/api/config', { token: manager });
      expect(config.body.hall.name.zh).toBe('改名后的中心');
      expect(config.body.services[0]).toMatchObject({ id: 'social-security', typicalServiceMin: 4, name: { zh: '社保综合业务' } });
      const second = await allEvents(hub.url, manager);
      const changes = second.events.filter((e) => e.type === 'config.changed');
      expect(changes.map((e) => e.source)).toEqual(['file', 'file']);
      expect(changes[1].seq).toBeGreaterThan(first.lastSeq);
      expect(second.events.map((e) => e.seq)).toEqual(second.events.map((_, i) => i + 1));
      // The ticket is still there, now shown with the service's new name; the numbering goes on.
      const t = await http(hub.url, 'GET', `/api/tickets/${a1.body.id}`);
      expect(t.status).toBe(200);
      expect(t.body).toMatchObject({ number: 'A001', state: 'waiting', serviceName: { zh: '社保综合业务' } });
      const a2 = await http(hub.url, 'POST', '/api/tickets', { token: KIOSK_TOKEN, body: { serviceId: 'social-security' } });
      expect(a2.body.number).toBe('A002');
      const beforeSameRestart = await allEvents(hub.url, manager);
      expect((await hub.stop()).code).toBe(0);

      // Same file again (rewritten byte for byte): no new config.changed, nothing added to the log.
      writeConfig('hall.yaml', (c) => {
        c.hall.name = { zh: '改名后的中心', en: 'Renamed Centre' };
        c.services[0].name = { zh: '社保综合业务', en: 'Social security (all)' };
        c.services[0].typicalServiceMin = 4;
      });
      hub = await startChildHub({ dataDir: dir, config: file });
      const third = await allEvents(hub.url, manager);
      expect(third.lastSeq).toBe(beforeSameRestart.lastSeq);
      expect(third.events.filter((e) => e.type === 'config.changed')).toHaveLength(2);
      expect((await http(hub.url, 'GET', '/api/config', { token: manager })).body.hall.name.zh).toBe('改名后的中心');
      expect((await http(hub.url, 'GET', `/api/tickets/${a2.body.id}`)).body.number).toBe('A002');
    } finally {
      await killChildren();
      removeDir(dir);
    }
  }, 90_000); // four child hubs one after another: the limit bounds a hang, it asserts no speed
});
