// The public page (/city) for citizens' phones: every centre with its address, open or closed, people
// waiting by service and the estimated wait. It polls one cached JSON (computed once a second for
// everyone, revalidated by ETag), so ten thousand phones cost the central almost nothing.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LangSwitch, useLang } from '../../ui/components.js';
import { pick, type Text } from '../../ui/i18n.js';
import { defineWords } from '../../ui/words.js';
import '../../ui/style.css';
import './city.css';

const t = defineWords({
  zh: {
    title: '办事大厅排队情况',
    waiting: '等候 {n} 人',
    est: '约 {n} 分钟',
    noCounter: '暂无窗口',
    open: '办公中',
    closed: '休息',
    stale: '数据暂未更新',
    sort: '人少的在前',
    updated: '更新于 {t}',
    offline: '暂时无法获取数据，稍后自动重试',
  },
  en: {
    title: 'Service centres: queues now',
    waiting: '{n} waiting',
    est: '~{n} min',
    noCounter: 'no counter open',
    open: 'Open',
    closed: 'Closed',
    stale: 'Not updated lately',
    sort: 'Least busy first',
    updated: 'Updated {t}',
    offline: 'Cannot load the data now; retrying',
  },
});

interface PublicCentre {
  id: string;
  name: Text;
  tier: string;
  address: Text | null;
  open: boolean;
  live: boolean;
  waiting: number;
  services: { id: string; name: Text; waiting: number; estimatedWaitMin: number | null }[];
}

const POLL_MS = 5000;

function City() {
  useLang();
  const [data, setData] = useState<{ generatedAt: string; halls: PublicCentre[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const [leastBusy, setLeastBusy] = useState(true);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        // no-cache: revalidate with the ETag every time (a 304 costs the central one header).
        const r = await fetch('/api/public/city', { cache: 'no-cache' });
        if (r.ok) setData(await r.json());
        setFailed(!r.ok);
      } catch {
        setFailed(true);
      }
      if (!stop) setTimeout(load, POLL_MS);
    };
    void load();
    return () => {
      stop = true;
    };
  }, []);
  const halls = [...(data?.halls ?? [])].sort((a, b) => (leastBusy ? Number(b.open) - Number(a.open) || a.waiting - b.waiting : 0));
  return (
    <div class="city">
      <header>
        <h1>{t('title')}</h1>
        <LangSwitch />
      </header>
      {failed && <div class="banner warn">{t('offline')}</div>}
      <label style={{ flexDirection: 'row', alignItems: 'center' }}>
        <input type="checkbox" checked={leastBusy} onChange={(e) => setLeastBusy((e.target as HTMLInputElement).checked)} /> {t('sort')}
      </label>
      <div class="centres">
        {halls.map((h) => (
          <section class="centre" key={h.id} data-hall={h.id}>
            <h2>
              <span>{pick(h.name)}</span>
              <span class={`pill ${!h.live ? 'stale' : h.open ? 'open' : 'closed'}`}>{!h.live ? t('stale') : h.open ? t('open') : t('closed')}</span>
            </h2>
            {h.address && <div class="addr">{pick(h.address)}</div>}
            <div class="total">{t('waiting', { n: h.waiting })}</div>
            <ul>
              {h.services
                .filter((s) => s.waiting > 0 || h.open)
                .map((s) => (
                  <li key={s.id}>
                    <span>{pick(s.name)}</span>
                    <span>
                      {t('waiting', { n: s.waiting })} · {s.estimatedWaitMin === null ? t('noCounter') : t('est', { n: s.estimatedWaitMin })}
                    </span>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      {data && <p class="muted">{t('updated', { t: new Date(data.generatedAt).toLocaleTimeString() })}</p>}
    </div>
  );
}

render(<City />, document.getElementById('app')!);
