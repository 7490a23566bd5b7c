// The live overview: today's totals, each service's queue (longest wait red when over its target),
// each counter's state, staff and ticket in hand, the alerts, and the charts.
import { useState } from 'preact/hooks';
import { elapsed, useNow } from '../ui/components.js';
import { DataTable } from '../ui/data-table.js';
import { lang, pick, ts } from '../ui/i18n.js';
import type { CounterView, LiveView } from '../ui/live.js';
import { ArrivalsChart, SATISFACTION_BARS, SatisfactionChart, WaitChart } from './charts.js';
import { addDays } from '../shared/hall-time.js';
import { mergeHourly, mergeRatings, pct, query, useLoad, type Alert, type Call, type Hourly, type Loaded, type Report } from './data.js';
import { t } from './words.js';

type ServiceView = LiveView['services'][number];

/** Today's hall totals: from today's report, refreshed as the hall pushes changes. */
export function Kpis({ today, view, alerts }: { today: Loaded<Report>; view: LiveView; alerts: Alert[] | null }) {
  const total = today.data?.total;
  const waiting = view.services.reduce((a, s) => a + s.waiting, 0);
  const critical = alerts?.filter((a) => a.severity === 'critical').length ?? 0;
  return (
    <section class="kpis" aria-label={t('kpiHall')} title={t('kpiHall')}>
      <Kpi label={t('kpiIssued')} value={total ? String(total.issued) : '–'} testid="today-issued" />
      <Kpi label={t('kpiServed')} value={total ? String(total.served) : '–'} testid="today-served" />
      <Kpi label={t('kpiWaiting')} value={String(waiting)} testid="today-waiting" />
      <Kpi label={t('kpiAvgWait')} value={total?.avgWaitMin != null ? t('min', { n: total.avgWaitMin }) : '–'} testid="today-avg-wait" />
      <Kpi label={t('kpiWithin')} value={pct(total?.withinTarget)} testid="today-within-target" />
      <Kpi
        label={t('kpiSatisfaction')}
        value={pct(total?.satisfaction)}
        sub={total ? t('kpiRated', { n: total.rated }) : ''}
        testid="today-satisfaction"
        tone={total?.satisfaction != null && total.satisfaction < 0.9 ? 'warn' : undefined}
      />
      <Kpi label={t('kpiAlerts')} value={alerts ? String(alerts.length) : '–'} testid="alert-count" tone={critical ? 'bad' : alerts?.length ? 'warn' : undefined} />
    </section>
  );
}

function Kpi({ label, value, sub, testid, tone }: { label: string; value: string; sub?: string; testid: string; tone?: 'warn' | 'bad' | undefined }) {
  return (
    <div class={`kpi ${tone ?? ''}`}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value big-number" data-testid={testid}>
        {value}
      </div>
      {sub ? <div class="kpi-sub muted">{sub}</div> : null}
    </div>
  );
}

/**
 * Per service: waiting and longest wait. The hub sends the longest wait with each push; between pushes
 * it keeps growing, so it is advanced by the minutes since the figures arrived.
 */
