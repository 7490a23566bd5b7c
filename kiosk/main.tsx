// The kiosk (取号机) page: /kiosk?token=KIOSK-TOKEN on a 1080×1920 portrait or 1920×1080 landscape touch
// screen. A citizen picks a floor (zone), narrows by department and takes a number for a service; or
// takes a green-channel (绿色通道) number; or checks in an appointment. Queue lengths and waits are live
// (useLiveHall: the snapshot, then pushed events and 'queues'); nothing polls. After ~30 s without a
// touch, and ~20 s after a ticket is shown, the kiosk returns to the start (?idle=SECONDS and
// ?ticketIdle=SECONDS change these; ?lang=en makes English the language each citizen starts in).
// Large-text mode (适老化) is remembered on the machine; the language goes back to the start language
// whenever the kiosk returns to the start, so the next citizen does not inherit the last one's choice.
//
// data-testid attributes (stable, for end-to-end tests):
//   kiosk                     the page root; data-screen = home|zones|services|appointment|issued|token|connecting,
//                             data-elderly = true|false
//   token-screen              the "needs a device token" screen (missing or refused token)
//   connecting                shown until the first snapshot arrives
//   offline                   the connection banner (ui/status.tsx ConnectionBanner); services are disabled meanwhile
//   elderly-toggle            large-text mode (适老化) on/off, aria-pressed; remembered on this machine
//   lang-switch               中文 / English (ui/components LangSwitch)
//   clock                     the time in the header
//   zone-<zoneId>             a floor/zone button (home, and the zone step of green channel / appointment)
//   green-channel             the green-channel entry on the start screen
//   green-who                 who qualifies for the green channel (from liveView.priorityClasses)
//   appointment               the appointment check-in entry on the start screen
//   appt-code                 the booking-code input; key-<X> the on-screen keys (key-0…key-9, key-A…key-Z,
//                             key-del, key-clear)
//   appt-slot-note            says the booked time is the booking system's (no time is picked at the kiosk)
//   appt-next                 go on to choose the booked service (disabled until a code is given)
//   mode-banner               the green-channel / appointment banner above the services; data-mode
//   dept-all, dept-<name>     department filter buttons (aria-pressed)
//   service-<serviceId>       a service button, data-available="true|false", data-waiting = people waiting; disabled when not available
//   service-reason-<id>       the reason a service cannot be taken (closed, lunch break, …)
//   page-prev, page-next, page-indicator   paging of the services
//   nav-back, nav-home        back / to the start
//   idle-countdown            "back to start in N s", shown in the last seconds before the idle reset
//   issuing                   the "issuing…" overlay while the request is in flight
//   issue-error               the error dialog (hub's message, in the current language); error-ok closes it
//   issued                    the ticket screen; data-ticket-id
//   issued-number             the number (A001)
//   issued-service            the service's name
//   issued-priority           green-channel / appointment badge (only for those tickets)
//   ahead                     people ahead
//   estimated-wait            estimated wait in minutes
//   issued-where              zone and counters to go to
//   issued-note               the materials note (service.note)
//   ticket-preview            what the printed ticket will show
//   issued-qr                 the QR code image (data-url = the tracking link /t/<id>)
//   printer-note              the printing state, data-print-state: none (this kiosk has no printer:
//                             "请拍照或扫码保存"), printing, printed, failed, unavailable (on screen only)
//   issued-done               "done" button with the countdown; issued-countdown the seconds left
import { hallHm } from '../ui/hall-time.js';
import { render, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, deviceToken } from '../ui/api.js';
import { LangSwitch, useLang, useNow } from '../ui/components.js';
import { ConnectionBanner, REFUSED_CODES, TokenScreen as SharedTokenScreen } from '../ui/status.js';
import { lang as currentLang, pick, setLang, type Lang, type Text } from '../ui/i18n.js';
import { useLiveHall } from '../ui/live.js';
import '../ui/style.css';
import { AppointmentScreen } from './appointment.js';
import { Entries } from './entries.js';
import { issueWithRetry, newRequestId } from './issue.js';
import { IconText } from './icons.js';
import './kiosk.css';
import { type Appt, type Mode, type Screen, type ServiceView } from './model.js';
import { tk } from './words.js';
import { ServicesScreen } from './services-screen.js';
import { IssuedScreen } from './ticket.js';
import { ZonesScreen } from './zones-screen.js';

