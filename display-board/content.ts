// What each LED screen shows, from the hall as devices see it (HallSnapshot). Pure.
//
// A counter's window screen (窗口屏): the number being called (the call line, e.g. "A001" and the counter), the number being
// served, "暂停服务" with the reason, closed, or idle with the counter's name. A screen without a
// counter (a zone's or the hall's board, 综合屏): the last calls of its zone, and the waiting count on
// the last line where the screen has room. The texts are the config's `boards` section (defaults here).
//
// Every screen's content is fitted to what its codec's frame carries (codec.limits): a hall board
// lists fewer calls, then the longest line loses characters from its end — never the ticket number or
// the counter — so a config the schema accepts always makes frames the screens take.
import { z } from 'zod';
import { safeText } from '../hub/security/safe-text.js';
import type { DriverDevice, HallSnapshot, SnapshotCounter } from '../devices/driver.js';
import type { BoardCodec, ScreenColor, ScreenContent, ScreenGeometry, ScreenLine } from './codecs/types.js';
import { fitsCodec, layoutContent } from './codecs/types.js';
import { BOARD_CALL_LINE_ZH, counterWords } from '../shared/vocabulary.js';

const template = safeText(z.string().min(1).max(60));
const color = z.enum(['red', 'green', 'amber']);
const geometry = z.object({ width: z.number().int().min(4).max(256), lines: z.number().int().min(1).max(16) });

/** The config's `boards` section: the LED screens' words and sizes. Placeholders: {number} {counter} {name} {reason} {n}. */
export const boardTextsSchema = z
  .object({
    calling: template.default(BOARD_CALL_LINE_ZH),
    serving: template.default('{number} 正在办理'),
    paused: template.default('暂停服务'),
    /** Second line (or appended) when a pause has a reason. */
    pausedReason: template.default('{reason}'),
    /** A closed counter: the web board's word too (未开放), not 暂停办理, which reads as "suspended". */
    closed: template.default('未开放'),
    /** Idle: the counter's name (or its label, shared/vocabulary.ts, when it has none). */
    idle: template.default('{name}'),
    idleSecond: template.default('欢迎光临'),
    /** A hall board's line per recent call. */
    hallCall: template.default(BOARD_CALL_LINE_ZH),
    hallWaiting: template.default('等候 {n} 人'),
    hallEmpty: template.default('欢迎光临'),
    /** The calls a hall board keeps at most (fewer when the screen has fewer lines). */
    recentCalls: z.number().int().min(1).max(16).default(4),
    colors: z
      .object({ calling: color.default('red'), serving: color.default('green'), paused: color.default('amber'), closed: color.default('amber'), idle: color.default('green'), hall: color.default('red') })
      .default({ calling: 'red', serving: 'green', paused: 'amber', closed: 'amber', idle: 'green', hall: 'red' }),
    /** A new call flashes on its counter's screen. */
    flashCalls: z.boolean().default(true),
    counterScreen: geometry.default({ width: 16, lines: 2 }),
    hallScreen: geometry.default({ width: 32, lines: 4 }),
  })
  .strict();

export type BoardTexts = z.infer<typeof boardTextsSchema>;
export const DEFAULT_BOARD_TEXTS: BoardTexts = boardTextsSchema.parse({});

/** The texts a snapshot carries (the hub fills HallSnapshot.boards from the config), else the defaults. */
export function textsOf(view: HallSnapshot | null): BoardTexts {
  const raw = (view as (HallSnapshot & { boards?: unknown }) | null)?.boards;
  if (raw === undefined || raw === null) return DEFAULT_BOARD_TEXTS;
  const r = boardTextsSchema.safeParse(raw);
  return r.success ? r.data : DEFAULT_BOARD_TEXTS;
}

