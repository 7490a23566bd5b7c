// The LED board driver (kind `board`, families `onbon-bx` and `window-screen`): one device is one
// RS-485 bus (or one screen), its `units` the screens on it by bus address. Every snapshot and every
// batch of events redraws each screen from the hall (content.ts); the bus scheduler sends only what
// changed, calls first (a call concerns a counter's own screens and the boards of its zone or hall). A recall sends the call again (the screen flashes again). After a
// reconnect or a resync every screen is sent its current content; a silent screen (BX answers each
// frame) makes the device degraded: "screen 3 not answering". Every screen's content is fitted to what
// its codec's frame carries (content.ts); should a frame still not be made, it is dropped and the device
// is degraded with "screen 3: content too long for the screen" until that screen's next content goes out.
// A `show` text longer than a frame carries is refused (INVALID: a 400 to an API caller).
import { z } from 'zod';
import type { DeviceDriver, DriverCommand, DriverContext, DriverFactory, HallSnapshot } from '../devices/driver.js';
import { DeviceCommandError, registerDriver } from '../devices/driver.js';
import { healthReason } from '../devices/health-reason.js';
import { openBus } from './bus.js';
import { FAMILY_CODEC } from './codecs/index.js';
import type { BoardCodec } from './codecs/types.js';
import { fitsCodec, layoutContent, type ScreenContent, type ScreenGeometry } from './codecs/types.js';
import { screenContent, screensOf, textsOf, type Screen } from './content.js';
import type { Priority } from './scheduler.js';

export interface BoardDriverTuning {
  answerTimeoutMs?: number;
  retryMs?: number;
}

/** Tests make silent screens show up sooner. */
export const boardTuning: BoardDriverTuning = {};

const showCommand = z.object({
  type: z.literal('show'),
  /** A bus address of this device (default: every screen of it). */
  unit: z.number().int().min(0).max(0xfffe).optional(),
  text: z.string().min(1).max(200),
  color: z.enum(['red', 'green', 'amber']).optional(),
});

/** A `show` text as the screen gets it: one line per "\n", fitted to the screen's lines. */
function showContent(text: string, color: 'red' | 'green' | 'amber' | undefined, geo: ScreenGeometry): ScreenContent {
  return layoutContent({ lines: text.split('\n').map((t) => ({ text: t, color: color ?? 'red', effect: 'static', speed: 8 })) }, geo);
}

/**
 * The `show` command for one device: the text must fit in one frame of its codec on every screen it
 * goes to (a window screen takes 255 bytes: 127 Hanzi or 255 ASCII characters).
 */
function showCommandFor(codec: BoardCodec, geometryOf: (unit: number | undefined) => ScreenGeometry[]) {
  return showCommand.superRefine((c, ctx) => {
    for (const geo of geometryOf(c.unit)) {
      const content = showContent(c.text, c.color, geo);
      if (fitsCodec(codec, content)) continue;
      const bytes = codec.textBytes(content);
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['text'],
        message: `文字过长：${codec.name} 屏一帧最多 ${codec.limits.maxTextBytes} 字节（汉字占 2 字节），此文字 ${bytes} 字节 / text too long: a ${codec.name} frame carries at most ${codec.limits.maxTextBytes} bytes (a Hanzi takes 2), this text takes ${bytes}`,
      });
      return;
    }
  });
}

