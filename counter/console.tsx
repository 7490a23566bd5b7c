// The counter console once logged in: the ticket in hand with its timers, the big action buttons with
// their keys, the counter's waiting / held / no-show lists and today's own figures. Every change
// arrives pushed (useLiveHall); the lists are re-read from GET /api/counters/:id when a pushed event
// concerns this counter's services — never on a timer.
import { hallHm } from '../web/hall-time.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../web/api.js';
import { elapsed, LangSwitch, useLang, useNow } from '../web/components.js';
import { ConnectionBanner } from '../web/status.js';
import { pick, ts } from '../web/i18n.js';
import { useLiveHall, type HallEvent, type LiveView, type TicketView } from '../web/live.js';
import { CallNumberDialog, PauseDialog, TransferDialog } from './dialogs.js';
import type { Counter, StaffSession } from './session.js';
import { reasonText, t, type Key } from './text.js';

interface Details {
  waiting: TicketView[];
  held: TicketView[];
  noShow: TicketView[];
}

type ActionName = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'hold' | 'call-number' | 'pause' | 'resume' | 'resume-held' | 'requeue' | 'logout';
type DialogName = 'transfer' | 'pause' | 'call-number';
type Button = 'call' | 'recall' | 'skip' | 'start' | 'finish' | 'transfer' | 'hold' | 'call-number' | 'pause' | 'resume';

/** The keys of each button; F1–F9 never reach the browser (F5 would reload, F1 open help). */
const KEYS: Record<Button, string[]> = {
  call: ['F1', ' '],
  recall: ['F2'],
  skip: ['F3'],
  start: ['F4'],
  finish: ['F5'],
  transfer: ['F6'],
  hold: ['F7'],
  'call-number': ['F8'],
  pause: ['F9'],
  resume: ['F9'],
};

const WAITING_SHOWN = 100;

function clock(ms: number | null): string {
  if (!ms) return '';
  return hallHm(ms);
}

