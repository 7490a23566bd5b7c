// An ESC/POS decoder: the printer's side of the bytes. It parses commands one after another (so a byte
// inside a raster image is never taken for a command), answers the real-time ones (DLE EOT, DLE DC4)
// the moment they are parsed — as a printer does even while it is stopped — and queues the rest for
// the "print engine", which runs them only while there is paper and the cover is shut: what it cannot
// print yet waits in the buffer, as in a real printer, until the paper is back or the buffer is cleared.
//
// What it understands: initialise, Hanzi mode (FS & / FS .) with GB18030, code pages (ESC t), sizes
// (GS !, ESC !), alignment (ESC a), positions (ESC $, ESC \, GS L, GS W), bold, underline, invert,
// QR codes (GS ( k), raster images (GS v 0, GS 8 L + GS ( L), cuts (GS V), beeps (ESC B, ESC ( A),
// status requests (DLE EOT n, GS r n) and automatic status back (GS a). Other known commands are
// skipped by their length; an unknown byte is counted and skipped.
import iconv from 'iconv-lite';
import { encodeAsb, encodePaperSensor, encodeRealtimeStatus, type DeviceState } from './status.js';

export type Align = 'left' | 'center' | 'right';

export interface TextSegment {
  text: string;
  /** Character width and height multipliers (GS !). */
  width: number;
  height: number;
  bold: boolean;
  underline: boolean;
  invert: boolean;
}

export interface TextBlock {
  type: 'text';
  align: Align;
  /** Left offset in dots (GS L margin + ESC $ / ESC \ positions before the first character). */
  indent: number;
  segments: TextSegment[];
}

export interface Raster {
  /** Width in dots (a multiple of 8), height in dots; rows of width/8 bytes, MSB = leftmost dot. */
  width: number;
  height: number;
  data: Buffer;
}

export type Block =
  | TextBlock
  | { type: 'image'; align: Align; indent: number; raster: Raster }
  | { type: 'qr'; align: Align; indent: number; data: string; cell: number; level: 'L' | 'M' | 'Q' | 'H' }
  | { type: 'feed'; dots: number };

/** One ticket: what was printed between two cuts. */
export interface PrintedTicket {
  blocks: Block[];
  cut: 'full' | 'partial' | null;
  beeps: number;
}

export interface DecoderStats {
  commands: number;
  unknown: number;
  statusRequests: number;
  bytes: number;
}

export interface DecoderHooks {
  /** Bytes the printer sends back (status answers). */
  reply(bytes: Buffer): void;
  /** A ticket was cut (or flushed). */
  ticket?(ticket: PrintedTicket): void;
  /** The printer's state changed by itself (the paper ran out while printing). */
  stateChanged?(state: DeviceState): void;
}

type Op =
  | { op: 'text'; bytes: Buffer }
  | { op: 'lf' }
  | { op: 'feed'; lines?: number; dots?: number }
  | { op: 'init' }
  | { op: 'set'; key: keyof PrintMode; value: PrintMode[keyof PrintMode] }
  | { op: 'position'; absolute?: number; relative?: number }
  | { op: 'image'; raster: Raster }
  | { op: 'qr-print' }
  | { op: 'qr-set'; key: 'cell' | 'level' | 'data'; value: number | string }
  | { op: 'cut'; kind: 'full' | 'partial' }
  | { op: 'beep'; times: number }
  | { op: 'paper-status' };

interface PrintMode {
  align: Align;
  width: number;
  height: number;
  bold: boolean;
  underline: boolean;
  invert: boolean;
  hanzi: boolean;
  codepage: number;
  margin: number;
}

const initialMode = (): PrintMode => ({ align: 'left', width: 1, height: 1, bold: false, underline: false, invert: false, hanzi: false, codepage: 0, margin: 0 });

/** Code page 1 in receiptline's rules is box drawing (the dotted rule), the rest we read as ASCII. */
const BOX: Record<number, string> = { 0x90: '┴', 0x91: '┬', 0x95: '─', 0x96: '│', 0x98: '┼', 0x9c: '┌', 0x9d: '┐', 0x9e: '└', 0x9f: '┘' };

const NEED_MORE = Symbol('need more');