const params = new URLSearchParams(location.search);
/** A time in seconds from the kiosk's URL (?idle=45), at least 3 s; else the default. */
function secondsParam(name: string, fallbackMs: number): number {
  const v = Number(params.get(name) ?? NaN);
  return Number.isFinite(v) && v >= 3 ? v * 1000 : fallbackMs;
}
/** Back to the start after this long without a touch (any screen but the ticket); ?idle=SECONDS changes it. */
const IDLE_RESET_MS = secondsParam('idle', 30_000);
/** The ticket stays on screen this long (a visible countdown), then the kiosk returns to the start; ?ticketIdle=SECONDS. */
const TICKET_RESET_MS = secondsParam('ticketIdle', 20_000);
/** The idle countdown shows in the last this-many ms. */
const IDLE_WARN_MS = Math.min(10_000, IDLE_RESET_MS / 3);
/** After a screen changes, taps are ignored this long: the second tap of a double tap must not land on the new screen. */
const SETTLE_MS = 350;
/** A view older than this is refreshed (one 'resync') when a citizen starts choosing: opening hours move with the clock, not with events. */
const STALE_VIEW_MS = 60_000;
/** Services per page: standard and large-text (elderly) mode. A landscape screen has room for three
 * rows of four (two in large text): a floor's ten services fit on one page. */
const PAGE_SIZE = {
  portrait: { standard: 12, elderly: 4 },
  landscape: { standard: 12, elderly: 6 },
} as const;
/** The language a new citizen meets: ?lang= of the kiosk's URL, else Chinese. */
const START_LANG: Lang = params.get('lang') === 'en' ? 'en' : 'zh';
const ELDERLY_KEY = 'hall.kiosk.elderly';
const REFUSED = REFUSED_CODES;

interface Principal {
  kind: string;
  deviceId?: string;
  deviceKind?: string;
  zone?: string | null;
}

function loadElderly(): boolean {
  try {
    return localStorage.getItem(ELDERLY_KEY) === '1';
  } catch {
    return false;
  }
}

