// The kiosk's state, apart from its drawing (main.tsx): the device token and who the hub says this
// kiosk is, the live hall, the stack of screens, the idle and ticket timers, large-text mode, and
// taking a number (one request at a time, retried with the same request id by issue.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, deviceToken } from '../ui/api.js';
import { useLang, useNow } from '../ui/components.js';
import { setLang, type Lang, type Text } from '../ui/i18n.js';
import { useLiveHall } from '../ui/live.js';
import { REFUSED_CODES } from '../ui/status.js';
import { issueWithRetry, newRequestId } from './issue.js';
import type { Appt, Mode, Screen, ServiceView } from './model.js';
import { tk } from './words.js';

const params = new URLSearchParams(location.search);
/** A time in seconds from the kiosk's URL (?idle=45), at least 3 s; else the default. */
function secondsParam(name: string, fallbackMs: number): number {
  const v = Number(params.get(name) ?? NaN);
  return Number.isFinite(v) && v >= 3 ? v * 1000 : fallbackMs;
}
/** Back to the start after this long without a touch (any screen but the ticket); ?idle=SECONDS changes it. */
const IDLE_RESET_MS = secondsParam('idle', 30_000);
/** The ticket stays on screen this long (a visible countdown), then the kiosk returns to the start; ?ticketIdle=SECONDS. */
export const TICKET_RESET_MS = secondsParam('ticketIdle', 20_000);
/** The idle countdown shows in the last this-many ms. */
const IDLE_WARN_MS = Math.min(10_000, IDLE_RESET_MS / 3);
/** After a screen changes, taps are ignored this long: the second tap of a double tap must not land on the new screen. */
const SETTLE_MS = 350;
/** A view older than this is refreshed (one 'resync') when a citizen starts choosing: opening hours move with the clock, not with events. */
const STALE_VIEW_MS = 60_000;
/** The language a new citizen meets: ?lang= of the kiosk's URL, else Chinese. */
export const START_LANG: Lang = params.get('lang') === 'en' ? 'en' : 'zh';
const ELDERLY_KEY = 'hall.kiosk.elderly';

export interface Principal {
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
export function useOrientation(): 'portrait' | 'landscape' {
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

export function useKiosk() {
  const lang = useLang();
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
    if (error && REFUSED_CODES.has(error.code)) setRefused((r) => r ?? error.message);
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
  const idleLeft = Math.ceil((IDLE_RESET_MS - idleFor) / 1000);
  /** The "back to start in N s" warning: in the last seconds before an idle reset, never over the ticket. */
  const showIdle = screen.name !== 'issued' && (stack.length > 1 || !!failure) && idleFor > IDLE_RESET_MS - IDLE_WARN_MS && idleLeft > 0 && !busy;

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

  return {
    token,
    live,
    view,
    connected,
    hall,
    now,
    hallName,
    principal,
    refused,
    elderly,
    toggleElderly,
    stack,
    screen,
    settling,
    go,
    back,
    reset,
    busy,
    failure,
    dismissFailure: () => setFailure(null),
    ticketLeft,
    idleLeft,
    showIdle,
    refreshIfStale,
    issue,
  };
}
