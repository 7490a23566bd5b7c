// The city managers' dashboard (政务服务管理局): every hall on one screen with its queue, counters,
// satisfaction, overdue follow-ups, faulty devices and how far behind its figures are; the alerts on
// top (a hall that stopped reporting, long waits, bad ratings past their deadline, counters closed in
// office hours); city reports over any range and halls, with an XLSX export.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../ui/api.js';
import { LangSwitch, useLang } from '../../ui/components.js';
import { lang, pick, ts } from '../../ui/i18n.js';
import { defineWords } from '../../ui/words.js';
import '../../ui/style.css';
import './city.css';

const t = defineWords({
  zh: {
    title: '城市政务服务监管',
    login: '登录',
    logout: '退出',
    username: '用户名',
    password: '密码',
    hall: '大厅',
    tier: '层级',
    lastSeq: '已收事件',
    lag: '延迟',
    waiting: '等候',
    counters: '开放窗口',
    satisfaction: '今日满意率',
    satisfactionRange: '满意率',
    overdue: '超期整改',
    faulty: '故障设备',
    alerts: '告警',
    none: '无告警',
    reports: '城市报表',
    from: '起',
    to: '止',
    by: '分组',
    halls: '大厅（逗号分隔，空为全部）',
    run: '查询',
    export: '导出 Excel',
    issued: '取号',
    served: '办结',
    avgWait: '平均等候(分)',
    within: '目标内',
    rated: '评价',
    bad: '差评',
    byService: '业务',
    byHall: '大厅',
    byTier: '层级',
    byDay: '日期',
    district: '区县',
    township: '乡镇',
    village: '村社区',
    revoked: '已吊销',
    seconds: '{n} 秒',
    hours: '{n} 小时',
  },
  en: {
    title: 'City service centres',
    login: 'Log in',
    logout: 'Log out',
    username: 'User name',
    password: 'Password',
    hall: 'Hall',
    tier: 'Tier',
    lastSeq: 'Last seq',
    lag: 'Lag',
    waiting: 'Waiting',
    counters: 'Counters open',
    satisfaction: 'Satisfaction today',
    satisfactionRange: 'Satisfaction',
    overdue: 'Overdue follow-ups',
    faulty: 'Faulty devices',
    alerts: 'Alerts',
    none: 'No alerts',
    reports: 'City reports',
    from: 'From',
    to: 'To',
    by: 'By',
    halls: 'Halls (comma-separated, empty: all)',
    run: 'Run',
    export: 'Export XLSX',
    issued: 'Issued',
    served: 'Served',
    avgWait: 'Avg wait (min)',
    within: 'Within target',
    rated: 'Rated',
    bad: 'Bad',
    byService: 'Service',
    byHall: 'Hall',
    byTier: 'Tier',
    byDay: 'Day',
    district: 'District',
    township: 'Township',
    village: 'Village',
    revoked: 'revoked',
    seconds: '{n} s',
    hours: '{n} h',
  },
});

const TOKEN_KEY = 'hall-central-token';
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
// Units in the page's language (ui/i18n.ts), not English in both.
const lagText = (s: number | null) => (s === null ? '—' : s < 90 ? t('seconds', { n: s }) : s < 5400 ? ts('minutes', { n: Math.round(s / 60) }) : t('hours', { n: Math.round(s / 3600) }));
const today = () => new Date().toISOString().slice(0, 10);

function Login({ onToken }: { onToken: (token: string) => void }) {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        api('POST', '/api/sessions', { body: { username, password } })
          .then((r) => onToken(r.token))
          .catch((err: ApiError) => setError(err.message));
      }}
    >
      <label>
        {t('username')}
        <input value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t('password')}
        <input type="password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">{t('login')}</button>
      {error && <span class="banner">{error}</span>}
    </form>
  );
}