export function fill(t: string, values: Record<string, string | number>): string {
  return t.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

const line = (text: string, c: ScreenColor, effect: ScreenLine['effect'] = 'static'): ScreenLine => ({ text, color: c, effect, speed: 8 });

export function counterContent(counter: SnapshotCounter | undefined, counterId: string, texts: BoardTexts): ScreenContent {
  const name = counter?.name?.zh ?? counterWords(counterId).zh;
  const v = { counter: counterId, name, number: counter?.ticket?.number ?? '', reason: counter?.pauseReason ?? '' };
  if (!counter || counter.state === 'closed') return { lines: [line(fill(texts.closed, v), texts.colors.closed), line(name, texts.colors.closed)] };
  if (counter.state === 'calling' && counter.ticket) return { lines: [line(fill(texts.calling, v), texts.colors.calling, texts.flashCalls ? 'flash' : 'static')] };
  if (counter.state === 'serving' && counter.ticket) return { lines: [line(fill(texts.serving, v), texts.colors.serving)] };
  if (counter.state === 'paused') {
    const lines = [line(fill(texts.paused, v), texts.colors.paused)];
    if (counter.pauseReason) lines.push(line(fill(texts.pausedReason, v), texts.colors.paused));
    return { lines };
  }
  return { lines: [line(fill(texts.idle, v), texts.colors.idle), line(fill(texts.idleSecond, v), texts.colors.idle)] };
}

/** A zone's (or, zone null, the hall's) board: the last calls, and the waiting count where it fits. */
export function hallContent(view: HallSnapshot, zone: string | null, texts: BoardTexts, geo: ScreenGeometry, maxCalls = Infinity): ScreenContent {
  const zoneOf = new Map(view.counters.map((c) => [c.id, c.zone]));
  const calls = view.recentCalls.filter((c) => !zone || (zoneOf.get(c.counterId) ?? c.zone) === zone);
  const waiting = view.services.filter((s) => !zone || s.zone === zone).reduce((n, s) => n + s.waiting, 0);
  const roomForWaiting = geo.lines >= 3;
  const n = Math.max(1, Math.min(texts.recentCalls, roomForWaiting ? geo.lines - 1 : geo.lines, maxCalls));
  const lines = calls.slice(0, n).map((c, i) => line(fill(texts.hallCall, { number: c.number, counter: c.counterId }), texts.colors.hall, i === 0 && texts.flashCalls ? 'flash' : 'static'));
  if (lines.length === 0) lines.push(line(fill(texts.hallEmpty, {}), texts.colors.idle));
  if (roomForWaiting) lines.push(line(fill(texts.hallWaiting, { n: waiting }), texts.colors.idle));
  return { lines };
}

export interface Screen {
  address: number;
  /** The counter it stands at; null: a zone's or the hall's board. */
  counter: string | null;
}

/** The screens of a device: its units, or one screen at the protocol's default address. */
export function screensOf(device: DriverDevice, codec: BoardCodec): Screen[] {
  if (device.units.length) return device.units.map((u) => ({ address: u.unit, counter: u.counter }));
  return [{ address: codec.defaultAddress, counter: device.counter }];
}

/** What a codec's frame carries: its limits and how it counts text bytes. */
export type FitCodec = Pick<BoardCodec, 'limits' | 'textBytes'>;

/** The characters of `text` (code points) that must stay: the first occurrence of each essential, in order, not overlapping. */
function protectedChars(chars: string[], essentials: readonly string[]): boolean[] {
  const kept = chars.map(() => false);
  for (const e of essentials) {
    const want = [...e];
    if (!want.length) continue;
    for (let i = 0; i + want.length <= chars.length; i++) {
      if (want.every((c, j) => chars[i + j] === c && !kept[i + j])) {
        for (let j = 0; j < want.length; j++) kept[i + j] = true;
        break;
      }
    }
  }
  return kept;
}

/** Removes up to `n` characters from the end of `text`, skipping protected ones; null when none can go. */
function trimLine(text: string, n: number, essentials: readonly string[]): string | null {
  const chars = [...text];
  const kept = protectedChars(chars, essentials);
  let removed = 0;
  for (let i = chars.length - 1; i >= 0 && removed < n; i--) {
    if (kept[i]) continue;
    chars.splice(i, 1);
    removed += 1;
  }
  return removed ? chars.join('').trimEnd() : null;
}

/**
 * Fits content to what a codec's frame carries: at most its lines, then, while the text bytes are over,
 * the line with the most bytes loses characters from its end (the `essentials` — ticket numbers,
 * counters — stay); when only essentials are left, the last lines go; a last single line is cut.
 * Content that fits is returned as it is.
 */
export function fitContent(content: ScreenContent, codec: FitCodec, essentials: readonly string[] = []): ScreenContent {
  let lines = content.lines.slice(0, Math.max(1, codec.limits.maxLines));
  const fits = () => fitsCodec(codec, { lines });
  const bytesOf = (l: ScreenLine) => codec.textBytes({ lines: [l] });
  // Each round removes at least one character or one line, so this ends.
  while (!fits()) {
    const over = codec.textBytes({ lines }) - codec.limits.maxTextBytes;
    // A Hanzi is two bytes: remove about as many characters as half the excess (at least one).
    const n = Math.max(1, Math.ceil(over / 2));
    const order = lines.map((l, i) => ({ i, bytes: bytesOf(l) })).sort((a, b) => b.bytes - a.bytes || b.i - a.i);
    let trimmed = false;
    for (const { i } of order) {
      const t = trimLine(lines[i]!.text, n, essentials);
      if (t === null) continue;
      lines = lines.map((l, j) => (j === i ? { ...l, text: t } : l));
      trimmed = true;
      break;
    }
    if (trimmed) continue;
    if (lines.length > 1) {
      lines = lines.slice(0, -1);
      continue;
    }
    // One line of essentials alone too long (a pathological counter id): cut it.
    const chars = [...lines[0]!.text];
    if (!chars.length) break;
    lines = [{ ...lines[0]!, text: chars.slice(0, Math.max(0, chars.length - n)).join('') }];
  }
  return { lines };
}

/** What one screen of a device shows now, fitted to its size and, given its codec, to what its frame carries. */
export function screenContent(screen: Screen, device: DriverDevice, view: HallSnapshot, texts: BoardTexts, codec?: FitCodec): ScreenContent {
  if (screen.counter) {
    const counter = view.counters.find((c) => c.id === screen.counter);
    const content = layoutContent(counterContent(counter, screen.counter, texts), texts.counterScreen);
    if (!codec || fitsCodec(codec, content)) return content;
    const number = counter?.state === 'calling' || counter?.state === 'serving' ? (counter.ticket?.number ?? '') : '';
    return layoutContent(fitContent(content, codec, [number, screen.counter]), texts.counterScreen);
  }
  const full = layoutContent(hallContent(view, device.zone, texts, texts.hallScreen), texts.hallScreen);
  if (!codec || fitsCodec(codec, full)) return full;
  // Fewer calls first (the newest stay), down to one; then the lines themselves are cut.
  const shown = full.lines.length;
  let content = full;
  for (let n = shown - 1; n >= 1 && !fitsCodec(codec, content); n--) content = layoutContent(hallContent(view, device.zone, texts, texts.hallScreen, n), texts.hallScreen);
  if (fitsCodec(codec, content)) return content;
  const zoneOf = new Map(view.counters.map((c) => [c.id, c.zone]));
  const newest = view.recentCalls.find((c) => !device.zone || (zoneOf.get(c.counterId) ?? c.zone) === device.zone);
  return layoutContent(fitContent(content, codec, newest ? [newest.number, newest.counterId] : []), texts.hallScreen);
}
