// The page's language: Chinese first, English on request. Chosen by ?lang=, remembered per terminal
// (localStorage), switched live. Its own file so that the translator (ui/words.ts) and the page helpers
// (ui/i18n.ts) both read it without importing each other.

export type Lang = 'zh' | 'en';

const KEY = 'hall.lang';
const listeners = new Set<(l: Lang) => void>();
const inBrowser = typeof document !== 'undefined';

function initial(): Lang {
  if (!inBrowser) return 'zh';
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
  if (inBrowser) {
    try {
      localStorage.setItem(KEY, l);
    } catch {
      /* private mode: the choice lasts for this page */
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn: (l: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

if (inBrowser) document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
