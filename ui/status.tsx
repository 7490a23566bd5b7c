// The two states every terminal shares, drawn one way everywhere: the connection banner (the link to
// the hub is down; the page keeps its last known state under it) and the token screen (this terminal's
// device token is missing or refused: only a person can help). Both in the page's language, never the
// socket's raw English ("websocket error"), and the banner sits in the page's flow above the content,
// so it pushes rather than covers: nothing is hidden under it. It goes the moment the link is back.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { loadHallTimeZone } from './hall-time.js';
import { pick, type Text } from './i18n.js';
import { defineWords } from './words.js';
import { useLang } from './components.js';
import { REFUSED_CODES, type LiveState } from './live.js';

const t = defineWords({
  zh: {
    offline: '与服务器的连接已断开，正在重连…',
    offlineHint: '屏幕显示的是断开前的状态。',
    tokenTitle: '本机需要设备令牌',
    tokenMissing: '打开本页时没有带设备令牌。',
    tokenRefused: '服务器拒绝了本机的设备令牌（令牌错误、已更换或已删除）。',
    tokenWrongKind: '这个令牌属于另一类设备（{kind}），不能用于本页。',
    tokenHelp: '请管理员在管理后台「大厅设置 → 设备」中为本机生成令牌，再用 {path}?token=令牌 打开本页。',
  },
  en: {
    offline: 'Connection to the hub lost, reconnecting…',
    offlineHint: 'The screen shows the state before the link was lost.',
    tokenTitle: 'This terminal needs a device token',
    tokenMissing: 'The page was opened without a device token.',
    tokenRefused: 'The hub refused this terminal’s device token (wrong, replaced or removed).',
    tokenWrongKind: 'This token belongs to another kind of device ({kind}) and cannot open this page.',
    tokenHelp: 'Ask the hall manager to create a token for this terminal in the dashboard (Settings → Devices), then open {path}?token=TOKEN.',
  },
});

export { REFUSED_CODES };

/** Whether the live link was refused for good (a bad token), as opposed to a network that will come back. */
export function tokenRefused(live: Pick<LiveState, 'error'>): boolean {
  return !!live.error && REFUSED_CODES.has(live.error.code);
}

/**
 * The connection banner: shown while the link is down after it was up once (or a first connection
 * failed for a network reason), gone as soon as it is back. `everConnected` stops a flash while the
 * page is still connecting for the first time.
 */
export function ConnectionBanner({ live, class: cls }: { live: Pick<LiveState, 'connected' | 'error'>; class?: string }) {
  useLang();
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (live.connected) setSeen(true);
  }, [live.connected]);
  if (live.connected || tokenRefused(live)) return null;
  if (!seen && !live.error) return null;
  return (
    <div class={`banner conn-banner${cls ? ` ${cls}` : ''}`} role="alert" data-testid="offline">
      <strong>{t('offline')}</strong> <span class="conn-banner-hint">{t('offlineHint')}</span>
    </div>
  );
}

/**
 * The token screen: why this terminal cannot work (no token, a refused one, a token of another kind of
 * device) and how to fix it, with the hall's name and time in the hall's zone (asked of the hub: no
 * snapshot comes to a refused terminal).
 */
export function TokenScreen(props: { missing: boolean; wrongKind?: string | null; class?: string }) {
  useLang();
  const [hall, setHall] = useState<Text | null>(null);
  useEffect(() => {
    void loadHallTimeZone();
    api<{ hallName: Text }>('GET', '/api/health').then(
      (h) => setHall(h.hallName),
      () => undefined,
    );
  }, []);
  return (
    <div class={`token-screen${props.class ? ` ${props.class}` : ''}`} data-testid="token-screen" role="alert">
      {hall && <p class="token-hall">{pick(hall)}</p>}
      <h1>{t('tokenTitle')}</h1>
      <p class="token-why">{props.wrongKind ? t('tokenWrongKind', { kind: props.wrongKind }) : props.missing ? t('tokenMissing') : t('tokenRefused')}</p>
      <p class="token-help">{t('tokenHelp', { path: location.pathname })}</p>
    </div>
  );
}
