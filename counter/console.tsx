// The counter console once logged in: the header, the ticket in hand (current-ticket.tsx), the action
// buttons (action-bar.tsx), the counter's lists (queue-lists.tsx) and the dialogs (dialogs.tsx). What
// may be done, and the waiting list's order, are the hub's answers (allowed.ts): this file keeps no copy
// of the engine's rules. Every change arrives pushed (useLiveHall); the lists and the allowed actions are
// re-read from GET /api/counters/:id when a pushed event concerns this counter — never on a timer.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../ui/api.js';
import { useLang, useNow } from '../ui/components.js';
import { ConnectionBanner } from '../ui/status.js';
import { pick, ts } from '../ui/i18n.js';
import { useLiveHall, type HallEvent, type LiveView, type TicketView } from '../ui/live.js';
import { ActionBar, useActionKeys, type Button } from './action-bar.js';
import { ConsoleHeader } from './console-header.js';
import { may, whyNot, type Allowed, type HubAction, type TransferTarget } from './allowed.js';
import { CurrentTicket } from './current-ticket.js';
import { CallNumberDialog, PauseDialog, TransferDialog } from './dialogs.js';
import { HeldList, NoShowList, TodayFigures, WaitingList } from './queue-lists.js';
import type { Counter, StaffSession } from './session.js';
import { endedText, reasonText, t } from './words.js';

interface Details {
  /** In call order. */
  waiting: TicketView[];
  held: TicketView[];
  noShow: TicketView[];
  transferCounters: TransferTarget[];
}

type ActionName = Button | 'resume-held' | 'requeue' | 'logout';
type DialogName = 'transfer' | 'pause' | 'call-number';

/** The hub's action behind each button. */
const ACTION_OF: Record<Button, HubAction> = {
  call: 'call-next',
  recall: 'recall',
  skip: 'skip',
  start: 'start',
  finish: 'finish',
  transfer: 'transfer',
  hold: 'hold',
  'call-number': 'call-number',
  pause: 'pause',
  resume: 'resume',
};

/** After the counter closed under us: how long to wait for the hub's "session ended" with its reason. */
const REASON_GRACE_MS = 3000;

export function Console({ session, initial, onEnd }: { session: StaffSession; initial: Counter | null; onEnd: (message: string | null) => void }) {
  useLang();
  const counterId = session.counterId;
  const token = session.token;
  const now = useNow(1000);

  const [counter, setCounter] = useState<Counter | null>(initial);
  const [details, setDetails] = useState<Details | null>(null);
  const [allowed, setAllowed] = useState<Allowed | null>(null);
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
  // The counter closed under us: the hub's "session ended" with its reason follows in the same push;
  // the generic line only if it never comes.
  const closedTimer = useRef<ReturnType<typeof setTimeout> | 0>(0);
  useEffect(() => () => void (closedTimer.current && clearTimeout(closedTimer.current)), []);

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
        const r = await api<{ counter: Counter; allowed: Allowed } & Details>('GET', `/api/counters/${counterId}`, { token });
        if (ended.current) return;
        setDetails({ waiting: r.waiting, held: r.held, noShow: r.noShow, transferCounters: r.transferCounters ?? [] });
        setAllowed(r.allowed ?? null);
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
      end(endedText(a.params.reason));
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
      // What may be done changes with the counter's state: ask the hub again.
      scheduleRefetch();
      if (e.view.state === 'closed' && !loggingOut.current && !closedTimer.current) closedTimer.current = setTimeout(() => end(t('sessionEnded')), REASON_GRACE_MS);
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
    const onEnded = (why?: { reason?: unknown }) => {
      if (!loggingOut.current) end(endedText(why?.reason));
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
    if (code === 'SESSION_ENDED' || code === 'UNAUTHENTICATED') end(endedText((live.error as { reason?: unknown } | null)?.reason));
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
  const post = (action: string, body: unknown = {}) => api<{ ticket: TicketView | null; counter: Counter; allowed?: Allowed }>('POST', `/api/counters/${counterId}/${action}`, { token, body });

  /** Runs one request at a time; returns whether the hub agreed. */
  const run = async (name: ActionName, request: () => Promise<{ ticket?: TicketView | null; counter?: Counter; allowed?: Allowed } | void>): Promise<boolean> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      const r = await request();
      if (r?.allowed) setAllowed(r.allowed);
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
  const can = Object.fromEntries((Object.keys(ACTION_OF) as Button[]).map((b) => [b, may(allowed, ACTION_OF[b])])) as Record<Button, boolean>;

  const press = (b: Button) => {
    if (!can[b] || inFlight.current) return;
    setDialogError(null);
    switch (b) {
      case 'transfer':
        // Other counters open and close without news for this one: ask for the targets afresh.
        scheduleRefetch();
        setError(null);
        setDialog(b);
        return;
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

  useActionKeys({ paused: st === 'paused', dialogOpen: dialog !== null, press });

  useEffect(() => {
    document.title = `${counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ''} · ${t('title')}`;
  }, [counter?.name]);

  // ---- drawing
  const view = live.view;
  const staff = counter?.staff ?? { no: session.staffNo, name: session.name };
  const priorityName = (id: string) => pick(view?.priorityClasses.find((p) => p.id === id)?.name) || id;
  const cur = current && tk && current.id === tk.id ? current : null;
  const stateText = st === 'paused' ? t('pausedWith', { reason: reasonText(counter?.pauseReason) }) : ts(st);
  const callNumber = (number: string) => void run('call-number', () => post('call-number', { number }));

  return (
    <div class="console">
      <ConsoleHeader
        hallName={view ? pick(view.hall.name) : ''}
        counterName={counter ? pick(counter.name) || ts('counterName', { id: counterId }) : ts('counterName', { id: counterId })}
        staff={staff}
        state={st}
        stateText={stateText}
        since={counter && st !== 'closed' ? counter.since : null}
        now={now}
        loggingOut={busy === 'logout'}
        onLogout={logout}
      />

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
          <CurrentTicket counter={counter} full={cur} stateText={stateText} now={now} maxRecalls={limit} priorityName={priorityName} />
          <ActionBar
            can={can}
            hint={(b) => whyNot(allowed, ACTION_OF[b])}
            busy={busy}
            paused={st === 'paused'}
            callFinishes={st === 'serving' && can.call}
            onPress={press}
          />
        </section>

        <aside class="right">
          <TodayFigures today={counter?.today ?? null} />
          <WaitingList
            waiting={details?.waiting ?? null}
            counterId={counterId}
            now={now}
            canCall={can['call-number']}
            hint={whyNot(allowed, 'call-number')}
            priorityName={priorityName}
            onCall={callNumber}
          />
          <HeldList
            held={details?.held ?? null}
            canResume={may(allowed, 'resume-held')}
            hint={whyNot(allowed, 'resume-held')}
            onResume={(ticketId) => void run('resume-held', () => post('resume-held', { ticketId }))}
          />
          <NoShowList
            noShow={details?.noShow ?? null}
            canCall={can['call-number']}
            hint={whyNot(allowed, 'call-number')}
            onRequeue={(id) => void run('requeue', () => api('POST', `/api/tickets/${id}/requeue`, { token, body: {} }))}
            onCall={callNumber}
          />
        </aside>
      </main>

      {dialog === 'transfer' && tk && (
        <TransferDialog
          number={tk.number}
          currentService={tk.serviceId}
          targets={details?.transferCounters ?? []}
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
