// Status parsing, bit by bit: DLE EOT n = 1..4, ASB (GS a) and GS r 1, the stream splitter with
// chunks cut anywhere, and what each state means as device health. The bytes under test are also
// produced by the emulator's encoder, so both sides agree.
import { describe, expect, it } from 'vitest';
import {
  encodeAsb,
  encodePaperSensor,
  encodeRealtimeStatus,
  parseAsb,
  parsePaperSensor,
  parseRealtimeStatus,
  parseStatusFrame,
  statusSplitter,
  statusToHealth,
  type DeviceState,
  type PrinterStatus,
} from './status.js';

const FIXED = 0b0001_0010;
const ok: DeviceState = { paper: 'ok', cover: 'closed', online: true, cutterError: false };

describe('DLE EOT real-time status', () => {
  const cases: Array<[1 | 2 | 3 | 4, number, keyof PrinterStatus]> = [
    [1, 2, 'drawerPin3'],
    [1, 3, 'offline'],
    [1, 5, 'waitingRecovery'],
    [1, 6, 'feedButton'],
    [2, 2, 'coverOpen'],
    [2, 3, 'feedButton'],
    [2, 5, 'paperEndStop'],
    [2, 6, 'error'],
    [3, 2, 'mechanicalError'],
    [3, 3, 'cutterError'],
    [3, 5, 'unrecoverableError'],
    [3, 6, 'autoRecoverableError'],
    [4, 2, 'paperNearEnd'],
    [4, 3, 'paperNearEnd'],
    [4, 5, 'paperOut'],
    [4, 6, 'paperOut'],
  ];
  it.each(cases)('n=%i bit %i is %s', (n, bit, field) => {
    const idle = parseRealtimeStatus(n, FIXED);
    expect(Object.values(idle).every((v) => v === false)).toBe(true);
    const set = parseRealtimeStatus(n, FIXED | (1 << bit));
    expect(set[field]).toBe(true);
    for (const [k, v] of Object.entries(set)) if (k !== field) expect(v, k).toBe(false);
  });

  it('refuses a byte that is not a DLE EOT answer', () => {
    expect(() => parseRealtimeStatus(1, 0x00)).toThrow(RangeError);
    expect(() => parseRealtimeStatus(4, 0x80 | FIXED)).toThrow(RangeError);
  });
});

describe('ASB (GS a) automatic status back', () => {
  const cases: Array<[number, number, keyof PrinterStatus]> = [
    [0, 2, 'drawerPin3'],
    [0, 3, 'offline'],
    [0, 5, 'coverOpen'],
    [0, 6, 'feedButton'],
    [1, 2, 'mechanicalError'],
    [1, 3, 'cutterError'],
    [1, 5, 'unrecoverableError'],
    [1, 6, 'autoRecoverableError'],
    [2, 0, 'paperNearEnd'],
    [2, 1, 'paperNearEnd'],
    [2, 2, 'paperOut'],
    [2, 3, 'paperOut'],
  ];
  it.each(cases)('byte %i bit %i is %s', (byte, bit, field) => {
    const bytes = [0x10, 0, 0, 0];
    bytes[byte] = bytes[byte]! | (1 << bit);
    const s = parseAsb(bytes);
    expect(s[field]).toBe(true);
    for (const [k, v] of Object.entries(s)) if (k !== field) expect(v, k).toBe(false);
  });
});

describe('GS r 1 paper sensor', () => {
  it('reads near end on bits 0-1 and out on bits 2-3', () => {
    expect(parsePaperSensor(0)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(parsePaperSensor(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(parsePaperSensor(0x0f)).toEqual({ paperNearEnd: true, paperOut: true });
  });
});

describe('the emulator encodes what the driver parses', () => {
  const states: DeviceState[] = [
    ok,
    { ...ok, paper: 'near-end' },
    { ...ok, paper: 'out' },
    { ...ok, cover: 'open' },
    { ...ok, online: false },
    { ...ok, cutterError: true },
  ];
  it.each(states.map((s) => [JSON.stringify(s), s] as const))('%s', (_name, s) => {
    const rt = {
      ...parseRealtimeStatus(1, encodeRealtimeStatus(1, s)),
      ...parseRealtimeStatus(2, encodeRealtimeStatus(2, s)),
      ...parseRealtimeStatus(3, encodeRealtimeStatus(3, s)),
      ...parseRealtimeStatus(4, encodeRealtimeStatus(4, s)),
    };
    const asb = parseAsb(encodeAsb(s));
    for (const st of [rt, asb]) {
      expect(st.paperOut).toBe(s.paper === 'out');
      expect(st.paperNearEnd).toBe(s.paper !== 'ok');
      expect(st.coverOpen).toBe(s.cover === 'open');
      expect(st.cutterError).toBe(s.cutterError);
      expect(st.offline).toBe(!s.online || s.cover === 'open' || s.paper === 'out' || s.cutterError);
    }
    expect(parsePaperSensor(encodePaperSensor(s)).paperOut).toBe(s.paper === 'out');
  });
});

describe('status as device health', () => {
  it('near end is degraded; out, cover, cutter, offline are offline with a reason', () => {
    expect(statusToHealth({})).toEqual({ state: 'online' });
    expect(statusToHealth({ paperNearEnd: true })).toEqual({ state: 'degraded', reason: { code: 'PAPER_NEAR_END' } });
    expect(statusToHealth({ paperNearEnd: true, paperOut: true })).toEqual({ state: 'offline', reason: { code: 'PAPER_OUT' } });
    expect(statusToHealth({ coverOpen: true, offline: true })).toEqual({ state: 'offline', reason: { code: 'COVER_OPEN' } });
    expect(statusToHealth({ cutterError: true })).toEqual({ state: 'offline', reason: { code: 'CUTTER_ERROR' } });
    expect(statusToHealth({ offline: true })).toEqual({ state: 'offline', reason: { code: 'PRINTER_OFFLINE' } });
  });
});

describe('status stream splitter', () => {
  const stream = Buffer.from([
    ...encodeAsb({ ...ok, paper: 'near-end' }),
    encodeRealtimeStatus(4, ok),
    0x11, // XON on a serial line: not an answer
    encodePaperSensor({ ...ok, paper: 'out' }),
    ...encodeAsb({ ...ok, cover: 'open' }),
  ]);
  const expected = [
    { kind: 'asb' },
    { kind: 'realtime' },
    { kind: 'paper' },
    { kind: 'asb' },
  ];

  it('splits whole and chunked input the same way, at every cut', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const frames: Buffer[] = [];
      let rest: Buffer = Buffer.alloc(0);
      let dropped = 0;
      for (const chunk of [stream.subarray(0, cut), stream.subarray(cut)]) {
        const r = statusSplitter(Buffer.concat([rest, chunk]));
        frames.push(...r.frames);
        rest = r.rest;
        dropped += r.dropped ?? 0;
      }
      expect(frames.map((f) => ({ kind: parseStatusFrame(f)?.frame.kind })), `cut at ${cut}`).toEqual(expected);
      expect(dropped).toBe(1);
      expect(rest.length).toBe(0);
    }
  });

  it('reads the ASB in the stream', () => {
    const { frames } = statusSplitter(stream);
    expect(parseStatusFrame(frames[0]!)?.status).toMatchObject({ paperNearEnd: true, paperOut: false });
    expect(parseStatusFrame(frames[3]!)?.status).toMatchObject({ coverOpen: true, offline: true });
  });
});
