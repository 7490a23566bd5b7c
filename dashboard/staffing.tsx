// The staffing tab (排班建议): next week's counters per service and day by Erlang C from the same weekday
// and half-hour in past weeks (GET /api/staffing, docs/staffing.md), beside the counters open now; a day
// picked shows its half-hours. Fetched once per week asked for; the open counters come with the live push.
import { useState } from 'preact/hooks';
import { pick } from '../web/i18n.js';
import type { LiveView } from '../web/live.js';
import { addDays } from '../shared/hall-time.js';
import { pct, query, useLoad, type Call } from './data.js';
import { t } from './text.js';

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
        <table class="grid" data-testid="staffing-table">
          <thead>
            <tr>
              <th>{t('svcName')}</th>
              <th class="n">{t('staffingOpenNow')}</th>
              {a?.services[0]?.days.map((d, i) => (
                <th class="n" key={d.date}>
                  <button type="button" class={`link ${i === day ? 'on' : ''}`} aria-pressed={i === day} data-testid={`staffing-day-${i}`} onClick={() => setDay(i)}>
                    {weekdays[d.weekday - 1]} {d.date.slice(5)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const adv = byId.get(s.id);
              return (
                <tr key={s.id} data-testid={`staffing-row-${s.id}`}>
                  <td>
                    <span class="prefix">{s.prefix}</span>
                    {pick(s.name)}
                  </td>
                  <td class="n" data-testid={`staffing-open-${s.id}`}>
                    {s.countersOpen}/{s.counters.length}
                  </td>
                  {adv?.days.map((d) => (
                    <td class={`n ${d.peak > s.counters.length ? 'bad' : ''}`} key={d.date} data-testid={`staffing-peak-${s.id}-${d.date}`} title={t('staffingPeakHint')}>
                      {d.basedOnDays === 0 ? '–' : d.peak}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="muted">{t('staffingNote')}</p>
      {picked && halves.length ? (
        <div class="table-wrap">
          <h3>
            {weekdays[picked.weekday - 1]} {picked.date} · {t('staffingBasedOn', { n: picked.basedOnDays })}
          </h3>
          <table class="grid" data-testid="staffing-slots">
            <thead>
              <tr>
                <th>{t('svcName')}</th>
                {halves.map((h) => (
                  <th class="n" key={h}>
                    {hhmm(h)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {services.map((s) => {
                const slots = new Map(byId.get(s.id)?.days[day]?.slots.map((x) => [x.half, x]) ?? []);
                if (slots.size === 0) return null;
                return (
                  <tr key={s.id}>
                    <td>{pick(s.name)}</td>
                    {halves.map((h) => {
                      const x = slots.get(h);
                      return (
                        <td class="n" key={h} title={x ? t('staffingSlotHint', { arrivals: x.arrivalsPerHour, service: x.serviceMin, within: pct(x.withinTarget) }) : ''}>
                          {x ? x.counters : ''}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : a && !advice.loading ? (
        <p class="muted" data-testid="staffing-empty">
          {t('staffingNoHistory')}
        </p>
      ) : null}
    </section>
  );
}