export class EscPosDecoder {
  /** Bytes received, not yet parsed (a command cut by the chunking). */
  private input: Buffer = Buffer.alloc(0);
  /** Parsed commands the print engine has not run yet. */
  private pending: Op[] = [];
  private mode = initialMode();
  private qr = { cell: 3, level: 'L' as 'L' | 'M' | 'Q' | 'H', data: '' };
  private graphics: Raster | null = null;
  private asb = false;
  private line: { segments: Array<{ bytes: Buffer; mode: PrintMode }>; indent: number | null; position: number } = { segments: [], indent: null, position: 0 };
  private current: PrintedTicket = { blocks: [], cut: null, beeps: 0 };
  readonly tickets: PrintedTicket[] = [];
  readonly stats: DecoderStats = { commands: 0, unknown: 0, statusRequests: 0, bytes: 0 };
  /** Feed lines left on the roll (null: endless); at 0 the paper is out. Near end below nearEndAt. */
  paperLines: number | null = null;
  nearEndAt = 0;

  constructor(
    private readonly hooks: DecoderHooks,
    readonly state: DeviceState = { paper: 'ok', cover: 'closed', online: true, cutterError: false },
  ) {}

  /** Bytes from the host. */
  push(chunk: Uint8Array): void {
    this.stats.bytes += chunk.length;
    this.input = this.input.length ? Buffer.concat([this.input, chunk]) : Buffer.from(chunk);
    let pos = 0;
    for (;;) {
      const used = this.parseOne(this.input, pos);
      if (used === NEED_MORE) break;
      pos += used;
      if (pos >= this.input.length) break;
    }
    this.input = Buffer.from(this.input.subarray(pos));
    this.run();
  }

  /** The host went away: a command cut in half is garbage (what was parsed stays in the buffer). */
  resetInput(): void {
    this.input = Buffer.alloc(0);
  }

  /** Sets the printer's state from outside (the demo page, a test) and tells the host if it listens. */
  setState(change: Partial<DeviceState>): void {
    Object.assign(this.state, change);
    if (change.paper === 'ok' || change.paper === 'near-end') {
      if (this.paperLines !== null && this.paperLines <= 0) this.paperLines = null;
    }
    this.sendAsb();
    this.run();
  }

  /** Commands received but not printed yet (held while the paper is out). */
  get held(): number {
    return this.pending.length;
  }

  get asbEnabled(): boolean {
    return this.asb;
  }

  /** What is on the paper since the last cut (a ticket not cut yet). */
  get uncut(): PrintedTicket {
    return this.current;
  }

  private canPrint(): boolean {
    return this.state.online && this.state.cover === 'closed' && this.state.paper !== 'out' && !this.state.cutterError;
  }

  private sendAsb(): void {
    if (this.asb) this.hooks.reply(Buffer.from(encodeAsb(this.state)));
  }

  // ---- parsing ----

  /** Parses one command at pos: the bytes it used, or NEED_MORE when it is not all there yet. */
  private parseOne(b: Buffer, pos: number): number | typeof NEED_MORE {
    const at = (i: number): number | undefined => b[pos + i];
    const avail = b.length - pos;
    const need = (n: number): boolean => avail >= n;
    const c = at(0)!;
    if (c >= 0x20 || c === 0x09) {
      // A run of text (Hanzi bytes are all ≥ 0x30, so a GB18030 character is never split here by a command).
      let end = pos;
      while (end < b.length && (b[end]! >= 0x20 || b[end] === 0x09)) end += 1;
      this.queue({ op: 'text', bytes: Buffer.from(b.subarray(pos, end)) });
      return end - pos;
    }
    this.stats.commands += 1;
    switch (c) {
      case 0x0a:
        this.queue({ op: 'lf' });
        return 1;
      case 0x0d:
      case 0x00:
        return 1;
      case 0x0c:
        this.queue({ op: 'lf' });
        return 1;
      case 0x10: {
        if (!need(3)) return NEED_MORE;
        const fn = at(1)!;
        const n = at(2)!;
        if (fn === 0x04 && n >= 1 && n <= 4) {
          this.stats.statusRequests += 1;
          this.hooks.reply(Buffer.from([encodeRealtimeStatus(n as 1 | 2 | 3 | 4, this.state)]));
          return 3;
        }
        if (fn === 0x05) {
          // DLE ENQ 1/2: recover from an error (2: and clear the buffers).
          if (n === 2) this.clearBuffers();
          if (this.state.cutterError && (n === 1 || n === 2)) this.setState({ cutterError: false });
          return 3;
        }
        if (fn === 0x14) {
          if (n === 8) {
            if (!need(10)) return NEED_MORE;
            this.clearBuffers();
            return 10;
          }
          return need(5) ? 5 : NEED_MORE;
        }
        return this.unknown();
      }
      case 0x1b:
        return this.parseEsc(b, pos, avail);
      case 0x1c:
        return this.parseFs(b, pos, avail);
      case 0x1d:
        return this.parseGs(b, pos, avail);
      default:
        return this.unknown();
    }
  }

