// The open pad protocol (OPP): frames between the hub (bus master) and rating pads (评价器) or caller
// keypads (呼叫器) on a serial line or an RS-485 bus. Pure: encode, decode, split. The wire format,
// the ack/retry rules and the reasons behind them are in counter-pads/PROTOCOL.md.
//
//   AA 55 | addr | seq | type | len | payload (len bytes) | CRC-16/MODBUS (LE) over addr…payload
import { crc16modbus } from 'crc';
import { lengthPrefixedSplitter, type FrameSplitter } from '../devices/framing.js';

/** The driver and simulator family name in addresses (`?family=open-pad`). */
export const FAMILY = 'open-pad';
/** A device without `units` is one unit at this bus address. */
export const DEFAULT_UNIT = 1;

export const SOF = Buffer.of(0xaa, 0x55);
export const HEADER_LENGTH = 6; // AA 55 addr seq type len
export const MAX_PAYLOAD = 200;
/** The address a host uses for "every unit" (no answer is expected). */
export const BROADCAST = 0xff;
/** Unit addresses run 1–247, as on Modbus RTU buses (installers know the range). */
export const MAX_UNIT = 247;

/** Message types. Host → unit below 0x80, unit → host from 0x80 (the high bit says who spoke). */
export const MSG = {
  /** Host asks a unit for its oldest unacknowledged event (or a heartbeat if it has none). */
  POLL: 0x01,
  /** Host sets the unit's display: UTF-8 lines separated by LF. */
  DISPLAY: 0x02,
  /** Host opens a rating window on a pad: u16 BE seconds, then the ticket number (UTF-8). */
  PROMPT: 0x03,
  /** Host closes the rating window (thanks, or nobody answered). */
  PROMPT_END: 0x04,
  /** Host acknowledges a unit's event: payload is the event's id. */
  HOST_ACK: 0x05,
  /** Unit acknowledges a host command: payload is the command's seq. */
  ACK: 0x80,
  /** Unit: nothing to report (answer to POLL); payload u8 flags (bit0 = rating window open), u16 BE boot id. */
  HEARTBEAT: 0x81,
  /** Unit: a rating key (payload: u8 event id, u8 level 1–5, u16 BE boot id, u32 BE press time in unit ms). */
  RATING: 0x82,
  /** Unit: a keypad key (payload: u8 event id, u8 key code (see KEY), u16 BE boot id, u32 BE press time). */
  KEY: 0x83,
} as const;
export type MsgType = (typeof MSG)[keyof typeof MSG];

/** Caller keypad key codes (payload of KEY). */
export const KEY = {
  CALL_NEXT: 0x10,
  RECALL: 0x11,
  SKIP: 0x12,
  PAUSE: 0x13,
  RESUME: 0x14,
  START: 0x15,
  FINISH: 0x16,
} as const;
export type KeyName = 'call-next' | 'recall' | 'skip' | 'pause' | 'resume' | 'start' | 'finish';
export const KEY_NAMES: Record<number, KeyName> = {
  [KEY.CALL_NEXT]: 'call-next',
  [KEY.RECALL]: 'recall',
  [KEY.SKIP]: 'skip',
  [KEY.PAUSE]: 'pause',
  [KEY.RESUME]: 'resume',
  [KEY.START]: 'start',
  [KEY.FINISH]: 'finish',
};
export const KEY_CODES: Record<KeyName, number> = Object.fromEntries(Object.entries(KEY_NAMES).map(([k, v]) => [v, Number(k)])) as Record<KeyName, number>;