export function ServicesPanel({ services, asOf }: { services: ServiceView[]; asOf: number }) {
  const now = useNow(15_000);
  const drift = Math.max(0, Math.floor((now - asOf) / 60_000));
  const longestOf = (s: ServiceView) => (s.waiting > 0 ? s.longestWaitMin + drift : 0);
  const isOver = (s: ServiceView) => s.waiting > 0 && longestOf(s) > s.targetWaitMin;
  return (
    <section class="panel services-panel">
      <h2>{t('services')}</h2>
      <DataTable
        testid="services"
        rows={services}
        rowKey={(s) => s.id}
        empty={t('noServices')}
        rowProps={(s) => {
          const over = isOver(s);
          return { 'data-testid': `service-row-${s.id}`, 'data-over': over ? 'true' : 'false', class: over ? 'over' : '' };
        }}
        columns={[
          {
            header: t('svcName'),
            cell: (s) => (
              <>
                <span class="prefix">{s.prefix}</span>
                {pick(s.name)}
                {!s.availability.open && s.availability.code === 'SERVICE_DISABLED' ? <span class="tag muted"> {t('svcOff')}</span> : null}
              </>
            ),
          },
          { header: t('svcWaiting'), numeric: true, class: 'waiting', cell: (s) => s.waiting, cellProps: (s) => ({ 'data-testid': `svc-waiting-${s.id}` }) },
          {
            header: t('svcLongest'),
            numeric: true,
            cell: (s) => (s.waiting > 0 ? t('min', { n: longestOf(s) }) : '–'),
            cellProps: (s) => ({ class: `longest ${isOver(s) ? 'bad' : ''}`, 'data-testid': `svc-longest-${s.id}`, 'data-over': isOver(s) ? 'true' : 'false' }),
          },
          { header: t('svcTarget'), numeric: true, class: 'muted', cell: (s) => t('min', { n: s.targetWaitMin }) },
          {
            header: t('svcEstimate'),
            numeric: true,
            cell: (s) => (s.estimatedWaitMin === null ? t('noCounterOpen') : s.waiting > 0 ? t('min', { n: s.estimatedWaitMin }) : '–'),
            cellProps: (s) => ({ 'data-testid': `svc-estimate-${s.id}` }),
          },
          { header: t('svcCounters'), numeric: true, cell: (s) => `${s.countersOpen}/${s.counters.length}` },
        ]}
      />
    </section>
  );
}

const STATE_CLASS: Record<CounterView['state'], string> = { closed: 'st-closed', idle: 'st-idle', calling: 'st-calling', serving: 'st-serving', paused: 'st-paused' };

export function CountersPanel({ counters }: { counters: CounterView[] }) {
  const now = useNow(1000);
  return (
    <section class="panel counters-panel">
      <h2>{t('counters')}</h2>
      <DataTable
        testid="counters"
        rows={[...counters].sort((a, b) => Number(a.id) - Number(b.id))}
        rowKey={(c) => c.id}
        empty={t('noCounters')}
        rowProps={(c) => ({ 'data-testid': `counter-row-${c.id}`, 'data-state': c.state })}
        columns={[
          { header: t('ctrName'), cell: (c) => pick(c.name) || ts('counterName', { id: c.id }) },
          {
            header: t('ctrState'),
            cell: (c) => (
              <>
                <span class={`state ${STATE_CLASS[c.state]}`} data-testid={`ctr-state-${c.id}`}>
                  {ts(c.state)}
                </span>
                {c.state === 'paused' && c.pauseReason ? <span class="muted reason"> {c.pauseReason}</span> : null}
              </>
            ),
          },
          { header: t('ctrStaff'), cell: (c) => (c.staff ? t('staffName', { name: c.staff.name, no: c.staff.no }) : <span class="muted">–</span>), cellProps: (c) => ({ 'data-testid': `ctr-staff-${c.id}` }) },
          { header: t('ctrTicket'), cell: (c) => (c.ticket ? <b class="big-number">{c.ticket.number}</b> : <span class="muted">–</span>), cellProps: (c) => ({ 'data-testid': `ctr-ticket-${c.id}` }) },
          { header: t('ctrSince'), numeric: true, cell: (c) => (c.state === 'closed' ? <span class="muted">–</span> : elapsed(c.since, now)) },
          {
            header: t('ctrToday'),
            numeric: true,
            cell: (c) => (c.today ? `${c.today.served} / ${c.today.rated ? pct(c.today.satisfied / c.today.rated, 0) : '–'}` : <span class="muted">–</span>),
          },
        ]}
      />
    </section>
  );
}