  private unknown(): number {
    this.stats.unknown += 1;
    return 1;
  }

  private set<K extends keyof PrintMode>(key: K, value: PrintMode[K]): void {
    this.queue({ op: 'set', key, value });
  }

  private parseEsc(b: Buffer, pos: number, avail: number): number | typeof NEED_MORE {
    if (avail < 2) return NEED_MORE;
    const cmd = b[pos + 1]!;
    const arg = (i: number) => b[pos + 2 + i]!;
    const one = (apply: (n: number) => void): number | typeof NEED_MORE => {
      if (avail < 3) return NEED_MORE;
      apply(arg(0));
      return 3;
    };
    switch (String.fromCharCode(cmd)) {
      case '@':
        this.queue({ op: 'init' });
        return 2;
      case 'a':
        return one((n) => this.set('align', (['left', 'center', 'right'] as const)[n % 48] ?? 'left'));
      case 'E':
        return one((n) => this.set('bold', (n & 1) === 1));
      case 'G':
        return one(() => {});
      case '-':
        return one((n) => this.set('underline', n % 48 !== 0));
      case '!':
        return one((n) => {
          this.set('bold', (n & 8) !== 0);
          this.set('height', n & 16 ? 2 : 1);
          this.set('width', n & 32 ? 2 : 1);
          this.set('underline', (n & 128) !== 0);
        });
      case 't':
        return one((n) => this.set('codepage', n));
      case 'M':
      case ' ':
      case '3':
      case '{':
      case 'R':
      case 'V':
      case 'U':
      case 'c':
        if (String.fromCharCode(cmd) === 'c') return avail < 4 ? NEED_MORE : 4;
        return one(() => {});
      case '2':
        return 2;
      case 'd':
        return one((n) => this.queue({ op: 'feed', lines: n }));
      case 'J':
        return one((n) => this.queue({ op: 'feed', dots: n }));
      case '$':
        if (avail < 4) return NEED_MORE;
        this.queue({ op: 'position', absolute: arg(0) | (arg(1) << 8) });
        return 4;
      case '\\': {
        if (avail < 4) return NEED_MORE;
        const v = arg(0) | (arg(1) << 8);
        this.queue({ op: 'position', relative: v > 0x7fff ? v - 0x10000 : v });
        return 4;
      }
      case 'B':
        if (avail < 4) return NEED_MORE;
        this.queue({ op: 'beep', times: arg(0) });
        return 4;
      case 'p':
        return avail < 5 ? NEED_MORE : 5;
      case '(': {
        // ESC ( A pL pH …: Epson's buzzer; any ESC ( x is skipped by its length.
        if (avail < 5) return NEED_MORE;
        const len = arg(1) | (arg(2) << 8);
        if (avail < 5 + len) return NEED_MORE;
        if (arg(0) === 0x41) this.queue({ op: 'beep', times: len >= 4 ? Math.max(1, b[pos + 7] ?? 1) : 1 });
        return 5 + len;
      }
      case '*': {
        // ESC * m nL nH: column bit image (8 or 24 dots high); skipped by its length.
        if (avail < 5) return NEED_MORE;
        const m = arg(0);
        const n = arg(1) | (arg(2) << 8);
        const len = n * (m >= 32 ? 3 : 1);
        return avail < 5 + len ? NEED_MORE : 5 + len;
      }
      default:
        return this.unknown();
    }
  }

