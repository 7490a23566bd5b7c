// The hall manager's dashboard (管理后台): /dashboard on a desktop screen (designed at 1920×1080).
// A manager logs in (user name + password; the token lives in sessionStorage), then sees the hall live
// (useLiveHall: the snapshot, then pushed events and 'queues'; nothing polls the live state): each
// service's queue with its longest wait (red over the service's target), each counter's state, staff
// and ticket in hand, the alerts (GET /api/alerts, re-fetched when the hall pushes a change and once a
// minute, as waits cross their targets without any event), today's totals, and Chart.js charts. Other
// tabs: reports over a range with CSV/XLSX downloads, ratings (好差评: not rated, follow-up cases, upload; dashboard/ratings.tsx), settings (services, counters, notices, staff and
// devices, saved with PUT /api/config; staff PINs and device tokens through the hub at once), and devices (a placeholder until the devices feature reports health). The tab is in the URL hash
// (#overview, #reports, #settings, #devices); the zone filter may be given as ?zone=F1.
//
// data-testid attributes (stable, for end-to-end tests):
//   login                       the login form; login-username, login-password, login-submit,
//                               login-error (the hub's message), login-notice (logged out / session ended)
//   dashboard                   the page root once logged in; data-tab = overview|reports|ratings|settings|devices|printing,
//                               data-zone = the zone filter ("" = all)
//   connecting                  shown until the first snapshot arrives
//   offline                     the offline banner (ui/status.tsx ConnectionBanner)
//   lang-switch                 中文 / English (ui/components LangSwitch)
//   zone-filter                 <select> of the zone filter: "" (all) or a zone id
//   nav-overview, nav-reports, nav-ratings, nav-settings, nav-devices, nav-printing, nav-security   the tabs (aria-selected)
//  security tab: see dashboard/security.tsx
//  printing tab: see dashboard/printing.tsx
//   logout                      log out
//  overview tab:
//   today-issued, today-served, today-waiting, today-avg-wait, today-within-target, today-satisfaction
//                               hall totals for today (from GET /api/reports for today; waiting from the
//                               live view); satisfaction as "85.7%", "–" before anyone has rated
//   alert-count                 how many alerts
//   services                    the services table; service-row-<serviceId> a row (data-over = true when
//                               the longest wait is over the target), with svc-waiting-<serviceId> (the
//                               waiting count) and svc-longest-<serviceId> (longest wait, class "bad" and
//                               data-over = true when over the target)
//   counters                    the counters table; counter-row-<counterId> a row (data-state =
//                               closed|idle|calling|serving|paused), with ctr-state-<id>, ctr-staff-<id>,
//                               ctr-ticket-<id> (the number in hand)
//   alerts                      the alerts list (data-count); alert-<alertId> an alert (data-kind,
//                               data-severity), e.g. alert-wait-over-target:social-security
//   period-today, period-7, period-30       the charts' period
//   chart-arrivals, chart-wait, chart-satisfaction   the charts (Chart.js canvas inside); data-labels and
//                               data-values hold what is drawn (comma-separated)
//   sat-by-service, sat-by-counter          the satisfaction chart's grouping
//  reports tab:
//   reports                     the section; report-from, report-to (date inputs), report-by (<select>
//                               service|counter|staff|day), report-run (show), report-today,
//                               report-yesterday, report-thisMonth, report-last30 (quick ranges)
//   report-table                the table (data-rows); report-row-<key> a row (report-row-none for tickets
//                               never called), cells with data-col = colIssued, colServed, …; report-total
//   export-csv, export-xlsx     download the shown report; export-error if the download failed
//   report-error                the hub refused the query
//  settings tab:
//   settings                    the section; settings-save, settings-revert, settings-dirty (unsaved),
//                               settings-saved (status), settings-error (the hub's validation message)
//   svc-edit-<serviceId>        a service's row: svc-name-<id>, svc-name-en-<id>, svc-quota-<id>,
//                               svc-target-<id>, svc-enabled-<id> (checkbox), svc-note-<id>
//   ctr-edit-<counterId>        a counter's row: ctr-rank-<counterId>-<serviceId>,
//                               ctr-remove-<counterId>-<serviceId>, ctr-add-<counterId> (<select>)
//   jump-settings-services, jump-settings-counters, jump-settings-notices, jump-settings-staff,
//   jump-settings-devices       links that scroll to each panel
//   settings-notices            the notices (公告) panel; all its edits need settings-save:
//                               notices-none (no notice yet); notice-row-<noticeId> a notice (data-enabled)
//                               with notice-enabled-<id> (checkbox), notice-text-<id> (Chinese),
//                               notice-text-en-<id>, notice-zone-<id>-<zoneId> (checkboxes; none = every
//                               zone), notice-remove-<id>; notice-add-form with notice-new-text,
//                               notice-new-text-en and notice-add (new ids are notice-1, notice-2, …)
//   settings-staff              the staff panel: staff-row-<no> a member with staff-name-<no>,
//                               staff-backup-<no> (<select>), staff-at-<no> (data-counter = where they are
//                               logged in, "" if not), staff-remove-<no> (disabled while logged in; needs
//                               settings-save), staff-pin-<no> (opens staff-pin-form-<no> with
//                               staff-pin-input-<no>, staff-pin-save-<no>, staff-pin-error-<no>; at once:
//                               POST /api/staff/:no/pin), staff-pin-done-<no> (the new PIN is set);
//                               staff-add-form with staff-new-no, staff-new-name, staff-new-pin,
//                               staff-new-backup and staff-add (at once: POST /api/staff); staff-message
//                               (added) or staff-error (the hub's refusal)
//   settings-devices            the devices panel: dev-edit-<deviceId> a device (data-kind) with
//                               dev-name-<id>, dev-zone-<id>, dev-counter-<id> (<select>s),
//                               device-remove-<id> (these need settings-save), device-rotate-<id> (kiosk,
//                               display, pad, keypad) then device-rotate-confirm-<id> (at once: POST
//                               /api/devices/:id/token); device-add-form with device-new-id,
//                               device-new-kind, device-new-name, device-new-zone, device-new-counter,
//                               device-new-address (printer, board) and device-add (at once: POST
//                               /api/devices); device-error (the hub's refusal)
//   device-token                the one-time token display after an add or a rotation (data-device = id):
//                               device-token-link (the page link with ?token=, for kiosk, display, pad),
//                               device-token-copy (copies the link), device-token-value (the token),
//                               device-token-copy-token, device-token-close
//  devices tab:
//   devices, devices-hint, device-row-<deviceId> (configured devices) with device-health-<deviceId>
//                               (data-state = online|offline|degraded; "device-health" when unknown)
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../ui/api.js';
import { LangSwitch, useLang, useNow } from '../ui/components.js';
import { ConnectionBanner } from '../ui/status.js';
import { pick, type Text } from '../ui/i18n.js';
import { useLiveHall } from '../ui/live.js';
import '../ui/style.css';
import './dashboard.css';
import { caller, query, useLoad, type Alert, type Report } from './data.js';
import { Login } from './login.js';
import { AlertsPanel, ChartsPanel, CountersPanel, Kpis, ServicesPanel } from './overview.js';
import { UpstreamStatus } from './upstream-status.js';
import { ReportsSection } from './reports.js';
import { initialZone, loadSession, saveSession, saveZone, tabFromHash, type ManagerSession, type Tab } from './session.js';
import { PrintingSection } from './printing.js';
import { SecuritySection } from './security.js';
import { StaffingSection } from './staffing.js';
import { RatingsSection } from './ratings.js';
import { DevicesSection, SettingsSection } from './settings.js';
import { t, type Key } from './words.js';

