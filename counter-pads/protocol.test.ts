// The open pad protocol's codec and splitter: known CRC values, round trips, frames split at every
// byte boundary, garbage and corrupted frames around good ones, and bytes produced by the simulator's
// units (the device side) decoded by the host side.
import { describe, expect, it } from 'vitest';
import { crcOf, decodeFrame, displayPayload, encodeFrame, eventPayload, KEY, MAX_PAYLOAD, MSG, NO_BOOT, nextSeq, parseDisplay, parseEvent, parseHeartbeat, parsePrompt, promptPayload, ProtocolError, splitFrames, unitElapsed } from './protocol.js';
import { SimUnit } from './simulator.js';

const splitAll = (chunks: Buffer[]) => {
  let rest: Buffer = Buffer.alloc(0);
  let dropped = 0;
  const frames: Buffer[] = [];
  for (const c of chunks) {
    const r = splitFrames(Buffer.concat([rest, c]));
    frames.push(...r.frames);
    rest = r.rest;
    dropped += r.dropped ?? 0;
  }
  return { frames, rest, dropped };
};

describe('open pad protocol codec', () => {
  it('uses CRC-16/MODBUS (check value 0x4B37 for "123456789")', () => {
    expect(crcOf(Buffer.from('123456789'))).toBe(0x4b37);
  });

  it.each([
    { addr: 1, seq: 1, type: MSG.POLL, payload: [] as number[], bytes: 'aa55010101' + '00' },
    { addr: 3, seq: 7, type: MSG.RATING, payload: [1, 5], bytes: 'aa5503078202' + '0105' },
    { addr: 247, seq: 255, type: MSG.KEY, payload: [9, KEY.CALL_NEXT], bytes: 'aa55f7ff8302' + '0910' },
  ])('encodes addr $addr seq $seq type $type with the CRC little-endian at the end', ({ addr, seq, type, payload, bytes }) => {
    const f = encodeFrame({ addr, seq, type, payload: Buffer.from(payload) });
    expect(f.subarray(0, f.length - 2).toString('hex')).toBe(bytes);
    expect(f.readUInt16LE(f.length - 2)).toBe(crcOf(f.subarray(2, f.length - 2)));
    expect(decodeFrame(f)).toEqual({ addr, seq, type, payload: Buffer.from(payload) });
  });

  it('refuses bad frames and bad fields', () => {
    const good = encodeFrame({ addr: 2, seq: 9, type: MSG.DISPLAY, payload: Buffer.from('A001') });
    const flipped = Buffer.from(good);
    flipped[7] = flipped[7]! ^ 0x01;
    expect(() => decodeFrame(flipped)).toThrow(ProtocolError);
    expect(() => decodeFrame(good.subarray(0, good.length - 1))).toThrow(/length/);
    expect(() => decodeFrame(Buffer.from('hello world'))).toThrow(/start/);
    expect(() => encodeFrame({ addr: 256, seq: 1, type: 1 })).toThrow(/addr/);
    expect(() => encodeFrame({ addr: 1, seq: 1, type: 1, payload: Buffer.alloc(MAX_PAYLOAD + 1) })).toThrow(/payload/);
  });

  it('splits frames cut at every byte boundary, with garbage and a corrupted frame around them', () => {
    const a = encodeFrame({ addr: 1, seq: 1, type: MSG.RATING, payload: Buffer.of(1, 4) });
    const b = encodeFrame({ addr: 2, seq: 2, type: MSG.DISPLAY, payload: displayPayload(['张三 工号1003', '当前 A001']) });
    const bad = Buffer.from(a);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    // A stray AA 55 in the noise with a length that would run into the next good frame.
    const stream = Buffer.concat([Buffer.from([0x00, 0xaa, 0x55, 0x01, 0x02, 0x03, 0x09, 0xff]), a, Buffer.from('noise'), bad, b]);
    for (let cut = 1; cut < stream.length; cut++) {
      const r = splitAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(r.frames.map((f) => f.toString('hex'))).toEqual([a.toString('hex'), b.toString('hex')]);
      expect(r.rest.length).toBe(0);
      expect(r.dropped).toBe(stream.length - a.length - b.length);
    }
    // Byte by byte.
    const r = splitAll([...stream].map((x) => Buffer.of(x)));
    expect(r.frames).toHaveLength(2);
  });

  it('carries display lines and prompts in UTF-8, cut at whole characters', () => {
    expect(parseDisplay(displayPayload(['当前 A001', '等候 3人']))).toEqual(['当前 A001', '等候 3人']);
    const long = displayPayload(['满'.repeat(100)]);
    expect(long.length).toBeLessThanOrEqual(MAX_PAYLOAD);
    expect(long.toString('utf8')).toBe('满'.repeat(Math.floor(MAX_PAYLOAD / 3)));
    expect(parsePrompt(promptPayload(120, 'A012'))).toEqual({ seconds: 120, number: 'A012' });
  });

  it('wraps sequence numbers past 255 to 1 (0 means none yet)', () => {
    expect([nextSeq(0), nextSeq(1), nextSeq(254), nextSeq(255)]).toEqual([1, 2, 255, 1]);
  });
});

