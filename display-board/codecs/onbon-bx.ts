// Onbon BX-5K / BX-6K LED controllers (family `onbon-bx`, codecs `bx5` and `bx6`): the "字库卡" series
// behind most Chinese window screens and single/dual-colour hall boards. Laid out as the vendor's own
// protocol document describes it ("BX-5K/6K通讯协议用户版本", Onbon's public docs: the worked frames in
// it are this codec's golden tests in codecs.test.ts):
//
//   A5 ×8 | PHY1, escaped: header (14) | data | CRC-16 LE | 5A
//   header: dst u16 | src u16 | reserved ×3 | barcode option | check mode | display mode | device type |
//           protocol version | data length u16        (every number little-endian)
//
// The CRC is CRC-16/ARC (the `crc` package's crc16) over header + data, before escaping. Then every
// byte between the head run and the tail is escaped (A5→A6 02, A6→A6 01, 5A→5B 02, 5B→5B 01), so a
// receiver can resynchronise on the next run of A5 after noise.
//
// What the hub sends is the dynamic-area update (`A3 06`): shown at once, kept in RAM only, so it can
// be sent on every call without wearing the controller's flash (programs, `A1 06`, are for fixed
// texts). Each line of our content is one dynamic area, a line's height tall and the screen's width
// wide, so every line has its own colour, effect and speed:
//
//   A3 06 | response 01 | process mode 00 | reserved 00 | delete FF (all, no ids follow) | area count |
//   per area: length u16 | type 00 | X u16 | Y u16 | W u16 | H u16 | area id | line spacing |
//             run mode | timeout u16 | sound 00 | extension count 00 | alignment | single line |
//             new line | display mode | exit mode | speed | stay | text length u32 | text
//
// X and W have their top bit set: pixel units (clear, they count 8-pixel bytes). Text is GB2312 with
// the vendor's in-text escapes: `\C1` red, `\C2` green, `\C3` yellow before the line's text. A screen
// answers `A0 00` (ACK) or `A0 01` (NACK) with an error status, from its own address to the host.
//
// The document gives no flashing mode for dynamic areas (its modes are still, type-out and four
// scrolls): a 'flash' line (a new call, meant to catch the eye) is sent as type-out (02), the one
// animated mode that ends on the whole text standing still, and read back as 'flash'.
import { crc16 } from 'crc';
import iconv from 'iconv-lite';
import { startEndSplitter, type FrameSplitter } from '../../devices/framing.js';
import { textWidth } from './types.js';
import type { BoardCodec, DecodedFrame, DecodeErrorCode, FrameResult, ScreenColor, ScreenContent, ScreenEffect, ScreenGeometry } from './types.js';

export const BX_HEAD = 0xa5;
export const BX_TAIL = 0x5a;
const HEAD_RUN = 8;
/** The host's address as sender (the document's default for PC software); screens answer to it. */
export const BX_HOST_ADDRESS = 0x8000;
/** Broadcast without answers (0xFFFF) and broadcast with answers (0xFFFE). */
export const BX_BROADCAST = 0xffff;
export const BX_BROADCAST_ANSWERED = 0xfffe;
/** Screen addresses: 0 is reserved, 0x8000… are hosts and broadcasts. */
export const BX_MAX_SCREEN_ADDRESS = 0x7fff;
/** "Any controller type" (the document's wildcard): a 5K1, 6K2 or 6K3 all take the frame. */
const DEVICE_TYPE_ANY = 0xfe;
const PROTOCOL_VERSION = 0x02;
const CHECK_CRC16 = 0x00;
const HEADER_LEN = 14;
const GROUP_AREA = 0xa3;
const CMD_DYNAMIC = 0x06;
const GROUP_ANSWER = 0xa0;
const CMD_ACK = 0x00;
const CMD_NACK = 0x01;
const MUST_ANSWER = 0x01;
const DELETE_ALL_AREAS = 0xff;
/** Bytes of one area before its text (the text length field included). */
const AREA_FIXED = 27;
/** A3 06, response, process mode, reserved, delete count, area count. */
const COMMAND_FIXED = 7;
const PIXELS = 0x8000;
/** The pixels one half-width cell takes, and one line, with the controllers' standard 16-dot fonts. */
const CELL_PX = 8;
const LINE_PX = 16;
/** Half a second per step: five seconds on each page of a scrolling text. */
const STAY_HALF_SECONDS = 0x0a;
const MAX_FRAME = 4 * 1024;