export function createBoardDriver(codec: BoardCodec, ctx: DriverContext): DeviceDriver {
  const screens = screensOf(ctx.device, codec);
  const scheduler = openBus({ link: ctx.link, codec, log: ctx.log, ...boardTuning });
  let view: HallSnapshot | null = null;

  /** Degraded while a screen is silent or its last content could not be encoded; online otherwise. */
  function report(): void {
    const silent = scheduler.silentScreens;
    const tooLong = scheduler.unencodableScreens.map((s) => s.address);
    // A silent screen is the more pressing of the two: it shows nothing new at all.
    if (silent.length) ctx.report({ state: 'degraded', reason: healthReason('SCREENS_NOT_ANSWERING', { screens: silent }) });
    else if (tooLong.length) ctx.report({ state: 'degraded', reason: healthReason('SCREEN_CONTENT_TOO_LONG', { screens: tooLong }) });
    else ctx.report({ state: 'online' });
  }

  scheduler.on('answering', (address, answering) => {
    ctx.log[answering ? 'info' : 'warn']({ address }, answering ? 'screen answers again' : 'screen not answering');
    report();
  });
  // The scheduler logged why (once); the health shows which screen.
  scheduler.on('unencodable', () => report());

  /** Redraws every screen; the screens a call or recall concerns go first (a recall is sent even if unchanged). */
  function draw(v: HallSnapshot, calls: Map<Screen, { recall: boolean }> = new Map()): void {
    const texts = textsOf(v);
    for (const s of screens) {
      const call = calls.get(s);
      const priority: Priority = call ? 'call' : 'routine';
      scheduler.set(s.address, screenContent(s, ctx.device, v, texts, codec), priority, call?.recall ?? false);
    }
  }

  return {
    onSnapshot(v) {
      view = v;
      draw(v);
      scheduler.resendAll();
    },
    onHallEvents(events, v) {
      view = v;
      const zoneOf = new Map(v.counters.map((c) => [c.id, c.zone]));
      const calls = new Map<Screen, { recall: boolean }>();
      for (const e of events) {
        if ((e.type !== 'ticket.called' && e.type !== 'ticket.recalled') || !e.ticket?.counterId) continue;
        const counter = e.ticket.counterId;
        const zone = zoneOf.get(counter) ?? e.ticket.zone;
        for (const s of screens) {
          const concerned = s.counter ? s.counter === counter : !ctx.device.zone || ctx.device.zone === zone;
          if (concerned) calls.set(s, { recall: (calls.get(s)?.recall ?? false) || e.type === 'ticket.recalled' });
        }
      }
      draw(v, calls);
    },
    async onCommand(command: DriverCommand) {
      if (command.type === 'status') {
        // For installers and the dashboard: what each screen should show, which are silent, the counts.
        return {
          screens: screens.map((s) => ({ unit: s.address, counter: s.counter, text: scheduler.contentOf(s.address)?.lines.map((l) => l.text) ?? [] })),
          silent: scheduler.silentScreens,
          queued: scheduler.queued,
          counts: { ...scheduler.counts },
        };
      }
      if (command.type !== 'show') throw new DeviceCommandError('UNSUPPORTED', ctx.device.id, `LED 屏不支持此命令 / a board does not take "${command.type}" (status, show)`);
      const texts = textsOf(view);
      const geometryOf = (s: Screen): ScreenGeometry => (s.counter ? texts.counterScreen : texts.hallScreen);
      const targetsOf = (unit: number | undefined) => (unit === undefined ? screens : screens.filter((s) => s.address === unit));
      const parsed = showCommandFor(codec, (unit) => targetsOf(unit).map(geometryOf)).safeParse(command);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
        throw new DeviceCommandError('INVALID', ctx.device.id, `显示命令无效 / invalid board command: ${problems}`);
      }
      const { unit, text, color } = parsed.data;
      const targets = targetsOf(unit);
      if (!targets.length) throw new DeviceCommandError('INVALID', ctx.device.id, `没有此总线地址的屏 / no screen at bus address ${unit}`);
      for (const s of targets) scheduler.set(s.address, showContent(text, color, geometryOf(s)), 'call', true);
      return { shown: targets.map((s) => s.address) };
    },
    stop() {
      scheduler.stop();
    },
  };
}

export const boardDrivers: DriverFactory[] = Object.entries(FAMILY_CODEC).map(([family, codec]) => ({
  kind: 'board',
  family,
  default: family === 'onbon-bx',
  // Every event, not just the routed calls: a hall board's waiting count changes with each ticket
  // issued. Unchanged screens are not written again (the scheduler compares contents).
  interest: 'all' as const,
  link: { parser: codec.splitter, interFrameGapMs: 20, requestTimeoutMs: 1000 },
  create: (ctx: DriverContext) => createBoardDriver(codec, ctx),
}));

for (const f of boardDrivers) registerDriver(f);
