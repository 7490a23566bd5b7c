// 叫号屏 · The hall display: a TV page (1920×1080 and other 16:9 screens) that shows the current call
// large and flashing, the recent calls, each counter's number or state, the waiting per service, a
// scrolling notice, and the time. Everything is pushed over socket.io (ui/live.ts: a snapshot, then the
// events in seq order, a fresh snapshot after a gap or a reconnect): the page never polls.
//
//   /display?token=DEVICE_TOKEN[&zone=F1][&lang=en]
//
// Zone: ?zone= if given, else the zone of the display's device token (the hub's `hello` event), else the
// whole hall. A zoned board shows only the counters of that zone, the calls to those counters and the
// services of that zone. Voice: each call and recall shown here is handed to announce() (announce.ts)
// and spoken by the voice queue (voice.ts: ?voice=zh|en|zh,en|off, ?repeat=N), one at a time. A TV
// browser must allow sound without a tap (Chromium: --autoplay-policy=no-user-gesture-required);
// otherwise the first tap or key on the page unlocks it.
//
// Test ids:
//   current-call-number   the number being called now ("A001"); absent before any call
//   current-call-counter  the counter it is called to (its label, shared/vocabulary.ts); data-counter-id = id
//   current-call          the whole panel; class "flash" (and data-flash="1") while it flashes
//   recent-calls          the recent calls list, newest first, with rows recent-<number>
//   counter-<id>          one counter's card (data-state = closed|idle|calling|serving|paused),
//   counter-number-<id>     with its ticket number, or 暂停服务 / 空闲 / 未开放
//   waiting-<serviceId>   one service's waiting count (data-waiting = n)
//   notice                the scrolling notice line (the enabled notices for this zone, else a default line)
//   clock                 time and date
//   zone-name             the zone shown (or 全部区域)
//   offline               the connection-lost banner (ui/status.tsx ConnectionBanner)
//   token-screen          no token, a refused one, or one of another kind of device (ui/status.tsx TokenScreen)
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { deviceToken } from '../../ui/api.js';
import { useLang, useNow, Words } from '../../ui/components.js';
import { ConnectionBanner, TokenScreen, tokenRefused } from '../../ui/status.js';
import { counterLabel, pick, ts, type Text } from '../../ui/i18n.js';
import { useLiveHall, type CounterView, type HallEvent, type LiveView } from '../../ui/live.js';
import { announce, setAnnouncer } from './announce.js';
import { callParts, dateLine, t, timeLine } from './words.js';
import { VoiceQueue, voiceOptionsFromUrl } from './voice.js';
import '../../ui/style.css';
import './display.css';

/** How long a new call (or a recall) flashes. */
const FLASH_MS = 6_000;
/** Recent calls shown (two columns of three, each line at 2 rem), the current one first. */
const RECENT_SHOWN = 6;
/** Counter tiles a page (three across, two down) and services a page (three across, two down): the
 * sizes that keep every word at least 2 rem (40 px on a 1080-line TV, about 2.5 cm on a 55" screen,
 * the usual minimum read from 5 m). More than that turns pages. */
const COUNTERS_A_PAGE = 6;
const SERVICES_A_PAGE = 6;
/** How long each page of counters or services stays. */
const PAGE_MS = 8_000;

/** Which page of `count` items (`perPage` a page) to show now: turns every PAGE_MS while there are several. */
function usePage(count: number, perPage: number): { page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(count / perPage));
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setTick((n) => n + 1), PAGE_MS);
    return () => clearInterval(id);
  }, [pages]);
  return { page: tick % pages, pages };
}

/** "1/3" beside a panel's title while it turns pages. */
function PageMark({ page, pages, testid }: { page: number; pages: number; testid: string }) {
  if (pages <= 1) return null;
  return (
    <span class="d-page" data-testid={testid}>
      {page + 1}/{pages}
    </span>
  );
}


type Call = LiveView['recentCalls'][number];

