// Settings: the hall config as the hub has it (GET /api/config, secrets blanked), with the services'
// everyday fields, the counters' services and ranks, the notices (公告), the staff and the devices
// editable, saved whole with PUT /api/config. The hub validates; its answer (every problem with its
// path) is shown as it is, with the service, counter, notice, staff member or device each path points
// at. Adding staff, PINs, registering devices and their tokens go through the hub at once (staff-panel.tsx, devices-panel.tsx).
// Also the devices tab's panel, which lists the configured devices.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { ApiError } from '../ui/api.js';
import { DataTable } from '../ui/data-table.js';
import { deviceLabel, pick } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import { DevicesPanel } from './devices-panel.js';
import { NoticesPanel } from './notices-panel.js';
import { StaffPanel } from './staff-panel.js';
import type { ServerChanged } from './parts.js';
import type { Call } from './data.js';
import { CountersPanel } from './counters-panel.js';
import { ServicesPanel } from './services-panel.js';
import { healthReasonText } from '../devices/health-reason.js';
import { t, type Key } from './words.js';
import { counterWords } from '../shared/vocabulary.js';

/** "services.3.targetWaitMin: …" → "services.3 (社保业务).targetWaitMin: …": which row a problem is in. */
export function explainPaths(message: string, config: HallConfig): string {
  return message
    .replace(/\bservices\.(\d+)/g, (m, i: string) => {
      const s = config.services[Number(i)];
      return s ? `${m} (${s.name.zh})` : m;
    })
    .replace(/\bcounters\.(\d+)/g, (m, i: string) => {
      const k = config.counters[Number(i)];
      return k ? `${m} (${counterWords(k.id).zh})` : m;
    })
    .replace(/\bnotices\.(\d+)/g, (m, i: string) => {
      const n = config.notices[Number(i)];
      return n ? `${m} (${n.text.zh.slice(0, 12) || n.id})` : m;
    })
    .replace(/\bstaff\.(\d+)/g, (m, i: string) => {
      const s = config.staff[Number(i)];
      return s ? `${m} (${s.name} ${s.no})` : m;
    })
    .replace(/\bdevices\.(\d+)/g, (m, i: string) => {
      const d = config.devices[Number(i)];
      return d ? `${m} (${d.id})` : m;
    });
}

export function useConfig(call: Call) {
  const [config, setConfig] = useState<HallConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    call<HallConfig>('GET', '/api/config').then(
      (c) => {
        setConfig(c);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), []);
  return { config, setConfig, error, reload: load };
}

const SECTIONS: [string, Key][] = [
  ['settings-services', 'svcSettings'],
  ['settings-counters', 'ctrSettings'],
  ['settings-notices', 'ntcSettings'],
  ['settings-staff', 'stfSettings'],
  ['settings-devices', 'devSettings'],
];