const COLOR_DIGIT: Record<ScreenColor, string> = { red: '1', green: '2', amber: '3' };
const COLOR_OF_DIGIT = new Map(Object.entries(COLOR_DIGIT).map(([k, v]) => [v, k as ScreenColor]));
/** Display modes: 01 still, 02 type-out, 03 move left (scroll), 04 right, 05 up, 06 down. */
const MODE_STILL = 0x01;
const MODE_TYPE_OUT = 0x02;
const MODE_LEFT = 0x03;
const EFFECT_OF_MODE = new Map<number, ScreenEffect>([
  [0x01, 'static'],
  [0x02, 'flash'],
  [0x03, 'scroll'],
  [0x04, 'scroll'],
  [0x05, 'scroll'],
  [0x06, 'scroll'],
]);

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

/** Builds a whole frame around `data`: the 14-byte header, CRC, escaping, head run and tail. */
export function bxFrame(dst: number, src: number, data: Uint8Array): Buffer {
  if (data.length > 0xffff) throw new RangeError(`a BX data field is at most 65535 bytes, not ${data.length}`);
  const header = Buffer.alloc(HEADER_LEN);
  header.writeUInt16LE(dst, 0);
  header.writeUInt16LE(src, 2);
  // 4–6 reserved, 7 barcode option (none): zero.
  header[8] = CHECK_CRC16;
  header[9] = 0x00; // display mode: dynamic areas and programs side by side
  header[10] = DEVICE_TYPE_ANY;
  header[11] = PROTOCOL_VERSION;
  header.writeUInt16LE(data.length, 12);
  const covered = Buffer.concat([header, data]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16arc(covered), 0);
  return Buffer.concat([Buffer.alloc(HEAD_RUN, BX_HEAD), bxEscape(Buffer.concat([covered, crc])), Buffer.from([BX_TAIL])]);
}

/**
 * A line's text as the controller reads it: the colour escape, then GB2312. A backslash would start
 * an escape, so a literal one is sent as the full-width ＼.
 */
function lineText(line: ScreenContent['lines'][number]): Buffer {
  const colour = line.color ? `\\C${COLOR_DIGIT[line.color]}` : '';
  return iconv.encode(colour + line.text.replace(/\\/g, '＼'), 'gb2312');
}

function textBytes(content: ScreenContent): number {
  return content.lines.reduce((n, l) => n + lineText(l).length, 0);
}

/** Our speed 1 (slow) … 16 (fast) onto the controller's 0 (fastest) … 24 (slowest), and back. */
const toBxSpeed = (speed: number) => Math.round((16 - Math.max(1, Math.min(16, Math.round(speed)))) * 1.6);
const fromBxSpeed = (bx: number) => Math.max(1, Math.min(16, Math.round(16 - bx / 1.6)));

/** The screen the content is drawn on: its own geometry (layoutContent sets it), else one that holds it. */
function geometryOf(content: ScreenContent): ScreenGeometry {
  if (content.geometry) return content.geometry;
  const widest = Math.max(1, ...content.lines.map((l) => textWidth(l.text)));
  return { width: widest, lines: Math.max(1, content.lines.length) };
}

function areaData(line: ScreenContent['lines'][number], index: number, widthPx: number): Buffer {
  const text = lineText(line);
  const area = Buffer.alloc(AREA_FIXED);
  area[0] = 0x00; // area type
  area.writeUInt16LE(PIXELS | 0, 1); // X
  area.writeUInt16LE(index * LINE_PX, 3); // Y (always pixels)
  area.writeUInt16LE(PIXELS | widthPx, 5); // W
  area.writeUInt16LE(LINE_PX, 7); // H
  area[9] = index; // dynamic area id
  area[10] = 0; // line spacing
  area[11] = 0; // run mode: show in a loop until replaced
  area.writeUInt16LE(0, 12); // timeout (unused in run mode 0)
  area[14] = 0; // no voice
  area[15] = 0; // no extension bytes
  area[16] = 0x00; // left, top
  area[17] = 0x01; // single line
  area[18] = 0x01; // no automatic wrap
  area[19] = line.effect === 'scroll' ? MODE_LEFT : line.effect === 'flash' ? MODE_TYPE_OUT : MODE_STILL;
  area[20] = 0x00; // exit mode
  area[21] = toBxSpeed(line.speed ?? 8);
  area[22] = STAY_HALF_SECONDS;
  area.writeUInt32LE(text.length, 23);
  const body = Buffer.concat([area, text]);
  const len = Buffer.alloc(2);
  len.writeUInt16LE(body.length, 0);
  return Buffer.concat([len, body]);
}

