// The citizen's tracking page, /t/<ticket id>, opened from the QR code on the ticket. It reads the ticket
// once over REST (GET /api/tickets/:id, public: the id is 128 random bits), then follows it live over
// socket.io with auth {ticketId}: the hub pushes 'ticket.update' whenever the ticket's queue moves, and
// again on every (re)connect; the page also asks with 'resync' after a reconnect and when the phone
// wakes up. No personal data is shown or kept; unknown ids get a friendly not-found page.
//
// data-testid attributes (stable, for end-to-end tests):
//   track                 the page root; data-state = loading|notfound|<ticket state>
//   track-loading         shown until the ticket is known
//   track-notfound        the ticket id is unknown (404)
//   track-number          the number (A001)
//   track-service         the service's name
//   track-priority        green-channel / appointment badge (only for those tickets)
//   track-state           the state in words; data-state = waiting|called|serving|done|no-show|held|cancelled
//   track-ahead           people ahead (while waiting); data-value is the number
//   track-wait            estimated wait in minutes (while waiting); data-value is the number (empty: no counter open)
//   track-counter         the counter: "go to counter 3" once called, "being served at counter 3" while served, the held
//                         or target counter otherwise; data-counter is its id
//   track-hint            what to do now
//   track-updated         time of the last update from the hub
//   offline               the offline banner (ui/status.tsx ConnectionBanner)
//   lang-switch           中文 / English
import { hallDate, loadHallTimeZone } from '../ui/hall-time.js';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../ui/api.js';
import { LangSwitch, useLang } from '../ui/components.js';
import { ConnectionBanner } from '../ui/status.js';
import { pick, ts, type Text } from '../ui/i18n.js';
import { LiveHall, type TicketView } from '../ui/live.js';
import '../ui/style.css';
import { IconSearch } from '../kiosk/icons.js';
import { hhmm, tt } from '../kiosk/words.js';
import './phone.css';

const ticketId = (() => {
  const m = /^\/t\/([^/]+)\/?$/.exec(location.pathname);
  try {
    return m ? decodeURIComponent(m[1]!) : '';
  } catch {
    return '';
  }
})();

type Phase = 'loading' | 'notfound' | 'ready';

function hms(at: number): string {
  const d = hallDate(at);
  return `${hhmm(at)}:${String(d.getSeconds()).padStart(2, '0')}`;
}

// No live snapshot here: ask the hub for the hall's time zone so times read in hall time.
void loadHallTimeZone();

function Track() {
  const lang = useLang();
  const [phase, setPhase] = useState<Phase>(ticketId ? 'loading' : 'notfound');
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [connected, setConnected] = useState(true);
  const [hallName, setHallName] = useState<Text | null>(null);

  useEffect(() => {
    void api<{ hallName: Text }>('GET', '/api/health')
      .then((h) => setHallName(h.hallName))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!ticketId) return;
    let live: LiveHall | null = null;
    let gone = false;
    const update = (v: TicketView | null) => {
      if (gone) return;
      if (!v) {
        setPhase('notfound');
        return;
      }
      setTicket(v);
      setUpdatedAt(Date.now());
      setPhase('ready');
    };
    const follow = () => {
      if (gone || live) return;
      const h = new LiveHall({ ticketId });
      live = h;
      let everConnected = false;
      h.socket.on('ticket.update', update);
      h.socket.on('connect', () => {
        // The hub sends the ticket on every connection; ask again after a reconnect all the same.
        if (everConnected) h.socket.emit('resync');
        everConnected = true;
      });
      h.subscribe((s) => {
        if (gone) return;
        // Not "offline" while the first connection is still being made.
        setConnected(s.connected || (!everConnected && s.error === null));
        // The hub refuses a socket for an id it does not know.
        if (s.error?.code === 'UNAUTHENTICATED') setPhase((p) => (p === 'ready' ? p : 'notfound'));
      });
    };
    api<TicketView>('GET', `/api/tickets/${encodeURIComponent(ticketId)}`)
      .then((v) => {
        update(v);
        follow();
      })
      .catch((e: unknown) => {
        if (gone) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setPhase('notfound');
        else {
          // The hub cannot be reached now: the socket keeps trying and brings the ticket when it can.
          setConnected(false);
          follow();
        }
      });
    const wake = () => {
      if (document.visibilityState === 'visible') live?.socket.emit('resync');
    };
    document.addEventListener('visibilitychange', wake);
    return () => {
      gone = true;
      document.removeEventListener('visibilitychange', wake);
      live?.close();
    };
  }, []);

  // Called: the tab's title says where to go, and the phone buzzes (where the browser allows it).
  const calledKey = ticket && ticket.state === 'called' ? `${ticket.counterId}:${ticket.lastCalledAt}` : null;
  useEffect(() => {
    if (!ticket) return;
    document.title = ticket.state === 'called' && ticket.counterId ? `${ticket.number} · ${tt('goTo', { counter: ticket.counterId })}` : `${ticket.number} · ${tt('title')}`;
  }, [calledKey, ticket?.state, ticket?.number, lang]);
  useEffect(() => {
    if (!calledKey) return;
    try {
      navigator.vibrate?.([400, 200, 400]);
    } catch {
      /* not allowed without a touch: the page still shows it */
    }
  }, [calledKey]);

  return (
    <div class="t-root" data-testid="track" data-state={phase === 'ready' && ticket ? ticket.state : phase}>
      <header class="t-header">
        <span class="t-hall">{hallName ? pick(hallName) : tt('title')}</span>
        <LangSwitch />
      </header>
      {phase !== 'notfound' && <ConnectionBanner live={{ connected, error: null }} />}
      <main class="t-main">
        {phase === 'loading' && (
          <p class="t-center" data-testid="track-loading">
            {tt('loading')}
          </p>
        )}
        {phase === 'notfound' && <NotFound />}
        {phase === 'ready' && ticket && <TicketCard t={ticket} updatedAt={updatedAt} connected={connected} />}
      </main>
      <footer class="t-footer muted">{tt('privacy')}</footer>
    </div>
  );
}

