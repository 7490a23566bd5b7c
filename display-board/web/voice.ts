// The hall display's voice: one queue of announcements, played one at a time with Web Audio from the
// clips the hub serves (/voice/<clip>.wav, made by display-board/voice/make-clips.ts). A burst of calls
// is announced in order, never over each other; nothing needs the internet or speechSynthesis.
//
// Staying alive for a whole day: every announcement first makes sure the AudioContext is running
// (resuming it, or making a new one if the browser closed it), a clip that fails to load is skipped
// rather than blocking the queue, and each announcement ends on its own clock even if the audio
// never reports "ended" (a suspended context), so the queue can never stall silently.
//
// Page options: ?voice=zh (default) | en | zh,en | off, ?repeat=1…3, ?chime=0, ?rate=0.5…4 (playback
// speed, pitch included: the end-to-end tests play at 4 so a burst of calls takes seconds, not half a minute).
// What was played is kept in window.__hallDisplay.voice for tests and for the board's devtools.
import { announcementClips, announcementText, type VoiceLang } from '../voice/speech.js';
import type { Announcement } from './announce.js';

export interface PlayedAnnouncement {
  seq: number;
  kind: 'call' | 'recall';
  number: string;
  counterId: string;
  text: string;
  clips: string[];
  /** Clips decoded into audio (the others failed to load and were skipped). */
  decoded: string[];
  /** When each decoded clip was scheduled to start, in the AudioContext's seconds. */
  schedule: Array<{ clip: string; at: number; duration: number }>;
  state: 'queued' | 'playing' | 'done';
  /** The AudioContext's state when it was played. */
  audio: string;
}

export interface VoiceOptions {
  langs: VoiceLang[];
  repeat: number;
  chime: boolean;
  /** Playback speed of the clips (1 = as recorded). */
  rate: number;
  baseUrl: string;
}

/** A short pause between clips, so digits do not run together. */
const GAP_S = 0.03;
const MAX_QUEUE = 100;

export class VoiceQueue {
  readonly log: PlayedAnnouncement[] = [];
  readonly errors: string[] = [];
  private readonly queue: PlayedAnnouncement[] = [];
  private readonly buffers = new Map<string, Promise<AudioBuffer | null>>();
  private ctx: AudioContext | null = null;
  private running = false;

  constructor(private readonly options: VoiceOptions) {}

  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  enqueue(a: Announcement): void {
    const call = { number: a.number, counterId: a.counterId, kind: a.kind };
    const item: PlayedAnnouncement = {
      seq: a.seq,
      kind: a.kind,
      number: a.number,
      counterId: a.counterId,
      text: this.options.langs.map((l) => announcementText(call, l)).join(' / '),
      clips: announcementClips(call, { langs: this.options.langs, repeat: this.options.repeat, chime: this.options.chime }),
      decoded: [],
      schedule: [],
      state: 'queued',
      audio: '',
    };
    // A backlog this long means nobody can follow it anyway: the oldest calls give way.
    if (this.queue.length >= MAX_QUEUE) this.queue.shift();
    this.queue.push(item);
    this.log.push(item);
    if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    if (!this.running) void this.run();
  }

  /** Called on a user's tap or key: browsers let audio start after one. */
  unlock(): void {
    void this.context().then((c) => c?.resume()).catch(() => {});
  }

  private async context(): Promise<AudioContext | null> {
    try {
      if (!this.ctx || this.ctx.state === 'closed') this.ctx = new AudioContext();
      if (this.ctx.state !== 'running') await Promise.race([this.ctx.resume(), wait(1000)]);
      return this.ctx;
    } catch (e) {
      this.errors.push(`audio: ${String(e)}`);
      return null;
    }
  }

  private load(clip: string, ctx: AudioContext): Promise<AudioBuffer | null> {
    let p = this.buffers.get(clip);
    if (!p) {
      p = fetch(`${this.options.baseUrl}${clip}.wav`)
        .then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((b) => ctx.decodeAudioData(b))
        .catch((e: unknown) => {
          this.errors.push(`${clip}: ${String(e)}`);
          this.buffers.delete(clip); // try again next time
          return null;
        });
      this.buffers.set(clip, p);
    }
    return p;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let item = this.queue.shift(); item; item = this.queue.shift()) {
        try {
          await this.play(item);
        } catch (e) {
          this.errors.push(`announcement ${item.number}: ${String(e)}`);
        }
        item.state = 'done';
      }
    } finally {
      this.running = false;
    }
  }

  private async play(item: PlayedAnnouncement): Promise<void> {
    item.state = 'playing';
    const ctx = await this.context();
    if (!ctx) return;
    item.audio = ctx.state;
    const buffers = await Promise.all(item.clips.map((c) => this.load(c, ctx)));
    let t = ctx.currentTime + 0.05;
    const sources: AudioBufferSourceNode[] = [];
    item.clips.forEach((clip, i) => {
      const b = buffers[i];
      if (!b) return;
      const src = ctx.createBufferSource();
      src.buffer = b;
      src.playbackRate.value = this.options.rate;
      src.connect(ctx.destination);
      src.start(t);
      sources.push(src);
      item.decoded.push(clip);
      const duration = b.duration / this.options.rate;
      item.schedule.push({ clip, at: t, duration });
      t += duration + GAP_S;
    });
    const last = sources.at(-1);
    if (!last) return;
    const total = t - ctx.currentTime;
    // The end: the last clip's "ended", or its own clock plus a margin if the audio never says so.
    await Promise.race([new Promise<void>((r) => (last.onended = () => r())), wait(total * 1000 + 1500)]);
  }
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function voiceOptionsFromUrl(search: string): VoiceOptions | null {
  const q = new URLSearchParams(search);
  const voice = (q.get('voice') ?? 'zh').toLowerCase();
  if (voice === 'off' || voice === '0') return null;
  const langs = voice.split(/[,+ ]/).filter((l): l is VoiceLang => l === 'zh' || l === 'en');
  const repeat = Math.max(1, Math.min(3, Number(q.get('repeat') ?? 1) || 1));
  const rate = Math.max(0.5, Math.min(4, Number(q.get('rate') ?? 1) || 1));
  return { langs: langs.length ? langs : ['zh'], repeat, chime: q.get('chime') !== '0', rate, baseUrl: '/voice/' };
}