export function SettingsSection({ call, view }: { call: Call; view?: LiveView | null }) {
  const { config, setConfig, error: loadError } = useConfig(call);
  const [draft, setDraft] = useState<HallConfig | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // The draft starts as the loaded config; later it follows saves, reverts and the hub's own changes.
  useEffect(() => {
    if (config && !draft) setDraft(structuredClone(config));
  }, [config]);
  const loggedIn = useMemo(() => new Map((view?.counters ?? []).flatMap((c) => (c.staff && c.state !== 'closed' ? [[c.staff.no, c.id] as [string, string]] : []))), [view?.counters]);

  if (loadError) return <div class="error-box" role="alert">{loadError}</div>;
  if (!config || !draft) return <div class="muted">{t('loading')}</div>;

  const dirty = JSON.stringify(draft) !== JSON.stringify(config);
  const edit = (fn: (d: HallConfig) => void) => {
    const next = structuredClone(draft);
    fn(next);
    setDraft(next);
    setResult(null);
  };

  /** The hub changed the config itself (a staff member or device added, a token or PIN set): reload it and keep the draft's edits. */
  const serverChanged: ServerChanged = async (patch) => {
    const fresh = await call<HallConfig>('GET', '/api/config');
    setConfig(fresh);
    setDraft((d) => {
      const next = structuredClone(d ?? fresh);
      patch?.(next, fresh);
      return next;
    });
  };

  const save = async () => {
    setSaving(true);
    setResult(null);
    try {
      const saved = await call<HallConfig>('PUT', '/api/config', draft);
      setConfig(saved);
      setDraft(structuredClone(saved));
      setResult({ ok: true, text: t('saved') });
    } catch (e) {
      const text = e instanceof ApiError ? `${t('saveFailed')}（${e.code}）：${explainPaths(e.message, draft)}` : String(e);
      setResult({ ok: false, text });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="settings" data-testid="settings">
      <div class="settings-bar">
        <div class="settings-intro">
          <p class="muted">{t('settingsHint')}</p>
          <nav class="jump" aria-label={t('jumpTo')}>
            {t('jumpTo')}
            {SECTIONS.map(([id, key]) => (
              <a key={id} href={`#settings`} data-testid={`jump-${id}`} onClick={(e) => (e.preventDefault(), document.getElementById(id)?.scrollIntoView({ block: 'start', behavior: 'smooth' }))}>
                {t(key)}
              </a>
            ))}
          </nav>
        </div>
        <span class="spacer" />
        {dirty ? <span class="tag warn" data-testid="settings-dirty">{t('unsaved')}</span> : null}
        <button type="button" disabled={!dirty || saving} data-testid="settings-revert" onClick={() => (setDraft(structuredClone(config)), setResult(null))}>
          {t('revert')}
        </button>
        <button type="button" class="primary" disabled={!dirty || saving} data-testid="settings-save" onClick={() => void save()}>
          {saving ? t('saving') : t('save')}
        </button>
      </div>
      {result ? (
        <div class={result.ok ? 'ok-box' : 'error-box'} role={result.ok ? 'status' : 'alert'} data-testid={result.ok ? 'settings-saved' : 'settings-error'}>
          {result.text}
        </div>
      ) : null}

      <ServicesPanel draft={draft} config={config} edit={edit} />
      <CountersPanel draft={draft} config={config} edit={edit} />
      <NoticesPanel draft={draft} edit={edit} />
      <StaffPanel draft={draft} edit={edit} call={call} loggedIn={loggedIn} onServerChange={serverChanged} />
      <DevicesPanel draft={draft} config={config} edit={edit} call={call} onServerChange={serverChanged} />
    </div>
  );
}

export function DevicesSection({ call, view, now }: { call: Call; view: LiveView | null; now: number }) {
  const { config, error } = useConfig(call);
  const health = new Map((view?.devices ?? []).map((d) => [d.id, d]));
  return (
    <section class="panel devices-panel" data-testid="devices">
      <h2>{t('devices')}</h2>
      <p class="muted" data-testid="devices-hint">
        {t('devicesHint')}
      </p>
      {error ? <div class="error-box">{error}</div> : null}
      {config ? (
        <DataTable
          rows={config.devices}
          rowKey={(d) => d.id}
          empty={t('noDevices')}
          rowProps={(d) => ({ 'data-testid': `device-row-${d.id}` })}
          columns={[
            { header: t('id'), class: 'mono', cell: (d) => d.id },
            { header: t('devKind'), cell: (d) => t(`kind_${d.kind}` as Key) },
            { header: t('devName'), cell: (d) => (d.name ? deviceLabel(d) : '–'), cellProps: (d) => ({ 'data-testid': `device-name-${d.id}` }) },
            { header: t('zone'), cell: (d) => (d.zone ? pick(config.zones.find((z) => z.id === d.zone)?.name) || d.zone : '–') },
            { header: t('devCounter'), cell: (d) => d.counter ?? '–' },
            { header: t('devHealth'), cell: (d) => <Health h={health.get(d.id)} now={now} />, cellProps: (d) => healthCellProps(health.get(d.id)) },
          ]}
        />
      ) : null}
    </section>
  );
}

/** A device's health cell: its class (coloured by state) and test ids. */
function healthCellProps(h: LiveView['devices'][number] | undefined) {
  if (!h || h.state === 'unknown') return { class: 'muted', 'data-testid': 'device-health', 'data-state': 'unknown' };
  return { class: `health ${h.state}`, 'data-testid': `device-health-${h.id}`, 'data-state': h.state };
}

/** A device's health: state, the reason, and for how long. */
function Health({ h, now }: { h: LiveView['devices'][number] | undefined; now: number }) {
  if (!h || h.state === 'unknown') return <>{t('devUnknown')}</>;
  const mins = Math.max(0, Math.floor((now - h.since) / 60_000));
  return (
    <>
      <strong>{t(`health_${h.state}` as Key)}</strong>
      {h.reason ? (
        <span class="muted" title={typeof h.reason.params?.detail === 'string' ? h.reason.params.detail : h.reason.code}>
          {' · '}
          {pick(healthReasonText(h.reason))}
        </span>
      ) : null}
      <span class="muted"> · {t('healthFor', { n: mins })}</span>
    </>
  );
}
