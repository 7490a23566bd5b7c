// The hub-side voice: announcements played on a speaker plugged into the hub's PC, for halls without a
// display page that can play sound. One queue: each call's clips (speech.ts) are joined into one WAV
// (wav.ts) and piped to a player program (default `aplay -q -`, ALSA; `paplay`, or
// `play -q -t wav -` from sox work too), one announcement at a time. A player that hangs is killed
// after the announcement's length plus a margin, so the queue never stalls; failures are counted and
// logged, and the next announcement goes on.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceLogger } from '../../devices/logger.js';
import { spawnTied } from '../../devices/tied-child.js';
import { silentLogger } from '../../devices/logger.js';
import { announcementClips, announcementText, type AnnouncementOptions, type CallToSay } from './speech.js';
import { durationOf, joinClips, readWav, writeWav, type Pcm } from './wav.js';

export interface SpeakerOptions extends AnnouncementOptions {
  /** The player and its arguments; it reads one WAV on stdin. */
  command?: string[];
  /** Where the clips are (default: the committed set). */
  clipsDir?: string;
  /** How long past the announcement's length a player may take before it is killed (default 5 s). */
  marginMs?: number;
  log?: DeviceLogger;
}

export interface SpokenRecord {
  number: string;
  counterId: string;
  text: string;
  clips: string[];
  seconds: number;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  error?: string;
}

const MAX_QUEUE = 100;

export class SpeakerPlayer {
  readonly done: SpokenRecord[] = [];
  readonly counts = { played: 0, failed: 0, dropped: 0 };
  private readonly queue: CallToSay[] = [];
  private readonly cache = new Map<string, Promise<Pcm>>();
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly command: string[];
  private readonly log: DeviceLogger;

  private readonly clipsDir: string;

  constructor(private readonly options: SpeakerOptions = {}) {
    this.clipsDir = options.clipsDir ?? defaultClipsDir();
    this.command = options.command?.length ? options.command : ['aplay', '-q', '-'];
    this.log = options.log ?? silentLogger;
  }

  announce(call: CallToSay): void {
    if (this.queue.length >= MAX_QUEUE) {
      this.queue.shift();
      this.counts.dropped += 1;
    }
    this.queue.push(call);
    if (!this.running) void this.run();
  }

  /** Resolves when the queue is empty and nothing plays. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private clip(id: string): Promise<Pcm> {
    let p = this.cache.get(id);
    if (!p) {
      p = readFile(join(this.clipsDir, `${id}.wav`)).then(readWav);
      p.catch(() => this.cache.delete(id));
      this.cache.set(id, p);
    }
    return p;
  }

  private async run(): Promise<void> {
    this.running = true;
    for (let call = this.queue.shift(); call; call = this.queue.shift()) await this.playOne(call);
    this.running = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async playOne(call: CallToSay): Promise<void> {
    const clips = announcementClips(call, this.options);
    const rec: SpokenRecord = { number: call.number, counterId: call.counterId, text: announcementText(call, this.options.langs?.[0] ?? 'zh'), clips, seconds: 0, startedAt: Date.now(), endedAt: 0, ok: false };
    try {
      const pcm = joinClips(await Promise.all(clips.map((c) => this.clip(c))));
      rec.seconds = durationOf(pcm);
      rec.startedAt = Date.now();
      await this.pipe(writeWav(pcm), rec.seconds * 1000 + (this.options.marginMs ?? 5000));
      rec.ok = true;
      this.counts.played += 1;
    } catch (e) {
      rec.error = e instanceof Error ? e.message : String(e);
      this.counts.failed += 1;
      this.log.warn({ err: rec.error, number: call.number }, 'announcement not played on the speaker');
    }
    rec.endedAt = Date.now();
    this.done.push(rec);
    if (this.done.length > 200) this.done.shift();
  }

  private pipe(wav: Buffer, limitMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const [cmd, ...args] = this.command;
      // Tied to the hub: a player never outlives it (tied-child.ts).
      const child = spawnTied(cmd!, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr!.setEncoding('utf8').on('data', (s: string) => (err = (err + s).slice(-500)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${cmd} did not finish within ${Math.round(limitMs)} ms`));
      }, limitMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${cmd}: ${e.message}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`${cmd} exited with ${code ?? signal}: ${err.trim()}`));
      });
      child.stdin!.on('error', () => {});
      child.stdin!.end(wav);
    });
  }
}

export function defaultClipsDir(): string {
  return join(import.meta.dirname, 'clips');
}

/** The part of a committed hall event the speaker needs (hub events have this shape). */
export interface SpeakerEvent {
  type: string;
  ticket?: { number: string; counterId: string | null; zone?: string };
}

/**
 * Announces every call and recall of a hall's committed events on the speaker (only those of `zone`
 * when given). Returns the unsubscribe function of `subscribe`.
 */
export function attachSpeaker(subscribe: (listener: (events: readonly SpeakerEvent[]) => void) => () => void, player: SpeakerPlayer, zone: string | null = null): () => void {
  return subscribe((events) => {
    for (const e of events) {
      if ((e.type !== 'ticket.called' && e.type !== 'ticket.recalled') || !e.ticket?.counterId) continue;
      if (zone && e.ticket.zone !== zone) continue;
      player.announce({ number: e.ticket.number, counterId: e.ticket.counterId, kind: e.type === 'ticket.recalled' ? 'recall' : 'call' });
    }
  });
}

/** Speaker settings from the environment: HALL_SPEAKER ("on" or a player command), HALL_VOICE (zh,en), HALL_VOICE_REPEAT, HALL_SPEAKER_ZONE. */
export function speakerFromEnv(env: NodeJS.ProcessEnv, flag?: string): { options: SpeakerOptions; zone: string | null } | null {
  const raw = (flag ?? env.HALL_SPEAKER ?? '').trim();
  if (!raw || raw === 'off') return null;
  const command = raw === 'on' ? undefined : raw.split(/\s+/);
  const langs = (env.HALL_VOICE ?? 'zh').split(',').filter((l): l is 'zh' | 'en' => l === 'zh' || l === 'en');
  const repeat = Math.max(1, Math.min(3, Number(env.HALL_VOICE_REPEAT ?? 1) || 1));
  return { options: { ...(command ? { command } : {}), langs: langs.length ? langs : ['zh'], repeat }, zone: env.HALL_SPEAKER_ZONE?.trim() || null };
}