export function Console({ session, initial, onEnd }: { session: StaffSession; initial: Counter | null; onEnd: (message: string | null) => void }) {
  useLang();
  const counterId = session.counterId;
  const token = session.token;
  const now = useNow(1000);

  const [counter, setCounter] = useState<Counter | null>(initial);
  const [details, setDetails] = useState<Details | null>(null);
  const [current, setCurrent] = useState<TicketView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [maxRecalls, setMaxRecalls] = useState<number | null>(null);
  const [everConnected, setEverConnected] = useState(false);

  /** The in-flight guard: a second press while a request runs is dropped, before any re-render. */
  const inFlight = useRef(false);
  const loggingOut = useRef(false);
  const ended = useRef(false);

  const end = (message: string | null) => {
    if (ended.current) return;
    ended.current = true;
    onEnd(message);
  };

  // ---- the counter's lists, re-read on demand (coalesced: one request at a time, one more if asked meanwhile)
  const fetchState = useRef({ running: false, again: false, timer: 0 as ReturnType<typeof setTimeout> | 0 });
  const refetch = async () => {
    const f = fetchState.current;
    if (f.running) {
      f.again = true;
      return;
    }
    f.running = true;
    try {
      do {
        f.again = false;
        const r = await api<{ counter: Counter } & Details>('GET', `/api/counters/${counterId}`, { token });
        if (ended.current) return;
        setDetails({ waiting: r.waiting, held: r.held, noShow: r.noShow });
        setCounter(r.counter);
      } while (f.again);
    } catch (e) {
      failed(e);
    } finally {
      f.running = false;
    }
  };
  const scheduleRefetch = () => {
    const f = fetchState.current;
    if (f.timer) return;
    // A short delay gathers the events of one batch (a call is a ticket event and a counter event).
    f.timer = setTimeout(() => {
      f.timer = 0;
      void refetch();
    }, 30);
  };
  useEffect(() => {
    void refetch();
    return () => {
      const f = fetchState.current;
      if (f.timer) clearTimeout(f.timer);
    };
  }, []);

  /** The shown error is the network's (no answer from the hub): it is cleared when the link is back. */
  const errorOffline = useRef(false);
  function failed(e: unknown): void {
    const a = e instanceof ApiError ? e : new ApiError(0, 'ERROR', String(e));
    errorOffline.current = a.status === 0 || a.status >= 502;
    // We sent a token: a 401 means the session is gone (logged out elsewhere, taken over, the day ended).
    if (a.status === 401) {
      end(t('sessionEnded'));
      return;
    }
    if (a.code === 'RECALL_LIMIT' && typeof a.params.max === 'number') setMaxRecalls(a.params.max);
    setError(a.message);
  }

  // ---- pushed events
  const serviceIds = useMemo(() => new Set((counter?.services ?? []).map((s) => s.service)), [counter?.services]);
  const handler = useRef<(e: HallEvent) => void>(() => {});
  handler.current = (e: HallEvent) => {
    if (e.type === 'counter.state' && e.view && e.view.id === counterId) {
      setCounter(e.view);
      if (e.view.state === 'closed' && !loggingOut.current) end(t('sessionEnded'));
      return;
    }
    const tk = e.ticket as (HallEvent['ticket'] & { targetCounterId?: string | null; startedAt?: number | null }) | undefined;
    if (!tk) return;
    // The ticket in hand changed without a counter change (a recall): keep its figures current.
    setCounter((c) => (c?.ticket && c.ticket.id === tk.id ? { ...c, ticket: { ...c.ticket, state: tk.state as TicketView['state'], recalls: tk.recalls, lastCalledAt: tk.lastCalledAt, startedAt: tk.startedAt ?? c.ticket.startedAt } } : c));
    setCurrent((c) => (c && c.id === tk.id ? { ...c, state: tk.state as TicketView['state'], recalls: tk.recalls, lastCalledAt: tk.lastCalledAt, startedAt: tk.startedAt ?? c.startedAt } : c));
    const from = e.from as { serviceId?: string; counterId?: string } | undefined;
    if (
      serviceIds.has(tk.serviceId) ||
      (from?.serviceId && serviceIds.has(from.serviceId)) ||
      tk.counterId === counterId ||
      tk.targetCounterId === counterId ||
      from?.counterId === counterId
    )
      scheduleRefetch();
  };
  const live = useLiveHall({ token }, (e) => handler.current(e));

  const serviceIdsRef = useRef(serviceIds);
  serviceIdsRef.current = serviceIds;
  const lastWaiting = useRef<string>('');
  useEffect(() => {
    const h = live.hall;
    if (!h) return;
    const onEnded = () => {
      if (!loggingOut.current) end(t('sessionEnded'));
    };
    const onSnapshot = (v: LiveView) => {
      const c = v.counters.find((k) => k.id === counterId);
      if (c) setCounter(c);
      scheduleRefetch();
    };
    // Queue figures after each batch: re-read the lists only when this counter's queues moved.
    const onQueues = (q: { services: LiveView['services'] }) => {
      const key = q.services
        .filter((s) => serviceIdsRef.current.has(s.id))
        .map((s) => `${s.id}:${s.waiting}`)
        .join(',');
      if (key !== lastWaiting.current) {
        lastWaiting.current = key;
        scheduleRefetch();
      }
    };
    h.socket.on('session.ended', onEnded);
    h.socket.on('snapshot', onSnapshot);
    h.socket.on('queues', onQueues);
    return () => {
      h.socket.off('session.ended', onEnded);
      h.socket.off('snapshot', onSnapshot);
      h.socket.off('queues', onQueues);
    };
  }, [live.hall]);

  useEffect(() => {
    if (live.connected && errorOffline.current) {
      errorOffline.current = false;
      setError(null);
    }
    if (live.connected) setEverConnected(true);
    const code = live.error?.code;
    if (code === 'SESSION_ENDED' || code === 'UNAUTHENTICATED') end(t('sessionEnded'));
  }, [live.connected, live.error]);

  // ---- the ticket in hand, in full (issued at, service name, priority)
  const ticketId = counter?.ticket?.id ?? null;
  useEffect(() => {
    if (!ticketId) {
      setCurrent(null);
      return;
    }
    if (current?.id === ticketId) return;
    let stale = false;
    api<TicketView>('GET', `/api/tickets/${ticketId}`)
      .then((v) => !stale && setCurrent(v))
      .catch(() => {});
    return () => {
      stale = true;
    };
  }, [ticketId]);

  // ---- actions
  const post = (action: string, body: unknown = {}) => api<{ ticket: TicketView | null; counter: Counter }>('POST', `/api/counters/${counterId}/${action}`, { token, body });

  /** Runs one request at a time; returns whether the hub agreed. */
  const run = async (name: ActionName, request: () => Promise<{ ticket?: TicketView | null; counter?: Counter } | void>): Promise<boolean> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      const r = await request();
      if (r?.counter) {
        setCounter(r.counter);
        if (r.ticket && r.counter.ticket?.id === r.ticket.id) setCurrent(r.ticket);
      }
      if (name === 'call' && r && r.ticket === null) setNotice(t('nobodyWaiting'));
      return true;
    } catch (e) {
      failed(e);
      return false;
    } finally {
      inFlight.current = false;
      setBusy(null);
      if (!ended.current) scheduleRefetch();
    }
  };

  const inDialog = async (name: ActionName, request: () => Promise<unknown>) => {
    setDialogError(null);
    if (await run(name, request as () => Promise<void>)) setDialog(null);
  };

  const st = counter?.state ?? 'closed';
  const tk = counter?.ticket ?? null;
  const rules = live.view?.rules;
  const limit = rules?.maxRecalls ?? maxRecalls;
  // While serving, "call next" finishes the one served — where the hall's rules say so.
  const open = st === 'idle' || (st === 'serving' && (rules?.callNextFinishesServing ?? true));
  const called = st === 'calling' && tk?.state === 'called';
  const inHand = !!tk && (tk.state === 'called' || tk.state === 'serving');
  const can: Record<Button, boolean> = {
    call: open,
    recall: called && (limit === null || tk!.recalls < limit),
    skip: called,
    start: called,
    finish: inHand,
    transfer: inHand,
    hold: inHand,
    'call-number': open,
    pause: st === 'idle',
    resume: st === 'paused',
  };

  const press = (b: Button) => {
    if (!can[b] || inFlight.current) return;
    setDialogError(null);
    switch (b) {
      case 'transfer':
      case 'call-number':
        setError(null);
        setDialog(b);
        return;
      case 'pause':
        setError(null);
        setDialog('pause');
        return;
      default:
        void run(b, () => post(b));
    }
  };

  const logout = () =>
    void run('logout', async () => {
      loggingOut.current = true;
      try {
        await api('DELETE', '/api/sessions/current', { token });
      } catch (e) {
        loggingOut.current = false;
        if (e instanceof ApiError && e.status === 401) {
          end(null);
          return;
        }
        throw e;
      }
      end(t('loggedOut'));
    });

  // Keyboard: the F-keys and Space, whatever has the focus, unless a dialog is open or a field is typed in.
  const keyState = useRef({ can, dialog, press });
  keyState.current = { can, dialog, press };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const button = (Object.keys(KEYS) as Button[]).find((b) => KEYS[b].includes(e.key));
      if (!button) return;
      const k = keyState.current;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (e.key === ' ' && (typing || k.dialog)) return;
      e.preventDefault();
      if (k.dialog || e.repeat) return;
      // F9 toggles: pause when idle, resume when paused.
      const b = button === 'pause' || button === 'resume' ? (k.can.resume ? 'resume' : 'pause') : button;
      k.press(b);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = `${counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ''} · ${t('title')}`;
  }, [counter?.name]);

  // ---- drawing
  const view = live.view;
  const staff = counter?.staff ?? { no: session.staffNo, name: session.name };
  const today = counter?.today ?? null;
  const satisfaction = today && today.rated > 0 ? `${Math.round((today.satisfied / today.rated) * 1000) / 10}%` : '–';
  const priorityName = (id: string) => pick(view?.priorityClasses.find((p) => p.id === id)?.name) || id;
  const cur = current && tk && current.id === tk.id ? current : null;

  const btn = (b: Button, label: Key, cls: string) => {
    const keys = KEYS[b].map((k) => (k === ' ' ? t('space') : k)).join(' / ');
    return (
      <button
        type="button"
        class={`action ${cls}${busy === b ? ' pressed' : ''}`}
        data-testid={`btn-${b}`}
        disabled={!can[b]}
        aria-keyshortcuts={KEYS[b].map((k) => (k === ' ' ? 'Space' : k)).join(' ')}
        onMouseDown={(e) => e.preventDefault() /* no focus on click: Space stays "call next" */}
        onClick={() => press(b)}
      >
        <span class="label">{b === 'call' && st === 'serving' && open ? t('callFinish') : t(label)}</span>
        <kbd>{keys}</kbd>
      </button>
    );
  };

  const stateText =
    st === 'paused' ? t('pausedWith', { reason: reasonText(counter?.pauseReason) }) : ts(st);

  return (
    <div class="console">
      <header class="bar">
        <div class="who">
          <span class="hall">{view ? pick(view.hall.name) : ''}</span>
          <strong class="counter-name" data-testid="counter-name">
            {counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ts('counterName', { id: counterId })}
          </strong>
          <span class="staff" data-testid="staff">
            {t('staff', { name: staff.name, no: staff.no })}
          </span>
        </div>
        <div class="state-box">
          <span class={`state-badge state-${st}`} data-testid="counter-state" data-state={st}>
            {stateText}
          </span>
          {counter && st !== 'closed' && <span class="muted since">{t('inState', { t: elapsed(counter.since, now) })}</span>}
        </div>
        <div class="tools">
          <LangSwitch />
          <button type="button" class="logout" data-testid="btn-logout" onClick={logout} disabled={busy === 'logout'}>
            {t('logout')}
          </button>
        </div>
      </header>

      <ConnectionBanner live={live} />
      {error && (
        <div class="banner error-bar" role="alert">
          <span data-testid="error">{error}</span>
          <button type="button" class="dismiss" onClick={() => setError(null)} aria-label={t('dismiss')}>
            ×
          </button>
        </div>
      )}
      {notice && !error && (
        <div class="banner notice-bar" role="status" data-testid="notice">
          {notice}
        </div>
      )}

      <main class="desk">
        <section class="left">
          <div class={`current ticket-${tk?.state ?? 'none'}${st === 'paused' ? ' counter-paused' : ''}`}>
            <div class="current-main">
              <div class="muted small">{t('current')}</div>
              <div class="big-number current-number" data-testid="current-number">
                {tk ? tk.number : '—'}
              </div>
              <div class="current-state" data-testid="current-state" data-state={tk?.state ?? 'none'}>
                {tk ? (tk.state === 'serving' ? t('tServing') : t('tCalled')) : st === 'paused' ? `${stateText} · ${t('pausedHint')}` : t('idleHint')}
              </div>
            </div>
            {tk && (
              <div class="current-info">
                <div class="service">
                  {cur ? pick(cur.serviceName) : ''}
                  {cur && cur.priority !== 'normal' && <span class="tag tag-priority">{priorityName(cur.priority)}</span>}
                  {cur && cur.transfers > 0 && <span class="tag">{t('transferred')}</span>}
                  {cur && cur.requeues > 0 && <span class="tag">{t('requeued')}</span>}
                </div>
                <dl class="timers">
                  <div>
                    <dt>{t('waited')}</dt>
                    <dd data-testid="timer-wait">{cur ? elapsed(cur.issuedAt, tk.calledAt ?? now) : '–'}</dd>
                  </div>
                  <div>
                    <dt>{t('sinceCall')}</dt>
                    <dd data-testid="timer-call">{elapsed(tk.calledAt, tk.startedAt ?? now)}</dd>
                  </div>
                  <div>
                    <dt>{t('sinceStart')}</dt>
                    <dd data-testid="timer-start">{elapsed(tk.startedAt, now)}</dd>
                  </div>
                </dl>
                <div class="recalls" data-testid="recalls" data-recalls={tk.recalls}>
                  {limit !== null ? t('recallsMax', { n: tk.recalls, max: limit }) : t('recalls', { n: tk.recalls })}
                  {cur && <span class="muted"> · {t('issuedAt', { time: clock(cur.issuedAt) })}</span>}
                </div>
              </div>
            )}
          </div>

          <div class="actions">
            {btn('call', 'call', 'a-call')}
            {btn('recall', 'recall', 'a-recall')}
            {btn('skip', 'skip', 'a-skip')}
            {btn('start', 'start', 'a-start')}
            {btn('finish', 'finish', 'a-finish')}
            {btn('transfer', 'transfer', 'a-plain')}
            {btn('hold', 'hold', 'a-plain')}
            {btn('call-number', 'callNumber', 'a-plain')}
            {st === 'paused' ? btn('resume', 'resume', 'a-resume') : btn('pause', 'pause', 'a-pause')}
          </div>
        </section>

        <aside class="right">
          <div class="today">
            <div class="stat">
              <span class="muted">
                {t('today')} · {t('served')}
              </span>
              <strong data-testid="today-served">{today ? today.served : '–'}</strong>
            </div>
            <div class="stat">
              <span class="muted">
                {t('satisfaction')}
                {today && today.rated > 0 ? ` · ${t('rated', { n: today.rated })}` : ''}
              </span>
              <strong data-testid="today-satisfaction">{satisfaction}</strong>
            </div>
          </div>

          <section class="list waiting">
            <h3>
              {t('waiting')} <span class="count">{details ? details.waiting.length : '…'}</span>
            </h3>
            <ol data-testid="waiting-list" class="rows">
              {details?.waiting.length === 0 && <li class="empty muted">{t('none')}</li>}
              {details?.waiting.slice(0, WAITING_SHOWN).map((w) => (
                <li key={w.id} data-testid={`waiting-${w.number}`} class="row">
                  <span class="num">{w.number}</span>
                  <span class="svc">
                    {pick(w.serviceName)}
                    {w.priority !== 'normal' && <span class="tag tag-priority">{priorityName(w.priority)}</span>}
                    {w.counterId === counterId && <span class="tag">{t('toMe')}</span>}
                  </span>
                  <span class="wait muted">{elapsed(w.issuedAt, now)}</span>
                  <button type="button" class="mini" data-testid={`call-${w.number}`} disabled={!can['call-number']} onMouseDown={(e) => e.preventDefault()} onClick={() => void run('call-number', () => post('call-number', { number: w.number }))}>
                    {t('callThis')}
                  </button>
                </li>
              ))}
              {details && details.waiting.length > WAITING_SHOWN && <li class="empty muted">… +{details.waiting.length - WAITING_SHOWN}</li>}
            </ol>
          </section>

          <section class="list held">
            <h3>
              {t('held')} <span class="count">{details?.held.length ?? 0}</span>
            </h3>
            <ul data-testid="held-list" class="rows">
              {details?.held.length === 0 && <li class="empty muted">{t('none')}</li>}
              {details?.held.map((h) => (
                <li key={h.id} data-testid={`held-${h.number}`} class="row">
                  <span class="num">{h.number}</span>
                  <span class="svc">{pick(h.serviceName)}</span>
                  <button type="button" class="mini" data-testid={`held-resume-${h.number}`} disabled={!open} onMouseDown={(e) => e.preventDefault()} onClick={() => void run('resume-held', () => post('resume-held', { ticketId: h.id }))}>
                    {t('resumeHeld')}
                  </button>
                </li>
              ))}
            </ul>
          </section>

          <section class="list noshow">
            <h3>
              {t('noShow')} <span class="count">{details?.noShow.length ?? 0}</span>
            </h3>
            <ul data-testid="noshow-list" class="rows">
              {details?.noShow.length === 0 && <li class="empty muted">{t('none')}</li>}
              {details?.noShow.map((n) => (
                <li key={n.id} data-testid={`noshow-${n.number}`} class="row">
                  <span class="num">{n.number}</span>
                  <span class="svc">{pick(n.serviceName)}</span>
                  <button type="button" class="mini" data-testid={`noshow-requeue-${n.number}`} onMouseDown={(e) => e.preventDefault()} onClick={() => void run('requeue', () => api('POST', `/api/tickets/${n.id}/requeue`, { token, body: {} }))}>
                    {t('requeue')}
                  </button>
                  <button type="button" class="mini" data-testid={`noshow-callback-${n.number}`} disabled={!open} onMouseDown={(e) => e.preventDefault()} onClick={() => void run('call-number', () => post('call-number', { number: n.number }))}>
                    {t('callBack')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </main>

      {dialog === 'transfer' && tk && (
        <TransferDialog
          number={tk.number}
          counterId={counterId}
          currentService={tk.serviceId}
          view={view}
          error={dialogError ?? error}
          busy={busy === 'transfer'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('transfer', () => post('transfer', body))}
        />
      )}
      {dialog === 'pause' && (
        <PauseDialog
          error={dialogError ?? error}
          busy={busy === 'pause'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('pause', () => post('pause', body))}
        />
      )}
      {dialog === 'call-number' && (
        <CallNumberDialog
          suggestions={[...(details?.waiting ?? []), ...(details?.noShow ?? [])].map((x) => x.number).slice(0, 50)}
          error={dialogError ?? error}
          busy={busy === 'call-number'}
          setError={setDialogError}
          onCancel={() => setDialog(null)}
          onConfirm={(body) => void inDialog('call-number', () => post('call-number', body))}
        />
      )}
    </div>
  );
}
