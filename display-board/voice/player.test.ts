// The hub-side speaker: announcements joined from the committed clips and piped to a real player
// program (sox reading the WAV from stdin; a shell that keeps what it was given), one at a time, in
// order; a failing or hanging player is counted and the queue goes on.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoHallConfig } from '../../hub/config/demo-hall.js';
import { removeDir, startTestHub } from '../../tests/support/hub.js';
import { SpeakerPlayer, attachSpeaker, defaultClipsDir, speakerFromEnv } from './player.js';
import { announcementClips } from './speech.js';
import { durationOf, joinClips, readWav, writeWav } from './wav.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const clip = (id: string) => readWav(readFileSync(join(defaultClipsDir(), `${id}.wav`)));

describe('wav', () => {
  it('reads the clips (16 kHz mono 16-bit) and joins them with a gap', () => {
    const a = clip('zh/qing');
    const b = clip('zh/d3');
    expect([a.sampleRate, a.channels, a.bitsPerSample]).toEqual([16_000, 1, 16]);
    const joined = joinClips([a, b], 30);
    expect(joined.data.length).toBe(a.data.length + 480 * 2 + b.data.length);
    const back = readWav(writeWav(joined));
    expect(back.data.equals(joined.data)).toBe(true);
    expect(durationOf(back)).toBeCloseTo(durationOf(a) + 0.03 + durationOf(b), 6);
    expect(() => readWav(Buffer.from('not a wav at all'))).toThrow(/RIFF/);
    expect(() => joinClips([a, { ...b, sampleRate: 8000 }])).toThrow(/format/);
  });
});

describe('speaker player', () => {
  it('plays through sox, one announcement after the other, in order', async () => {
    const player = new SpeakerPlayer({ command: ['sox', '-q', '-t', 'wav', '-', '-n'] });
    player.announce({ number: 'A001', counterId: '3' });
    player.announce({ number: 'B010', counterId: '10' });
    player.announce({ number: 'C101', counterId: '101', kind: 'recall' });
    await player.idle();
    expect(player.done.map((d) => [d.number, d.ok, d.error])).toEqual([
      ['A001', true, undefined],
      ['B010', true, undefined],
      ['C101', true, undefined],
    ]);
    for (let i = 1; i < player.done.length; i++) expect(player.done[i]!.startedAt).toBeGreaterThanOrEqual(player.done[i - 1]!.endedAt);
    expect(player.counts).toEqual({ played: 3, failed: 0, dropped: 0 });
  });

  it('hands the player the joined clips of the announcement', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hall-speaker-'));
    dirs.push(out);
    const player = new SpeakerPlayer({ command: ['sh', '-c', 'cat > "$0/spoken.wav"', out], langs: ['zh', 'en'] });
    player.announce({ number: 'K013', counterId: '13' });
    await player.idle();
    const ids = announcementClips({ number: 'K013', counterId: '13' }, { langs: ['zh', 'en'] });
    expect(player.done[0]?.clips).toEqual(ids);
    const got = readWav(readFileSync(join(out, 'spoken.wav')));
    const want = joinClips(ids.map(clip));
    expect(got.data.equals(want.data)).toBe(true);
    expect(player.done[0]!.seconds).toBeCloseTo(durationOf(want), 6);
  });

  it('a player that fails, is missing or hangs is counted, and the next announcement still plays', async () => {
    const failing = new SpeakerPlayer({ command: ['sh', '-c', 'cat > /dev/null; exit 3'] });
    failing.announce({ number: 'A001', counterId: '1' });
    await failing.idle();
    expect(failing.done[0]).toMatchObject({ ok: false, error: expect.stringContaining('exited with 3') });

    const missing = new SpeakerPlayer({ command: ['no-such-player-here'] });
    missing.announce({ number: 'A001', counterId: '1' });
    await missing.idle();
    expect(missing.done[0]?.error).toContain('cannot run no-such-player-here');

    const out = mkdtempSync(join(tmpdir(), 'hall-speaker-'));
    dirs.push(out);
    // Hangs on the first announcement only (a stuck sound device), then works.
    const script = 'if [ -e "$0/hung" ]; then cat > "$0/ok.wav"; else touch "$0/hung"; exec sleep 30; fi';
    const hanging = new SpeakerPlayer({ command: ['sh', '-c', script, out], marginMs: 200 });
    hanging.announce({ number: 'A001', counterId: '1' });
    hanging.announce({ number: 'A002', counterId: '2' });
    await hanging.idle();
    expect(hanging.done.map((d) => [d.number, d.ok])).toEqual([
      ['A001', false],
      ['A002', true],
    ]);
    expect(hanging.done[0]?.error).toMatch(/did not finish/);
    expect(readdirSync(out).sort()).toEqual(['hung', 'ok.wav']);
  }, 20_000);
});

describe('the hub speaker', () => {
  it('announces the calls and recalls of a hub, of its zone only when given one', async () => {
    const hub = await startTestHub({ config: demoHallConfig({ realHours: true }) });
    try {
      const player = new SpeakerPlayer({ command: ['sox', '-q', '-t', 'wav', '-', '-n'] });
      const stop = attachSpeaker((l) => hub.hall.subscribe(l), player, 'F1');
      const f1 = await hub.login('1003', '3');
      const f2 = await hub.login('1011', '11');
      for (const serviceId of ['social-security', 'business-start']) await hub.api('POST', '/api/tickets', { token: 'demo-kiosk', body: { serviceId } });
      await hub.api('POST', '/api/counters/3/call', { token: f1 });
      await hub.api('POST', '/api/counters/11/call', { token: f2 });
      await hub.api('POST', '/api/counters/3/recall', { token: f1 });
      await player.idle();
      expect(player.done.map((d) => [d.number, d.counterId, d.text, d.ok])).toEqual([
        ['A001', '3', '请 A001 号到 3 号窗口办理', true],
        ['A001', '3', '请 A001 号到 3 号窗口办理', true],
      ]);
      stop();
    } finally {
      await hub.stop();
      removeDir(hub.dataDir);
    }
  });

  it('reads its settings from the environment', () => {
    expect(speakerFromEnv({})).toBeNull();
    expect(speakerFromEnv({ HALL_SPEAKER: 'off' })).toBeNull();
    expect(speakerFromEnv({ HALL_SPEAKER: 'on' })).toEqual({ options: { langs: ['zh'], repeat: 1 }, zone: null });
    expect(speakerFromEnv({ HALL_VOICE: 'zh,en', HALL_VOICE_REPEAT: '2', HALL_SPEAKER_ZONE: 'F2' }, 'paplay --raw')).toEqual({ options: { command: ['paplay', '--raw'], langs: ['zh', 'en'], repeat: 2 }, zone: 'F2' });
  });
});
