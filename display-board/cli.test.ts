// `hall board-test` against the virtual LED bus: a BX screen over a pty answers, a window screen over
// TCP is written (it never answers), a screen that is not on the bus is reported silent, bad
// arguments are refused with the usage.
import { afterEach, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../devices/pty.js';
import { captureCli } from '../devices/testing/cli-capture.js';
import { waitFor } from '../devices/testing/wait.js';
import { main } from '../hub/cli/main.js';
import { boardTestCommand } from './cli.js';
import { bx6Codec } from './codecs/onbon-bx.js';
import { windowScreenCodec } from './codecs/window-screen.js';
import { startBoardSimulator, type BoardSimulator } from './simulator.js';

const sims: BoardSimulator[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
  await stopAllPtys();
});

const capture = captureCli;

describe('hall board-test', () => {
  it('BX over a pty: the screen shows the text and answers', async () => {
    const sim = await startBoardSimulator({ codec: bx6Codec, transport: 'pty', units: [{ unit: 3, counter: '3' }] });
    sims.push(sim);
    const c = capture();
    const code = await boardTestCommand(['--board', sim.address, '--codec', 'bx6', '--address', '3', '--text', 'A001 请到3号窗口\\n欢迎光临', '--color', 'green'], c.io);
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    expect(c.out.at(-1)).toBe('screen 3 answered: shown.');
    expect(c.out[0]).toMatch(/^bx6 frame to screen 3 \(\d+ bytes\): a5 a5 a5/);
    expect(sim.screen(3)?.content.lines.map((l) => [l.text, l.color])).toEqual([
      ['A001 请到3号窗口', 'green'],
      ['欢迎光临', 'green'],
    ]);
  });

  it('a BX screen that is not there is reported silent (exit 1)', async () => {
    const sim = await startBoardSimulator({ codec: bx6Codec, transport: 'tcp', units: [{ unit: 3, counter: '3' }] });
    sims.push(sim);
    const c = capture();
    expect(await boardTestCommand(['--board', sim.address, '--codec', 'bx5', '--address', '9', '--text', 'x', '--timeout', '300'], c.io)).toBe(1);
    expect(c.err.join('\n')).toContain('screen 9 did not answer within 300 ms');
  });

  it('window screen over TCP, through `hall board-test` itself', async () => {
    const sim = await startBoardSimulator({ codec: windowScreenCodec, transport: 'tcp', units: [{ unit: 12, counter: '12' }] });
    sims.push(sim);
    const logged: string[] = [];
    const orig = console.log;
    console.log = (l: string) => void logged.push(l);
    try {
      expect(await main(['board-test', '--board', sim.address, '--codec', 'window-screen', '--address', '12', '--text', 'B002 请到12号窗口'])).toBe(0);
    } finally {
      console.log = orig;
    }
    expect(logged.at(-1)).toContain('never answers');
    await waitFor(() => !!sim.screen(12), 'screen 12 written');
    expect(sim.screen(12)?.content.lines[0]?.text).toBe('B002 请到12号窗口');
  });

  it('refuses bad arguments with the usage', async () => {
    for (const args of [[], ['--board', 'tcp://127.0.0.1:1', '--text', 'x', '--codec', 'bx9'], ['--board', 'nope://x', '--text', 'x'], ['--board', 'tcp://127.0.0.1:1', '--text', 'x', '--address', '-4'], ['--bogus']]) {
      const c = capture();
      expect(await boardTestCommand(args, c.io)).toBe(2);
      expect(c.err.join('\n')).not.toBe('');
    }
  });
});