function byCounterId(a: { id: string }, b: { id: string }): number {
  return a.id.localeCompare(b.id, 'zh', { numeric: true });
}

/**
 * The notice line: the enabled notices (公告) for this board's zone (those for every zone and its own; a
 * board of the whole hall shows them all), joined; else the hub's `view.notice` (a text or a plain
 * string); else the default line.
 */
function noticeOf(view: LiveView, zone: string | null): string {
  const list = (view as Partial<Pick<LiveView, 'notices'>>).notices;
  if (Array.isArray(list)) {
    const texts = list.filter((x) => !zone || x.zones.length === 0 || x.zones.includes(zone)).map((x) => pick(x.text).trim()).filter(Boolean);
    return texts.length ? texts.join('\u3000\u3000') : t('notice');
  }
  const n = (view as LiveView & { notice?: Text | string | null }).notice;
  if (typeof n === 'string' && n.trim()) return n;
  if (n && typeof n === 'object' && typeof n.zh === 'string' && n.zh.trim()) return pick(n);
  return t('notice');
}

function Clock() {
  const now = useNow(1000);
  return (
    <div class="d-clock" data-testid="clock">
      <div class="d-time">{timeLine(now)}</div>
      <div class="d-date">{dateLine(now)}</div>
    </div>
  );
}