export interface Frame {
  addr: number;
  seq: number;
  type: number;
  payload: Buffer;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export function crcOf(bytes: Uint8Array): number {
  return crc16modbus(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
}

export function encodeFrame(f: { addr: number; seq: number; type: number; payload?: Uint8Array }): Buffer {
  const payload = Buffer.from(f.payload ?? []);
  if (payload.length > MAX_PAYLOAD) throw new ProtocolError(`payload of ${payload.length} bytes (at most ${MAX_PAYLOAD})`);
  for (const [name, v] of [['addr', f.addr], ['seq', f.seq], ['type', f.type]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new ProtocolError(`${name} ${v} is not a byte`);
  }
  const body = Buffer.concat([Buffer.of(f.addr, f.seq, f.type, payload.length), payload]);
  const crc = crcOf(body);
  return Buffer.concat([SOF, body, Buffer.of(crc & 0xff, crc >> 8)]);
}

/** Decodes one whole frame (as the splitter hands it over); throws ProtocolError if it is not one. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const b = Buffer.from(bytes);
  if (b.length < HEADER_LENGTH + 2 || b[0] !== 0xaa || b[1] !== 0x55) throw new ProtocolError('no frame start');
  const len = b[5]!;
  if (b.length !== HEADER_LENGTH + len + 2) throw new ProtocolError(`length ${b.length}, header says ${HEADER_LENGTH + len + 2}`);
  const crc = b.readUInt16LE(HEADER_LENGTH + len);
  if (crc !== crcOf(b.subarray(2, HEADER_LENGTH + len))) throw new ProtocolError('CRC mismatch');
  return { addr: b[2]!, seq: b[3]!, type: b[4]!, payload: Buffer.from(b.subarray(HEADER_LENGTH, HEADER_LENGTH + len)) };
}

/**
 * Splits a byte stream into frames. Bytes before a frame start, frames with a bad CRC and impossible
 * lengths are dropped; after a bad candidate the search resumes one byte later, so a stray AA 55 in
 * noise cannot swallow the real frame that follows.
 */
export const splitFrames: FrameSplitter = lengthPrefixedSplitter({
  start: SOF,
  headerLength: HEADER_LENGTH,
  frameLength: (header) => (header[5]! > MAX_PAYLOAD ? null : HEADER_LENGTH + header[5]! + 2),
  validate: (frame) => frame.readUInt16LE(frame.length - 2) === crcOf(frame.subarray(2, frame.length - 2)),
});

// ---- payloads ----

export function displayPayload(lines: readonly string[]): Buffer {
  // Cut whole characters so a line never ends in half a UTF-8 sequence.
  let text = '';
  for (const ch of lines.join('\n')) {
    if (Buffer.byteLength(text + ch) > MAX_PAYLOAD) break;
    text += ch;
  }
  return Buffer.from(text, 'utf8');
}

export function parseDisplay(payload: Buffer): string[] {
  return payload.toString('utf8').split('\n');
}

export function promptPayload(seconds: number, number: string): Buffer {
  const s = Math.max(0, Math.min(0xffff, Math.round(seconds)));
  return Buffer.concat([Buffer.of(s >> 8, s & 0xff), Buffer.from(number.slice(0, 16), 'utf8')]);
}

export function parsePrompt(payload: Buffer): { seconds: number; number: string } {
  if (payload.length < 2) throw new ProtocolError('prompt payload too short');
  return { seconds: payload.readUInt16BE(0), number: payload.subarray(2).toString('utf8') };
}

/** The seq (or event id) after `seq`: 1…255, wrapping past 0 (0 means "none yet" on both sides). */
export function nextSeq(seq: number): number {
  return seq >= 255 ? 1 : seq + 1;
}

// ---- unit answers (v2: boot id and press time) ----

/**
 * A unit's boot id: a number 1–65535 it picks at every power-up (random, or a counter kept in
 * EEPROM), never the one of the boot before. It rides on every HEARTBEAT and event, so the host sees a
 * restart (the unit's event ids start again at 1) even when it never noticed the unit away.
 * 0: the unit sent none (a v1 unit).
 */
export const NO_BOOT = 0;

export function heartbeatPayload(flags: number, boot: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUInt8(flags & 0xff, 0);
  b.writeUInt16BE(boot & 0xffff, 1);
  return b;
}

/** `at`: when the key went down, in milliseconds of the unit's own clock since power-up (u32, wraps). */
export function eventPayload(id: number, code: number, boot: number, at: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(id & 0xff, 0);
  b.writeUInt8(code & 0xff, 1);
  b.writeUInt16BE(boot & 0xffff, 2);
  b.writeUInt32BE(at >>> 0, 4);
  return b;
}

export interface UnitEvent {
  id: number;
  code: number;
  /** NO_BOOT when the unit sent none. */
  boot: number;
  /** The unit's press time (ms since its power-up), null when the unit sent none. */
  at: number | null;
}

/** Reads a RATING or KEY payload; a short (v1) payload gives no boot id and no press time. */
export function parseEvent(payload: Buffer): UnitEvent {
  return {
    id: payload[0] ?? 0,
    code: payload[1] ?? 0,
    boot: payload.length >= 4 ? payload.readUInt16BE(2) : NO_BOOT,
    at: payload.length >= 8 ? payload.readUInt32BE(4) : null,
  };
}

/** Reads a HEARTBEAT payload. */
export function parseHeartbeat(payload: Buffer): { flags: number; boot: number } {
  return { flags: payload[0] ?? 0, boot: payload.length >= 3 ? payload.readUInt16BE(1) : NO_BOOT };
}

/** Milliseconds from `from` to `to` on a unit's u32 clock, across its wrap. */
export function unitElapsed(from: number, to: number): number {
  return (to - from) >>> 0;
}