  private parseFs(b: Buffer, pos: number, avail: number): number | typeof NEED_MORE {
    if (avail < 2) return NEED_MORE;
    const cmd = String.fromCharCode(b[pos + 1]!);
    switch (cmd) {
      case '&':
        this.set('hanzi', true);
        return 2;
      case '.':
        this.set('hanzi', false);
        return 2;
      case 'C':
      case '-':
      case '!':
      case 'W':
        return avail < 3 ? NEED_MORE : 3;
      case 'S':
        return avail < 4 ? NEED_MORE : 4;
      case '(': {
        if (avail < 5) return NEED_MORE;
        const len = b[pos + 3]! | (b[pos + 4]! << 8);
        return avail < 5 + len ? NEED_MORE : 5 + len;
      }
      default:
        return this.unknown();
    }
  }

  private parseGs(b: Buffer, pos: number, avail: number): number | typeof NEED_MORE {
    if (avail < 2) return NEED_MORE;
    const cmd = String.fromCharCode(b[pos + 1]!);
    const arg = (i: number) => b[pos + 2 + i]!;
    switch (cmd) {
      case '!':
        if (avail < 3) return NEED_MORE;
        this.set('width', ((arg(0) >> 4) & 7) + 1);
        this.set('height', (arg(0) & 7) + 1);
        return 3;
      case 'B':
        if (avail < 3) return NEED_MORE;
        this.set('invert', (arg(0) & 1) === 1);
        return 3;
      case 'a':
        if (avail < 3) return NEED_MORE;
        // Takes effect at once (it is not a print command), and answers with the status as it is now.
        this.asb = arg(0) !== 0;
        this.sendAsb();
        return 3;
      case 'r':
        if (avail < 3) return NEED_MORE;
        this.stats.statusRequests += 1;
        if (arg(0) === 1 || arg(0) === 49) this.queue({ op: 'paper-status' });
        return 3;
      case 'L':
        if (avail < 4) return NEED_MORE;
        this.set('margin', arg(0) | (arg(1) << 8));
        return 4;
      case 'W':
      case 'P':
        return avail < 4 ? NEED_MORE : 4;
      case 'h':
      case 'w':
      case 'H':
      case 'f':
      case 'b':
      case 'I':
        return avail < 3 ? NEED_MORE : 3;
      case 'V': {
        if (avail < 3) return NEED_MORE;
        const m = arg(0);
        const withFeed = m >= 65;
        if (withFeed && avail < 4) return NEED_MORE;
        this.queue({ op: 'cut', kind: m === 0 || m === 48 || m === 65 || m === 97 ? 'full' : 'partial' });
        return withFeed ? 4 : 3;
      }
      case 'v': {
        // GS v 0 m xL xH yL yH d…: a raster image, x bytes a row, y rows.
        if (avail < 8) return NEED_MORE;
        const x = arg(2) | (arg(3) << 8);
        const y = arg(4) | (arg(5) << 8);
        if (avail < 8 + x * y) return NEED_MORE;
        this.queue({ op: 'image', raster: { width: x * 8, height: y, data: Buffer.from(b.subarray(pos + 8, pos + 8 + x * y)) } });
        return 8 + x * y;
      }
      case '8': {
        // GS 8 L p1 p2 p3 p4 m fn …: the long form of GS ( L (graphics data).
        if (avail < 7) return NEED_MORE;
        if (arg(0) !== 0x4c) return this.unknown();
        const len = arg(1) | (arg(2) << 8) | (arg(3) << 16) | (arg(4) << 24);
        if (avail < 7 + len) return NEED_MORE;
        this.graphicsData(b.subarray(pos + 7, pos + 7 + len));
        return 7 + len;
      }
      case '(': {
        if (avail < 5) return NEED_MORE;
        const sub = String.fromCharCode(arg(0));
        const len = arg(1) | (arg(2) << 8);
        if (avail < 5 + len) return NEED_MORE;
        const body = b.subarray(pos + 5, pos + 5 + len);
        if (sub === 'k') this.qrCommand(body);
        else if (sub === 'L') {
          // fn 50 (or '2'): print the stored graphics; fn 112: store them (short form).
          if (body[1] === 50 || body[1] === 2) {
            if (this.graphics) this.queue({ op: 'image', raster: this.graphics });
            this.graphics = null;
          } else if (body[1] === 112) this.graphicsData(body);
        }
        return 5 + len;
      }
      case 'k': {
        // GS k m …: a barcode (skipped). m ≤ 6: NUL-terminated; m ≥ 65: n then n bytes.
        if (avail < 3) return NEED_MORE;
        const m = arg(0);
        if (m <= 6) {
          const end = b.indexOf(0, pos + 3);
          return end < 0 ? NEED_MORE : end + 1 - pos;
        }
        if (avail < 4) return NEED_MORE;
        return avail < 4 + arg(1) ? NEED_MORE : 4 + arg(1);
      }
      default:
        return this.unknown();
    }
  }

