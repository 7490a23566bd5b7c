// Frame parsers: bytes arrive in chunks as the OS delivers them (a frame split over several reads,
// several frames in one, garbage from a noisy RS-485 bus or a device booting); a parser turns them
// into whole frames. Two forms, after node-serialport:
// - a pure splitter `(buffer) => { frames, rest, dropped? }`: everything not yet a frame is handed back
//   as `rest` and prepended to the next chunk;
// - a Transform stream factory `{ transform: () => new DelimiterParser(...) }` (serialport's parsers
//   are Transforms); a fresh stream is made per connection.
// Partial frames never survive a reconnect: the reader is reset when the link (re)opens.
import type { Transform } from 'node:stream';

export interface SplitResult {
  frames: Buffer[];
  /** Bytes that may still become a frame. */
  rest: Buffer;
  /** Bytes thrown away as garbage (counted in the link's rxDropped). */
  dropped?: number;
}

export type FrameSplitter = (buffer: Buffer) => SplitResult;
export type FrameParser = FrameSplitter | { transform: () => Transform };

type Bytes = Buffer | Uint8Array | string | number[];
const toBuffer = (b: Bytes): Buffer => (typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b));

/**
 * What stands at a start marker, as a splitter's rule reads it: a whole frame of `frame` bytes; `wait`
 * for more bytes (an unfinished frame); `noise` (a stray marker: resynchronise one byte later, so it
 * cannot swallow the real frame after it); or `skipTo` an offset where a frame surely starts.
 */
type AtMarker = { frame: number } | { skipTo: number } | 'wait' | 'noise';

/**
 * The scan both marker-led splitters share: find the start marker, ask `at` what stands there, count
 * what is thrown away, and keep as rest an unfinished frame or, past the last marker, the last bytes
 * that could be the beginning of a marker split across chunks (the rest of the unmatched bytes are garbage).
 */
function markerScanner(start: Buffer, at: (buffer: Buffer, s: number) => AtMarker): FrameSplitter {
  return (buffer) => {
    const frames: Buffer[] = [];
    let dropped = 0;
    let pos = 0;
    for (;;) {
      const s = buffer.indexOf(start, pos);
      if (s < 0) {
        let keep = Math.min(start.length - 1, buffer.length - pos);
        while (keep > 0 && !start.subarray(0, keep).equals(buffer.subarray(buffer.length - keep))) keep--;
        dropped += buffer.length - pos - keep;
        pos = buffer.length - keep;
        break;
      }
      dropped += s - pos;
      const found = at(buffer, s);
      if (found === 'wait') {
        pos = s;
        break;
      }
      if (found === 'noise') {
        dropped += 1;
        pos = s + 1;
      } else if ('skipTo' in found) {
        dropped += found.skipTo - s;
        pos = found.skipTo;
      } else {
        frames.push(Buffer.from(buffer.subarray(s, s + found.frame)));
        pos = s + found.frame;
      }
    }
    return { frames, rest: Buffer.from(buffer.subarray(pos)), dropped };
  };
}

/** Frames end with a delimiter (e.g. "\n", or 0x0D 0x0A). */
export function delimiterSplitter(delimiter: Bytes, options: { includeDelimiter?: boolean; maxLength?: number } = {}): FrameSplitter {
  const delim = toBuffer(delimiter);
  if (delim.length === 0) throw new Error('the delimiter is empty');
  const include = options.includeDelimiter ?? false;
  const maxLength = options.maxLength ?? 65_536;
  return (buffer) => {
    const frames: Buffer[] = [];
    let dropped = 0;
    let pos = 0;
    for (;;) {
      const i = buffer.indexOf(delim, pos);
      if (i < 0) break;
      const end = include ? i + delim.length : i;
      if (end - pos > maxLength) dropped += i + delim.length - pos;
      else frames.push(Buffer.from(buffer.subarray(pos, end)));
      pos = i + delim.length;
    }
    let rest = buffer.subarray(pos);
    if (rest.length > maxLength + delim.length) {
      dropped += rest.length;
      rest = Buffer.alloc(0);
    }
    return { frames, rest: Buffer.from(rest), dropped };
  };
}

export interface StartEndOptions {
  start: Bytes;
  end: Bytes;
  /** Longest frame, markers included; longer candidates are garbage. */
  maxLength?: number;
  /** Checks a candidate frame (markers included), e.g. its checksum; a failed one is skipped byte by byte. */
  validate?: (frame: Buffer) => boolean;
}

/**
 * Frames run from a start marker to an end marker (both kept). Bytes before a start marker are
 * garbage; a candidate that fails `validate` or is too long is resynchronised one byte later, so a
 * stray start byte in the noise cannot swallow the real frame after it.
 */
