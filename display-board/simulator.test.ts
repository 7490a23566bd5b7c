// The virtual LED bus on its own, over a real TCP socket: it answers a good BX frame from the screen's
// address, counts a frame with a bad CRC without showing it, stays silent for an address not on its
// bus, shows each unit's text and colour in view(), and refuses unknown controls.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../devices/testing/wait.js';
import { bx5Codec } from './codecs/onbon-bx.js';
import { decodeStream, type DecodedFrame } from './codecs/types.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

let sim: BoardSimulator | null = null;
let socket: Socket | null = null;
afterEach(async () => {
  socket?.destroy();
  await sim?.close();
  sim = null;
});

async function open(s: BoardSimulator): Promise<{ socket: Socket; answers: DecodedFrame[] }> {
  const port = Number(/:(\d+)\?/.exec(s.address)![1]);
  const sock = connect(port, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const answers: DecodedFrame[] = [];
  let rest: Buffer = Buffer.alloc(0);
  sock.on('data', (c: Buffer) => {
    const r = decodeStream(s.codec, Buffer.concat([rest, c]));
    rest = r.rest;
    answers.push(...r.frames);
  });
  socket = sock;
  return { socket: sock, answers };
}

describe('virtual LED bus', () => {
  it('BX: answers good frames, counts bad ones, ignores other addresses', async () => {
    sim = await startBoardSimulator({ codec: bx5Codec, transport: 'tcp', units: [{ unit: 3, counter: '3' }, { unit: 4, counter: null }] });
    expect(sim.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+\?family=onbon-bx$/);
    const { socket: s, answers } = await open(sim);
    const good = bx5Codec.encode(3, { lines: [{ text: 'A001 请到3号窗口', color: 'amber', effect: 'flash', speed: 8 }] });
    const bad = Buffer.from(bx5Codec.encode(4, { lines: [{ text: '坏帧' }] }));
    bad[bad.length - 3]! ^= 0xff; // a CRC byte
    const elsewhere = bx5Codec.encode(9, { lines: [{ text: '没有这块屏' }] });
    // One write, split by the socket however it likes: the simulator's splitter copes.
    s.write(Buffer.concat([bad, good, elsewhere]));
    await waitFor(() => sim!.counts.good + sim!.counts.bad >= 3, 'three frames read');
    expect(sim.counts).toMatchObject({ good: 2, bad: 1, acks: 1 });
    await waitFor(() => answers.length === 1, 'one answer');
    expect(answers[0]).toMatchObject({ kind: 'ack', src: 3, dst: 0x8000, status: 0 });
    const view = sim.view();
    expect(view.units).toEqual([
      { unit: 3, counter: '3', text: ['A001 请到3号窗口'], color: 'amber' },
      { unit: 4, counter: null, text: [] },
    ]);
    expect(view.counters).toMatchObject({ good: 2, bad: 1 });
    expect(() => sim!.control!('explode', 3)).toThrow(/unknown control/);
    expect(() => sim!.control!('power-off', 77)).toThrow(/no screen/);
    await sim.control!('power-off', 3);
    expect(sim.view().status).toMatchObject({ 'screen 3': 'off' });
    expect(sim.view().units?.[0]?.text).toEqual([]);
  });

  it('window screen: never answers; address 0 reaches every screen', async () => {
    sim = await startBoardSimulator({ codec: windowScreenCodec, transport: 'tcp', units: [{ unit: 11, counter: '11' }, { unit: 12, counter: '12' }] });
    const { socket: s, answers } = await open(sim);
    s.write(windowScreenCodec.encode(0, { lines: [{ text: '系统维护' }] }));
    s.write(windowScreenCodec.encode(12, { lines: [{ text: 'B002 请到12号窗口' }] }));
    await waitFor(() => sim!.screen(12)?.content.lines[0]?.text === 'B002 请到12号窗口', 'screen 12 written');
    expect(sim.screen(11)?.content.lines[0]?.text).toBe('系统维护');
    expect(sim.counts).toMatchObject({ good: 2, bad: 0, acks: 0 });
    expect(answers).toEqual([]);
    expect(sim.view().units?.[0]).toEqual({ unit: 11, counter: '11', text: ['系统维护'] });
  });
});