const TABS: [Tab, Key][] = [
  ['overview', 'navOverview'],
  ['reports', 'navReports'],
  ['ratings', 'navRatings'],
  ['settings', 'navSettings'],
  ['devices', 'navDevices'],
  ['printing', 'navPrinting'],
  ['security', 'navSecurity'],
  ['staffing', 'navStaffing'],
];

function App() {
  useLang();
  const [session, setSession] = useState<ManagerSession | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const [hallName, setHallName] = useState<Text | null>(null);

  useEffect(() => {
    api<{ hallName: Text }>('GET', '/api/health').then(
      (h) => setHallName(h.hallName),
      () => {},
    );
  }, []);

  const login = (s: ManagerSession) => {
    saveSession(s);
    setNotice(null);
    setSession(s);
  };
  const end = (why: string | null) => {
    saveSession(null);
    setSession(null);
    setNotice(why);
  };

  if (!session) return <Login onLogin={login} notice={notice} hallName={pick(hallName)} />;
  return (
    <Dashboard
      key={session.token}
      session={session}
      onEnded={() => end(t('sessionEnded'))}
      onLogout={() => {
        void api('DELETE', '/api/sessions/current', { token: session.token }).catch(() => {});
        end(t('loggedOut'));
      }}
    />
  );
}

function Dashboard({ session, onEnded, onLogout }: { session: ManagerSession; onEnded: () => void; onLogout: () => void }) {
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [zone, setZone] = useState(initialZone);
  const live = useLiveHall({ token: session.token });
  const view = live.view;
  const call = useMemo(() => caller(session.token, onEnded), [session.token]);
  const minute = useNow(60_000);

  useEffect(() => {
    const code = live.error?.code;
    if (code === 'UNAUTHENTICATED' || code === 'SESSION_ENDED') onEnded();
  }, [live.error?.code]);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const day = view?.businessDay ?? '';
  const seq = view?.seq;
  // Waits grow without events: alerts are also re-read once a minute.
  const alerts = useLoad<{ at: number; alerts: Alert[] }>(view ? () => call('GET', '/api/alerts') : null, session.token, `${seq}|${minute}`, 1000);
  const today = useLoad<Report>(day ? () => call('GET', `/api/reports${query({ from: day, to: day })}`) : null, day, seq, 3000);
  // When the services' figures arrived: the longest waits are advanced from here between pushes.
  const servicesAsOf = useMemo(() => Date.now(), [view?.services]);
  const alertsAsOf = useMemo(() => Date.now(), [alerts.data]);

  const zoneOk = (z: string | null) => !zone || z === zone || z === null;
  const zoneName = pick(view?.zones.find((z) => z.id === zone)?.name) || zone;
  const alertList = alerts.data?.alerts.filter((a) => zoneOk(a.zone)) ?? null;

  const go = (next: Tab) => {
    setTab(next);
    history.replaceState(null, '', `#${next}`);
  };

  return (
    <div class="dash" data-testid="dashboard" data-tab={tab} data-zone={zone}>
      <header class="dash-head">
        <div class="brand">
          <h1>{pick(view?.hall.name) || t('title')}</h1>
          <span class="muted">
            {t('title')}
            {day ? ` · ${t('businessDay', { day })}` : ''}
          </span>
        </div>
        <nav class="tabs" role="tablist">
          {TABS.map(([id, key]) => (
            <button type="button" role="tab" key={id} aria-selected={tab === id} data-testid={`nav-${id}`} onClick={() => go(id)}>
              {t(key)}
            </button>
          ))}
        </nav>
        <span class="spacer" />
        <label class="zone-filter">
          {t('zone')}
          <select
            value={zone}
            data-testid="zone-filter"
            onChange={(e) => {
              setZone(e.currentTarget.value);
              saveZone(e.currentTarget.value);
            }}
          >
            <option value="">{t('zoneAll')}</option>
            {view?.zones.map((z) => (
              <option key={z.id} value={z.id}>
                {pick(z.name)}
              </option>
            ))}
          </select>
        </label>
        <span class={`conn ${live.connected ? 'on' : 'off'}`} title={live.connected ? 'online' : 'offline'} />
        <span class="who">{session.name || session.username}</span>
        <LangSwitch />
        <button type="button" class="lang-switch" data-testid="logout" onClick={onLogout}>
          {t('logout')}
        </button>
      </header>
      {view ? <ConnectionBanner live={live} /> : null}

      {!view ? (
        <div class="connecting muted" data-testid="connecting">
          {live.error && live.error.code !== 'NETWORK' ? live.error.message : t('connecting')}
        </div>
      ) : tab === 'overview' ? (
        <main class="overview">
          <Kpis today={today} view={view} alerts={alerts.data?.alerts ?? null} />
          <div class="live-grid">
            <ServicesPanel services={view.services.filter((s) => zoneOk(s.zone))} asOf={servicesAsOf} />
            <CountersPanel counters={view.counters.filter((c) => zoneOk(c.zone))} />
            <AlertsPanel alerts={alertList} error={alerts.error} at={alerts.data?.at ?? 0} asOf={alertsAsOf} />
          </div>
          <UpstreamStatus pulse={seq} />
          <ChartsPanel call={call} day={day} zone={zone} pulse={seq} />
        </main>
      ) : tab === 'reports' ? (
        <main class="page">
          <ReportsSection call={call} token={session.token} day={day} zone={zone} zoneName={zoneName} />
        </main>
      ) : tab === 'ratings' ? (
        <main class="page">
          <RatingsSection call={call} day={day} pulse={seq} />
        </main>
      ) : tab === 'settings' ? (
        <main class="page">
          <SettingsSection call={call} view={view} />
        </main>
      ) : tab === 'security' ? (
        <main class="page">
          <SecuritySection call={call} />
        </main>
      ) : tab === 'staffing' ? (
        <main class="page">
          <StaffingSection call={call} view={view} zone={zone} />
        </main>
      ) : tab === 'printing' ? (
        <main class="page">
          <PrintingSection call={call} token={session.token} socket={live.hall?.socket ?? null} />
        </main>
      ) : (
        <main class="page">
          <DevicesSection call={call} view={view} now={minute} />
        </main>
      )}
    </div>
  );
}

render(<App />, document.getElementById('app')!);
