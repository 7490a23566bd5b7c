// 评价器 · The web rating pad: a tablet at one counter, facing the citizen.
//
//   /pad?token=PAD_DEVICE_TOKEN[&lang=en][&timeout=SECONDS]
//
// Idle, it shows who serves at this counter (亮身份: photo, name, staff number, counter) and the number
// being called or served there, from the live snapshot and the pushed counter.state views. The counter
// is the pad device's own (the hub's `hello`: principal.counterId).
//
// When a ticket is finished at this counter (ticket.finished), or the counter's business system asks
// for one with its case number (rating.requested), it asks for a rating (政务服务"好差评"):
// five big buttons, the national levels 5 … 1 (shared/vocabulary.ts). 5–3 are picked, then sent with 提交评价 (rate-send), so the
// optional items can be set before or after; 2–1 ask for at least one reason
// (view.ratingReasons) and an optional comment first. The three offline items (服务效率, 服务水平,
// 服务态度) are optional 5-step rows sent with the rating. Then a thank-you, then idle again.
//
// Nothing is ever sent without the citizen's answer: when nobody answers before the screen times out
// (the shorter of ?timeout=, 60 s by default, and the hall's ratingWindowMin), or when the counter calls
// a new number, the pad returns to idle and the ticket stays "not rated". A call made by the same command
// that finished the ticket (call-next while serving) does not dismiss it: the citizen is still there.
// One rating per ticket: a ref guard stops a double tap from sending twice; the hub's errors are shown.
//
// Test ids:
//   pad-idle             the idle screen
//   staff-name, staff-no the staff card (absent while nobody is logged in at the counter)
//   staff-photo          the staff member's photo (the config's `photo`), or staff-avatar (the name's
//                        first character) when there is none or it does not load
//   counter-name         the counter's name
//   pad-current-number   the number called or served at this counter (暂无 / None when none)
//   pad-rate             the rating screen (data-ticket-id, data-number)
//   rate-5 … rate-1      the five levels (aria-pressed on the one picked)
//   rate-send            sends the picked level 5–3 with the items (disabled until one is picked)
//   item-<efficiency|skill|attitude>-<1..5>   the optional second-level items
//   pad-reasons          the reasons screen (for 2 and 1), with reason-<id> toggles, pad-comment
//   rate-submit          sends a 2 or 1 with its reasons
//   pad-countdown        seconds left before the screen returns to idle
//   pad-thanks           the thank-you screen
//   pad-error            the hub's error, as it said it
//   offline              the connection-lost banner (ui/status.tsx ConnectionBanner)
//   token-screen         no token, a refused one, or one of another kind of device (ui/status.tsx TokenScreen)
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, deviceToken } from '../../ui/api.js';
import { useLang } from '../../ui/components.js';
import { ConnectionBanner, TokenScreen, tokenRefused } from '../../ui/status.js';
import { lang, pick } from '../../ui/i18n.js';
import { useLiveHall, type HallEvent, type LiveView } from '../../ui/live.js';
import { Header, Idle } from './idle.js';
import { Countdown, ErrorLine, Face, ItemRows, type Items } from './rating-parts.js';
import { LEVELS, t, type ItemKey, type Score } from './words.js';
import '../../ui/style.css';
import './pad.css';

/** The on-screen timeout of a rating screen unless ?timeout= says otherwise (seconds). */
const DEFAULT_TIMEOUT_S = 60;
const THANKS_MS = 5_000;
const FAILED_MS = 8_000;


function screenTimeoutMs(): number {
  const q = Number(new URLSearchParams(location.search).get('timeout'));
  const s = Number.isFinite(q) && q > 0 ? Math.min(600, Math.max(3, q)) : DEFAULT_TIMEOUT_S;
  return s * 1000;
}

interface Target {
  id: string;
  number: string;
  /** When the pad heard of the finish (local clock) and the hub's time of it. */
  heardAt: number;
  finishedAt: number;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'rate'; ticket: Target }
  | { kind: 'reasons'; ticket: Target; score: 1 | 2 }
  | { kind: 'thanks'; ticket: Target; score: Score }
  | { kind: 'failed'; ticket: Target; message: string };


