// `hall pad-test`, the installer's pad listener, against the simulated pad and keypad buses over a real
// kernel pty: presses come out with their unit, the pads show the test number and ask for a rating,
// bad arguments exit 2, and an address where nothing answers exits 1.
import { afterEach, describe, expect, it } from 'vitest';
import { stopAllPtys } from '../devices/pty.js';
import { captureCli } from '../devices/testing/cli-capture.js';
import { waitFor } from '../devices/testing/wait.js';
import { padTestCommand } from './cli.js';
import { startOpenPadSimulator, type OpenPadSimulator } from './simulator.js';

const sims: OpenPadSimulator[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
  await stopAllPtys();
});

const capture = captureCli;

const unitText = (sim: OpenPadSimulator, unit: number) => sim.view().units!.find((u) => u.unit === unit)!.text.join(' ');

describe('hall pad-test', () => {
  it('prints each rating from a pad bus with its unit, after showing the test number', async () => {
    const sim = await startOpenPadSimulator('pad', { transport: 'pty', units: [{ unit: 2, counter: '2' }, { unit: 3, counter: '3' }] });
    sims.push(sim);
    const c = capture();
    const run = padTestCommand(['--pad', sim.address, '--units', '2,3', '--number', 'B012'], c.io);
    await waitFor(() => unitText(sim, 3).includes('B012'), 'the pad shows the test number');
    sim.control('level-4', 3);
    await waitFor(() => c.out.includes('unit 3: rating 4'), 'the rating printed');
    sim.control('level-1', 2);
    await waitFor(() => c.out.includes('unit 2: rating 1'), 'the second rating printed');
    c.stop();
    expect(await run).toBe(0);
    expect(c.out[0]).toMatch(/^listening to the pad at serial:.* \(units 2, 3\)/);
    expect(c.out.some((l) => /\] online$/.test(l))).toBe(true);
    expect(c.out.at(-1)).toMatch(/^2 presses \(2 ratings, 0 keys, 0 unmapped\); link \{.*"txFrames":\d+/);
  });

  it('prints keypad keys as JSON lines with --json', async () => {
    const sim = await startOpenPadSimulator('keypad', { transport: 'pty', units: [{ unit: 5, counter: '5' }] });
    sims.push(sim);
    const c = capture();
    const run = padTestCommand(['--pad', sim.address, '--kind', 'keypad', '--units', '5', '--json'], c.io);
    await waitFor(() => c.out.some((l) => l.includes('"health":"online"')), 'online');
    sim.control('call-next', 5);
    await waitFor(() => c.out.some((l) => l.includes('"counter.action"')), 'the key printed');
    c.stop();
    expect(await run).toBe(0);
    const key = JSON.parse(c.out.find((l) => l.includes('"counter.action"'))!);
    expect(key.input).toEqual({ type: 'counter.action', action: 'call-next', unit: 5 });
    expect(JSON.parse(c.out.at(-1)!).summary).toMatchObject({ presses: 1, keys: 1 });
  });

  it('refuses bad arguments with exit 2, and exits 1 when nothing was ever reached', async () => {
    const bad = async (args: string[]) => {
      const c = capture();
      const code = await padTestCommand(args, c.io);
      return { code, err: c.err.join('\n') };
    };
    expect(await bad([])).toMatchObject({ code: 2, err: expect.stringMatching(/--pad ADDRESS is required/) });
    expect(await bad(['--pad', 'serial:/dev/x', '--units', '2,x'])).toMatchObject({ code: 2, err: expect.stringMatching(/--units/) });
    expect(await bad(['--pad', 'serial:/dev/x', '--options', '{nope'])).toMatchObject({ code: 2, err: expect.stringMatching(/--options is JSON/) });
    expect(await bad(['--pad', 'ftp://x'])).toMatchObject({ code: 2, err: expect.stringMatching(/^--pad: /) });
    expect(await bad(['--pad', 'serial:/dev/x?family=nosuch'])).toMatchObject({ code: 2, err: expect.stringMatching(/no pad driver for family "nosuch"/) });
    const c = capture();
    expect(await padTestCommand(['--pad', 'serial:/dev/hall-no-such-port?baud=9600', '--units', '2', '--seconds', '1'], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/never reached the pad/);
  });
});
