// Chinese first, English on request: the language is chosen by ?lang=, remembered per terminal, and
// switched live (ui/lang.ts). Each page keeps its own catalogues (ui/words.ts); this file holds the helpers
// for config texts and the words every page shares.
import { COUNTER_STATE, counterLabel as sharedCounterLabel } from '../shared/vocabulary.js';
import { lang } from './lang.js';
import { defineWords, enOf, zhOf } from './words.js';

export { lang, onLangChange, setLang, type Lang } from './lang.js';
export type Text = { zh: string; en?: string | undefined };

/** A config text ({zh, en?}) in the current language, falling back to Chinese. */
export function pick(text: Text | null | undefined): string {
  if (!text) return '';
  return lang() === 'en' ? (text.en ?? text.zh) : text.zh;
}

/**
 * A config text that may have no English (a counter's or device's name, a department): in English, its
 * `en` if the config gives one, else `fallback` (a label such as "Counter 8") rather than Chinese an
 * English reader cannot use; in Chinese, the text, or the fallback when there is none.
 */
export function pickOr(text: Text | string | null | undefined, fallback: string): string {
  if (typeof text === 'string') return lang() === 'en' && /[\u3400-\u9fff]/.test(text) ? fallback : text || fallback;
  if (!text) return fallback;
  return lang() === 'en' ? (text.en ?? fallback) : text.zh || fallback;
}

/** A counter's name in the current language: its config name, else its label ("Counter 3"). */
export function counterLabel(c: { id: string; name?: Text | null }): string {
  return pickOr(c.name ?? null, ts('counterName', { id: c.id }));
}

/** A device's name in the current language: its `nameEn` in English, else its id (not Chinese an English reader cannot use). */
export function deviceLabel(d: { id: string; name?: string | null | undefined; nameEn?: string | null | undefined }): string {
  return pickOr(d.name ? { zh: d.name, en: d.nameEn ?? undefined } : null, d.id);
}

/** The words every page takes from shared/vocabulary.ts: the counter states and a counter's label. */
const FROM_VOCABULARY = { ...COUNTER_STATE, counterName: sharedCounterLabel('id') };

export const ts = defineWords({
  zh: {
    appName: '排队叫号',
    lang: 'English',
    minutes: '{n} 分钟',
    people: '{n} 人',
    offline: '与服务器的连接已断开，正在重连…',
    ...zhOf(FROM_VOCABULARY),
  },
  en: {
    appName: 'Queueing',
    lang: '中文',
    minutes: '{n} min',
    people: '{n}',
    offline: 'Connection lost, reconnecting…',
    ...enOf(FROM_VOCABULARY),
  },
});

