// The rating pad's state, apart from its drawing (main.tsx, rating-screens.tsx): the live hall and the
// pad's counter, the phase (idle → rate / reasons → thanks or failed → idle) with its timers, what the
// citizen picked, and sending the rating to the hub once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../../ui/api.js';
import { useLiveHall, type HallEvent, type LiveView } from '../../ui/live.js';
import type { Items } from './rating-parts.js';
import { t, type ItemKey, type Score } from './words.js';

/** The on-screen timeout of a rating screen unless ?timeout= says otherwise (seconds). */
const DEFAULT_TIMEOUT_S = 60;
const THANKS_MS = 5_000;
const FAILED_MS = 8_000;

function screenTimeoutMs(): number {
  const q = Number(new URLSearchParams(location.search).get('timeout'));
  const s = Number.isFinite(q) && q > 0 ? Math.min(600, Math.max(3, q)) : DEFAULT_TIMEOUT_S;
  return s * 1000;
}

export interface Target {
  id: string;
  number: string;
  /** When the pad heard of the finish (local clock) and the hub's time of it. */
  heardAt: number;
  finishedAt: number;
}

export type Phase =
  | { kind: 'idle' }
  | { kind: 'rate'; ticket: Target }
  | { kind: 'reasons'; ticket: Target; score: 1 | 2 }
  | { kind: 'thanks'; ticket: Target; score: Score }
  | { kind: 'failed'; ticket: Target; message: string };

