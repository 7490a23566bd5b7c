// Least privilege, proven on a busy hall: fast-check drives random staff, kiosk, pad and keypad commands
// (tickets with appointment codes, calls, finishes, ratings with comments, transfers, holds, skips,
// cancels) while a socket of every device kind listens and every device reads its REST routes. Every
// ticket id, rating comment, appointment code and secret the run makes is collected; none may appear in
// anything a device received (hub/access/visibility.ts). The kiosk's answer to its own POST /api/tickets
// is the one exception: it carries the id the kiosk prints as the citizen's QR link.
// Agents are devices too: an agent listens on /agent (hub/device-supervision/supervisor.ts) hosting a hardware
// pad at counter 3, answers its commands, and rates the tickets its pad is prompted for with the
// screen key the prompt carried — the hub maps it back to the ticket.
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import type { HallConfig } from '../../hub/config/schema.js';
import { io as ioClient } from 'socket.io-client';
import { waitFor } from '../../devices/testing/wait.js';
import { AGENT_EVENTS, AGENT_NAMESPACE } from '../../devices/agent-protocol.js';
import { bookAppointment } from '../support/appointments.js';
import { next, removeDir, startTestHub, type TestHub } from '../support/hub.js';

const DEVICES = {
  kiosk: 'demo-kiosk',
  display: 'demo-display',
  pad: 'demo-pad',
  keypad: 'test-keypad-2-token',
  agent: 'test-agent-1-token',
} as const;

function config(): HallConfig {
  const c = demoHallConfig({ realHours: true });
  c.devices.push(
    { id: 'keypad-2', kind: 'keypad', name: '2号窗口呼叫器', zone: 'F1', counter: '2', token: DEVICES.keypad },
    { id: 'agent-1', kind: 'agent', name: '一楼工控机', zone: 'F1', token: DEVICES.agent },
    // A hardware pad on the agent's PC: the hub sends the agent the hall for it, and its prompts.
    { id: 'pad-agent-3', kind: 'pad', name: '3号窗口评价器', zone: 'F1', counter: '3', agent: 'agent-1', address: 'serial:/dev/ttyUSB0' },
  );
  return c;
}

const SERVICES = ['social-security', 'medical-insurance'] as const;
const COUNTERS = ['1', '2', '3'] as const;

const command = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('issue' as const), service: fc.constantFrom(...SERVICES), appointment: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constantFrom('call', 'start', 'finish', 'recall', 'skip', 'hold' as const), counter: fc.constantFrom(...COUNTERS) }), weight: 6 },
  { arbitrary: fc.record({ type: fc.constant('transfer' as const), counter: fc.constantFrom(...COUNTERS), to: fc.constantFrom(...SERVICES) }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('resume-held' as const), counter: fc.constantFrom(...COUNTERS) }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('cancel' as const) }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('rate' as const), score: fc.integer({ min: 1, max: 5 }), comment: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('agent-rate' as const), score: fc.integer({ min: 3, max: 5 }) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constantFrom('keypad-call', 'keypad-finish' as const) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('read' as const), device: fc.constantFrom<keyof typeof DEVICES>('kiosk', 'display', 'pad', 'keypad', 'agent') }), weight: 2 },
);

type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