function CurrentCall({ call, flash }: { call: Call | undefined; flash: { seq: number; recall: boolean } | null }) {
  if (!call) {
    return (
      <section class="d-current empty" data-testid="current-call">
        <div class="d-current-label">{t('nowCalling')}</div>
        <div class="d-current-none">{t('noCall')}</div>
      </section>
    );
  }
  return (
    <section class={`d-current${flash ? ' flash' : ''}`} data-testid="current-call" data-flash={flash ? '1' : '0'} key={flash ? `f${flash.seq}` : 'still'}>
      <div class="d-current-label">
        {t('nowCalling')}
        {flash?.recall && <span class="d-recall-tag">{t('recall')}</span>}
      </div>
      <div class="d-current-number big-number" data-testid="current-call-number">
        {call.number}
      </div>
      <div class="d-current-line">
        {callParts(call.number, call.counterId).map((p, i) =>
          p.em === 'counter' ? (
            <strong key={i} class="d-em-counter" data-testid="current-call-counter" data-counter-id={call.counterId}>
              {p.text}
            </strong>
          ) : p.em === 'number' ? (
            <strong key={i} class="d-em-number">
              {p.text}
            </strong>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </div>
    </section>
  );
}

function RecentCalls({ calls, flashId }: { calls: Call[]; flashId: string | null }) {
  return (
    <section class="d-panel d-recent">
      <h2>{t('recentCalls')}</h2>
      {calls.length === 0 ? (
        <div class="d-empty" data-testid="recent-calls">
          {t('noRecent')}
        </div>
      ) : (
        <div class="d-fit">
        <ol class="d-recent-list" data-testid="recent-calls">
          {calls.slice(0, RECENT_SHOWN).map((c, i) => (
            <li key={c.ticketId} data-testid={`recent-${c.number}`} class={`${i === 0 ? 'latest' : ''}${c.ticketId === flashId ? ' flash' : ''}`}>
              <span class="d-recent-number big-number">{c.number}</span>
              <span class="d-recent-arrow">→</span>
              <span class="d-recent-counter">{t('callCounter', { id: c.counterId })}</span>
            </li>
          ))}
        </ol>
        </div>
      )}
    </section>
  );
}

function counterStatus(c: CounterView): { text: string; isNumber: boolean; sub: string } {
  if ((c.state === 'calling' || c.state === 'serving') && c.ticket) return { text: c.ticket.number, isNumber: true, sub: ts(c.state) };
  if (c.state === 'paused') return { text: ts('paused'), isNumber: false, sub: '' };
  if (c.state === 'closed') return { text: ts('closed'), isNumber: false, sub: '' };
  return { text: ts('idle'), isNumber: false, sub: '' };
}

function Counters({ counters: all }: { counters: CounterView[] }) {
  // Open counters first (in their order), the closed ones after: the first page is the one that matters.
  const counters = [...all.filter((c) => c.state !== 'closed'), ...all.filter((c) => c.state === 'closed')];
  const n = Math.min(counters.length, COUNTERS_A_PAGE);
  const cols = n <= 2 ? Math.max(1, n) : n <= 4 ? 2 : 3;
  const rows = Math.max(1, Math.ceil(n / cols));
  const { page, pages } = usePage(counters.length, COUNTERS_A_PAGE);
  return (
    <section class="d-panel d-counters">
      <h2>
        {t('counters')}
        <PageMark page={page} pages={pages} testid="counters-page" />
      </h2>
      <div class="d-fit">
        <div class="d-counter-grid" style={{ '--cols': cols, '--rows': rows }}>
          {counters.map((c, i) => {
            const s = counterStatus(c);
            // Every tile stays in the page (tests and screen readers find it); those of other pages are hidden.
            const here = Math.floor(i / COUNTERS_A_PAGE) === page;
            return (
              <div key={c.id} class={`d-counter s-${c.state}${here ? '' : ' off-page'}`} data-testid={`counter-${c.id}`} data-state={c.state}>
                <div class="d-counter-name">
                  {/* a counter name such as "8 … 二手房交易综合窗口": the number on a line, the label under it, never cut mid-word */}
                  {(/[\u3400-\u9fff]/.test(counterLabel(c)) ? counterLabel(c).split(/\s+(.*)/s) : [counterLabel(c)])
                    .filter(Boolean)
                    .map((part, i) => (
                      <span key={i}>{part}</span>
                    ))}
                </div>
                <div class={`d-counter-number${s.isNumber ? ' big-number' : ' word'}`} data-testid={`counter-number-${c.id}`}>
                  {s.text}
                </div>
                <div class="d-counter-sub">{s.sub}</div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function Waiting({ services }: { services: LiveView['services'] }) {
  // Three across leaves a service's whole name room (two lines in English).
  const n = Math.min(services.length, SERVICES_A_PAGE);
  const cols = Math.max(1, Math.min(3, n));
  const rows = Math.max(1, Math.ceil(n / cols));
  const { page, pages } = usePage(services.length, SERVICES_A_PAGE);
  return (
    <section class="d-panel d-waiting">
      <h2>
        {t('waiting')}
        <PageMark page={page} pages={pages} testid="waiting-page" />
      </h2>
      <div class="d-fit">
        <div class="d-service-grid" style={{ '--cols': cols, '--rows': rows }}>
          {services.map((s, i) => (
            <div
              key={s.id}
              class={`d-service${s.waiting > 0 ? '' : ' none'}${Math.floor(i / SERVICES_A_PAGE) === page ? '' : ' off-page'}`}
              data-testid={`waiting-${s.id}`}
              data-waiting={s.waiting}
            >
              <span class="d-service-prefix">{s.prefix}</span>
              <span class="d-service-name keep-words">
                <Words text={pick(s.name)} />
              </span>
              <span class="d-service-count big-number">{t('waitingN', { n: s.waiting })}</span>
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}

function Notice({ text }: { text: string }) {
  // The scrolling speed stays readable whatever the length: about 7 characters a second.
  const seconds = Math.max(20, Math.round(text.length / 7) + 12);
  return (
    <div class="d-notice" data-testid="notice" role="marquee">
      <div class="d-notice-track" key={text} style={{ animationDuration: `${seconds}s` }}>
        {text}
      </div>
    </div>
  );
}

function Display({ token }: { token: string }) {
  useLang();
  const zoneParam = new URLSearchParams(location.search).get('zone');
  const [flash, setFlash] = useState<{ ticketId: string; seq: number; recall: boolean } | null>(null);

  // useLiveHall keeps the first onEvent it is given: route it to the latest closure.
  const onEvent = useRef<(e: HallEvent, v: LiveView) => void>(() => {});
  const live = useLiveHall({ token }, (e, v) => onEvent.current(e, v));
  const hello = live.principal ? { principal: live.principal } : null;
  const zone = zoneParam || hello?.principal.zone || null;

  onEvent.current = (e, v) => {
    if ((e.type !== 'ticket.called' && e.type !== 'ticket.recalled') || !e.ticket?.counterId) return;
    const tk = e.ticket;
    const counter = v.counters.find((c) => c.id === tk.counterId);
    if (zone && (counter?.zone ?? tk.zone) !== zone) return;
    const recall = e.type === 'ticket.recalled';
    setFlash({ ticketId: tk.id, seq: e.seq, recall });
    announce({
      kind: recall ? 'recall' : 'call',
      ticketId: tk.id,
      number: tk.number,
      counterId: tk.counterId!,
      counterName: counter?.name ?? null,
      zone: counter?.zone ?? tk.zone,
      at: tk.lastCalledAt ?? e.at,
      seq: e.seq,
      recalls: tk.recalls,
    });
  };

  useEffect(() => {
    if (!flash) return;
    const id = setTimeout(() => setFlash((f) => (f?.seq === flash.seq ? null : f)), FLASH_MS);
    return () => clearTimeout(id);
  }, [flash]);

  const view = live.view;
  const shown = useMemo(() => {
    if (!view) return null;
    const counters = view.counters.filter((c) => !zone || c.zone === zone).sort(byCounterId);
    const zoneOf = new Map(view.counters.map((c) => [c.id, c.zone]));
    const calls = view.recentCalls.filter((c) => !zone || (zoneOf.get(c.counterId) ?? c.zone) === zone);
    const services = view.services.filter((s) => !zone || s.zone === zone);
    return { counters, calls, services };
  }, [view, zone]);

  if (tokenRefused(live)) return <TokenScreen missing={false} class="d-token" />;
  if (live.principal?.kind === 'device' && live.principal.deviceKind && live.principal.deviceKind !== 'display') {
    return <TokenScreen missing={false} wrongKind={live.principal.deviceKind} class="d-token" />;
  }
  if (!view || !shown) {
    return (
      <div class="display">
        <ConnectionBanner live={live} />
        <div class="d-connecting">{t('connecting')}</div>
      </div>
    );
  }

  const zoneInfo = zone ? view.zones.find((z) => z.id === zone) : null;
  const zoneName = !zone ? t('allZones') : zoneInfo ? pick(zoneInfo.name) : t('unknownZone', { zone });
  const current = shown.calls[0];
  const currentFlash = flash && current && flash.ticketId === current.ticketId ? flash : null;

  return (
    <div class="display">
      <ConnectionBanner live={live} />
      <header class="d-header">
        <div class="d-title">
          <h1>{pick(view.hall.name)}</h1>
          <div class="d-zone" data-testid="zone-name">
            {zoneName}
          </div>
        </div>
        <Clock />
      </header>
      <main class="d-main">
        <div class="d-left">
          <CurrentCall call={current} flash={currentFlash} />
          <RecentCalls calls={shown.calls} flashId={flash?.ticketId ?? null} />
        </div>
        <Counters counters={shown.counters} />
      </main>
      <Waiting services={shown.services} />
      <Notice text={noticeOf(view, zone)} />
    </div>
  );
}

const TOKEN = deviceToken('hall.display.token');

const VOICE_OPTIONS = voiceOptionsFromUrl(location.search);
if (VOICE_OPTIONS) {
  const voice = new VoiceQueue(VOICE_OPTIONS);
  setAnnouncer((a) => voice.enqueue(a));
  if (window.__hallDisplay) window.__hallDisplay.voice = voice;
  for (const ev of ['pointerdown', 'keydown'] as const) addEventListener(ev, () => voice.unlock());
}

function App() {
  useLang();
  const token = TOKEN;
  if (!token) return <TokenScreen missing class="d-token" />;
  return <Display token={token} />;
}

render(<App />, document.getElementById('app')!);
