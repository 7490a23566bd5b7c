// The dashboard's security tab: the login lockouts in force, each lifted with one click
// (DELETE /api/security/lockouts/:key), and the audit log (GET /api/audit): logins, failed logins,
// lockouts, lifts, config changes, token rotations, PINs set and exports, with who, when and from where.
//
// Test ids:
//   security                 the tab's root
//   lockouts                 the lockouts table (data-count); lockout-<key> a row; lockout-lift-<key> its button
//   audit                    the audit table (data-count); audit-<id> a row (data-type)
//   audit-filter             the type filter (all, auth., admin.)
//   audit-more               loads older entries
import { useState } from 'preact/hooks';
import { ApiError } from '../ui/api.js';
import { DataTable } from '../ui/data-table.js';
import { hallDate } from '../ui/hall-time.js';
import { defineWords } from '../ui/words.js';
import { useLoad, type Call } from './data.js';

const t = defineWords({
  zh: {
    lockouts: '登录锁定',
    noLockouts: '当前没有锁定',
    account: '账号',
    client: '来源地址',
    scope: '范围',
    until: '锁定至',
    times: '第几次',
    lift: '解除',
    audit: '安全审计日志',
    all: '全部',
    authOnly: '登录',
    adminOnly: '管理操作',
    time: '时间',
    type: '事件',
    who: '操作人',
    detail: '详情',
    more: '更早的记录',
    'account-client': '此账号在此地址',
    'scope-account': '此账号（各处）',
    'scope-client': '此地址（所有账号）',
    'auth.login': '登录',
    'auth.login-failed': '登录失败',
    'auth.logout': '退出',
    'auth.lockout': '锁定',
    'auth.lockout-lifted': '解除锁定',
    'admin.config-changed': '修改配置',
    'admin.token-rotated': '设备令牌更换',
    'admin.pin-set': '设置密码',
    'admin.export': '导出数据',
  },
  en: {
    lockouts: 'Login lockouts',
    noLockouts: 'No lockout in force',
    account: 'Account',
    client: 'From',
    scope: 'Scope',
    until: 'Until',
    times: 'Times',
    lift: 'Lift',
    audit: 'Audit log',
    all: 'All',
    authOnly: 'Logins',
    adminOnly: 'Administration',
    time: 'Time',
    type: 'Event',
    who: 'Who',
    detail: 'Detail',
    more: 'Older entries',
    'account-client': 'This account from this address',
    'scope-account': 'This account (everywhere)',
    'scope-client': 'This address (all accounts)',
    'auth.login': 'Login',
    'auth.login-failed': 'Failed login',
    'auth.logout': 'Logout',
    'auth.lockout': 'Lockout',
    'auth.lockout-lifted': 'Lockout lifted',
    'admin.config-changed': 'Config changed',
    'admin.token-rotated': 'Device token replaced',
    'admin.pin-set': 'PIN or password set',
    'admin.export': 'Export',
  },
});

interface Lockout {
  key: string;
  scope: 'account-client' | 'account' | 'client';
  account: string | null;
  client: string | null;
  lockouts: number;
  lockedUntil: number;
}

interface Entry {
  id: number;
  at: number;
  type: string;
  actor: { kind: string; id: string | null };
  client: string | null;
  detail: Record<string, unknown>;
}

function when(at: number): string {
  const d = hallDate(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const scopeText = (s: Lockout['scope']) => (s === 'account-client' ? t('account-client') : s === 'account' ? t('scope-account') : t('scope-client'));
const typeText = (type: string) => t(type as Parameters<typeof t>[0]);

export function SecuritySection({ call }: { call: Call }) {
  const [pulse, setPulse] = useState(0);
  const [filter, setFilter] = useState('');
  const [older, setOlder] = useState<Entry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const lockouts = useLoad(() => call<{ lockouts: Lockout[] }>('GET', '/api/security/lockouts'), 'lockouts', pulse, 0);
  const audit = useLoad(() => call<{ entries: Entry[]; nextBefore?: number }>('GET', `/api/audit?limit=100${filter ? `&type=${filter}` : ''}`), filter, pulse, 0);
  const entries = [...(audit.data?.entries ?? []), ...older];
  const nextBefore = older.length ? (older.length % 100 === 0 ? older[older.length - 1]!.id : undefined) : audit.data?.nextBefore;

  const lift = async (key: string) => {
    setError(null);
    try {
      await call('DELETE', `/api/security/lockouts/${encodeURIComponent(key)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
    setOlder([]);
    setPulse((n) => n + 1);
  };
  const more = async () => {
    if (!nextBefore) return;
    const page = await call<{ entries: Entry[] }>('GET', `/api/audit?limit=100&before=${nextBefore}${filter ? `&type=${filter}` : ''}`);
    setOlder((o) => [...o, ...page.entries]);
  };

  const list = lockouts.data?.lockouts ?? [];
  return (
    <section class="panel" data-testid="security">
      <h2>{t('lockouts')}</h2>
      {error ? <p class="bad">{error}</p> : null}
      <DataTable
        testid="lockouts"
        tableProps={{ 'data-count': list.length }}
        rows={list}
        rowKey={(l) => l.key}
        empty={t('noLockouts')}
        rowProps={(l) => ({ 'data-testid': `lockout-${l.key}` })}
        columns={[
          { header: t('scope'), cell: (l) => scopeText(l.scope) },
          { header: t('account'), cell: (l) => l.account ?? '—' },
          { header: t('client'), class: 'mono', cell: (l) => l.client ?? '—' },
          { header: t('until'), cell: (l) => when(l.lockedUntil) },
          { header: t('times'), numeric: true, cell: (l) => l.lockouts },
        ]}
        actions={(l) => (
          <button type="button" data-testid={`lockout-lift-${l.key}`} onClick={() => void lift(l.key)}>
            {t('lift')}
          </button>
        )}
      />

      <h2>{t('audit')}</h2>
      <select
        value={filter}
        data-testid="audit-filter"
        onChange={(e) => {
          setOlder([]);
          setFilter(e.currentTarget.value);
        }}
      >
        <option value="">{t('all')}</option>
        <option value="auth.">{t('authOnly')}</option>
        <option value="admin.">{t('adminOnly')}</option>
      </select>
      <DataTable
        testid="audit"
        tableProps={{ 'data-count': entries.length }}
        rows={entries}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ 'data-testid': `audit-${e.id}`, 'data-type': e.type })}
        columns={[
          { header: t('time'), cell: (e) => when(e.at) },
          { header: t('type'), cell: (e) => typeText(e.type) },
          { header: t('who'), cell: (e) => (e.actor.id ? `${e.actor.kind}:${e.actor.id}` : e.actor.kind) },
          { header: t('client'), class: 'mono', cell: (e) => e.client ?? '—' },
          { header: t('detail'), class: 'muted', cell: (e) => Object.entries(e.detail).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ') },
        ]}
      />
      {nextBefore ? (
        <button type="button" data-testid="audit-more" onClick={() => void more()}>
          {t('more')}
        </button>
      ) : null}
    </section>
  );
}