describe('what devices see of a busy hall', () => {
  let hub: TestHub;
  let manager: string;
  const staff = new Map<string, string>();
  const sockets: Array<{ kind: string; socket: Socket; received: string[] }> = [];
  /** Everything a device read over REST. */
  const restReads: Array<{ what: string; body: string }> = [];
  /** What must never reach a device. */
  const ids = new Set<string>();
  const comments = new Set<string>();
  const codes = new Set<string>();
  let unique = 0;
  /** What the agent's socket heard on /agent, and the pad prompts among its commands. */
  let agentSocket: Socket;
  const agentReceived: string[] = [];
  const prompts: Array<{ counter: string; ref: string; number: string }> = [];
  let agentRatings = 0;

  beforeAll(async () => {
    hub = await startTestHub({ config: config() });
    manager = await hub.managerToken();
    for (const c of COUNTERS) staff.set(c, await hub.login(`100${c}`, c));
    for (const [kind, token] of Object.entries(DEVICES)) {
      const socket = hub.socket({ token });
      const received: string[] = [];
      socket.onAny((event: string, payload: unknown) => received.push(`${event} ${JSON.stringify(payload)}`));
      await next(socket, 'snapshot');
      sockets.push({ kind, socket, received });
    }
    agentSocket = ioClient(`${hub.url}${AGENT_NAMESPACE}`, { auth: { token: DEVICES.agent }, transports: ['websocket'], reconnection: false, forceNew: true });
    agentSocket.onAny((event: string, payload: unknown) => agentReceived.push(`${event} ${JSON.stringify(payload)}`));
    agentSocket.on(AGENT_EVENTS.command, (c: { deviceId: string; command: any }, ack: (r: unknown) => void) => {
      if (c.command.type === 'prompt') prompts.push(c.command);
      ack({ ok: true, result: { prompted: true } });
    });
    const devices = next(agentSocket, AGENT_EVENTS.devices);
    agentSocket.emit(AGENT_EVENTS.hello, { running: [], lastSeq: 0 });
    expect((await devices).devices.map((d: { id: string }) => d.id)).toEqual(['pad-agent-3']);
  });
  afterAll(async () => {
    agentSocket?.disconnect();
    await hub?.stop();
    if (hub) removeDir(hub.dataDir);
  });

  const record = (t: unknown) => {
    if (t && typeof t === 'object' && typeof (t as { id?: unknown }).id === 'string') ids.add((t as { id: string }).id);
  };
  const deviceRead = async (what: string, method: string, path: string, token: string, body?: unknown) => {
    const r = await hub.api(method, path, { token, ...(body !== undefined ? { body } : {}) });
    expect(r.status, `${what} ${JSON.stringify(r.body)}`).toBeLessThan(500);
    restReads.push({ what, body: JSON.stringify(r.body) });
    return r;
  };

  async function run(c: Command): Promise<void> {
    const n = ++unique;
    switch (c.type) {
      case 'issue': {
        const body: Record<string, unknown> = { serviceId: c.service };
        if (c.appointment) {
          body.priority = 'appointment';
          const code = `APPT${n}X${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
          codes.add(code);
          body.appointment = { code, slotAt: await bookAppointment(hub, manager, { code, service: c.service }) };
        }
        // The kiosk's own answer carries the id it prints: not scanned, only collected.
        const r = await hub.api('POST', '/api/tickets', { token: DEVICES.kiosk, body });
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        record(r.body);
        return;
      }
      case 'transfer':
      case 'call':
      case 'start':
      case 'finish':
      case 'recall':
      case 'skip':
      case 'hold':
      case 'resume-held': {
        let body: unknown = {};
        if (c.type === 'transfer') body = { toService: c.to };
        if (c.type === 'resume-held') {
          const held = (await hub.api('GET', `/api/counters/${c.counter}`, { token: staff.get(c.counter)! })).body.held as Array<{ id: string }>;
          if (!held?.length) return;
          body = { ticketId: held[0]!.id };
        }
        const r = await hub.api('POST', `/api/counters/${c.counter}/${c.type}`, { token: staff.get(c.counter)!, body });
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        record(r.body.ticket);
        return;
      }
      case 'cancel': {
        const waiting = (await hub.api('GET', '/api/counters/1', { token: staff.get('1')! })).body.waiting as Array<{ id: string }>;
        if (!waiting?.length) return;
        const r = await hub.api('POST', `/api/tickets/${waiting[waiting.length - 1]!.id}/cancel`, { token: staff.get('1')!, body: { reason: '群众离开' } });
        expect(r.status).toBeLessThan(500);
        return;
      }
      case 'rate': {
        // Counter 1 serves someone through, and its pad rates the ticket by the id staff know (the
        // pad's answer is scanned).
        const t1 = staff.get('1')!;
        const called = await hub.api('POST', '/api/counters/1/call', { token: t1, body: {} });
        if (called.status !== 200 || !called.body.ticket) return;
        record(called.body.ticket);
        await hub.api('POST', '/api/counters/1/start', { token: t1, body: {} });
        const finished = await hub.api('POST', '/api/counters/1/finish', { token: t1, body: {} });
        expect(finished.status, JSON.stringify(finished.body)).toBe(200);
        const body: Record<string, unknown> = { ticketId: called.body.ticket.id, score: c.score };
        if (c.score <= 2) body.reasons = ['attitude'];
        if (c.comment) {
          const comment = `意见${n}-${Math.random().toString(36).slice(2, 10)}`;
          comments.add(comment);
          body.comment = comment;
        }
        const r = await deviceRead('pad POST /api/ratings', 'POST', '/api/ratings', DEVICES.pad, body);
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return;
      }
      case 'agent-rate': {
        // Counter 3 serves someone through; its business system asks for a rating of that ticket (by id:
        // the test clock stands still, so "the last finished here" could be an earlier one); the agent's pad
        // is prompted with a screen key and the citizen's press comes back with it.
        const t3 = staff.get('3')!;
        const called = await hub.api('POST', '/api/counters/3/call', { token: t3, body: {} });
        if (called.status !== 200 || !called.body.ticket) return;
        const id = called.body.ticket.id as string;
        record(called.body.ticket);
        await hub.api('POST', '/api/counters/3/start', { token: t3, body: {} });
        expect((await hub.api('POST', '/api/counters/3/finish', { token: t3, body: {} })).status).toBe(200);
        const before = prompts.length;
        const asked = await hub.api('POST', '/api/ratings/requests', { token: t3, body: { ticketId: id, caseNo: `CASE-${n}` } });
        expect(asked.status, JSON.stringify(asked.body)).toBe(201);
        await waitFor(() => prompts.length > before, 'the prompt on the agent');
        const prompt = prompts[prompts.length - 1]!;
        expect(prompt).toMatchObject({ counter: '3', number: called.body.ticket.number, ref: expect.stringMatching(/^r[A-Za-z0-9_-]{22}$/) });
        const ack = await agentSocket.timeout(10_000).emitWithAck(AGENT_EVENTS.input, { deviceId: 'pad-agent-3', at: hub.hall.clock.now(), input: { type: 'rating', score: c.score, ref: prompt.ref } });
        expect(ack).toEqual({ ok: true });
        await waitFor(() => hub.hall.view.tickets.get(id)?.rating?.score === c.score, 'the pad rating recorded');
        expect(hub.hall.view.tickets.get(id)!.rating!.source).toBe('pad-hardware');
        agentRatings++;
        return;
      }
      case 'keypad-call':
      case 'keypad-finish':
        await deviceRead(`keypad ${c.type}`, 'POST', `/api/counters/2/${c.type === 'keypad-call' ? 'call' : 'finish'}`, DEVICES.keypad, {});
        return;
      case 'read': {
        const token = DEVICES[c.device];
        await deviceRead(`${c.device} GET /api/live`, 'GET', '/api/live', token);
        await deviceRead(`${c.device} GET /api/services`, 'GET', '/api/services', token);
        for (const k of COUNTERS) await deviceRead(`${c.device} GET /api/counters/${k}`, 'GET', `/api/counters/${k}`, token);
        const events = await deviceRead(`${c.device} GET /api/events`, 'GET', '/api/events?limit=5000', token);
        expect(events.status, 'the event log is for managers').toBe(403);
        return;
      }
    }
  }

  /** The agent hears a batch with a ticket.issued of a seq above every batch so far. */
  function waitForAgentIssued(): Promise<void> {
    const seen = agentReceived.length;
    return waitFor(() => agentReceived.slice(seen).some((r) => r.startsWith(`${AGENT_EVENTS.events} `) && r.includes('"type":"ticket.issued"')), 'the agent hearing the marker');
  }

  it('no device socket or device-readable route ever carries a ticket id, a rating comment, an appointment code or a secret', async () => {
    // A fixed opening makes the day busy whatever the random runs draw (they may draw few issues, no
    // comment or no agent rating): 24 tickets, some booked, a rating with a comment and one from the
    // agent's pad. The sanity checks below then hold by construction, not by luck.
    for (let i = 0; i < 24; i++) await run({ type: 'issue', service: SERVICES[i % SERVICES.length]!, appointment: i % 4 === 0 });
    await run({ type: 'rate', score: 2, comment: true });
    await run({ type: 'agent-rate', score: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 30, maxLength: 60 }), async (commands) => {
        for (const c of commands) await run(c);
      }),
      { numRuns: 4, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), endOnFailure: true } : {}) },
    );
    // Every device socket has heard everything by the time it hears a marker pushed after the run.
    const marker = [...sockets.map((s) => next(s.socket, 'ticket.issued')), waitForAgentIssued()];
    const last = await hub.api('POST', '/api/tickets', { token: DEVICES.kiosk, body: { serviceId: 'civil-affairs' } });
    expect(last.status).toBe(201);
    await Promise.all(marker);

    // Every ticket of the run, as the manager's log knows them (and its actors' secrets).
    const log = (await hub.api('GET', '/api/events?after=0&limit=5000', { token: manager })).body.events as any[];
    for (const e of log) if (e.ticket) ids.add(e.ticket.id);
    const secrets = new Set<string>([...Object.values(DEVICES), manager, ...staff.values()]);
    for (const s of hub.hall.config.staff) if (s.pinHash) secrets.add(s.pinHash);
    for (const m of hub.hall.config.managers) secrets.add(m.passwordHash);
    for (const key of ['pinHash', 'passwordHash', 'tokenSha256', '"token"']) secrets.add(key);

    // The run was busy: tickets with codes, comments, calls on the boards.
    expect(ids.size).toBeGreaterThan(20);
    expect(codes.size).toBeGreaterThan(0);
    expect(comments.size).toBeGreaterThan(0);
    expect(log.filter((e) => e.ticket?.appointment?.code).length, 'tickets really carried the codes').toBeGreaterThan(0);
    expect(log.filter((e) => e.ticket?.rating?.comment).length, 'ratings really carried the comments').toBeGreaterThan(0);
    for (const s of sockets) expect(s.received.filter((x) => x.startsWith('ticket.called ')).length, `${s.kind} heard the calls`).toBeGreaterThan(0);
    expect(agentReceived.filter((x) => x.startsWith(`${AGENT_EVENTS.events} `) && x.includes('"type":"ticket.called"')).length, 'the agent heard the calls').toBeGreaterThan(0);
    expect(agentRatings, 'the agent pad rated by screen key').toBeGreaterThan(0);

    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      for (const [what, set] of [['ticket id', ids], ['comment', comments], ['appointment code', codes], ['secret', secrets]] as const)
        for (const x of set) if (text.includes(x)) leaks.push(`${where}: ${what} ${x}`);
    };
    for (const s of sockets) for (const r of s.received) scan(`${s.kind} socket ${r.slice(0, r.indexOf(' '))}`, r);
    for (const r of agentReceived) scan(`/agent ${r.slice(0, r.indexOf(' '))}`, r);
    for (const r of restReads) scan(r.what, r.body);
    expect(leaks.slice(0, 20)).toEqual([]);
    // A generous bound, not a speed goal: four runs of up to 60 commands on a shared, loaded machine.
  }, 300_000);
});
