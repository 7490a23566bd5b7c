// The Link's rules, against a scripted device (the real BaseTransport state machine under a fake
// OS): order, the once-retry of the frame being written at a drop, never twice once handed over,
// the queue through offline spells, requests with timeouts and degraded health, the gap, backoff.
// The same rules over real sockets and ptys are in link.tcp.test.ts and link.serial.test.ts.
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { LinkError, TransportError } from './errors.js';
import { delimiterSplitter } from './framing.js';
import type { LinkHealth } from './link.js';
import { Link } from './link.js';
import { FakeDevice, FakeTransport } from './testing/fake-transport.js';
import { waitFor } from './testing/wait.js';

const FAST = { initialMs: 5, maxMs: 20, factor: 2, jitter: 0 };
const links: Link[] = [];
afterEach(async () => {
  await Promise.all(links.splice(0).map((l) => l.close()));
});

function link(device: FakeDevice, extra: Partial<ConstructorParameters<typeof Link>[0]> = {}): Link {
  const l = new Link({ transport: device.factory, name: 'test-link', reconnect: FAST, ...extra });
  links.push(l);
  return l.start();
}

const frames = (n: number, from = 1) => Array.from({ length: n }, (_, i) => Buffer.from(`F${from + i};`));
const text = (bs: Buffer[]) => bs.map(String);

