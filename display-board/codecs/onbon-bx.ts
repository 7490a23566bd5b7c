// Onbon BX-5 / BX-6 LED controller frames (family `onbon-bx`), as laid out in display-board/README.md:
//
//   A5×8 | dst u16 LE | src u16 LE | ver | device type | reserved | len u32 LE | data | CRC16 LE | 5A
//
// The CRC is CRC-16/ARC over dst … end of data (the `crc` package's crc16). After the CRC is appended,
// every byte between the head and the tail is escaped (A5→A6 02, A6→A6 01, 5A→5B 02, 5B→5B 01), so a
// head or tail byte never appears inside a frame: a receiver can resynchronise on the next A5 after
// noise. Text is GB2312 (iconv-lite). The data of a text frame is the "dynamic area" update:
//
//   A3 06 | flags (bit0: answer) | line count | per line: colour, effect, speed, len u16 LE, GB2312 text
//
// and a screen answers with `A0 06 status` (0 = shown) from its own address to the host.
import { crc16 } from 'crc';
import iconv from 'iconv-lite';
import type { FrameSplitter } from '../../devices/framing.js';
import type { BoardCodec, DecodedFrame, DecodeErrorCode, FrameResult, ScreenColor, ScreenContent, ScreenEffect } from './types.js';

export const BX_HEAD = 0xa5;
export const BX_TAIL = 0x5a;
const HEAD_LEN = 8;
/** The host's address as sender (screens answer to it). */
export const BX_HOST_ADDRESS = 0x8000;
export const BX_BROADCAST = 0xffff;
/** "Any controller type": the screen does not check its model. */
const DEVICE_TYPE_ANY = 0xfe;
const GROUP_AREA = 0xa3;
const CMD_TEXT = 0x06;
const GROUP_ANSWER = 0xa0;
const FLAG_ANSWER = 0x01;
/** Head + header + CRC + tail of an empty frame, escaped bytes not counted. */
const HEADER_LEN = 2 + 2 + 1 + 1 + 1 + 4;
const MAX_FRAME = 16 * 1024;
/**
 * The text one frame carries at most (all lines, GB2312 bytes). The protocol's own fields would allow
 * 255 lines of 65535 bytes; this project sends at most 1 KiB of text — far more than any board shows —
 * so that a frame, even with every byte escaped, stays well within what a receiver buffers (MAX_FRAME).
 */
export const BX_MAX_TEXT_BYTES = 1024;
export const BX_MAX_LINES = 255;

const COLOR_CODE: Record<ScreenColor, number> = { red: 0x01, green: 0x02, amber: 0x03 };
const EFFECT_CODE: Record<ScreenEffect, number> = { static: 0x00, flash: 0x01, scroll: 0x02 };
const COLOR_OF = new Map(Object.entries(COLOR_CODE).map(([k, v]) => [v, k as ScreenColor]));
const EFFECT_OF = new Map(Object.entries(EFFECT_CODE).map(([k, v]) => [v, k as ScreenEffect]));

/** CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final xor); check value 0xBB3D for "123456789". */
export function crc16arc(bytes: Uint8Array): number {
  return crc16(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** Escapes the bytes between head and tail. */
export function bxEscape(body: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of body) {
    if (b === 0xa5) out.push(0xa6, 0x02);
    else if (b === 0xa6) out.push(0xa6, 0x01);
    else if (b === 0x5a) out.push(0x5b, 0x02);
    else if (b === 0x5b) out.push(0x5b, 0x01);
    else out.push(b);
  }
  return Buffer.from(out);
}

/** Undoes bxEscape; null when an escape byte is followed by anything but 01/02 (a corrupted frame). */
export function bxUnescape(body: Uint8Array): Buffer | null {
  const out = Buffer.alloc(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b === 0xa6 || b === 0x5b) {
      const next = body[i + 1];
      if (next === 0x01) out[n++] = b;
      else if (next === 0x02) out[n++] = b === 0xa6 ? 0xa5 : 0x5a;
      else return null;
      i++;
    } else out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Builds a whole frame around `data`: header, CRC, escaping, head and tail. */
export function bxFrame(dst: number, src: number, version: number, data: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_LEN);
  header.writeUInt16LE(dst, 0);
  header.writeUInt16LE(src, 2);
  header[4] = version;
  header[5] = DEVICE_TYPE_ANY;
  header[6] = 0x00;
  header.writeUInt32LE(data.length, 7);
  const covered = Buffer.concat([header, data]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16arc(covered), 0);
  return Buffer.concat([Buffer.alloc(HEAD_LEN, BX_HEAD), bxEscape(Buffer.concat([covered, crc])), Buffer.from([BX_TAIL])]);
}

function encodeText(text: string): Buffer {
  return iconv.encode(text, 'gb2312');
}

function textBytes(content: ScreenContent): number {
  return content.lines.reduce((n, l) => n + encodeText(l.text).length, 0);
}

function textData(content: ScreenContent, answer: boolean): Buffer {
  if (content.lines.length > BX_MAX_LINES) throw new RangeError(`a BX frame takes at most ${BX_MAX_LINES} lines, not ${content.lines.length}`);
  const total = textBytes(content);
  if (total > BX_MAX_TEXT_BYTES) throw new RangeError(`a BX frame takes at most ${BX_MAX_TEXT_BYTES} text bytes, not ${total}`);
  const parts: Buffer[] = [Buffer.from([GROUP_AREA, CMD_TEXT, answer ? FLAG_ANSWER : 0, content.lines.length])];
  for (const line of content.lines) {
    const text = encodeText(line.text);
    if (text.length > 0xffff) throw new RangeError('a line longer than 65535 bytes');
    const speed = Math.max(1, Math.min(16, Math.round(line.speed ?? 8)));
    const head = Buffer.alloc(5);
    head[0] = COLOR_CODE[line.color ?? 'red'];
    head[1] = EFFECT_CODE[line.effect ?? 'static'];
    head[2] = speed;
    head.writeUInt16LE(text.length, 3);
    parts.push(head, text);
  }
  return Buffer.concat(parts);
}

const fail = (code: DecodeErrorCode, message: string, raw: Buffer): FrameResult => ({ ok: false, error: { code, message, raw } });

function parseTextData(data: Buffer): ScreenContent | string {
  const count = data[3]!;
  const lines: ScreenContent['lines'] = [];
  let p = 4;
  for (let i = 0; i < count; i++) {
    if (p + 5 > data.length) return `line ${i + 1} is cut short`;
    const color = COLOR_OF.get(data[p]!);
    const effect = EFFECT_OF.get(data[p + 1]!);
    const speed = data[p + 2]!;
    const len = data.readUInt16LE(p + 3);
    p += 5;
    if (!color || !effect) return `line ${i + 1}: unknown colour or effect`;
    if (p + len > data.length) return `line ${i + 1}: text runs past the data`;
    lines.push({ text: iconv.decode(data.subarray(p, p + len), 'gb2312'), color, effect, speed });
    p += len;
  }
  if (p !== data.length) return `${data.length - p} bytes after the last line`;
  return { lines };
}

/** Checks a split frame (head run … tail): escaping, length, CRC; then what its data says. */
export function decodeBxFrame(raw: Buffer): FrameResult {
  let start = 0;
  while (raw[start] === BX_HEAD) start++;
  if (start === 0 || raw[raw.length - 1] !== BX_TAIL) return fail('TRUNCATED', 'no A5 head or 5A tail', raw);
  const body = bxUnescape(raw.subarray(start, raw.length - 1));
  if (!body) return fail('ESCAPE', 'an escape byte (A6/5B) followed by something other than 01/02', raw);
  if (body.length < HEADER_LEN + 2) return fail('TRUNCATED', `a frame of ${body.length} bytes is too short`, raw);
  const len = body.readUInt32LE(7);
  if (HEADER_LEN + len + 2 !== body.length) return fail('LENGTH', `length field says ${len} data bytes, the frame has ${body.length - HEADER_LEN - 2}`, raw);
  const covered = body.subarray(0, body.length - 2);
  const want = body.readUInt16LE(body.length - 2);
  const got = crc16arc(covered);
  if (want !== got) return fail('CRC', `CRC ${hex(want)} in the frame, ${hex(got)} computed`, raw);
  const dst = body.readUInt16LE(0);
  const src = body.readUInt16LE(2);
  const version = body[4]!;
  const data = body.subarray(HEADER_LEN, HEADER_LEN + len);
  if (data[0] === GROUP_AREA && data[1] === CMD_TEXT && data.length >= 4) {
    const content = parseTextData(data);
    if (typeof content === 'string') return fail('BAD_TEXT', content, raw);
    const frame: DecodedFrame = { kind: 'text', dst, src, version, content };
    return { ok: true, frame };
  }
  if (data[0] === GROUP_ANSWER && data.length === 3) return { ok: true, frame: { kind: 'ack', dst, src, version, status: data[2]! } };
  return fail('UNKNOWN_COMMAND', `command ${hex(data[0] ?? 0)} ${hex(data[1] ?? 0)} is not one this project speaks`, raw);
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Splits a stream at frame boundaries: a run of A5 starts a frame, the next 5A ends it. Since neither
 * byte can occur inside an escaped frame, an A5 before the 5A means the frame was cut (a drop, noise):
 * the cut part is dropped and the new frame is read. Bytes outside any frame are dropped.
 */
export const bxSplitter: FrameSplitter = (buffer) => {
  const frames: Buffer[] = [];
  let dropped = 0;
  let pos = 0;
  for (;;) {
    const s = buffer.indexOf(BX_HEAD, pos);
    if (s < 0) {
      dropped += buffer.length - pos;
      pos = buffer.length;
      break;
    }
    dropped += s - pos;
    let bodyStart = s;
    while (buffer[bodyStart] === BX_HEAD) bodyStart++;
    const e = buffer.indexOf(BX_TAIL, bodyStart);
    const nextHead = buffer.indexOf(BX_HEAD, bodyStart);
    if (nextHead >= 0 && (e < 0 || nextHead < e)) {
      dropped += nextHead - s;
      pos = nextHead;
      continue;
    }
    if (e < 0) {
      if (buffer.length - s > MAX_FRAME) {
        dropped += buffer.length - s;
        pos = buffer.length;
      } else pos = s;
      break;
    }
    frames.push(Buffer.from(buffer.subarray(s, e + 1)));
    pos = e + 1;
  }
  return { frames, rest: Buffer.from(buffer.subarray(pos)), dropped };
};

function makeBx(version: 5 | 6): BoardCodec {
  return {
    name: `bx${version}`,
    family: 'onbon-bx',
    defaultAddress: 1,
    maxAddress: 0xfffe,
    answers: true,
    colors: ['red', 'green', 'amber'],
    limits: { maxTextBytes: BX_MAX_TEXT_BYTES, maxLines: BX_MAX_LINES },
    textBytes,
    encode(address, content) {
      if (!Number.isInteger(address) || address < 1 || address > 0xfffe) throw new RangeError(`a BX screen address is 1…65534, not ${address}`);
      return bxFrame(address, BX_HOST_ADDRESS, version, textData(content, true));
    },
    decodeFrame: decodeBxFrame,
    splitter: bxSplitter,
    encodeAck(address, status) {
      return bxFrame(BX_HOST_ADDRESS, address, version, Buffer.from([GROUP_ANSWER, CMD_TEXT, status & 0xff]));
    },
  };
}

export const bx5Codec = makeBx(5);
export const bx6Codec = makeBx(6);