function Pad({ token }: { token: string }) {
  useLang();
  const [phase, setPhaseState] = useState<Phase>({ kind: 'idle' });
  const [items, setItems] = useState<Items>({});
  /** The overall level picked (3–5), sent with the items by the 提交评价 button: a tap on a level never
   * sends by itself, so the citizen can still set 效率 / 水平 / 态度 after (or before) choosing it. */
  const [chosen, setChosen] = useState<Score | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [comment, setComment] = useState('');
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
    setComment('');
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

  const setItem = (k: ItemKey, s: Score) => {
    touch();
    setItems((x) => ({ ...x, [k]: s }));
  };

  const view = live.view;
  const counter = view && counterId ? view.counters.find((c) => c.id === counterId) : undefined;

  if (tokenRefused(live)) return <TokenScreen missing={false} />;
  if (hello?.principal.kind === 'device' && hello.principal.deviceKind && hello.principal.deviceKind !== 'pad') {
    return <TokenScreen missing={false} wrongKind={hello.principal.deviceKind} />;
  }
  let body;
  if (!view || !hello) body = <div class="p-message">{t('connecting')}</div>;
  else if (!counterId) body = <div class="p-message">{t('noCounter')}</div>;
  else if (!counter) body = <div class="p-message">{t('unknownCounter', { id: counterId })}</div>;
  else if (phase.kind === 'idle') body = <Idle counter={counter} />;
  else if (phase.kind === 'rate')
    body = (
      <main class="p-rate" data-testid="pad-rate" data-ticket-id={phase.ticket.id} data-number={phase.ticket.number} onPointerDown={touch}>
        <div class="p-rate-head">
          <h1>{t('rateTitle')}</h1>
          <span class="p-rate-for">
            {t('rateFor', { number: phase.ticket.number })}
            {counter.staff ? ` · ${counter.staff.name}` : ''}
          </span>
        </div>
        <div class="p-levels">
          {LEVELS.map((l) => (
            <button
              type="button"
              key={l.score}
              class={`p-level${chosen === l.score ? ' chosen' : ''}`}
              style={{ background: l.bg, color: l.ink }}
              data-testid={`rate-${l.score}`}
              aria-pressed={chosen === l.score}
              disabled={sending}
              onClick={() => choose(l.score)}
            >
              <Face score={l.score} />
              <span class="p-level-zh">{l.zh}</span>
              <span class="p-level-en">{l.en}</span>
            </button>
          ))}
        </div>
        <div class="p-items-title">{t('items')}</div>
        <ItemRows items={items} onSet={setItem} disabled={sending} />
        <ErrorLine error={error} />
        <div class="p-foot p-rate-foot">
          <button type="button" class="p-submit" data-testid="rate-send" disabled={sending || chosen === null} onClick={() => chosen !== null && void send(chosen)}>
            {chosen === null ? t('chooseLevel') : t('submit')}
          </button>
          {sending ? <div class="p-sending">{t('sending')}</div> : <Countdown deadline={deadline} />}
        </div>
      </main>
    );
  else if (phase.kind === 'reasons') {
    const level = LEVELS.find((l) => l.score === phase.score)!;
    body = (
      <main class="p-reasons" data-testid="pad-reasons" data-ticket-id={phase.ticket.id} onPointerDown={touch} onKeyDown={touch}>
        <div class="p-rate-head">
          <span class="p-chosen" style={{ background: level.bg, color: level.ink }}>
            <Face score={level.score} />
            {level.zh}
            {lang() === 'en' && <small>{level.en}</small>}
          </span>
          <h1 class="p-reasons-title">{t('reasonsTitle')}</h1>
          <button type="button" class="p-back" data-testid="rate-back" disabled={sending} onClick={() => (setError(null), setPhase({ kind: 'rate', ticket: phase.ticket }))}>
            {t('back')}
          </button>
        </div>
        <div class="p-reason-grid">
          {view.ratingReasons.map((r) => {
            const on = reasons.includes(r.id);
            return (
              <button
                type="button"
                key={r.id}
                class={`p-reason${on ? ' on' : ''}`}
                data-testid={`reason-${r.id}`}
                aria-pressed={on}
                disabled={sending}
                onClick={() => {
                  touch();
                  setError(null);
                  setReasons((x) => (x.includes(r.id) ? x.filter((y) => y !== r.id) : [...x, r.id]));
                }}
              >
                {on ? '✓ ' : ''}
                {pick(r.name)}
              </button>
            );
          })}
        </div>
        <div class="p-reasons-lower">
          <label class="p-comment">
            <span>{t('comment')}</span>
            <textarea data-testid="pad-comment" maxLength={500} rows={2} value={comment} disabled={sending} onInput={(e) => (touch(), setComment((e.target as HTMLTextAreaElement).value))} />
          </label>
          <div>
            <div class="p-items-title">{t('itemsShort')}</div>
            <ItemRows items={items} onSet={setItem} disabled={sending} />
          </div>
        </div>
        <ErrorLine error={error} />
        <div class="p-foot">
          {!sending && <Countdown deadline={deadline} />}
          <button type="button" class="p-submit" data-testid="rate-submit" disabled={sending || reasons.length === 0} onClick={() => void send(phase.score)}>
            {sending ? t('sending') : t('submit')}
          </button>
        </div>
      </main>
    );
  } else if (phase.kind === 'thanks')
    body = (
      <main class="p-thanks" data-testid="pad-thanks" data-score={phase.score}>
        <div class="p-thanks-mark">✓</div>
        <h1>{t('thanks')}</h1>
        <p>{phase.score <= 2 ? t('thanksBad') : t('thanksGood')}</p>
      </main>
    );
  else
    body = (
      <main class="p-thanks failed">
        <div class="p-error big" role="alert" data-testid="pad-error">
          {phase.message}
        </div>
      </main>
    );

  return (
    <div class="pad">
      <Header view={view} counter={counter} />
      <ConnectionBanner live={live} />
      {body}
    </div>
  );
}

const TOKEN = deviceToken('hall.pad.token');

function App() {
  useLang();
  if (!TOKEN) return <TokenScreen missing />;
  return <Pad token={TOKEN} />;
}

render(<App />, document.getElementById('app')!);