export function startEndSplitter(options: StartEndOptions): FrameSplitter {
  const start = toBuffer(options.start);
  const end = toBuffer(options.end);
  const maxLength = options.maxLength ?? 65_536;
  const validate = options.validate ?? (() => true);
  return markerScanner(start, (buffer, s) => {
    const e = buffer.indexOf(end, s + start.length);
    if (e < 0) return buffer.length - s > maxLength ? 'noise' : 'wait';
    const length = e + end.length - s;
    return length > maxLength || !validate(buffer.subarray(s, s + length)) ? 'noise' : { frame: length };
  });
}

export interface LengthPrefixedOptions {
  start: Bytes;
  /** Bytes from the frame's first byte that must be there before its length can be read. */
  headerLength: number;
  /** The whole frame's length, markers included, read from its header; null for an impossible header (noise). */
  frameLength: (header: Buffer) => number | null;
  /** Checks a whole candidate (its end marker, its checksum); a failed one is resynchronised one byte later. */
  validate?: (frame: Buffer) => boolean;
  /**
   * What an unfinished candidate means when a valid whole frame already stands after it: with 'wait'
   * (default) the splitter waits for the candidate's bytes; with 'skip-to-valid' the candidate is taken
   * for a stray start byte (a frame cut by a drop, a length byte equal to the marker) and dropped, so a
   * protocol without answers does not lose the frames after a cut one until enough bytes came.
   */
  unfinished?: 'wait' | 'skip-to-valid';
  /** With 'skip-to-valid': what a later frame must pass to prove the unfinished one stray (default `validate`). */
  proves?: (frame: Buffer) => boolean;
}

/**
 * Frames that start with a marker and say their own length in a header (address, type, length…). A
 * candidate with an impossible header, or one that fails `validate`, is resynchronised one byte later,
 * so a stray marker in the noise cannot swallow the frame after it.
 */
export function lengthPrefixedSplitter(options: LengthPrefixedOptions): FrameSplitter {
  const start = toBuffer(options.start);
  const validate = options.validate ?? (() => true);
  const proves = options.proves ?? validate;
  const whole = (buffer: Buffer, s: number): Buffer | null => {
    if (buffer.length - s < options.headerLength) return null;
    const total = options.frameLength(buffer.subarray(s, s + options.headerLength));
    if (total === null || buffer.length - s < total) return null;
    const frame = buffer.subarray(s, s + total);
    return proves(frame) ? frame : null;
  };
  return markerScanner(start, (buffer, s) => {
    if (buffer.length - s < options.headerLength) return 'wait';
    const total = options.frameLength(buffer.subarray(s, s + options.headerLength));
    if (total === null) return 'noise';
    if (buffer.length - s < total) {
      if (options.unfinished !== 'skip-to-valid') return 'wait';
      let next = buffer.indexOf(start, s + 1);
      while (next >= 0 && !whole(buffer, next)) next = buffer.indexOf(start, next + 1);
      return next < 0 ? 'wait' : { skipTo: next };
    }
    return validate(buffer.subarray(s, s + total)) ? { frame: total } : 'noise';
  });
}

/** Feeds chunks to a parser and calls back with whole frames; without a parser every chunk is a frame. */
export class FrameReader {
  private rest: Buffer = Buffer.alloc(0);
  private stream: Transform | null = null;

  constructor(
    private readonly parser: FrameParser | undefined,
    private readonly onFrame: (frame: Buffer) => void,
    private readonly onDropped: (bytes: number) => void = () => {},
    private readonly maxBuffer = 1 << 20,
  ) {
    this.reset();
  }

  push(chunk: Buffer): void {
    const p = this.parser;
    if (!p) {
      this.onFrame(chunk);
      return;
    }
    if (typeof p === 'function') {
      const input = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
      const r = p(input);
      this.rest = r.rest;
      if (r.dropped) this.onDropped(r.dropped);
      if (this.rest.length > this.maxBuffer) {
        this.onDropped(this.rest.length);
        this.rest = Buffer.alloc(0);
      }
      for (const f of r.frames) this.onFrame(f);
      return;
    }
    this.stream?.write(chunk);
  }

  /** Forgets partial input (a new connection starts clean). */
  reset(): void {
    if (this.rest.length) this.onDropped(this.rest.length);
    this.rest = Buffer.alloc(0);
    const p = this.parser;
    if (p && typeof p !== 'function') {
      this.stream?.removeAllListeners().destroy();
      const s = p.transform();
      s.on('data', (f: Buffer) => this.onFrame(Buffer.from(f)));
      s.on('error', () => this.onDropped(0));
      this.stream = s;
    }
  }

  dispose(): void {
    this.stream?.removeAllListeners().destroy();
    this.stream = null;
    this.rest = Buffer.alloc(0);
  }
}
