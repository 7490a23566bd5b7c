// The ticket screen: the number very large, people ahead and the wait, where to go, what to bring, and the
// ticket as it will be printed, with the QR code to the citizen's tracking page (/t/<id>).
// A kiosk with a printer (a hall config printer with `kiosk: <this kiosk>`) prints the ticket: the
// issue answer says how printing went so far, and `print.job` over socket.io brings the outcome. When
// the printer cannot print (out of paper, offline) or the job fails, the on-screen ticket with its QR
// code is the ticket and the screen says so plainly. A kiosk without a printer asks the citizen to take
// a photo of the screen or scan the code (请拍照或扫码保存).
import { hallDate } from '../ui/hall-time.js';
import QRCode from 'qrcode';
import type { Socket } from 'socket.io-client';
import type { ComponentChildren } from 'preact';
import { api } from '../ui/api.js';
import { useEffect, useState } from 'preact/hooks';
import { lang, pick } from '../ui/i18n.js';
import type { LiveView, TicketView } from '../ui/live.js';
import { IconCamera } from './icons.js';
import { zoneName } from './model.js';
import { hhmm, joinList, tk } from './words.js';

export function trackingUrl(ticketId: string): string {
  return `${location.origin}/t/${encodeURIComponent(ticketId)}`;
}

function useQr(text: string): string | null {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 480, color: { dark: '#000000', light: '#ffffff' } })
      .then((url) => !gone && setSrc(url))
      .catch(() => !gone && setSrc(null));
    return () => {
      gone = true;
    };
  }, [text]);
  return src;
}

interface Facts {
  number: string;
  service: string;
  priority: string | null;
  ahead: number;
  waitText: string;
  where: string;
  note: string;
}

function factsOf(view: LiveView, ticket: TicketView): Facts {
  const l = lang();
  const service = view.services.find((s) => s.id === ticket.serviceId);
  const counters = ticket.counterId ? [ticket.counterId] : (service?.counters ?? []);
  const counterText = counters.length ? tk(counters.length > 1 ? 'countersMany' : 'counters', { list: joinList(counters, l) }) : '';
  return {
    number: ticket.number,
    service: pick(ticket.serviceName),
    priority: ticket.priority === 'normal' ? null : tk(`priority_${ticket.priority}` as 'priority_green'),
    ahead: ticket.ahead,
    waitText:
      ticket.estimatedWaitMin === null ? tk('noCounterOpen') : ticket.estimatedWaitMin > 0 ? tk('waitAbout', { n: ticket.estimatedWaitMin }) : tk('noWait'),
    where: [zoneName(view, ticket.zone), counterText].filter(Boolean).join(l === 'zh' ? ' ' : ', '),
    note: service?.note ? pick(service.note) : '',
  };
}

/** What the hub said about printing a ticket (the issue answer's `print`, then `print.job` pushes). */
export type PrintState =
  | { state: 'queued' | 'sent' | 'done' | 'failed'; jobId: string; printerId: string; reason: string | null }
  | { state: 'unavailable'; printerId: string | null; reason: string };

export type IssuedTicket = TicketView & { print?: PrintState };

/** The print state of a ticket: the answer's, then whatever the hub pushes for that job. */
type PushedJob = { id: string; state: 'queued' | 'sent' | 'done' | 'failed'; printerId: string; reason: string | null };
const STEP = { queued: 0, sent: 1, done: 2, failed: 2 } as const;

function usePrintState(ticket: IssuedTicket, socket: Socket | null, token: string | null): PrintState | null {
  const [state, setState] = useState<PrintState | null>(ticket.print ?? null);
  useEffect(() => {
    setState(ticket.print ?? null);
    if (!ticket.print || ticket.print.state === 'unavailable') return;
    const jobId = ticket.print.jobId;
    let gone = false;
    // Steps only go forward: a late answer never undoes a pushed "done".
    const on = (job: PushedJob) => {
      if (gone || job.id !== jobId) return;
      setState((s) => (s && s.state !== 'unavailable' && STEP[s.state] > STEP[job.state] ? s : { state: job.state, jobId, printerId: job.printerId, reason: job.reason }));
    };
    socket?.on('print.job', on);
    // The outcome may have been pushed before this screen listened: ask once.
    if (token)
      void api<{ jobs: PushedJob[] }>('GET', `/api/tickets/${encodeURIComponent(ticket.id)}/print`, { token })
        .then((r) => r.jobs.filter((j) => j.id === jobId).forEach(on))
        .catch(() => undefined);
    return () => {
      gone = true;
      socket?.off('print.job', on);
    };
  }, [ticket.id, socket]);
  return state;
}

function PrinterNote({ print }: { print: PrintState | null }) {
  if (!print)
    return (
      <p class="k-printer" data-testid="printer-note" data-print-state="none">
        <strong>
          <IconCamera /> {tk('printerNote')}
        </strong>
        <small>{tk('printerWhy')}</small>
      </p>
    );
  if (print.state === 'queued' || print.state === 'sent')
    return (
      <p class="k-printer k-printing" data-testid="printer-note" data-print-state="printing" role="status">
        <strong>{tk('printing')}</strong>
      </p>
    );
  if (print.state === 'done')
    return (
      <p class="k-printer k-printed" data-testid="printer-note" data-print-state="printed" role="status">
        <strong>{tk('printed')}</strong>
      </p>
    );
  return (
    <p class="k-printer k-print-failed" data-testid="printer-note" data-print-state={print.state} role="alert">
      <strong>
        <IconCamera /> {tk(print.state === 'unavailable' ? 'printerUnavailable' : 'printFailed')}
      </strong>
      <small>{tk('keepOnScreen')}</small>
    </p>
  );
}

