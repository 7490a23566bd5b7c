// The hall's shipping to the city's central (hub/upstream/), from GET /api/health: connected or not,
// events not yet shipped, the last seq the central acknowledged, how old the oldest unshipped event is,
// and the last error's code. Shown only when the hall has a central; a backlog is normal during an
// outage (the hall never waits for the central) and drains when the link returns.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../ui/api.js';
import { ts } from '../ui/i18n.js';
import { defineWords } from '../ui/words.js';

interface UpstreamHealth {
  state: 'connecting' | 'shipping' | 'idle' | 'backoff' | 'refused' | 'stopped';
  connected: boolean;
  backlog: number | null;
  lastShippedSeq: number | null;
  lastContactAt: number | null;
  lagSeconds: number;
  lastErrorCode: string | null;
}

const t = defineWords({
  zh: {
    title: '市级平台上报',
    state: '状态',
    connected: '已连接',
    connecting: '正在连接',
    backoff: '连接中断，稍后重试',
    refused: '被拒绝（令牌已吊销或错误）',
    stopped: '已停止',
    backlog: '待上报事件',
    lastSeq: '已确认序号',
    lag: '滞后',
    seconds: '{n} 秒',
    lastError: '最近错误',
  },
  en: {
    title: 'City central',
    state: 'State',
    connected: 'Connected',
    connecting: 'Connecting',
    backoff: 'Unreachable, retrying',
    refused: 'Refused (token revoked or wrong)',
    stopped: 'Stopped',
    backlog: 'Events not yet shipped',
    lastSeq: 'Last shipped seq',
    lag: 'Lag',
    seconds: '{n} s',
    lastError: 'Last error',
  },
});

const stateText = (u: UpstreamHealth) => (u.connected ? t('connected') : u.state === 'refused' || u.state === 'backoff' || u.state === 'stopped' ? t(u.state) : t('connecting'));
const lagText = (s: number) => (s < 120 ? t('seconds', { n: s }) : ts('minutes', { n: Math.round(s / 60) }));

/** `pulse` changes when the hall commits events: the backlog is read again then (at most every 2 s). */
export function UpstreamStatus({ pulse }: { pulse: number | undefined }) {
  const [u, setU] = useState<UpstreamHealth | null>(null);
  const [tick, setTick] = useState(0);
  const first = useRef(true);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), 10_000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    let gone = false;
    const timer = setTimeout(() => {
      void api<{ upstream: UpstreamHealth | null }>('GET', '/api/health').then(
        (h) => !gone && setU(h.upstream),
        () => {},
      );
    }, first.current ? 0 : 2_000);
    first.current = false;
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [pulse, tick]);
  if (!u) return null;
  const tone = u.connected ? (u.backlog ? 'warn' : '') : 'bad';
  return (
    <section class={`panel upstream-panel ${tone}`} data-testid="upstream-status" data-state={u.state}>
      <h2>{t('title')}</h2>
      <dl class="upstream-facts" style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px', margin: 0 }}>
        <dt>{t('state')}</dt>
        <dd data-testid="upstream-state">{stateText(u)}</dd>
        <dt>{t('backlog')}</dt>
        <dd data-testid="upstream-backlog">{u.backlog ?? '–'}</dd>
        <dt>{t('lastSeq')}</dt>
        <dd data-testid="upstream-last-seq">{u.lastShippedSeq ?? '–'}</dd>
        <dt>{t('lag')}</dt>
        <dd data-testid="upstream-lag">{lagText(u.lagSeconds)}</dd>
        {u.lastErrorCode ? (
          <>
            <dt>{t('lastError')}</dt>
            <dd data-testid="upstream-error">{u.lastErrorCode}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
