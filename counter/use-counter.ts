// The counter console's data: the counter with what it may do (pushed as its desk, `counter.desk`,
// shared/wire.ts: the ticket in hand and its allowed actions arrive in one message), the counter's
// lists (GET /api/counters/:id, re-read when a pushed event concerns this counter — never on a timer),
// the ticket in hand in full, and the actions as requests to the hub, one at a time. console.tsx draws.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CounterDesk } from '../shared/wire.js';
import { api, ApiError } from '../ui/api.js';
import { useLiveHall, type HallEvent, type LiveView, type TicketView } from '../ui/live.js';
import type { Button } from './action-bar.js';
import type { Allowed, TransferTarget } from './allowed.js';
import type { Counter, StaffSession } from './session.js';
import { endedText, t } from './words.js';

export interface Lists {
  /** In call order. */
  waiting: TicketView[];
  held: TicketView[];
  noShow: TicketView[];
}

export type ActionName = Button | 'resume-held' | 'requeue' | 'logout';
type Answer = { ticket?: TicketView | null; counter?: Counter; allowed?: Allowed };

/** After the session ended under us without a reason: how long to wait for the hub's "session ended" with its reason. */
const REASON_GRACE_MS = 3000;

export function useCounter(session: StaffSession, initial: Counter | null, onEnd: (message: string | null) => void) {
  const counterId = session.counterId;
  const token = session.token;

  const [counter, setCounter] = useState<Counter | null>(initial);
  const [allowed, setAllowed] = useState<Allowed | null>(null);
  const [transferCounters, setTransferCounters] = useState<TransferTarget[]>([]);
  const [lists, setLists] = useState<Lists | null>(null);
  const [current, setCurrent] = useState<TicketView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<ActionName | null>(null);
  const [maxRecalls, setMaxRecalls] = useState<number | null>(null);

  /** The in-flight guard: a second press while a request runs is dropped, before any re-render. */
  const inFlight = useRef(false);
  const loggingOut = useRef(false);
  const ended = useRef(false);
  /** A desk came by push: from then on the push, not the lists' GET, says what the counter is and may do. */
  const deskSeen = useRef(false);

  const end = (message: string | null) => {
    if (ended.current) return;
    ended.current = true;
    onEnd(message);
  };
  // The counter closed under us: the hub's "session ended" with its reason follows in the same push;
  // the generic line only if it never comes.
  const closedTimer = useRef<ReturnType<typeof setTimeout> | 0>(0);
  useEffect(() => () => void (closedTimer.current && clearTimeout(closedTimer.current)), []);

  /** The counter and what it may do, always set together (a desk, an action's answer, the GET). */
  const take = (c: Counter, a: Allowed | null | undefined, targets?: TransferTarget[]) => {
    setCounter(c);
    if (a) setAllowed(a);
    if (targets) setTransferCounters(targets);
    if (c.state === 'closed') endUnlessReasonComes();
  };
  /**
   * The session is gone but this answer does not say why (a 401 to a request, a refused reconnect, the
   * counter closed): the hub's "session ended" push with its reason is on its way over the socket and
   * may arrive after an HTTP answer; the generic line only if it never comes.
   */
  function endUnlessReasonComes(): void {
    if (!loggingOut.current && !closedTimer.current) closedTimer.current = setTimeout(() => end(t('sessionEnded')), REASON_GRACE_MS);
  }
  /** The session ended: with the hub's reason, at once; without one, once the reason had its chance. */
  function endedBecause(reason: unknown): void {
    if (typeof reason === 'string') end(endedText(reason));
    else endUnlessReasonComes();
  }

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
        const r = await api<{ counter: Counter; allowed: Allowed; transferCounters?: TransferTarget[] } & Lists>('GET', `/api/counters/${counterId}`, { token });
        if (ended.current) return;
        setLists({ waiting: r.waiting, held: r.held, noShow: r.noShow });
        // An answer computed before the last push must not undo it: once pushed, the desk is the counter's state.
        if (!deskSeen.current) take(r.counter, r.allowed, r.transferCounters ?? []);
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
      endedBecause(a.params.reason);
      return;
    }
    if (a.code === 'RECALL_LIMIT' && typeof a.params.max === 'number') setMaxRecalls(a.params.max);
    setError(a.message);
  }

  // ---- pushed events
  const serviceIds = useMemo(() => new Set((counter?.services ?? []).map((s) => s.service)), [counter?.services]);
  const handler = useRef<(e: HallEvent) => void>(() => {});
  handler.current = (e: HallEvent) => {
    // This counter's own state comes with its desk; its change may move its lists.
    if (e.type === 'counter.state') {
      if (e.view?.id === counterId) scheduleRefetch();
      return;
    }
    const tk = e.ticket as (HallEvent['ticket'] & { targetCounterId?: string | null; startedAt?: number | null }) | undefined;
    if (!tk) return;
    // The ticket in hand changed (a recall, started): keep its full view's figures current.
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
    const onDesk = (d: CounterDesk | null) => {
      if (!d || d.counterId !== counterId || ended.current) return;
      deskSeen.current = true;
      take(d.view, d.allowed as Allowed, d.transferCounters);
    };
    // A snapshot (connect, a seq gap) is followed by the desk: only the lists are re-read here.
    const onSnapshot = () => scheduleRefetch();
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
    h.socket.on('counter.desk', onDesk);
    h.socket.on('snapshot', onSnapshot);
    h.socket.on('queues', onQueues);
    return () => {
      h.socket.off('session.ended', onEnded);
      h.socket.off('counter.desk', onDesk);
      h.socket.off('snapshot', onSnapshot);
      h.socket.off('queues', onQueues);
    };
  }, [live.hall]);

  useEffect(() => {
    // Offline, no desk comes: the lists' GET and the actions' answers say what the counter is until the next desk.
    if (!live.connected) deskSeen.current = false;
    if (live.connected && errorOffline.current) {
      errorOffline.current = false;
      setError(null);
    }
    const code = live.error?.code;
    if (code === 'SESSION_ENDED' || code === 'UNAUTHENTICATED') endedBecause((live.error as { reason?: unknown } | null)?.reason);
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
  const post = (action: string, body: unknown = {}) => api<Answer & { counter: Counter }>('POST', `/api/counters/${counterId}/${action}`, { token, body });

  /** Runs one request at a time; returns whether the hub agreed. */
  const run = async (name: ActionName, request: () => Promise<Answer | void>): Promise<boolean> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(name);
    setError(null);
    setNotice(null);
    try {
      const r = await request();
      if (r?.counter) {
        take(r.counter, r.allowed);
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

  return {
    live,
    counter,
    allowed,
    transferCounters,
    lists,
    /** The ticket in hand in full, once it is the one in hand. */
    current: current && counter?.ticket && current.id === counter.ticket.id ? current : null,
    error,
    setError,
    notice,
    busy,
    /** The recall limit: the hall's rule, or what a refusal said. */
    maxRecalls: live.view?.rules?.maxRecalls ?? maxRecalls,
    run,
    post,
    /** Asks the hub for the lists again (the transfer dialog wants fresh targets). */
    refresh: scheduleRefetch,
    requeue: (ticketId: string) => void run('requeue', () => api('POST', `/api/tickets/${ticketId}/requeue`, { token, body: {} })),
    logout,
  };
}
