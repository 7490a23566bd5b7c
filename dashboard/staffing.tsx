// The staffing tab (排班建议): next week's counters per service and day by Erlang C from the same weekday
// and half-hour in past weeks (GET /api/staffing, docs/staffing.md), beside the counters open now; a day
// picked shows its half-hours. Fetched once per week asked for; the open counters come with the live push.
import { useState } from 'preact/hooks';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import { addDays } from '../shared/hall-time.js';
import { pct, query, useLoad, type Call } from './data.js';
import { t } from './words.js';

type ServiceView = LiveView['services'][number];

interface Slot {
  half: number;
  arrivalsPerHour: number;
  serviceMin: number;
  counters: number;
  withinTarget: number;
}
interface Day {
  date: string;
  weekday: number;
  basedOnDays: number;
  peak: number;
  slots: Slot[];
}
interface Advice {
  week: string;
  target: { share: number; waitMin: number };
  weeks: number;
  services: { serviceId: string; counters: number; countersOpen: number; waiting: number; days: Day[] }[];
}

const hhmm = (half: number) => `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`;

export function StaffingSection({ call, view, zone }: { call: Call; view: LiveView; zone: string }) {
  const [week, setWeek] = useState<string | null>(null);
  const [day, setDay] = useState(0);
  const advice = useLoad<Advice>(() => call('GET', `/api/staffing${query({ week })}`), week ?? 'next', undefined);
  const a = advice.data;
  const services = view.services.filter((s) => !zone || s.zone === zone);
  const byId = new Map(a?.services.map((s) => [s.serviceId, s]) ?? []);
  const weekdays = [t('mon'), t('tue'), t('wed'), t('thu'), t('fri'), t('sat'), t('sun')];
  const picked = a?.services[0]?.days[day];
  const halves = [...new Set(a?.services.flatMap((s) => s.days[day]?.slots.map((x) => x.half) ?? []) ?? [])].sort((x, y) => x - y);
  return (
    <section class="panel staffing-panel" data-testid="staffing">
      <div class="panel-head">
        <h2>{t('staffingTitle')}</h2>
        {a ? (
          <span class="muted" data-testid="staffing-target">
            {t('staffingTarget', { share: pct(a.target.share, 0), min: a.target.waitMin, weeks: a.weeks })}
          </span>
        ) : null}
        <span class="spacer" />
        <span class="seg">
          <button type="button" data-testid="staffing-prev" disabled={!a} onClick={() => a && setWeek(addDays(a.week, -7))}>
            ‹
          </button>
          <span data-testid="staffing-week">{a ? `${a.week} – ${addDays(a.week, 6)}` : '…'}</span>
          <button type="button" data-testid="staffing-next" disabled={!a} onClick={() => a && setWeek(addDays(a.week, 7))}>
            ›
          </button>
        </span>
      </div>
      {advice.error ? (
        <div class="error-box" role="alert">
          {advice.error}
        </div>
      ) : null}
      <div class="table-wrap">
        <DataTable
          testid="staffing-table"
          rows={services}
          rowKey={(s) => s.id}
          rowProps={(s) => ({ 'data-testid': `staffing-row-${s.id}` })}
          columns={[
            {
              header: t('svcName'),
              cell: (s) => (
                <>
                  <span class="prefix">{s.prefix}</span>
                  {pick(s.name)}
                </>
              ),
            },
            { header: t('staffingOpenNow'), numeric: true, cell: (s) => `${s.countersOpen}/${s.counters.length}`, cellProps: (s) => ({ 'data-testid': `staffing-open-${s.id}` }) },
            ...(a?.services[0]?.days ?? []).map((d, i) => ({
              header: (
                <button type="button" class={`link ${i === day ? 'on' : ''}`} aria-pressed={i === day} data-testid={`staffing-day-${i}`} onClick={() => setDay(i)}>
                  {weekdays[d.weekday - 1]} {d.date.slice(5)}
                </button>
              ),
              numeric: true,
              cell: (s: ServiceView) => {
                const x = byId.get(s.id)?.days[i];
                return x ? (x.basedOnDays === 0 ? '–' : x.peak) : null;
              },
              cellProps: (s: ServiceView) => {
                const x = byId.get(s.id)?.days[i];
                return { class: x && x.peak > s.counters.length ? 'bad' : undefined, 'data-testid': x ? `staffing-peak-${s.id}-${x.date}` : undefined, title: t('staffingPeakHint') };
              },
            })),
          ]}
        />
      </div>
      <p class="muted">{t('staffingNote')}</p>
      {picked && halves.length ? (
        <div class="table-wrap">
          <h3>
            {weekdays[picked.weekday - 1]} {picked.date} · {t('staffingBasedOn', { n: picked.basedOnDays })}
          </h3>
          <DataTable
            testid="staffing-slots"
            rows={services.filter((s) => (byId.get(s.id)?.days[day]?.slots.length ?? 0) > 0)}
            rowKey={(s) => s.id}
            columns={[
              { header: t('svcName'), cell: (s) => pick(s.name) },
              ...halves.map((h) => {
                const slot = (s: ServiceView) => byId.get(s.id)?.days[day]?.slots.find((x) => x.half === h);
                return {
                  header: hhmm(h),
                  numeric: true,
                  cell: (s: ServiceView) => slot(s)?.counters ?? '',
                  cellProps: (s: ServiceView) => {
                    const x = slot(s);
                    return { title: x ? t('staffingSlotHint', { arrivals: x.arrivalsPerHour, service: x.serviceMin, within: pct(x.withinTarget) }) : '' };
                  },
                };
              }),
            ]}
          />
        </div>
      ) : a && !advice.loading ? (
        <p class="muted" data-testid="staffing-empty">
          {t('staffingNoHistory')}
        </p>
      ) : null}
    </section>
  );
}