describe('writing: whole frames, in order, once', () => {
  it('hands frames over in call order and counts them', async () => {
    const d = new FakeDevice();
    const l = link(d);
    await Promise.all(frames(5).map((f) => l.send(f)));
    expect(text(d.handedOver)).toEqual(['F1;', 'F2;', 'F3;', 'F4;', 'F5;']);
    expect(l.stats()).toMatchObject({ txFrames: 5, txBytes: 15, writeRetries: 0, reconnects: 0, errors: 0, queued: 0, inFlight: false, connected: true });
  });

  it('writes the frame that was being written at a drop again, first, after the reconnect — once', async () => {
    const d = new FakeDevice();
    const l = link(d);
    await l.whenOnline();
    d.script.push('ok', 'unplug'); // F1 handed over; the device goes away during F2
    setTimeout(() => d.plug(), 30);
    d.plugged = true;
    const sent = Promise.all(frames(4).map((f) => l.send(f)));
    await waitFor(() => d.opens >= 2, 'a reconnect');
    await sent;
    expect(text(d.handedOver)).toEqual(['F1;', 'F2;', 'F3;', 'F4;']);
    expect(text(d.attempts)).toEqual(['F1;', 'F2;', 'F2;', 'F3;', 'F4;']);
    expect(l.stats()).toMatchObject({ writeRetries: 1, reconnects: 1, txFrames: 4 });
    expect(l.stats().errors).toBeGreaterThanOrEqual(1);
  });

  it('never writes again a frame the OS took before the drop', async () => {
    const d = new FakeDevice();
    const l = link(d);
    await l.whenOnline();
    await l.send(Buffer.from('A'));
    d.unplug();
    await waitFor(() => l.health.state === 'offline', 'offline');
    const b = l.send(Buffer.from('B'));
    d.plug();
    await b;
    expect(text(d.attempts)).toEqual(['A', 'B']);
  });

  it('gives up on a frame after its second failed write, and goes on with the next', async () => {
    const d = new FakeDevice();
    const l = link(d);
    await l.whenOnline();
    d.script.push('fail', 'fail');
    const bad = l.send(Buffer.from('BAD'));
    const good = l.send(Buffer.from('GOOD'));
    await expect(bad).rejects.toMatchObject({ code: 'WRITE_FAILED', name: 'LinkError' });
    await good;
    expect(text(d.attempts)).toEqual(['BAD', 'BAD', 'GOOD']);
    expect(text(d.handedOver)).toEqual(['GOOD']);
    expect(l.stats().reconnects).toBe(2);
  });

  it('a write stuck in the OS when the device goes away fails and is retried', async () => {
    const d = new FakeDevice();
    const l = link(d);
    await l.whenOnline();
    d.script.push('hang');
    const p = l.send(Buffer.from('STUCK'));
    await waitFor(() => l.stats().inFlight, 'the write in flight');
    d.unplug();
    d.plug();
    await p;
    expect(text(d.attempts)).toEqual(['STUCK', 'STUCK']);
    expect(text(d.handedOver)).toEqual(['STUCK']);
  });

  it('keeps the queue through an offline spell and delivers it in order once back', async () => {
    const d = new FakeDevice();
    d.plugged = false;
    const l = link(d);
    const sent = Promise.all(frames(3).map((f) => l.send(f)));
    await waitFor(() => d.opens >= 3, 'failed open attempts');
    expect(l.health.state).toBe('offline');
    expect(String(l.health.reason?.params?.detail)).toMatch(/unplugged/);
    expect(l.stats().queued).toBe(3);
    d.plug();
    await sent;
    expect(text(d.handedOver)).toEqual(['F1;', 'F2;', 'F3;']);
    expect(l.stats().reconnects).toBe(0); // the first successful open is no reconnect
  });

  it('refuses frames past maxQueue and gives up on a queued frame after its queueTimeoutMs', async () => {
    const d = new FakeDevice();
    d.plugged = false;
    const l = link(d, { maxQueue: 2 });
    const a = l.send(Buffer.from('a'), { queueTimeoutMs: 30 });
    const b = l.send(Buffer.from('b'));
    await expect(l.send(Buffer.from('c'))).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    await expect(a).rejects.toMatchObject({ code: 'TIMEOUT' });
    d.plug();
    await b;
    expect(text(d.handedOver)).toEqual(['b']);
  });

  it('close() rejects what waits with CLOSED and stops reconnecting', async () => {
    const d = new FakeDevice();
    d.plugged = false;
    const l = link(d);
    const p = l.send(Buffer.from('x'));
    await waitFor(() => d.opens >= 1, 'an open attempt');
    await l.close();
    await expect(p).rejects.toMatchObject({ code: 'CLOSED' });
    const opens = d.opens;
    // A witness instead of a sleep: a second link to an unplugged device, with the same backoff, tries
    // twice more; by then the closed one would have retried too, had close() left its timer running.
    const w = new FakeDevice();
    w.plugged = false;
    const witness = link(w);
    void witness.send(Buffer.from('w')).catch(() => undefined);
    await waitFor(() => w.opens >= 3, "the witness's retries");
    expect(d.opens).toBe(opens);
    await expect(l.send(Buffer.from('y'))).rejects.toBeInstanceOf(LinkError);
    expect(l.health).toMatchObject({ state: 'offline', reason: { code: 'CLOSED' } });
  });
});

describe('inter-frame gap', () => {
  it('leaves at least the gap between two frames (no upper bound asserted)', async () => {
    const d = new FakeDevice();
    const times: number[] = [];
    d.onHandedOver = () => times.push(performance.now());
    const l = link(d, { interFrameGapMs: 15 });
    await Promise.all(frames(5).map((f) => l.send(f)));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(15);
  });
});