export function IssuedScreen(props: { view: LiveView; ticket: IssuedTicket; left: number; total: number; onDone: () => void; socket?: Socket | null; token?: string | null }) {
  const { view, ticket, left, total, onDone } = props;
  const print = usePrintState(ticket, props.socket ?? null, props.token ?? null);
  const url = trackingUrl(ticket.id);
  const qr = useQr(url);
  const f = factsOf(view, ticket);
  const seconds = Math.max(0, Math.ceil(left / 1000));
  return (
    <div class={`k-issued${ticket.priority !== 'normal' ? ` p-${ticket.priority}` : ''}`} data-testid="issued" data-ticket-id={ticket.id}>
      <div class="k-issued-a">
        <section class="k-issued-main">
          <p class="k-your">{tk('yourNumber')}</p>
          <div class="k-number big-number" data-testid="issued-number">
            {f.number}
          </div>
          <div class="k-issued-service">
            <span data-testid="issued-service">{f.service}</span>
            {f.priority && (
              <span class={`k-badge p-${ticket.priority}`} data-testid="issued-priority">
                {f.priority}
              </span>
            )}
          </div>
          <div class="k-facts">
            <div class="k-fact">
              <span>{tk('ahead')}</span>
              <strong data-testid="ahead" data-value={f.ahead}>
                {tk('aheadN', { n: f.ahead })}
              </strong>
            </div>
            <div class="k-fact">
              <span>{tk('estimatedWait')}</span>
              <strong class={(ticket.estimatedWaitMin ?? 0) > 0 ? '' : 'text'} data-testid="estimated-wait" data-value={ticket.estimatedWaitMin}>
                {f.waitText}
              </strong>
            </div>
          </div>
        </section>
        <section class="k-issued-info">
          <div class="k-where" data-testid="issued-where">
            <span class="k-where-label">{tk('goTo')}</span>
            <strong>{f.where}</strong>
            <span>{tk('waitForCall')}</span>
          </div>
          {f.note && (
            <div class="k-note" data-testid="issued-note">
              <strong>{tk('materials')}</strong>
              {f.note}
            </div>
          )}
        </section>
      </div>
      <div class="k-issued-b">
        <section class="k-issued-side">
          {print && (print.state === 'queued' || print.state === 'sent' || print.state === 'done') ? (
            <PrintedTicket ticket={ticket} fallback={<TicketPreview view={view} ticket={ticket} facts={f} qr={qr} url={url} />} />
          ) : (
            <TicketPreview view={view} ticket={ticket} facts={f} qr={qr} url={url} />
          )}
          <PrinterNote print={print} />
        </section>
        <div class="k-done-row">
          <div class="k-progress" aria-hidden="true">
            <div style={{ width: `${Math.max(0, Math.min(100, (left / total) * 100))}%` }} />
          </div>
          <button type="button" class="k-primary k-done" data-testid="issued-done" onClick={onDone}>
            {tk('done')} <span data-testid="issued-countdown">({seconds})</span>
          </button>
        </div>
      </div>
    </div>
  );
}

/** The ticket as the thermal printer will print it: narrow paper, one column, the QR code at the bottom. */
/**
 * While the printer prints, the screen shows the very ticket on the paper: the hub draws it from the
 * managers' template (GET /api/tickets/:id/ticket.svg, the same layout the printer gets). If that
 * picture cannot be loaded, the on-screen ticket stands in. When printing fails, the caller shows the
 * on-screen ticket instead, with its large QR code.
 */
function PrintedTicket({ ticket, fallback }: { ticket: TicketView; fallback: ComponentChildren }) {
  const [broken, setBroken] = useState(false);
  if (broken) return <>{fallback}</>;
  return (
    <figure class="k-paper k-paper-printed" data-testid="ticket-printed-preview" aria-label={tk('ticketPreview')}>
      <img src={`/api/tickets/${encodeURIComponent(ticket.id)}/ticket.svg?width=80`} alt={tk('ticketPreview')} onError={() => setBroken(true)} />
    </figure>
  );
}

function TicketPreview({ view, ticket, facts, qr, url }: { view: LiveView; ticket: TicketView; facts: Facts; qr: string | null; url: string }) {
  const issued = hallDate(ticket.issuedAt);
  const date = `${issued.getFullYear()}-${String(issued.getMonth() + 1).padStart(2, '0')}-${String(issued.getDate()).padStart(2, '0')}`;
  return (
    <figure class="k-paper" data-testid="ticket-preview" aria-label={tk('ticketPreview')}>
      <div class="k-paper-hall">{pick(view.hall.name)}</div>
      <div class="k-paper-rule">— {tk('ticketPreview')} —</div>
      <div class="k-paper-service">{facts.service}</div>
      <div class="k-paper-number">{facts.number}</div>
      {facts.priority && <div class="k-paper-priority">【{facts.priority}】</div>}
      <div class="k-paper-ahead">{tk('aheadLine', { n: facts.ahead, wait: facts.waitText })}</div>
      <div class="k-paper-where">
        {tk('goTo')} <strong>{facts.where}</strong>
      </div>
      {facts.note && <div class="k-paper-note">{facts.note}</div>}
      <div class="k-paper-qr">
        {qr ? <img src={qr} alt={url} data-testid="issued-qr" data-url={url} width={240} height={240} /> : <div class="k-qr-wait" data-testid="issued-qr" data-url={url} />}
      </div>
      <div class="k-paper-small">{tk('scanToTrack')}</div>
      <div class="k-paper-small">{tk('issuedAt', { time: `${date} ${hhmm(ticket.issuedAt)}` })}</div>
    </figure>
  );
}
