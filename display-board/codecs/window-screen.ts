// The plain window-screen frame (family `window-screen`): the simple one-colour counter screens
// (窗口屏) sold with many queue systems. Vendors differ; this project defines its frame (README.md):
//
//   02 | address | mode | len | GBK text (lines separated by 0D) | sum | 03
//
// address 1…254 (0 = every screen on the bus); mode: bits 0–1 effect (0 still, 1 flash, 2 scroll),
// bits 4–7 speed−1; len = text bytes (≤ 255); sum = (address + mode + len + text bytes) mod 256. The
// screen never answers, so a silent one cannot be noticed: the frame is sent and trusted.
import iconv from 'iconv-lite';
import { lengthPrefixedSplitter, type FrameSplitter } from '../../devices/framing.js';
import type { BoardCodec, DecodeErrorCode, FrameResult, ScreenContent, ScreenEffect } from './types.js';

export const WS_STX = 0x02;
export const WS_ETX = 0x03;
const LINE_SEP = 0x0d;
const EFFECTS: ScreenEffect[] = ['static', 'flash', 'scroll'];

function checksum(bytes: Uint8Array): number {
  let s = 0;
  for (const b of bytes) s = (s + b) & 0xff;
  return s;
}

/** One effect and speed for the whole screen: the first line that moves decides. */
function modeOf(content: ScreenContent): number {
  const moving = content.lines.find((l) => l.effect === 'scroll') ?? content.lines.find((l) => l.effect === 'flash');
  const effect = EFFECTS.indexOf(moving?.effect ?? 'static');
  const speed = Math.max(1, Math.min(16, Math.round(moving?.speed ?? 8)));
  return ((speed - 1) << 4) | effect;
}

const fail = (code: DecodeErrorCode, message: string, raw: Buffer): FrameResult => ({ ok: false, error: { code, message, raw } });

export function decodeWindowFrame(raw: Buffer): FrameResult {
  if (raw.length < 6 || raw[0] !== WS_STX || raw[raw.length - 1] !== WS_ETX) return fail('TRUNCATED', 'no 02 … 03 frame', raw);
  const len = raw[3]!;
  if (raw.length !== len + 6) return fail('LENGTH', `length says ${len} text bytes, the frame has ${raw.length - 6}`, raw);
  const want = raw[raw.length - 2]!;
  const got = checksum(raw.subarray(1, raw.length - 2));
  if (want !== got) return fail('CHECKSUM', `checksum 0x${want.toString(16)} in the frame, 0x${got.toString(16)} computed`, raw);
  const mode = raw[2]!;
  const effect = EFFECTS[mode & 0x03];
  if (!effect) return fail('UNKNOWN_COMMAND', `mode 0x${mode.toString(16)} has no effect ${mode & 3}`, raw);
  const speed = (mode >> 4) + 1;
  const text = raw.subarray(4, 4 + len);
  const lines: ScreenContent['lines'] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === LINE_SEP) {
      lines.push({ text: iconv.decode(text.subarray(start, i), 'gbk'), color: 'red', effect, speed });
      start = i + 1;
    }
  }
  return { ok: true, frame: { kind: 'text', dst: raw[1]!, src: 0, content: { lines } } };
}

/**
 * Splits at 02 with the length byte: a candidate is 02 … 03 with len + 6 bytes; one whose 03 is not
 * where the length says is noise, and the search goes on one byte later. A screen never answers, so a
 * frame cut by a drop must not hold up the ones after it: an unfinished candidate followed by a whole,
 * valid frame is taken for a stray 02. The checksum is decodeWindowFrame's.
 */
export const windowSplitter: FrameSplitter = lengthPrefixedSplitter({
  start: [WS_STX],
  headerLength: 4,
  frameLength: (header) => header[3]! + 6,
  validate: (frame) => frame[frame.length - 1] === WS_ETX,
  unfinished: 'skip-to-valid',
  proves: (frame) => frame[frame.length - 1] === WS_ETX && checksum(frame.subarray(1, frame.length - 2)) === frame[frame.length - 2],
});

/** The text bytes of a frame: len is one byte. */
export const WS_MAX_TEXT_BYTES = 255;

function textOf(content: ScreenContent): Buffer {
  const parts: Buffer[] = [];
  content.lines.forEach((l, i) => {
    if (i > 0) parts.push(Buffer.from([LINE_SEP]));
    parts.push(iconv.encode(l.text.replace(/[\u0000-\u001f]/g, ' '), 'gbk'));
  });
  return Buffer.concat(parts);
}

export const windowScreenCodec: BoardCodec = {
  name: 'window-screen',
  family: 'window-screen',
  defaultAddress: 1,
  maxAddress: 254,
  answers: false,
  colors: [],
  // 255 bytes hold at most 128 lines (127 separators); the byte limit is the one that matters.
  limits: { maxTextBytes: WS_MAX_TEXT_BYTES, maxLines: 128 },
  textBytes: (content) => textOf(content).length,
  encode(address, content) {
    if (!Number.isInteger(address) || address < 0 || address > 254) throw new RangeError(`a window screen address is 0…254, not ${address}`);
    const text = textOf(content);
    if (text.length > WS_MAX_TEXT_BYTES) throw new RangeError(`a window screen takes at most ${WS_MAX_TEXT_BYTES} text bytes, not ${text.length}`);
    const body = Buffer.concat([Buffer.from([address, modeOf(content), text.length]), text]);
    return Buffer.concat([Buffer.from([WS_STX]), body, Buffer.from([checksum(body), WS_ETX])]);
  },
  decodeFrame: decodeWindowFrame,
  splitter: windowSplitter,
};