describe('requests and answers', () => {
  const parser = delimiterSplitter('\n');

  it('matches the answer among split chunks and unsolicited frames', async () => {
    const d = new FakeDevice();
    d.onHandedOver = (bytes, t: FakeTransport) => {
      if (String(bytes) === 'STATUS?\n') {
        setTimeout(() => {
          t.deliver(Buffer.from('EVENT key=3\nSTA'));
          t.deliver(Buffer.from('TUS paper=ok\n'));
        }, 5);
      }
    };
    const l = link(d, { parser });
    const unsolicited: string[] = [];
    l.on('frame', (f) => unsolicited.push(String(f)));
    const answer = await l.request(Buffer.from('STATUS?\n'), { match: (f) => f.toString().startsWith('STATUS'), timeoutMs: 500 });
    expect(String(answer)).toBe('STATUS paper=ok');
    expect(unsolicited).toEqual(['EVENT key=3']);
    expect(l.stats()).toMatchObject({ rxFrames: 2, rxBytes: 28, timeouts: 0 });
  });

  it('holds the queue while an exclusive request waits for its answer', async () => {
    const d = new FakeDevice();
    const l = link(d, { parser });
    await l.whenOnline();
    const req = l.request(Buffer.from('Q\n'), { match: (f) => String(f) === 'A', timeoutMs: 1000 });
    const after = l.send(Buffer.from('NEXT\n'));
    await waitFor(() => d.handedOver.length === 1, 'the request written');
    // NEXT waits for the answer: a reply that does not match leaves the request waiting, and by the time
    // the link has read it (a frame counted) NEXT would have gone out, were the queue not held.
    d.reply('NOISE\n');
    await waitFor(() => l.stats().rxFrames === 1, 'the unmatched reply read');
    expect(text(d.handedOver)).toEqual(['Q\n']);
    expect(l.stats()).toMatchObject({ queued: 1 });
    d.reply('A\n');
    await req;
    await after;
    expect(text(d.handedOver)).toEqual(['Q\n', 'NEXT\n']);
  });

  it('counts timeouts, turns degraded after N in a row, and online again after an answer', async () => {
    const d = new FakeDevice();
    const l = link(d, { parser, degradeAfterTimeouts: 3 });
    const changes: Array<[LinkHealth['state'], LinkHealth['reason']]> = [];
    l.on('health', (h) => changes.push([h.state, h.reason]));
    await l.whenOnline();
    for (let i = 0; i < 3; i++) {
      const err = await l.request(Buffer.from(`Q${i}\n`), { match: () => true, timeoutMs: 20 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LinkError);
      expect(err).toMatchObject({ code: 'TIMEOUT' });
    }
    expect(l.stats().timeouts).toBe(3);
    expect(l.health).toMatchObject({ state: 'degraded', reason: { code: 'NO_ANSWER', params: { count: 3 } } });
    d.onHandedOver = (_b, t) => setTimeout(() => t.deliver(Buffer.from('OK\n')), 2);
    await l.request(Buffer.from('Q3\n'), { match: (f) => String(f) === 'OK', timeoutMs: 500 });
    expect(l.health.state).toBe('online');
    expect(changes).toEqual([
      ['online', undefined],
      ['degraded', { code: 'NO_ANSWER', params: { count: 3 } }],
      ['online', undefined],
    ]);
    // A timed-out request is never written again.
    expect(text(d.attempts)).toEqual(['Q0\n', 'Q1\n', 'Q2\n', 'Q3\n']);
  });

  it('a request waiting for its answer when the link drops fails with DISCONNECTED and is not rewritten', async () => {
    const d = new FakeDevice();
    const l = link(d, { parser });
    await l.whenOnline();
    const req = l.request(Buffer.from('Q\n'), { match: () => true, timeoutMs: 5000 });
    await waitFor(() => d.handedOver.length === 1, 'the request written');
    d.unplug();
    await expect(req).rejects.toMatchObject({ code: 'DISCONNECTED' });
    d.plug();
    await l.send(Buffer.from('NEXT\n'));
    expect(text(d.attempts)).toEqual(['Q\n', 'NEXT\n']);
  });
});

describe('health and counters', () => {
  it('goes offline → online → offline → online with reasons and change events, counting reconnects', async () => {
    const d = new FakeDevice();
    const seen: Array<[string, string]> = [];
    const l = new Link({ transport: d.factory, reconnect: FAST });
    links.push(l);
    l.on('health', (h, prev) => seen.push([prev.state, h.state]));
    const faults: TransportError[] = [];
    l.on('fault', (e) => faults.push(e));
    expect(l.health).toMatchObject({ state: 'offline', reason: { code: 'CONNECTING' } });
    l.start();
    await l.whenOnline();
    d.unplug();
    await waitFor(() => l.health.state === 'offline', 'offline');
    expect(String(l.health.reason?.params?.detail)).toMatch(/unplugged/);
    d.plug();
    await waitFor(() => l.health.state === 'online', 'online again');
    expect(seen).toEqual([
      ['offline', 'online'],
      ['online', 'offline'],
      ['offline', 'online'],
    ]);
    const s = l.stats();
    expect(s.reconnects).toBe(1);
    expect(s.errors).toBeGreaterThanOrEqual(1);
    expect(s.lastError).toMatchObject({ code: expect.stringMatching(/DISCONNECTED|NOT_FOUND/) });
    expect(s.since).toBeLessThanOrEqual(Date.now());
    expect(faults.every((f) => f instanceof TransportError)).toBe(true);
  });

  it('turns degraded while a write is stuck longer than stallAfterMs, and back when it goes through', async () => {
    const d = new FakeDevice();
    const l = link(d, { stallAfterMs: 20 });
    await l.whenOnline();
    d.script.push('hang');
    const p = l.send(Buffer.from('slow'));
    await waitFor(() => l.health.state === 'degraded', 'degraded');
    expect(l.health.reason).toEqual({ code: 'WRITE_STALLED', params: { ms: 20 } });
    d.current!.release();
    await p;
    expect(l.health.state).toBe('online');
  });
});

describe('backoff', () => {
  it('grows by the factor, is capped, and jitters within ±jitter', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, o, () => 0.5))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(1, o, () => 0)).toBe(160);
    expect(backoffDelay(1, o, () => 0.999999)).toBe(240);
    expect(backoffDelay(20, o, () => 0.999999)).toBe(1000); // never over the cap
    for (let i = 0; i < 200; i++) {
      const v = backoffDelay(2, DEFAULT_BACKOFF);
      expect(v).toBeGreaterThanOrEqual(800);
      expect(v).toBeLessThanOrEqual(1200);
    }
  });

  it('spaces reconnect attempts out while the device stays away', async () => {
    const d = new FakeDevice();
    d.plugged = false;
    const times: number[] = [];
    const origFactory = d.factory;
    const l = new Link({ transport: () => (times.push(performance.now()), origFactory()), reconnect: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0 } });
    links.push(l);
    l.start();
    await waitFor(() => times.length >= 5, 'five attempts');
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[2]).toBeGreaterThanOrEqual(39);
    expect(gaps[3]).toBeGreaterThanOrEqual(39); // capped
  });
});

