// The overview's charts, drawn by Chart.js: arrivals by hour, average wait by hour, satisfaction by
// service or counter. Each chart's figures are also on its element as data-labels / data-values, so a
// test can read what is drawn.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { lang, pick } from '../ui/i18n.js';
import type { Hourly, Report } from './data.js';
import { t } from './words.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.color = '#3d4852';

const BLUE = '#0b5cad';
const AMBER = '#d9822b';

interface ChartProps {
  testid: string;
  config: ChartConfiguration;
  labels: string[];
  values: (number | null)[];
  empty?: string | null;
}

/** One Chart.js chart on a canvas; updated in place when the figures change (no re-creation, no flicker). */
function ChartBox({ testid, config, labels, values, empty }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, config);
    return () => chart.current?.destroy();
  }, [config.type]);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data = config.data;
    c.options = config.options ?? {};
    c.update('none');
  }, [labels.join('\u0001'), values.join(','), lang()]);
  return (
    <div class="chart" data-testid={testid} data-empty={empty ? 'true' : 'false'} data-labels={labels.join(',')} data-values={values.map((v) => (v === null ? '' : v)).join(',')}>
      {/* An empty chart is not drawn as bare axes (a "0 %" scale reads as a figure): its label says why there is nothing. */}
      <canvas ref={canvas} style={empty ? { visibility: 'hidden' } : undefined} />
      {empty ? (
        <div class="chart-empty muted" data-testid={`${testid}-empty`} role="status">
          {empty}
        </div>
      ) : null}
    </div>
  );
}

/** Hours to show: the working part of the day (8–18 by default), widened to every hour with tickets. */
function hourSpan(h: Hourly | null): number[] {
  let lo = 8;
  let hi = 18;
  for (const x of h?.hours ?? []) {
    if (x.issued > 0) {
      lo = Math.min(lo, x.hour);
      hi = Math.max(hi, x.hour);
    }
  }
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

const baseOptions = (yTitle: string, max?: number): ChartConfiguration['options'] => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  plugins: { legend: { display: false } },
  scales: {
    x: { grid: { display: false } },
    y: { beginAtZero: true, ...(max ? { max } : {}), title: { display: true, text: yTitle }, ticks: { precision: 0 } },
  },
});

export function ArrivalsChart({ hourly }: { hourly: Hourly | null }) {
  const hours = hourSpan(hourly);
  const labels = hours.map((h) => t('hourLabel', { h }));
  const values = hours.map((h) => hourly?.hours[h]?.issued ?? 0);
  const config: ChartConfiguration = {
    type: 'bar',
    data: { labels, datasets: [{ label: t('tickets'), data: values, backgroundColor: BLUE, borderRadius: 3 }] },
    options: baseOptions(t('tickets')),
  };
  const empty = hourly === null ? t('chartLoading') : values.every((v) => v === 0) ? t('noArrivals') : null;
  return <ChartBox testid="chart-arrivals" config={config} labels={labels} values={values} empty={empty} />;
}

export function WaitChart({ hourly }: { hourly: Hourly | null }) {
  const hours = hourSpan(hourly);
  const labels = hours.map((h) => t('hourLabel', { h }));
  const values = hours.map((h) => hourly?.hours[h]?.avgWaitMin ?? null);
  const config: ChartConfiguration = {
    type: 'line',
    data: {
      labels,
      datasets: [{ label: t('avgWait'), data: values, borderColor: AMBER, backgroundColor: 'rgba(217,130,43,0.15)', fill: true, spanGaps: true, tension: 0.25, pointRadius: 3 }],
    },
    options: baseOptions(t('avgWait')),
  };
  const empty = hourly === null ? t('chartLoading') : values.every((v) => v === null) ? t('noWaits') : null;
  return <ChartBox testid="chart-wait" config={config} labels={labels} values={values} empty={empty} />;
}

/** At most this many bars fit the chart's height legibly: the lowest rates are the ones to act on. */
export const SATISFACTION_BARS = 8;

export function SatisfactionChart({ report }: { report: Report | null }) {
  const rated = (report?.rows ?? []).filter((r) => r.rated > 0 && r.key !== null);
  const rows = [...rated].sort((a, b) => (a.satisfaction ?? 1) - (b.satisfaction ?? 1) || b.rated - a.rated).slice(0, SATISFACTION_BARS);
  const labels = rows.map((r) => pick(r.label));
  const values = rows.map((r) => (r.satisfaction === null ? null : Math.round(r.satisfaction * 1000) / 10));
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          label: t('satisfactionPct'),
          data: values,
          backgroundColor: values.map((v) => (v !== null && v < 90 ? AMBER : '#1a7f37')),
          borderRadius: 3,
        },
      ],
    },
    options: {
      ...baseOptions(t('satisfactionPct'), 100),
      indexAxis: 'y',
      scales: {
        x: { beginAtZero: true, max: 100, title: { display: true, text: t('satisfactionPct') } },
        y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: 11 } } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { afterLabel: (item) => t('ratedN', { n: rows[item.dataIndex]?.rated ?? 0 }) } },
      },
    },
  };
  return <ChartBox testid="chart-satisfaction" config={config} labels={labels} values={values} empty={report === null ? t('chartLoading') : rows.length === 0 ? t('noRatings') : null} />;
}
