// What each LED screen shows, from the hall as devices see it (HallSnapshot). Pure.
//
// A counter's window screen (窗口屏): the number being called ("A001 请到3号窗口"), the number being
// served, "暂停服务" with the reason, closed, or idle with the counter's name. A screen without a
// counter (a zone's or the hall's board, 综合屏): the last calls of its zone, and the waiting count on
// the last line where the screen has room. The texts are the config's `boards` section (defaults here).
import { z } from 'zod';
import type { DriverDevice, HallSnapshot, SnapshotCounter } from '../devices/driver.js';
import type { BoardCodec, ScreenColor, ScreenContent, ScreenGeometry, ScreenLine } from './codecs/types.js';
import { layoutContent } from './codecs/types.js';

const template = z.string().min(1).max(60);
const color = z.enum(['red', 'green', 'amber']);
const geometry = z.object({ width: z.number().int().min(4).max(256), lines: z.number().int().min(1).max(16) });

/** The config's `boards` section: the LED screens' words and sizes. Placeholders: {number} {counter} {name} {reason} {n}. */
export const boardTextsSchema = z
  .object({
    calling: template.default('{number} 请到{counter}号窗口'),
    serving: template.default('{number} 正在办理'),
    paused: template.default('暂停服务'),
    /** Second line (or appended) when a pause has a reason. */
    pausedReason: template.default('{reason}'),
    closed: template.default('暂停办理'),
    /** Idle: the counter's name (or "{counter}号窗口" when it has none). */
    idle: template.default('{name}'),
    idleSecond: template.default('欢迎光临'),
    /** A hall board's line per recent call. */
    hallCall: template.default('{number} 请到{counter}号窗口'),
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
  const name = counter?.name?.zh ?? `${counterId}号窗口`;
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
export function hallContent(view: HallSnapshot, zone: string | null, texts: BoardTexts, geo: ScreenGeometry): ScreenContent {
  const zoneOf = new Map(view.counters.map((c) => [c.id, c.zone]));
  const calls = view.recentCalls.filter((c) => !zone || (zoneOf.get(c.counterId) ?? c.zone) === zone);
  const waiting = view.services.filter((s) => !zone || s.zone === zone).reduce((n, s) => n + s.waiting, 0);
  const roomForWaiting = geo.lines >= 3;
  const n = Math.min(texts.recentCalls, roomForWaiting ? geo.lines - 1 : geo.lines);
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

/** What one screen of a device shows now, fitted to its size. */
export function screenContent(screen: Screen, device: DriverDevice, view: HallSnapshot, texts: BoardTexts): ScreenContent {
  if (screen.counter) {
    const counter = view.counters.find((c) => c.id === screen.counter);
    return layoutContent(counterContent(counter, screen.counter, texts), texts.counterScreen);
  }
  return layoutContent(hallContent(view, device.zone, texts, texts.hallScreen), texts.hallScreen);
}