describe('the transport contract (BaseTransport)', () => {
  it('opens once, refuses writes when not open, closes once, and never throws an unheard error', async () => {
    const d = new FakeDevice();
    const t = d.factory();
    await expect(t.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_OPEN' });
    await t.open();
    await expect(t.open()).rejects.toMatchObject({ code: 'OPEN_FAILED' });
    const closes: unknown[] = [];
    t.on('close', (info) => closes.push(info));
    d.unplug(); // 'error' has no listener: must not throw
    await waitFor(() => closes.length === 1, 'close');
    expect(closes[0]).toMatchObject({ requested: false, error: { code: 'DISCONNECTED' } });
    await t.close();
    expect(closes).toHaveLength(1);
    await expect(t.write(Buffer.from('x'))).rejects.toMatchObject({ code: 'NOT_OPEN' });
  });

  it('settles a pending write before it emits close', async () => {
    const d = new FakeDevice();
    const t = d.factory();
    await t.open();
    d.script.push('hang');
    const order: string[] = [];
    const w = t.write(Buffer.from('x')).catch((e: TransportError) => order.push(`write ${e.code}`));
    t.on('close', () => order.push('close'));
    await t.close();
    await w;
    expect(order).toEqual(['write DISCONNECTED', 'close']);
  });
});