/** `at`: the hub's time when the alerts were read; `asOf`: this browser's time when they arrived. */
export function AlertsPanel({ alerts, error, at, asOf }: { alerts: Alert[] | null; error: string | null; at: number; asOf: number }) {
  const l = lang();
  // How long, on the hub's clock (not "since 10:05": the browser's clock and zone may differ from the hall's).
  const now = useNow(30_000);
  const lasting = (a: Alert) => {
    const n = Math.floor((at + Math.max(0, now - asOf) - a.since) / 60_000);
    return n >= 1 ? t('alertFor', { n }) : t('alertJust');
  };
  return (
    <section class="panel alerts-panel">
      <h2>
        {t('alerts')} {alerts?.length ? <span class="count">{alerts.length}</span> : null}
      </h2>
      <ul class="alerts" data-testid="alerts" data-count={alerts?.length ?? 0}>
        {error ? <li class="alert error">{error}</li> : null}
        {alerts && alerts.length === 0 ? <li class="alert none muted">{t('noAlerts')}</li> : null}
        {alerts?.map((a) => (
          <li key={a.id} class={`alert ${a.severity}`} data-testid={`alert-${a.id}`} data-kind={a.kind} data-severity={a.severity}>
            <span class="sev">{t(a.severity)}</span>
            <span class="msg">{l === 'en' ? (a.message.en ?? a.message.zh) : a.message.zh}</span>
            <span class="when muted">{lasting(a)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Period = 'today' | '7' | '30';

/** Charts over today or the last days, for the zone shown; refreshed as the hall pushes changes. */
export function ChartsPanel({ call, day, zone, pulse }: { call: Call; day: string; zone: string; pulse: unknown }) {
  const [period, setPeriod] = useState<Period>('today');
  const [satBy, setSatBy] = useState<'service' | 'counter'>('service');
  const from = period === 'today' ? day : addDays(day, -(Number(period) - 1));
  // Closed days cannot change: asked once per range; only today is asked again on pushes.
  const closed = period === 'today' ? null : { from, to: addDays(day, -1), zone: zone || null };
  const live = { from: day, to: day, zone: zone || null };
  const closedHourly = useLoad<Hourly>(closed ? () => call('GET', `/api/reports/hourly${query(closed)}`) : null, `${from}|${day}|${zone}`, undefined);
  const todayHourly = useLoad<Hourly>(() => call('GET', `/api/reports/hourly${query(live)}`), `${day}|${zone}`, pulse, 5000);
  const closedSat = useLoad<Report>(closed ? () => call('GET', `/api/reports${query({ ...closed, by: satBy })}`) : null, `${from}|${day}|${zone}|${satBy}`, undefined);
  const todaySat = useLoad<Report>(() => call('GET', `/api/reports${query({ ...live, by: satBy })}`), `${day}|${zone}|${satBy}`, pulse, 5000);
  const hourly = { data: closed ? (closedHourly.data && todayHourly.data ? mergeHourly(closedHourly.data, todayHourly.data) : null) : todayHourly.data, error: closedHourly.error ?? todayHourly.error };
  const sat = { data: closed ? (closedSat.data && todaySat.data ? mergeRatings(closedSat.data, todaySat.data) : null) : todaySat.data };
  return (
    <section class="panel charts-panel">
      <div class="panel-head">
        <h2>{t('charts')}</h2>
        <div class="seg" role="group">
          {(['today', '7', '30'] as Period[]).map((p) => (
            <button type="button" key={p} aria-pressed={period === p} data-testid={`period-${p}`} onClick={() => setPeriod(p)}>
              {t(p === 'today' ? 'periodToday' : p === '7' ? 'period7' : 'period30')}
            </button>
          ))}
        </div>
        {hourly.error ? <span class="error-text">{hourly.error}</span> : null}
      </div>
      <div class="charts">
        <figure>
          <figcaption>{t('chartArrivals')}</figcaption>
          <ArrivalsChart hourly={hourly.data} />
        </figure>
        <figure>
          <figcaption>{t('chartWait')}</figcaption>
          <WaitChart hourly={hourly.data} />
        </figure>
        <figure>
          <figcaption>
            {t('chartSatisfaction')}
            {(sat.data?.rows.filter((r) => r.rated > 0 && r.key !== null).length ?? 0) > SATISFACTION_BARS ? (
              <span class="muted small-note">{t('lowestN', { n: SATISFACTION_BARS })}</span>
            ) : null}
            <span class="seg small" role="group">
              <button type="button" aria-pressed={satBy === 'service'} data-testid="sat-by-service" onClick={() => setSatBy('service')}>
                {t('byService')}
              </button>
              <button type="button" aria-pressed={satBy === 'counter'} data-testid="sat-by-counter" onClick={() => setSatBy('counter')}>
                {t('byCounter')}
              </button>
            </span>
          </figcaption>
          <SatisfactionChart report={sat.data} />
        </figure>
      </div>
    </section>
  );
}