function dynamicAreaData(content: ScreenContent, limits: { maxTextBytes: number; maxLines: number }): Buffer {
  if (content.lines.length > limits.maxLines) throw new RangeError(`this BX controller shows at most ${limits.maxLines} dynamic areas (lines), not ${content.lines.length}`);
  const total = textBytes(content);
  if (total > limits.maxTextBytes) throw new RangeError(`a BX frame takes at most ${limits.maxTextBytes} text bytes here, not ${total}`);
  const geometry = geometryOf(content);
  const widthPx = Math.min(0x7fff, geometry.width * CELL_PX);
  const head = Buffer.from([GROUP_AREA, CMD_DYNAMIC, MUST_ANSWER, 0x00, 0x00, DELETE_ALL_AREAS, content.lines.length]);
  return Buffer.concat([head, ...content.lines.map((l, i) => areaData(l, i, widthPx))]);
}

const fail = (code: DecodeErrorCode, message: string, raw: Buffer): FrameResult => ({ ok: false, error: { code, message, raw } });

/** The escapes at the start of a line's text: colour (`\Cn`) and font (`\Fxxxx`); the rest is the text. */
function parseLineText(bytes: Buffer): { text: string; color?: ScreenColor } {
  let text = iconv.decode(bytes, 'gb2312');
  let color: ScreenColor | undefined;
  for (;;) {
    const c = /^\\C([1-7])/.exec(text);
    if (c) {
      color = COLOR_OF_DIGIT.get(c[1]!) ?? color;
      text = text.slice(3);
      continue;
    }
    const f = /^\\F[OEK][0-9A-F]{3}/.exec(text);
    if (f) {
      text = text.slice(f[0].length);
      continue;
    }
    break;
  }
  return color ? { text, color } : { text };
}

function parseDynamicAreas(data: Buffer): ScreenContent | string {
  let p = 5;
  if (data.length < COMMAND_FIXED) return 'the command is cut short';
  const deleteCount = data[p++]!;
  if (deleteCount !== 0 && deleteCount !== DELETE_ALL_AREAS) p += deleteCount;
  const count = data[p++];
  if (count === undefined) return 'no area count';
  const areas: { y: number; widthPx: number; heightPx: number; line: ScreenContent['lines'][number] }[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 2 > data.length) return `area ${i + 1} is cut short`;
    const len = data.readUInt16LE(p);
    p += 2;
    const a = data.subarray(p, p + len);
    if (a.length !== len || len < AREA_FIXED) return `area ${i + 1}: its length says ${len} bytes, ${a.length} are there`;
    let q = 14;
    const sound = a[q++]!;
    if (sound !== 0) q += 3 + (sound === 2 ? 4 + a.readUInt32LE(q + 3) : 0);
    const extensions = a[q++]!;
    q += extensions;
    q += 3; // alignment, single line, new line
    const mode = a[q++]!;
    q += 1; // exit mode
    const speed = a[q++]!;
    q += 1; // stay
    if (q + 4 > a.length) return `area ${i + 1} is cut short`;
    const textLen = a.readUInt32LE(q);
    q += 4;
    if (q + textLen !== a.length) return `area ${i + 1}: text length ${textLen} does not match the area`;
    const effect = EFFECT_OF_MODE.get(mode);
    if (!effect) return `area ${i + 1}: unknown display mode ${hex(mode)}`;
    const { text, color } = parseLineText(a.subarray(q));
    const widthRaw = a.readUInt16LE(5);
    const widthPx = widthRaw & PIXELS ? widthRaw & 0x7fff : widthRaw * CELL_PX;
    areas.push({ y: a.readUInt16LE(3), widthPx, heightPx: a.readUInt16LE(7), line: { text, ...(color ? { color } : {}), effect, speed: fromBxSpeed(speed) } });
    p += len;
  }
  if (p !== data.length) return `${data.length - p} bytes after the last area`;
  areas.sort((x, y) => x.y - y.y);
  const bottom = Math.max(LINE_PX, ...areas.map((a) => a.y + a.heightPx));
  const widthPx = Math.max(CELL_PX, ...areas.map((a) => a.widthPx));
  return { lines: areas.map((a) => a.line), geometry: { width: Math.round(widthPx / CELL_PX), lines: Math.max(1, Math.round(bottom / LINE_PX)) } };
}

