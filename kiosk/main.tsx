// The kiosk (取号机) page: /kiosk?token=KIOSK-TOKEN on a 1080×1920 portrait or 1920×1080 landscape touch
// screen. A citizen picks a floor (zone), narrows by department and takes a number for a service; or
// takes a green-channel (绿色通道) number; or checks in an appointment. Queue lengths and waits are live
// (useLiveHall: the snapshot, then pushed events and 'queues'); nothing polls. After ~30 s without a
// touch, and ~20 s after a ticket is shown, the kiosk returns to the start (?idle=SECONDS and
// ?ticketIdle=SECONDS change these; ?lang=en makes English the language each citizen starts in).
// Large-text mode (适老化) is remembered on the machine; the language goes back to the start language
// whenever the kiosk returns to the start, so the next citizen does not inherit the last one's choice.
// The state, timers, socket and requests are use-kiosk.ts's; the header, footer and overlays frame.tsx's:
// this file picks the screen and draws.
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
import { render, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { lang as currentLang, setLang } from '../ui/i18n.js';
import { ConnectionBanner, TokenScreen } from '../ui/status.js';
import '../ui/style.css';
import { AppointmentScreen } from './appointment.js';
import { Entries } from './entries.js';
import { IdleCountdown, IssueError, Issuing, KioskFooter, KioskHeader } from './frame.js';
import './kiosk.css';
import type { Mode } from './model.js';
import { ServicesScreen } from './services-screen.js';
import { IssuedScreen } from './ticket.js';
import { START_LANG, TICKET_RESET_MS, useKiosk, useOrientation } from './use-kiosk.js';
import { tk } from './words.js';
import { ZonesScreen } from './zones-screen.js';

/** Services per page: standard and large-text (elderly) mode. A landscape screen has room for three
 * rows of four (two in large text): a floor's ten services fit on one page. */
const PAGE_SIZE = {
  portrait: { standard: 12, elderly: 4 },
  landscape: { standard: 12, elderly: 6 },
} as const;

function Kiosk() {
  const k = useKiosk();
  const { token, live, view, connected, hall, principal, refused, elderly, stack, screen, busy, failure, go, issue, refreshIfStale } = k;
  const orientation = useOrientation();
  // The footer's middle, where the services screen puts its pager (a portal: the footer stays put while the screen scrolls).
  const [footerSlot, setFooterSlot] = useState<HTMLElement | null>(null);
  const hereZone = principal?.zone ?? null;
  const pageSize = PAGE_SIZE[orientation][elderly ? 'elderly' : 'standard'];

  // ---- what to draw ----
  let body: ComponentChildren;
  let screenName: string = screen.name;
  if (!token || refused) {
    screenName = 'token';
    body = <TokenScreen missing={!token} wrongKind={null} class="k-token" />;
  } else if (principal && principal.kind === 'device' && principal.deviceKind !== 'kiosk') {
    screenName = 'token';
    body = <TokenScreen missing={false} wrongKind={principal.deviceKind ?? principal.kind} class="k-token" />;
  } else if (!view) {
    screenName = 'connecting';
    body = (
      <div class="k-center" data-testid="connecting">
        <p class="k-lead">{tk('connecting')}</p>
      </div>
    );
  } else if (screen.name === 'issued') {
    body = <IssuedScreen view={view} ticket={screen.ticket} left={k.ticketLeft ?? 0} total={TICKET_RESET_MS} onDone={k.reset} socket={hall?.socket ?? null} token={token} />;
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
        hereZone={hereZone}
        pageSize={pageSize}
        pagerSlot={footerSlot}
        busy={busy || !connected}
        onIssue={(s) => void issue(s, screen.mode, screen.appt)}
        entries={stack.length === 1 ? <Entries view={view} go={go} /> : null}
      />
    );
  } else if (view.zones.length === 1 && (screen.name === 'home' || screen.name === 'zones')) {
    // A township centre with one room: no floor to choose.
    const mode: Mode = screen.name === 'zones' ? screen.mode : 'normal';
    const appt = screen.name === 'zones' ? screen.appt : undefined;
    body = (
      <ServicesScreen
        key={`only:${mode}`}
        view={view}
        zone={view.zones[0]!.id}
        mode={mode}
        appt={appt}
        hereZone={hereZone}
        pageSize={pageSize}
        pagerSlot={footerSlot}
        busy={busy || !connected}
        onIssue={(s) => void issue(s, mode, appt)}
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
        hereZone={hereZone}
        onZone={(zone) => {
          refreshIfStale();
          go({ name: 'services', zone, mode, ...(appt ? { appt } : {}) });
        }}
        entries={screen.name === 'home' ? <Entries view={view} go={go} /> : null}
      />
    );
  }

  const showNav = screenName !== 'token' && screenName !== 'connecting' && screen.name !== 'issued' && stack.length > 1;
  return (
    <div
      class={`k-root${elderly ? ' elderly' : ''}`}
      data-testid="kiosk"
      data-screen={screenName}
      data-elderly={String(elderly)}
      onContextMenu={(e) => e.preventDefault()}
    >
      <KioskHeader hallName={view?.hall.name ?? k.hallName} now={k.now} elderly={elderly} onElderly={k.toggleElderly} />
      {token && !refused && <ConnectionBanner live={live} />}
      <main class={`k-main${k.settling ? ' settling' : ''}`}>{body}</main>
      {showNav && <KioskFooter onBack={k.back} onHome={k.reset} slotRef={setFooterSlot} />}
      {k.showIdle && <IdleCountdown seconds={k.idleLeft} />}
      {busy && <Issuing />}
      {failure && !busy && <IssueError message={failure} onOk={k.dismissFailure} />}
    </div>
  );
}

// A reload starts like a new citizen: in the start language, whatever the last one chose.
if (currentLang() !== START_LANG) setLang(START_LANG);
render(<Kiosk />, document.getElementById('app')!);