  /** GS 8 L / GS ( L body from m: 48 112 a bx by c xL xH yL yH d… */
  private graphicsData(body: Uint8Array): void {
    if (body[1] !== 112 || body.length < 10) return;
    const w = body[6]! | (body[7]! << 8);
    const h = body[8]! | (body[9]! << 8);
    const rowBytes = (w + 7) >> 3;
    const data = Buffer.from(body.subarray(10, 10 + rowBytes * h));
    this.graphics = { width: rowBytes * 8, height: h, data };
  }

  /** GS ( k body from cn: cn=49 (QR) fn … */
  private qrCommand(body: Uint8Array): void {
    if (body[0] !== 49) return;
    const fn = body[1];
    if (fn === 67) this.queue({ op: 'qr-set', key: 'cell', value: body[2] ?? 3 });
    else if (fn === 69) this.queue({ op: 'qr-set', key: 'level', value: 'LMQH'[(body[2] ?? 48) - 48] ?? 'L' });
    else if (fn === 80) this.queue({ op: 'qr-set', key: 'data', value: iconv.decode(Buffer.from(body.subarray(3)), 'gb18030') });
    else if (fn === 81) this.queue({ op: 'qr-print' });
  }

  private queue(op: Op): void {
    this.pending.push(op);
  }

  /** DLE DC4 8: what was received before it is dropped (all parsed by now); what follows it is kept. */
  private clearBuffers(): void {
    this.pending = [];
    this.line = { segments: [], indent: null, position: 0 };
  }

  // ---- the print engine ----

  private run(): void {
    while (this.pending.length && this.canPrint()) {
      const op = this.pending.shift()!;
      this.exec(op);
    }
  }

  /** Uses paper: lines of the roll. Running out stops the engine and tells the host. */
  private usePaper(lines: number): void {
    if (this.paperLines === null) return;
    this.paperLines -= lines;
    const before = this.state.paper;
    if (this.paperLines <= 0) this.state.paper = 'out';
    else if (this.paperLines <= this.nearEndAt) this.state.paper = 'near-end';
    if (this.state.paper !== before) {
      this.sendAsb();
      this.hooks.stateChanged?.(this.state);
    }
  }