/** Checks a split frame (head run … tail): escaping, length, CRC; then what its data says. */
export function decodeBxFrame(raw: Buffer): FrameResult {
  let start = 0;
  while (raw[start] === BX_HEAD) start++;
  if (start === 0 || raw[raw.length - 1] !== BX_TAIL) return fail('TRUNCATED', 'no A5 head or 5A tail', raw);
  const body = bxUnescape(raw.subarray(start, raw.length - 1));
  if (!body) return fail('ESCAPE', 'an escape byte (A6/5B) followed by something other than 01/02', raw);
  if (body.length < HEADER_LEN + 2) return fail('TRUNCATED', `a frame of ${body.length} bytes is too short`, raw);
  const len = body.readUInt16LE(12);
  if (HEADER_LEN + len + 2 !== body.length) return fail('LENGTH', `length field says ${len} data bytes, the frame has ${body.length - HEADER_LEN - 2}`, raw);
  const covered = body.subarray(0, body.length - 2);
  const want = body.readUInt16LE(body.length - 2);
  if (body[8] === CHECK_CRC16) {
    const got = crc16arc(covered);
    if (want !== got) return fail('CRC', `CRC ${hex(want)} in the frame, ${hex(got)} computed`, raw);
  }
  const dst = body.readUInt16LE(0);
  const src = body.readUInt16LE(2);
  const version = body[11]!;
  const data = body.subarray(HEADER_LEN, HEADER_LEN + len);
  if (data[0] === GROUP_AREA && data[1] === CMD_DYNAMIC) {
    const content = parseDynamicAreas(data);
    if (typeof content === 'string') return fail('BAD_TEXT', content, raw);
    const frame: DecodedFrame = { kind: 'text', dst, src, version, content };
    return { ok: true, frame };
  }
  if (data[0] === GROUP_ANSWER && (data[1] === CMD_ACK || data[1] === CMD_NACK) && data.length >= 5) {
    return { ok: true, frame: { kind: 'ack', dst, src, version, status: data[2]! } };
  }
  return fail('UNKNOWN_COMMAND', `command ${hex(data[0] ?? 0)} ${hex(data[1] ?? 0)} is not one this project speaks`, raw);
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Splits a stream at frame boundaries: a run of A5 starts a frame, the next 5A ends it. Since neither
 * byte can occur inside an escaped frame, an A5 after the head run means the frame was cut (a drop,
 * noise): that candidate fails and the search resumes at the new head. Bytes outside any frame are dropped.
 */
export const bxSplitter: FrameSplitter = startEndSplitter({
  start: [BX_HEAD],
  end: [BX_TAIL],
  maxLength: MAX_FRAME,
  validate: (frame) => {
    let body = 0;
    while (frame[body] === BX_HEAD) body++;
    return frame.indexOf(BX_HEAD, body) < 0;
  },
});

/**
 * The document's limits: a 5K has 8 dynamic areas and a 512-byte receive buffer, a 6K 5 areas and
 * 1024 bytes. The text budget is what is left of the buffer with every area in use.
 */
const GENERATIONS = {
  5: { buffer: 512, areas: 8 },
  6: { buffer: 1024, areas: 5 },
} as const;

function makeBx(generation: 5 | 6): BoardCodec {
  const g = GENERATIONS[generation];
  const limits = { maxLines: g.areas, maxTextBytes: g.buffer - COMMAND_FIXED - g.areas * (2 + AREA_FIXED) };
  return {
    name: `bx${generation}`,
    family: 'onbon-bx',
    defaultAddress: 1,
    maxAddress: BX_MAX_SCREEN_ADDRESS,
    answers: true,
    colors: ['red', 'green', 'amber'],
    limits,
    textBytes,
    encode(address, content) {
      if (!Number.isInteger(address) || address < 1 || address > BX_MAX_SCREEN_ADDRESS) throw new RangeError(`a BX screen address is 1…${BX_MAX_SCREEN_ADDRESS}, not ${address}`);
      return bxFrame(address, BX_HOST_ADDRESS, dynamicAreaData(content, limits));
    },
    decodeFrame: decodeBxFrame,
    splitter: bxSplitter,
    encodeAck(address, status) {
      const data = Buffer.from([GROUP_ANSWER, status === 0 ? CMD_ACK : CMD_NACK, status & 0xff, 0x00, 0x00]);
      return bxFrame(BX_HOST_ADDRESS, address, data);
    },
  };
}

export const bx5Codec = makeBx(5);
export const bx6Codec = makeBx(6);