/** 'landscape' or 'portrait', following the screen (a kiosk may be turned, a browser resized). */
function useOrientation(): 'portrait' | 'landscape' {
  const query = '(orientation: landscape)';
  const [o, setO] = useState<'portrait' | 'landscape'>(() => (matchMedia(query).matches ? 'landscape' : 'portrait'));
  useEffect(() => {
    const m = matchMedia(query);
    const on = () => setO(m.matches ? 'landscape' : 'portrait');
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return o;
}

function Kiosk() {
  const lang = useLang();
  const orientation = useOrientation();
  // The footer's middle, where the services screen puts its pager (a portal: the footer stays put while the screen scrolls).
  const [footerSlot, setFooterSlot] = useState<HTMLElement | null>(null);
  const token = useMemo(() => deviceToken('hall.kiosk.token'), []);
  const live = useLiveHall(token ? { token } : null);
  const { view, connected, error, hall } = live;
  const now = useNow(500);

  // The hall's name for the header before (or without) a snapshot: the token screen shows it too.
  const [hallName, setHallName] = useState<Text | null>(null);
  useEffect(() => {
    void api<{ hallName: Text }>('GET', '/api/health')
      .then((h) => setHallName(h.hallName))
      .catch(() => undefined);
  }, []);

  // ---- the device token: checked over REST (who am I), and by the socket's handshake ----
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => {
    if (!token || principal) return;
    let gone = false;
    api<{ principal: Principal }>('GET', '/api/sessions/current', { token })
      .then((r) => !gone && setPrincipal(r.principal))
      .catch((e: unknown) => {
        // A hub that cannot be reached says nothing about the token: the socket retries, and this check with it.
        if (!gone && e instanceof ApiError && (e.status === 401 || e.status === 403)) setRefused(e.message);
      });
    return () => {
      gone = true;
    };
  }, [token, connected, principal]);
  useEffect(() => {
    if (error && REFUSED.has(error.code)) setRefused((r) => r ?? error.message);
  }, [error]);
  // The hub drops a device whose token was replaced or removed by a config change, saying why.
  useEffect(() => {
    if (!hall) return;
    const ended = (e: { code?: string; message?: string }) => setRefused(e?.message ?? e?.code ?? 'UNAUTHENTICATED');
    hall.socket.on('session.ended', ended);
    return () => void hall.socket.off('session.ended', ended);
  }, [hall]);

  // ---- modes remembered on this machine ----
  const [elderly, setElderly] = useState(loadElderly);
  const toggleElderly = () => {
    setElderly((e) => {
      try {
        localStorage.setItem(ELDERLY_KEY, e ? '0' : '1');
      } catch {
        /* kept for this page only */
      }
      return !e;
    });
  };
  useEffect(() => {
    document.documentElement.classList.add('kiosk');
    document.documentElement.classList.toggle('elderly', elderly);
  }, [elderly]);

  // ---- navigation: a stack of screens ----
  const [stack, setStack] = useState<Screen[]>([{ name: 'home' }]);
  const screen = stack[stack.length - 1]!;
  const [settling, setSettling] = useState(false);
  useEffect(() => {
    setSettling(true);
    const id = setTimeout(() => setSettling(false), SETTLE_MS);
    return () => clearTimeout(id);
  }, [stack]);
  const go = useCallback((s: Screen) => setStack((st) => [...st, s]), []);
  const back = useCallback(() => setStack((st) => (st.length > 1 ? st.slice(0, -1) : st)), []);

  // ---- issuing: one request at a time, whatever the fingers do ----
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  /** The last failure was the network's (no answer): it goes when the link is back, the citizen may try again. */
  const failedOffline = useRef(false);
  useEffect(() => {
    if (connected && failedOffline.current) {
      failedOffline.current = false;
      setFailure(null);
    }
  }, [connected]);

  const reset = useCallback(() => {
    setStack([{ name: 'home' }]);
    setFailure(null);
    inFlight.current = false;
    if (lang !== START_LANG) setLang(START_LANG);
  }, [lang]);

  // ---- idle: any touch or key restarts the clock ----
  const lastTouch = useRef(Date.now());
  useEffect(() => {
    const touched = () => {
      lastTouch.current = Date.now();
    };
    window.addEventListener('pointerdown', touched, true);
    window.addEventListener('keydown', touched, true);
    return () => {
      window.removeEventListener('pointerdown', touched, true);
      window.removeEventListener('keydown', touched, true);
    };
  }, []);
  const idleFor = now - lastTouch.current;
  // `now` ticks every 500 ms and may be older than the ticket: never more than the full time left.
  const ticketLeft = screen.name === 'issued' ? Math.min(TICKET_RESET_MS, TICKET_RESET_MS - (now - screen.shownAt)) : null;
  useEffect(() => {
    if (busy) return;
    if (ticketLeft !== null) {
      if (ticketLeft <= 0) reset();
    } else if (idleFor >= IDLE_RESET_MS && (stack.length > 1 || failure || lang !== START_LANG)) {
      reset();
    }
  }, [now]);

  // ---- a view that has not moved for a while is refreshed when someone starts choosing ----
  const viewAt = useRef(0);
  useEffect(() => {
    viewAt.current = Date.now();
  }, [view]);
  const refreshIfStale = () => {
    if (Date.now() - viewAt.current > STALE_VIEW_MS) hall?.socket.emit('resync');
  };

  const issue = async (service: ServiceView, mode: Mode, appt?: Appt) => {
    // The guard is a ref, set before anything awaits: a second tap a few ms later sees it even though
    // the re-render that disables the buttons has not happened yet.
    // Offline, a tap cannot be answered: the buttons are disabled and a tap that slips through does nothing.
    if (inFlight.current || !token || !service.availability.open || !connected) return;
    inFlight.current = true;
    setBusy(true);
    // One id per press: if the answer is lost (the LAN hiccups after the hub issued), the retry below
    // gets the same ticket back instead of a second one.
    const body: Record<string, unknown> = { serviceId: service.id, requestId: newRequestId() };
    if (mode === 'green') body.priority = 'green';
    if (mode === 'appointment' && appt) {
      body.priority = 'appointment';
      body.appointment = { code: appt.code };
    }
    try {
      const ticket = await issueWithRetry(token, body);
      setStack([{ name: 'home' }, { name: 'issued', ticket, shownAt: Date.now() }]);
      lastTouch.current = Date.now();
      // inFlight stays set until the ticket screen is left (reset): a late tap cannot issue a second one.
    } catch (e) {
      inFlight.current = false;
      const err = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', String(e));
      if (err.status === 401 || (err.status === 403 && err.code !== 'PRIORITY_UNAVAILABLE')) setRefused(err.message);
      failedOffline.current = err.status === 0 || err.status >= 502;
      setFailure(failedOffline.current ? tk('offlineIssue') : err.message || err.code);
      // The refusal (quota reached, lunch break…) may be news to this kiosk: ask for a fresh view.
      hall?.socket.emit('resync');
    } finally {
      setBusy(false);
    }
  };

  // ---- what to draw ----
  let body: ComponentChildren;
  let screenName: string = screen.name;
  if (!token || refused) {
    screenName = 'token';
    body = <TokenScreen missing={!token} reason={refused} />;
  } else if (principal && principal.kind === 'device' && principal.deviceKind !== 'kiosk') {
    screenName = 'token';
    body = <TokenScreen missing={false} reason={null} notKiosk={principal.deviceKind ?? principal.kind} />;
  } else if (!view) {
    screenName = 'connecting';
    body = (
      <div class="k-center" data-testid="connecting">
        <p class="k-lead">{tk('connecting')}</p>
      </div>
    );
  } else if (screen.name === 'issued') {
    body = <IssuedScreen view={view} ticket={screen.ticket} left={ticketLeft ?? 0} total={TICKET_RESET_MS} onDone={reset} socket={hall?.socket ?? null} token={token} />;
  } else if (screen.name === 'appointment') {
    body = (
      <AppointmentScreen
        initial={screen.appt}
        onNext={(appt) => {
          refreshIfStale();
          go(view.zones.length === 1 ? { name: 'services', zone: view.zones[0]!.id, mode: 'appointment', appt } : { name: 'zones', mode: 'appointment', appt });
        }}
      />
    );
  } else if (screen.name === 'services') {
    body = (
      <ServicesScreen
        key={`${screen.zone}:${screen.mode}`}
        view={view}
        zone={screen.zone}
        mode={screen.mode}
        appt={screen.appt}
        hereZone={principal?.zone ?? null}
        pageSize={PAGE_SIZE[orientation][elderly ? 'elderly' : 'standard']}
        pagerSlot={footerSlot}
        busy={busy || !connected}
        onIssue={(s) => void issue(s, screen.mode, screen.appt)}
        entries={stack.length === 1 ? <Entries view={view} go={go} /> : null}
      />
    );
  } else if (view.zones.length === 1 && (screen.name === 'home' || screen.name === 'zones')) {
    // A township centre with one room: no floor to choose.
    const mode: Mode = screen.name === 'zones' ? screen.mode : 'normal';
    body = (
      <ServicesScreen
        key={`only:${mode}`}
        view={view}
        zone={view.zones[0]!.id}
        mode={mode}
        appt={screen.name === 'zones' ? screen.appt : undefined}
        hereZone={principal?.zone ?? null}
        pageSize={PAGE_SIZE[orientation][elderly ? 'elderly' : 'standard']}
        pagerSlot={footerSlot}
        busy={busy || !connected}
        onIssue={(s) => void issue(s, mode, screen.name === 'zones' ? screen.appt : undefined)}
        entries={screen.name === 'home' ? <Entries view={view} go={go} /> : null}
      />
    );
  } else {
    const mode = screen.name === 'zones' ? screen.mode : 'normal';
    const appt = screen.name === 'zones' ? screen.appt : undefined;
    body = (
      <ZonesScreen
        view={view}
        mode={mode}
        appt={appt}
        hereZone={principal?.zone ?? null}
        onZone={(zone) => {
          refreshIfStale();
          go({ name: 'services', zone, mode, ...(appt ? { appt } : {}) });
        }}
        entries={screen.name === 'home' ? <Entries view={view} go={go} /> : null}
      />
    );
  }

  const showNav = screenName !== 'token' && screenName !== 'connecting' && screen.name !== 'issued' && stack.length > 1;
  const idleLeft = Math.ceil((IDLE_RESET_MS - idleFor) / 1000);
  const showIdle = screen.name !== 'issued' && (stack.length > 1 || !!failure) && idleFor > IDLE_RESET_MS - IDLE_WARN_MS && idleLeft > 0 && !busy;
  return (
    <div
      class={`k-root${elderly ? ' elderly' : ''}`}
      data-testid="kiosk"
      data-screen={screenName}
      data-elderly={String(elderly)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <header class="k-header">
        <div class="k-title">
          <span class="k-hall">{pick(view?.hall.name ?? hallName)}</span>
          <span class="k-sub">{tk('title')}</span>
        </div>
        <Clock now={now} />
        <div class="k-tools">
          <button type="button" class="k-tool" data-testid="elderly-toggle" aria-pressed={elderly} onClick={toggleElderly}>
            <IconText size="1.3em" /> {elderly ? tk('elderlyOn') : tk('elderlyOff')}
          </button>
          <LangSwitch />
        </div>
      </header>
      {token && !refused && <ConnectionBanner live={live} />}
      <main class={`k-main${settling ? ' settling' : ''}`}>{body}</main>
      {showNav && (
        <footer class="k-footer">
          <button type="button" class="k-nav" data-testid="nav-back" onClick={back}>
            ← {tk('back')}
          </button>
          <div class="k-footer-slot" ref={setFooterSlot} />
          <button type="button" class="k-nav" data-testid="nav-home" onClick={reset}>
            ⌂ {tk('home')}
          </button>
        </footer>
      )}
      {showIdle && (
        <div class="k-idle" data-testid="idle-countdown" role="status">
          {tk('idleSoon', { n: idleLeft })}
        </div>
      )}
      {busy && (
        <div class="k-overlay" data-testid="issuing" role="status">
          <div class="k-dialog">{tk('issuing')}</div>
        </div>
      )}
      {failure && !busy && (
        <div class="k-overlay" role="alertdialog" aria-labelledby="k-err-title">
          <div class="k-dialog k-error" data-testid="issue-error">
            <h2 id="k-err-title">{tk('errorTitle')}</h2>
            <p>{failure}</p>
            <button type="button" class="k-primary" data-testid="error-ok" onClick={() => setFailure(null)}>
              {tk('ok')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function Clock({ now }: { now: number }) {
  const hm = hallHm(now);
  return (
    <div class="k-clock" data-testid="clock">
      {hm}
    </div>
  );
}

/** The shared token screen (ui/status.tsx), inside the kiosk's frame. */
function TokenScreen({ missing, notKiosk }: { missing: boolean; reason: string | null; notKiosk?: string }) {
  return <SharedTokenScreen missing={missing} wrongKind={notKiosk ?? null} class="k-token" />;
}

// A reload starts like a new citizen: in the start language, whatever the last one chose.
if (currentLang() !== START_LANG) setLang(START_LANG);
render(<Kiosk />, document.getElementById('app')!);
