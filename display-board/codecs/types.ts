// What an LED screen is told to show, independent of the vendor's frame: lines of text, each with a
// colour where the screen has colours and an effect (still, flashing, or scrolling when the text is
// wider than the screen). Every codec (Onbon BX-5/BX-6, the plain window-screen frame) encodes this
// model and decodes it back for the simulator and the tests.
import type { FrameSplitter } from '../../devices/framing.js';

export type ScreenColor = 'red' | 'green' | 'amber';
export type ScreenEffect = 'static' | 'flash' | 'scroll';

export interface ScreenLine {
  text: string;
  color?: ScreenColor;
  /** Default static; layoutContent() turns a line wider than the screen into 'scroll'. */
  effect?: ScreenEffect;
  /** Scroll or flash speed, 1 (slow) … 16 (fast). */
  speed?: number;
}

export interface ScreenContent {
  lines: ScreenLine[];
  /**
   * The screen it is laid out for (layoutContent sets it). A codec that places text by pixels (BX:
   * one dynamic area per line, the screen's width wide) needs it; the others ignore it.
   */
  geometry?: ScreenGeometry;
}

/** A screen's size in half-width cells (an ASCII character is one, a Hanzi two) and lines. */
export interface ScreenGeometry {
  width: number;
  lines: number;
}

/** A frame as the screen understood it. */
export interface DecodedFrame {
  /** The protocol's name of what the frame does: 'text' (show content), 'ack' (a screen's answer). */
  kind: 'text' | 'ack';
  /** Destination bus address (the screen for 'text', the host for 'ack'). */
  dst: number;
  /** Source address (the host, or the answering screen). */
  src: number;
  /** For 'text': what to show. */
  content?: ScreenContent;
  /** For 'ack': the screen's status (0 = ok). */
  status?: number;
  /** For BX: the header's protocol version byte (0x02 for the 5K/6K series). */
  version?: number;
}

export type DecodeErrorCode = 'CRC' | 'CHECKSUM' | 'LENGTH' | 'ESCAPE' | 'TRUNCATED' | 'UNKNOWN_COMMAND' | 'BAD_TEXT';

export interface DecodeError {
  code: DecodeErrorCode;
  message: string;
  /** The raw frame (as split from the stream). */
  raw: Buffer;
}

export type FrameResult = { ok: true; frame: DecodedFrame } | { ok: false; error: DecodeError };

export interface StreamDecode {
  frames: DecodedFrame[];
  errors: DecodeError[];
  /** Bytes that may still become a frame (prepend to the next chunk). */
  rest: Buffer;
}

/** What one text frame of a protocol can carry: fitting (content.ts) keeps every screen's content within it. */
export interface CodecLimits {
  /** Text bytes one frame carries at most, as textBytes() counts them (encoded text, line separators included). */
  readonly maxTextBytes: number;
  /** Lines one frame carries at most. */
  readonly maxLines: number;
}

export interface BoardCodec {
  /** bx5, bx6, window-screen */
  readonly name: string;
  /** The driver family it belongs to (onbon-bx, window-screen). */
  readonly family: string;
  /** Bus address a screen has out of the box (a device without units is at this address). */
  readonly defaultAddress: number;
  /** Addresses a screen may have on this protocol. */
  readonly maxAddress: number;
  /** The screen answers each text frame (so a silent screen can be noticed). */
  readonly answers: boolean;
  /** Colours the screen has (empty: one colour). */
  readonly colors: readonly ScreenColor[];
  /** What one frame carries at most. */
  readonly limits: CodecLimits;
  /** The bytes `content` takes against limits.maxTextBytes (its text as encoded, with the line separators). */
  textBytes(content: ScreenContent): number;
  /** Throws RangeError for an address out of range or content the frame cannot carry (beyond `limits`). */
  encode(address: number, content: ScreenContent): Buffer;
  /** One split frame → what it means, or why it is not a frame. */
  decodeFrame(raw: Buffer): FrameResult;
  /** Splits a byte stream into candidate frames (the Link's parser); decodeFrame checks each. */
  readonly splitter: FrameSplitter;
  /** The answer a screen at `address` gives to a frame it accepted (simulator), or null if it never answers. */
  encodeAck?(address: number, status: number): Buffer;
}

/** Splits and decodes a buffer: whole frames, the errors of bad ones, and the unfinished rest. */
export function decodeStream(codec: BoardCodec, buffer: Buffer): StreamDecode {
  const split = codec.splitter(buffer);
  const frames: DecodedFrame[] = [];
  const errors: DecodeError[] = [];
  for (const raw of split.frames) {
    const r = codec.decodeFrame(raw);
    if (r.ok) frames.push(r.frame);
    else errors.push(r.error);
  }
  return { frames, errors, rest: split.rest };
}

/** Display width in half-width cells: full-width characters (Hanzi, full-width punctuation) count two. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6)
  );
}

/**
 * Fits content to a screen: at most `lines` lines (the rest joined onto the last one), control
 * characters removed, and a line wider than the screen set to scroll (a flashing line that does not
 * fit scrolls too: half a number flashing is unreadable).
 */
export function layoutContent(content: ScreenContent, geometry: ScreenGeometry): ScreenContent {
  const clean = content.lines.map((l) => ({ ...l, text: l.text.replace(/[\u0000-\u001f\u007f]/g, ' ') }));
  let lines = clean;
  if (clean.length > geometry.lines) {
    const keep = clean.slice(0, Math.max(1, geometry.lines) - 1);
    const tail = clean.slice(keep.length);
    lines = [...keep, { ...tail[0]!, text: tail.map((l) => l.text).join(' ') }];
  }
  return {
    lines: lines.map((l) => (textWidth(l.text) > geometry.width ? { ...l, effect: 'scroll' as const, speed: l.speed ?? 8 } : l)),
    geometry: { width: geometry.width, lines: geometry.lines },
  };
}

/** Whether a codec's frame can carry `content` (its lines and text bytes within the codec's limits). */
export function fitsCodec(codec: Pick<BoardCodec, 'limits' | 'textBytes'>, content: ScreenContent): boolean {
  return content.lines.length <= codec.limits.maxLines && codec.textBytes(content) <= codec.limits.maxTextBytes;
}

/** Two contents show the same thing (the scheduler skips sending a screen what it already shows). */
export function sameContent(a: ScreenContent | undefined, b: ScreenContent | undefined): boolean {
  return !!a && !!b && JSON.stringify(a) === JSON.stringify(b);
}
