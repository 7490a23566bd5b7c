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
import { makeT } from '../ui/i18n.js';
import { useLoad, type Call } from './data.js';

const t = makeT({
  lockouts: { zh: '登录锁定', en: 'Login lockouts' },
  noLockouts: { zh: '当前没有锁定', en: 'No lockout in force' },
  account: { zh: '账号', en: 'Account' },
  client: { zh: '来源地址', en: 'From' },
  scope: { zh: '范围', en: 'Scope' },
  until: { zh: '锁定至', en: 'Until' },
  times: { zh: '第几次', en: 'Times' },
  lift: { zh: '解除', en: 'Lift' },
  audit: { zh: '安全审计日志', en: 'Audit log' },
  all: { zh: '全部', en: 'All' },
  authOnly: { zh: '登录', en: 'Logins' },
  adminOnly: { zh: '管理操作', en: 'Administration' },
  time: { zh: '时间', en: 'Time' },
  type: { zh: '事件', en: 'Event' },
  who: { zh: '操作人', en: 'Who' },
  detail: { zh: '详情', en: 'Detail' },
  more: { zh: '更早的记录', en: 'Older entries' },
  'account-client': { zh: '此账号在此地址', en: 'This account from this address' },
  'scope-account': { zh: '此账号（各处）', en: 'This account (everywhere)' },
  'scope-client': { zh: '此地址（所有账号）', en: 'This address (all accounts)' },
  'auth.login': { zh: '登录', en: 'Login' },
  'auth.login-failed': { zh: '登录失败', en: 'Failed login' },
  'auth.logout': { zh: '退出', en: 'Logout' },
  'auth.lockout': { zh: '锁定', en: 'Lockout' },
  'auth.lockout-lifted': { zh: '解除锁定', en: 'Lockout lifted' },
  'admin.config-changed': { zh: '修改配置', en: 'Config changed' },
  'admin.token-rotated': { zh: '设备令牌更换', en: 'Device token replaced' },
  'admin.pin-set': { zh: '设置密码', en: 'PIN or password set' },
  'admin.export': { zh: '导出数据', en: 'Export' },
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