describe('a simulated unit (device side) against the codec', () => {
  const noFaults = () => ({ dropHostAcks: 0, ignoreCommands: 0, dropCommandAcks: 0 });
  const poll = (seq: number) => decodeFrame(encodeFrame({ addr: 4, seq, type: MSG.POLL }));

  it('answers a poll with a heartbeat, then with its press until the host acknowledges it', () => {
    const u = new SimUnit(4, '4');
    const hb = decodeFrame(u.handle(poll(1), 0, noFaults())!);
    expect(hb).toMatchObject({ addr: 4, seq: 1, type: MSG.HEARTBEAT });
    expect(parseHeartbeat(hb.payload)).toEqual({ flags: 0, boot: u.boot });
    u.press(MSG.RATING, 5, 1234);
    const first = decodeFrame(u.handle(poll(2), 0, noFaults())!);
    expect(first).toMatchObject({ addr: 4, seq: 2, type: MSG.RATING, payload: eventPayload(1, 5, u.boot, 1234) });
    // No ack yet: the same event (same id) again, answering the new poll's seq.
    const again = decodeFrame(u.handle(poll(3), 0, noFaults())!);
    expect(again).toMatchObject({ seq: 3, payload: eventPayload(1, 5, u.boot, 1234) });
    expect(u.counters.resends).toBe(1);
    u.handle(decodeFrame(encodeFrame({ addr: 4, seq: 5, type: MSG.HOST_ACK, payload: Buffer.of(1) })), 0, noFaults());
    expect(u.unacknowledged).toBe(0);
    expect(decodeFrame(u.handle(poll(4), 0, noFaults())!).type).toBe(MSG.HEARTBEAT);
  });

  it('after a reboot answers with a new boot id and starts its event ids again at 1', () => {
    const u = new SimUnit(4, '4');
    const before = u.boot;
    u.press(MSG.RATING, 4, 10);
    u.reboot();
    expect(u.unacknowledged).toBe(0);
    expect(u.boot).not.toBe(before);
    expect(u.boot).not.toBe(NO_BOOT);
    u.press(MSG.RATING, 3, 20);
    expect(parseEvent(decodeFrame(u.handle(poll(1), 0, noFaults())!).payload)).toEqual({ id: 1, code: 3, boot: u.boot, at: 20 });
  });

  it('acknowledges a repeated command but applies it once', () => {
    const u = new SimUnit(4, '4');
    const cmd = decodeFrame(encodeFrame({ addr: 4, seq: 9, type: MSG.DISPLAY, payload: displayPayload(['当前 A001']) }));
    expect(decodeFrame(u.handle(cmd, 0, noFaults())!)).toMatchObject({ type: MSG.ACK, seq: 9, payload: Buffer.of(9) });
    expect(decodeFrame(u.handle(cmd, 0, noFaults())!)).toMatchObject({ type: MSG.ACK, seq: 9 });
    expect(u.display).toEqual(['当前 A001']);
    expect(u.counters).toMatchObject({ commands: 1, duplicateCommands: 1 });
  });
});

describe('event and heartbeat payloads', () => {
  it('lays out id, code, boot id (u16 BE) and press time (u32 BE)', () => {
    expect(eventPayload(7, 4, 0x1234, 0x01020304).toString('hex')).toBe('0704123401020304');
    expect(parseEvent(Buffer.from('0704123401020304', 'hex'))).toEqual({ id: 7, code: 4, boot: 0x1234, at: 0x01020304 });
  });

  it('reads a v1 unit (no boot id, no press time) as such', () => {
    expect(parseEvent(Buffer.of(7, 4))).toEqual({ id: 7, code: 4, boot: NO_BOOT, at: null });
    expect(parseHeartbeat(Buffer.of(1))).toEqual({ flags: 1, boot: NO_BOOT });
  });

  it('measures unit time across the u32 clock wrap', () => {
    expect(unitElapsed(0xffffff00, 0x40)).toBe(0x140);
    expect(unitElapsed(1000, 1250)).toBe(250);
  });
});
