// Small pieces every terminal uses.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { lang, onLangChange, setLang, ts, type Lang } from './i18n.js';

/** Re-renders the caller when the language changes; returns the current one. */
export function useLang(): Lang {
  const [l, setL] = useState(lang());
  useEffect(() => onLangChange(setL), []);
  return l;
}

export function LangSwitch() {
  const l = useLang();
  return (
    <button type="button" class="lang-switch" data-testid="lang-switch" onClick={() => setLang(l === 'zh' ? 'en' : 'zh')}>
      {ts('lang')}
    </button>
  );
}

/** The time now, updated every `everyMs`. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** mm:ss (or h:mm:ss) since a time: the counter's timers. */
export function elapsed(since: number | null, now: number): string {
  if (!since) return '–';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * A name that may wrap, broken only where a reader would: at spaces and before a bracket
 * ("二手房交易 / （综合窗口）"), never inside a Chinese word ("综合窗/口"). Pair with the CSS class
 * `keep-words` (word-break: keep-all, and overflow-wrap: anywhere when a word alone is wider than the box).
 */
export function Words({ text }: { text: string }) {
  const parts = text.split(/(?=[（(])/);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  );
}
