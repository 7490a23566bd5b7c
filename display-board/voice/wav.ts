// Just enough WAV for the clip set: read a PCM WAV's format and samples, and join clips (with a short
// silence between them) into one WAV a speaker program can play from its stdin. Pure.

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface Pcm extends PcmFormat {
  data: Buffer;
}

export function readWav(bytes: Buffer): Pcm {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt: PcmFormat | null = null;
  let p = 12;
  while (p + 8 <= bytes.length) {
    const id = bytes.toString('latin1', p, p + 4);
    const size = bytes.readUInt32LE(p + 4);
    const body = p + 8;
    if (id === 'fmt ') {
      const audioFormat = bytes.readUInt16LE(body);
      // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE (sox writes it for some layouts), PCM in our clips.
      if (audioFormat !== 1 && audioFormat !== 0xfffe) throw new Error(`WAV format ${audioFormat} is not PCM`);
      fmt = { channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before its format');
      return { ...fmt, data: bytes.subarray(body, Math.min(bytes.length, body + size)) };
    }
    p = body + size + (size % 2);
  }
  throw new Error('WAV without data');
}

export function durationOf(pcm: Pcm): number {
  return pcm.data.length / (pcm.sampleRate * pcm.channels * (pcm.bitsPerSample / 8));
}

export function writeWav(pcm: Pcm): Buffer {
  const h = Buffer.alloc(44);
  const blockAlign = pcm.channels * (pcm.bitsPerSample / 8);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + pcm.data.length, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(pcm.channels, 22);
  h.writeUInt32LE(pcm.sampleRate, 24);
  h.writeUInt32LE(pcm.sampleRate * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(pcm.bitsPerSample, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(pcm.data.length, 40);
  return Buffer.concat([h, pcm.data]);
}

/** Joins clips of one format with `gapMs` of silence between them. */
export function joinClips(clips: readonly Pcm[], gapMs = 30): Pcm {
  const first = clips[0];
  if (!first) throw new Error('no clips to join');
  for (const c of clips) {
    if (c.sampleRate !== first.sampleRate || c.channels !== first.channels || c.bitsPerSample !== first.bitsPerSample)
      throw new Error(`clips differ in format (${c.sampleRate} Hz/${c.channels} ch/${c.bitsPerSample} bit vs ${first.sampleRate}/${first.channels}/${first.bitsPerSample})`);
  }
  const blockAlign = first.channels * (first.bitsPerSample / 8);
  const gap = Buffer.alloc(Math.round((first.sampleRate * gapMs) / 1000) * blockAlign);
  const parts: Buffer[] = [];
  clips.forEach((c, i) => {
    if (i > 0) parts.push(gap);
    parts.push(c.data);
  });
  return { sampleRate: first.sampleRate, channels: first.channels, bitsPerSample: first.bitsPerSample, data: Buffer.concat(parts) };
}