  private exec(op: Op): void {
    switch (op.op) {
      case 'text': {
        if (this.line.indent === null) this.line.indent = this.mode.margin + this.line.position;
        const last = this.line.segments.at(-1);
        // A run cut by the chunking (maybe inside a GB18030 character) joins the run before it.
        if (last && sameMode(last.mode, this.mode)) last.bytes = Buffer.concat([last.bytes, op.bytes]);
        else this.line.segments.push({ bytes: op.bytes, mode: { ...this.mode } });
        return;
      }
      case 'lf':
        this.endLine();
        return;
      case 'feed':
        this.endLine();
        if (op.lines) this.current.blocks.push({ type: 'feed', dots: op.lines * 30 });
        if (op.dots) this.current.blocks.push({ type: 'feed', dots: op.dots });
        this.usePaper(op.lines ?? Math.ceil((op.dots ?? 0) / 30));
        return;
      case 'init':
        this.mode = initialMode();
        this.qr = { cell: 3, level: 'L', data: '' };
        return;
      case 'set':
        (this.mode as unknown as Record<string, unknown>)[op.key] = op.value;
        return;
      case 'position':
        if (op.absolute !== undefined) this.line.position = op.absolute;
        if (op.relative !== undefined) this.line.position += op.relative;
        return;
      case 'image':
        this.endLine();
        this.current.blocks.push({ type: 'image', align: this.mode.align, indent: this.mode.margin, raster: op.raster });
        this.usePaper(Math.ceil(op.raster.height / 24));
        return;
      case 'qr-set':
        if (op.key === 'cell') this.qr.cell = Number(op.value);
        else if (op.key === 'level') this.qr.level = op.value as 'L' | 'M' | 'Q' | 'H';
        else this.qr.data = String(op.value);
        return;
      case 'qr-print':
        this.endLine();
        if (this.qr.data) {
          this.current.blocks.push({ type: 'qr', align: this.mode.align, indent: this.mode.margin, data: this.qr.data, cell: this.qr.cell, level: this.qr.level });
          this.usePaper(4);
        }
        return;
      case 'cut':
        this.endLine();
        this.current.cut = op.kind;
        this.flush();
        return;
      case 'beep':
        this.current.beeps += op.times;
        return;
      case 'paper-status':
        this.hooks.reply(Buffer.from([encodePaperSensor(this.state)]));
        return;
    }
  }

  private endLine(): void {
    const segs = this.line.segments;
    const indent = this.line.indent ?? this.mode.margin;
    this.line = { segments: [], indent: null, position: 0 };
    if (segs.length === 0) {
      this.current.blocks.push({ type: 'feed', dots: 24 });
      this.usePaper(1);
      return;
    }
    const segments: TextSegment[] = segs.map(({ bytes, mode }) => ({
      text: decodeText(bytes, mode),
      width: mode.width,
      height: mode.height,
      bold: mode.bold,
      underline: mode.underline,
      invert: mode.invert,
    }));
    this.current.blocks.push({ type: 'text', align: segs[0]!.mode.align, indent, segments });
    this.usePaper(Math.max(...segments.map((s) => s.height)));
  }

  /** Ends the ticket on the paper (a cut, or the host asking what is there). */
  private flush(): void {
    const t = this.current;
    this.current = { blocks: [], cut: null, beeps: 0 };
    this.tickets.push(t);
    this.hooks.ticket?.(t);
  }
}

const sameMode = (a: PrintMode, b: PrintMode): boolean => (Object.keys(a) as Array<keyof PrintMode>).every((k) => a[k] === b[k]);

function decodeText(bytes: Buffer, mode: PrintMode): string {
  if (mode.hanzi) return iconv.decode(bytes, 'gb18030');
  let s = '';
  for (const c of bytes) s += c < 0x80 ? String.fromCharCode(c) : mode.codepage === 1 ? (BOX[c] ?? '?') : iconv.decode(Buffer.from([c]), 'cp437');
  return s;
}

// ---- reading what was printed ----

/** Display width in half-width columns (CJK and full-width forms take two). */
export function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2500-\u257f]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return n;
}

/** A ticket as plain text lines, laid out on a paper of `cpl` half-width columns (12 dots each). */
export function ticketText(t: PrintedTicket, cpl = 48): string[] {
  const out: string[] = [];
  for (const b of t.blocks) {
    if (b.type === 'feed') continue;
    if (b.type === 'text') {
      const text = b.segments.map((s) => s.text).join('');
      const trimmed = text.replace(/\s+$/, '');
      const pad = Math.max(0, Math.round(b.indent / 12));
      const width = columns(trimmed);
      if (b.align === 'center') out.push(' '.repeat(Math.max(0, Math.floor((cpl - width) / 2))) + trimmed.trimStart());
      else if (b.align === 'right') out.push(' '.repeat(Math.max(0, cpl - width)) + trimmed.trimStart());
      else out.push(' '.repeat(pad) + trimmed);
    } else if (b.type === 'qr') out.push(`[QR ${b.data}]`);
    else out.push(`[image ${b.raster.width}x${b.raster.height}]`);
  }
  if (t.beeps) out.push(`[beep x${t.beeps}]`);
  if (t.cut) out.push(`[${t.cut} cut]`);
  return out;
}
