// What the hall hears for a call, as text and as the sequence of recorded clips that says it. Pure and
// browser-safe (the display page imports it; so does the clip generator and the hub-side player).
//
//   zh: the call sentence of shared/vocabulary.ts → chime, 请, A, 零, 零, 一, 号, 到, 十, 三, (counter noun), 办理
//   en: Number A 0 0 1, please go to counter 13 → chime, number, A, zero, zero, one, please-go-to-counter, thirteen
//
// Ticket letters and digits are read one by one (a ticket number is a code, not an amount); counter
// numbers are read as numbers (13 → 十三, 10 → 十, 100 → 一百, 101 → 一百零一). A counter id that is
// not a number (e.g. "A3") is read character by character.
import { callSentence, SPOKEN_CALL_EN, SPOKEN_CALL_ZH } from '../../shared/vocabulary.js';

export type VoiceLang = 'zh' | 'en';

export interface CallToSay {
  number: string;
  counterId: string;
  kind?: 'call' | 'recall';
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every clip of the set: id → what it says, in which voice. The generator (make-clips.ts) makes one WAV each. */
export const CLIPS: Readonly<Record<string, { lang: VoiceLang | 'tone'; say: string }>> = (() => {
  const c: Record<string, { lang: VoiceLang | 'tone'; say: string }> = { chime: { lang: 'tone', say: '' } };
  const zh = (id: string, say: string) => (c[`zh/${id}`] = { lang: 'zh', say });
  const en = (id: string, say: string) => (c[`en/${id}`] = { lang: 'en', say });
  zh('qing', SPOKEN_CALL_ZH.please);
  zh('hao', SPOKEN_CALL_ZH.number);
  zh('dao', SPOKEN_CALL_ZH.to);
  zh('hao-chuangkou', SPOKEN_CALL_ZH.counter);
  zh('banli', SPOKEN_CALL_ZH.handle);
  zh('shi', '十');
  zh('bai', '百');
  zh('qian', '千');
  ZH_DIGITS.forEach((d, i) => zh(`d${i}`, d));
  en('number', SPOKEN_CALL_EN.number);
  en('please-go-to-counter', SPOKEN_CALL_EN.goTo);
  en('hundred', 'hundred');
  en('thousand', 'thousand');
  EN_DIGITS.forEach((d, i) => en(`d${i}`, d));
  EN_TEENS.forEach((d, i) => en(`n${i + 10}`, d));
  EN_TENS.forEach((d, i) => d && en(`n${i * 10}`, d));
  for (const l of LETTERS) {
    // The Mandarin voice says Latin letters the way halls say them (A as "ei").
    zh(`letter-${l}`, l);
    en(`letter-${l}`, l);
  }
  return c;
})();

/** Chinese reading of 0…9999 as clip ids (13 → 十 三, 10 → 十, 101 → 一 百 零 一, 1010 → 一 千 零 一 十). */
export function zhNumberClips(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`${n} is not a counter number 0…9999`);
  const d = (x: number) => `zh/d${x}`;
  if (n < 10) return [d(n)];
  if (n < 20) return ['zh/shi', ...(n % 10 ? [d(n % 10)] : [])];
  const out: string[] = [];
  const units: Array<[number, string]> = [
    [1000, 'zh/qian'],
    [100, 'zh/bai'],
    [10, 'zh/shi'],
  ];
  let rest = n;
  let started = false;
  let zeroPending = false;
  for (const [size, clip] of units) {
    const q = Math.floor(rest / size);
    rest %= size;
    if (q) {
      if (zeroPending) out.push(d(0));
      out.push(d(q), clip);
      started = true;
      zeroPending = false;
    } else if (started) zeroPending = true;
  }
  if (rest) {
    if (zeroPending) out.push(d(0));
    out.push(d(rest));
  }
  return out;
}

/** English reading of 0…9999 as clip ids (13 → thirteen, 101 → one hundred one). */
export function enNumberClips(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`${n} is not a counter number 0…9999`);
  if (n === 0) return ['en/d0'];
  const out: string[] = [];
  const below100 = (x: number) => {
    if (x === 0) return;
    if (x < 10) out.push(`en/d${x}`);
    else if (x < 20) out.push(`en/n${x}`);
    else {
      out.push(`en/n${Math.floor(x / 10) * 10}`);
      if (x % 10) out.push(`en/d${x % 10}`);
    }
  };
  if (n >= 1000) out.push(`en/d${Math.floor(n / 1000)}`, 'en/thousand');
  const h = Math.floor((n % 1000) / 100);
  if (h) out.push(`en/d${h}`, 'en/hundred');
  below100(n % 100);
  return out;
}

/** A code read one character at a time: letters and digits; anything else is silent. */
export function charClips(code: string, lang: VoiceLang): string[] {
  const out: string[] = [];
  for (const ch of code.toUpperCase()) {
    if (ch >= '0' && ch <= '9') out.push(`${lang}/d${ch}`);
    else if (LETTERS.includes(ch)) out.push(`${lang}/letter-${ch}`);
  }
  return out;
}

function counterClips(counterId: string, lang: VoiceLang): string[] {
  if (/^\d{1,4}$/.test(counterId)) {
    const n = Number(counterId);
    return lang === 'zh' ? zhNumberClips(n) : enNumberClips(n);
  }
  return charClips(counterId, lang);
}

/** The clips that say one call in one language (without the chime). */
export function callClips(call: CallToSay, lang: VoiceLang): string[] {
  if (lang === 'zh') return ['zh/qing', ...charClips(call.number, 'zh'), 'zh/hao', 'zh/dao', ...counterClips(call.counterId, 'zh'), 'zh/hao-chuangkou', 'zh/banli'];
  return ['en/number', ...charClips(call.number, 'en'), 'en/please-go-to-counter', ...counterClips(call.counterId, 'en')];
}

export interface AnnouncementOptions {
  /** Languages in the order spoken (default Chinese only). */
  langs?: readonly VoiceLang[];
  /** How many times the whole announcement is said (default 1). */
  repeat?: number;
  /** A chime before it (default true). */
  chime?: boolean;
}

/** The full clip sequence of an announcement: chime, then each language, all of it `repeat` times. */
export function announcementClips(call: CallToSay, options: AnnouncementOptions = {}): string[] {
  const langs = options.langs?.length ? options.langs : (['zh'] as const);
  const repeat = Math.max(1, Math.min(5, Math.floor(options.repeat ?? 1)));
  const once = langs.flatMap((l) => callClips(call, l));
  const out: string[] = options.chime === false ? [] : ['chime'];
  for (let i = 0; i < repeat; i++) out.push(...once);
  return out;
}

/** The sentence itself, for logs, subtitles and tests (callSentence of shared/vocabulary.ts). */
export function announcementText(call: CallToSay, lang: VoiceLang = 'zh'): string {
  return callSentence(call.number, call.counterId)[lang];
}

/** The spoken words of a clip sequence (what the clips say, joined), to check a sequence reads right. */
export function spoken(clips: readonly string[]): string {
  return clips.map((id) => CLIPS[id]?.say ?? `?${id}?`).filter(Boolean).join(' ');
}