function NotFound() {
  return (
    <section class="t-card t-notfound" data-testid="track-notfound">
      <div class="t-icon">
        <IconSearch />
      </div>
      <h1>{tt('notFound')}</h1>
      <p>{tt('notFoundHint')}</p>
    </section>
  );
}

function TicketCard({ t, updatedAt, connected }: { t: TicketView; updatedAt: number | null; connected: boolean }) {
  const counter = t.counterId;
  let where: { text: string; strong: boolean } | null = null;
  if (counter && t.state === 'called') where = { text: tt('goTo', { counter }), strong: true };
  else if (counter && t.state === 'serving') where = { text: tt('servingAt', { counter }), strong: false };
  else if (counter && t.state === 'held') where = { text: tt('heldAt', { counter }), strong: false };
  else if (counter && t.state === 'waiting') where = { text: tt('willServeAt', { counter }), strong: false };
  const hintKey = t.state === 'waiting' || t.state === 'done' || t.state === 'no-show' || t.state === 'cancelled' ? (`hint_${t.state}` as const) : null;
  return (
    <section class={`t-card s-${t.state}`}>
      <div class="t-service" data-testid="track-service">
        {pick(t.serviceName)}
        {t.priority !== 'normal' && (
          <span class={`t-badge p-${t.priority}`} data-testid="track-priority">
            {tt(`priority_${t.priority}` as 'priority_green')}
          </span>
        )}
      </div>
      <div class="t-number big-number" data-testid="track-number">
        {t.number}
      </div>
      <div class={`t-state s-${t.state}`} data-testid="track-state" data-state={t.state} role="status" aria-live="polite">
        {tt(`state_${t.state}` as 'state_waiting')}
        {t.transfers > 0 && t.state === 'waiting' && <span class="t-badge">{tt('transferred')}</span>}
      </div>
      {where && (
        <div class={`t-counter${where.strong ? ' call' : ''}`} data-testid="track-counter" data-counter={counter} aria-live="assertive">
          {where.text}
          {t.counterName && where.strong && <small>{pick(t.counterName)}</small>}
          {where.strong && t.recalls > 0 && <small>{tt('recalled', { n: t.recalls })}</small>}
        </div>
      )}
      {t.state === 'waiting' && (
        <div class="t-facts">
          <div class="t-fact">
            <span>{tt('ahead')}</span>
            <strong data-testid="track-ahead" data-value={t.ahead}>
              {tt('aheadN', { n: t.ahead })}
            </strong>
          </div>
          <div class="t-fact">
            <span>{tt('estimatedWait')}</span>
            <strong data-testid="track-wait" data-value={t.estimatedWaitMin}>
              {t.estimatedWaitMin === null ? tt('noCounterOpen') : ts('minutes', { n: t.estimatedWaitMin })}
            </strong>
          </div>
        </div>
      )}
      {hintKey && (
        <p class="t-hint" data-testid="track-hint">
          {tt(hintKey)}
        </p>
      )}
      <p class="t-meta muted">
        <span>{tt('issuedAt', { time: hhmm(t.issuedAt) })}</span>
        {updatedAt && (
          <span data-testid="track-updated">
            {connected && <span class="t-dot" aria-hidden="true" />}
            {tt('updated', { time: hms(updatedAt) })}
          </span>
        )}
      </p>
    </section>
  );
}

render(<Track />, document.getElementById('app')!);