export function usePad(token: string) {
  const [phase, setPhaseState] = useState<Phase>({ kind: 'idle' });
  const [items, setItems] = useState<Items>({});
  /** The overall level picked (3–5), sent with the items by the 提交评价 button: a tap on a level never
   * sends by itself, so the citizen can still set 效率 / 水平 / 态度 after (or before) choosing it. */
  const [chosen, setChosen] = useState<Score | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setCommentState] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [deadline, setDeadline] = useState(0);

  const phaseRef = useRef<Phase>(phase);
  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  };
  /** The ticket whose rating is being (or has been) sent: the double-tap guard. */
  const sentFor = useRef<string | null>(null);
  const viewRef = useRef<LiveView | null>(null);
  const counterRef = useRef<string | null>(null);

  // useLiveHall keeps the first onEvent it is given: route it to the latest closure.
  const onEvent = useRef<(e: HallEvent, v: LiveView) => void>(() => {});
  const live = useLiveHall({ token }, (e, v) => onEvent.current(e, v));
  const hello = live.principal ? { principal: live.principal } : null;
  const counterId = hello?.principal.counterId ?? null;
  viewRef.current = live.view;
  counterRef.current = counterId;

  const windowMs = () => (viewRef.current?.ratingWindowMin ?? 10) * 60_000;
  /** The shorter of the on-screen timeout and what is left of the hub's rating window. */
  const nextDeadline = (tk: Target) => Math.min(Date.now() + Math.min(screenTimeoutMs(), windowMs()), tk.heardAt + windowMs());

  const toIdle = () => {
    setPhase({ kind: 'idle' });
    setError(null);
    setSending(false);
  };

  const startRating = (tk: Target) => {
    sentFor.current = null;
    setItems({});
    setChosen(null);
    setReasons([]);
    setCommentState('');
    setError(null);
    setSending(false);
    setPhase({ kind: 'rate', ticket: tk });
    setDeadline(nextDeadline(tk));
  };

  /** Any touch on a rating screen gives the citizen the full on-screen time again (within the window). */
  const touch = () => {
    const p = phaseRef.current;
    if (p.kind === 'rate' || p.kind === 'reasons') setDeadline(nextDeadline(p.ticket));
  };

  onEvent.current = (e) => {
    const me = counterRef.current;
    const tk = e.ticket;
    if (!me || !tk || tk.counterId !== me) return;
    const p = phaseRef.current;
    if (e.type === 'ticket.finished') {
      startRating({ id: tk.id, number: tk.number, heardAt: Date.now(), finishedAt: e.at });
    } else if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
      // The next citizen is on the way: whoever stands here now is not the one who was served.
      if (p.kind !== 'idle' && !(p.kind !== 'thanks' && p.ticket.finishedAt === e.at)) toIdle();
    }
  };

  // A counter's business system asked for a rating with its case number (POST /api/ratings/requests):
  // ask about that ticket, unless the screen is already on it.
  const socket = live.hall?.socket ?? null;
  useEffect(() => {
    if (!socket) return;
    const onRequest = (r: { ticketId: string; number: string; finishedAt: number }) => {
      const p = phaseRef.current;
      if (p.kind !== 'idle' && 'ticket' in p && p.ticket.id === r.ticketId) return;
      startRating({ id: r.ticketId, number: r.number, heardAt: Date.now(), finishedAt: r.finishedAt });
    };
    socket.on('rating.requested', onRequest);
    return () => void socket.off('rating.requested', onRequest);
  }, [socket]);

  // Timeouts: the rating screens return to idle unanswered; thanks and failures after a few seconds.
  useEffect(() => {
    if (phase.kind === 'idle') return;
    const ms = phase.kind === 'thanks' ? THANKS_MS : phase.kind === 'failed' ? FAILED_MS : deadline - Date.now();
    const id = setTimeout(() => {
      if (phaseRef.current === phase) toIdle();
    }, Math.max(0, ms));
    return () => clearTimeout(id);
  }, [phase, deadline]);

  const send = async (score: Score) => {
    const p = phaseRef.current;
    if (p.kind !== 'rate' && p.kind !== 'reasons') return;
    const tk = p.ticket;
    if (sentFor.current === tk.id) return; // a double tap, or a rating already on its way
    if (score <= 2 && reasons.length === 0) {
      setError(t('reasonRequired'));
      return;
    }
    sentFor.current = tk.id;
    setSending(true);
    setError(null);
    const body: Record<string, unknown> = { ticketId: tk.id, score };
    if (Object.keys(items).length) body.items = items;
    if (score <= 2) {
      body.reasons = reasons;
      if (comment.trim()) body.comment = comment.trim();
    }
    try {
      await api('POST', '/api/ratings', { token, body });
      if (phaseRef.current.kind !== 'idle' && 'ticket' in phaseRef.current && phaseRef.current.ticket.id === tk.id) setPhase({ kind: 'thanks', ticket: tk, score });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err));
      const still = 'ticket' in phaseRef.current && phaseRef.current.ticket.id === tk.id && phaseRef.current.kind !== 'thanks';
      // Already rated, window closed, not this counter's ticket: nothing more to do for this ticket.
      if (e.status === 403 || e.status === 404 || e.status === 409) {
        if (still) setPhase({ kind: 'failed', ticket: tk, message: e.message });
      } else {
        sentFor.current = null; // the hub did not take it: the citizen may try again
        if (still) {
          setError(e.message || t('retry'));
          touch();
        }
      }
    } finally {
      setSending(false);
    }
  };

  /** A tap on a level: 5–3 are picked (sent with rate-send), 2–1 go on to the reasons. */
  const choose = (score: Score) => {
    touch();
    if (sending) return;
    if (score <= 2) {
      const p = phaseRef.current;
      if (p.kind === 'rate' || p.kind === 'reasons') {
        setError(null);
        setPhase({ kind: 'reasons', ticket: p.ticket, score: score as 1 | 2 });
      }
      return;
    }
    setError(null);
    setChosen(score);
  };

  /** From the reasons back to the five levels. */
  const backToRate = (ticket: Target) => {
    setError(null);
    setPhase({ kind: 'rate', ticket });
  };

  const setItem = (k: ItemKey, s: Score) => {
    touch();
    setItems((x) => ({ ...x, [k]: s }));
  };

  const toggleReason = (id: string) => {
    touch();
    setError(null);
    setReasons((x) => (x.includes(id) ? x.filter((y) => y !== id) : [...x, id]));
  };

  const setComment = (text: string) => {
    touch();
    setCommentState(text);
  };

  const view = live.view;
  const counter = view && counterId ? view.counters.find((c) => c.id === counterId) : undefined;

  return { live, view, hello, counterId, counter, phase, items, chosen, reasons, comment, error, sending, deadline, touch, choose, backToRate, setItem, toggleReason, setComment, send };
}

export type PadState = ReturnType<typeof usePad>;