function Halls({ token, onLoggedOut }: { token: string; onLoggedOut: () => void }) {
  const [halls, setHalls] = useState<any[]>([]);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      try {
        setHalls((await api('GET', '/api/halls', { token })).halls);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return onLoggedOut();
      }
      if (!stop) setTimeout(load, 5000);
    };
    void load();
    return () => {
      stop = true;
    };
  }, [token]);
  const alerts = halls.flatMap((h) => (h.alerts as any[]).map((a) => ({ ...a, hall: h })));
  return (
    <>
      <h2>{t('alerts')}</h2>
      <ul class="alerts">
        {alerts.length === 0 && <li>{t('none')}</li>}
        {alerts.map((a, i) => (
          <li key={i} class={a.code === 'NOT_REPORTING' || a.code === 'FOLLOWUPS_OVERDUE' ? 'bad' : ''}>
            <b>{pick({ zh: a.hall.name, en: a.hall.nameEn ?? undefined })}</b> · {pick(a.message)}
          </li>
        ))}
      </ul>
      <table>
        <thead>
          <tr>
            <th>{t('hall')}</th>
            <th>{t('tier')}</th>
            <th class="n">{t('waiting')}</th>
            <th class="n">{t('counters')}</th>
            <th class="n">{t('satisfaction')}</th>
            <th class="n">{t('overdue')}</th>
            <th class="n">{t('faulty')}</th>
            <th class="n">{t('lastSeq')}</th>
            <th class="n">{t('lag')}</th>
          </tr>
        </thead>
        <tbody>
          {halls.map((h) => (
            <tr key={h.hallId} data-hall={h.hallId}>
              <td>
                {pick({ zh: h.name, en: h.nameEn ?? undefined })} {h.revoked && <span class="pill stale">{t('revoked')}</span>}
                <div class="muted">{h.hallId}</div>
              </td>
              <td>{t(h.tier)}</td>
              <td class="n">{h.waiting}</td>
              <td class="n">
                {h.countersOpen}/{h.countersTotal}
              </td>
              <td class="n">{pct(h.satisfactionToday)}</td>
              <td class="n">{h.followupsOverdue}</td>
              <td class="n">{h.devicesFaulty}</td>
              <td class="n">{h.lastSeq}</td>
              <td class="n">{lagText(h.lagSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Reports({ token }: { token: string }) {
  const [q, setQ] = useState({ from: `${today().slice(0, 4)}-01-01`, to: today(), by: 'hall', halls: '' });
  const [report, setReport] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  const query = () => new URLSearchParams({ from: q.from, to: q.to, by: q.by, ...(q.halls.trim() ? { halls: q.halls.trim() } : {}) }).toString();
  const run = () =>
    api('GET', `/api/reports?${query()}`, { token })
      .then((r) => (setReport(r), setError(null)))
      .catch((e: ApiError) => setError(e.message));
  const download = async () => {
    const res = await fetch(`/api/reports/export?${query()}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return setError(`HTTP ${res.status}`);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = `city-report-${q.by}-${q.from}-${q.to}.xlsx`;
    a.click();
  };
  const field = (k: keyof typeof q) => (e: Event) => setQ({ ...q, [k]: (e.target as HTMLInputElement).value });
  const rows = report ? [...report.rows, { ...report.total, key: '' }] : [];
  return (
    <>
      <h2>{t('reports')}</h2>
      <form onSubmit={(e) => (e.preventDefault(), void run())}>
        <label>
          {t('from')}
          <input type="date" value={q.from} onInput={field('from')} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={q.to} onInput={field('to')} />
        </label>
        <label>
          {t('by')}
          <select value={q.by} onChange={field('by')}>
            <option value="hall">{t('byHall')}</option>
            <option value="service">{t('byService')}</option>
            <option value="tier">{t('byTier')}</option>
            <option value="day">{t('byDay')}</option>
          </select>
        </label>
        <label>
          {t('halls')}
          <input value={q.halls} onInput={field('halls')} />
        </label>
        <button type="submit">{t('run')}</button>
        <button type="button" onClick={() => void download()}>
          {t('export')}
        </button>
        {error && <span class="banner">{error}</span>}
      </form>
      {report && (
        <table>
          <thead>
            <tr>
              <th>{t('by')}</th>
              <th class="n">{t('issued')}</th>
              <th class="n">{t('served')}</th>
              <th class="n">{t('avgWait')}</th>
              <th class="n">{t('within')}</th>
              <th class="n">{t('rated')}</th>
              <th class="n">{t('satisfactionRange')}</th>
              <th class="n">{t('bad')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r: any) => (
              <tr key={r.key || 'total'} style={r.key ? {} : { fontWeight: 700 }}>
                <td>{pick(r.label)}</td>
                <td class="n">{r.issued}</td>
                <td class="n">{r.served}</td>
                <td class="n">{r.avgWaitMin ?? '—'}</td>
                <td class="n">{pct(r.withinTarget)}</td>
                <td class="n">{r.rated}</td>
                <td class="n">{pct(r.satisfaction)}</td>
                <td class="n">{r.bad}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Dashboard() {
  useLang();
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const keep = (tk: string | null) => {
    if (tk) localStorage.setItem(TOKEN_KEY, tk);
    else localStorage.removeItem(TOKEN_KEY);
    setToken(tk);
  };
  return (
    <div class="city">
      <header>
        <h1>{t('title')}</h1>
        <span>
          <a href="/city">/city</a> <LangSwitch />{' '}
          {token && (
            <button type="button" onClick={() => void api('DELETE', '/api/sessions/current', { token }).finally(() => keep(null))}>
              {t('logout')}
            </button>
          )}
        </span>
      </header>
      {token ? (
        <>
          <Halls token={token} onLoggedOut={() => keep(null)} />
          <Reports token={token} />
        </>
      ) : (
        <Login onToken={keep} />
      )}
    </div>
  );
}

render(<Dashboard />, document.getElementById('app')!);
