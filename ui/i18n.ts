// Chinese first, English on request: the language is chosen by ?lang=, remembered per terminal, and
// switched live. Each page keeps its own dictionary; this file holds the mechanism and shared words.
import { COUNTER_STATE, counterLabel as sharedCounterLabel } from '../shared/vocabulary.js';

export type Lang = 'zh' | 'en';
export type Text = { zh: string; en?: string | undefined };
export type Dict = Record<string, { zh: string; en: string }>;

const KEY = 'hall.lang';
const listeners = new Set<(l: Lang) => void>();

function initial(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Lang = initial();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn: (l: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A config text ({zh, en?}) in the current language, falling back to Chinese. */
export function pick(text: Text | null | undefined): string {
  if (!text) return '';
  return current === 'en' ? (text.en ?? text.zh) : text.zh;
}

/**
 * A config text that may have no English (a counter's or device's name, a department): in English, its
 * `en` if the config gives one, else `fallback` (a label such as "Counter 8") rather than Chinese an
 * English reader cannot use; in Chinese, the text, or the fallback when there is none.
 */
export function pickOr(text: Text | string | null | undefined, fallback: string): string {
  if (typeof text === 'string') return current === 'en' && /[\u3400-\u9fff]/.test(text) ? fallback : text || fallback;
  if (!text) return fallback;
  return current === 'en' ? (text.en ?? fallback) : text.zh || fallback;
}

/** A counter's name in the current language: its config name, else its label ("Counter 3"). */
export function counterLabel(c: { id: string; name?: Text | null }): string {
  return pickOr(c.name ?? null, ts('counterName', { id: c.id }));
}

/** A device's name in the current language: its `nameEn` in English, else its id (not Chinese an English reader cannot use). */
export function deviceLabel(d: { id: string; name?: string | null | undefined; nameEn?: string | null | undefined }): string {
  return pickOr(d.name ? { zh: d.name, en: d.nameEn ?? undefined } : null, d.id);
}

/** A translator over a page's dictionary: `t('key', {n: 3})` fills `{n}`. */
export function makeT<D extends Dict>(dict: D) {
  return (key: keyof D & string, params: Record<string, string | number> = {}): string => {
    const entry = dict[key];
    const template = entry ? entry[current] : key;
    return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
  };
}

export const shared = {
  appName: { zh: '排队叫号', en: 'Queueing' },
  lang: { zh: 'English', en: '中文' },
  minutes: { zh: '{n} 分钟', en: '{n} min' },
  people: { zh: '{n} 人', en: '{n}' },
  offline: { zh: '与服务器的连接已断开，正在重连…', en: 'Connection lost, reconnecting…' },
  ...COUNTER_STATE,
  counterName: sharedCounterLabel('id'),
} satisfies Dict;

export const ts = makeT(shared);

document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
