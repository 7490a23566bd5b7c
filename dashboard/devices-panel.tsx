// The settings' devices: register one (POST /api/devices, at once; its token shown once), a new token
// (POST /api/devices/:id/token, at once), and in the draft its names (Chinese and English, a column
// each), zone, counter, a driven device's driver options, removal.
import { useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { DataTable } from '../ui/data-table.js';
import { deviceLabel, pick } from '../ui/i18n.js';
import type { Call } from './data.js';
import { TokenBox, type Issued } from './device-token.js';
import { AddForm, Choice, counterName, failure, Panel, type Edit, type ServerChanged } from './parts.js';
import { t, type Key } from './words.js';

type Device = HallConfig['devices'][number];
type Kind = Device['kind'];

/** Every kind the hub's config takes, in the order offered: a Record so a kind added to the schema must be added here. */
const KIND_ORDER: Record<Kind, number> = { kiosk: 1, display: 2, pad: 3, keypad: 4, printer: 5, board: 6, agent: 7, booking: 8 };
const KINDS = (Object.keys(KIND_ORDER) as Kind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
/** Kinds that connect in with a token (the others are reached by the hub, or an agent, at their address). */
const CONNECTING: Kind[] = ['kiosk', 'display', 'pad', 'keypad', 'agent', 'booking'];

const kindName = (k: Kind) => t(`kind_${k}` as Key);

/**
 * A driven device's driver settings (a HID pad's key map, …) as JSON. Applied to the draft only when
 * it is a JSON object; the hub checks the whole config on save and the driver checks its own options.
 */
function OptionsField({ dev, onChange }: { dev: Device; onChange: (options: Record<string, unknown> | null) => void }) {
  const [text, setText] = useState(dev.options ? JSON.stringify(dev.options) : '');
  const [bad, setBad] = useState(false);
  return (
    <label class="options-field">
      <span>{t('devOptions')}</span>
      <input
        class={`mono${bad ? ' bad' : ''}`}
        value={text}
        placeholder='{"keys":{"1":5}}'
        aria-invalid={bad}
        title={bad ? t('devOptionsBad') : t('devOptionsHint')}
        data-testid={`dev-options-${dev.id}`}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          if (!v.trim()) {
            setBad(false);
            onChange(null);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(v);
            const ok = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
            setBad(!ok);
            if (ok) onChange(parsed as Record<string, unknown>);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <span class="error-text" data-testid={`dev-options-bad-${dev.id}`}>{t('devOptionsBad')}</span> : null}
    </label>
  );
}

/** A device as a choice: its name and id, or its id. */
const deviceOption = (d: Device) => ({ value: d.id, label: d.name ? `${deviceLabel(d)} (${d.id})` : d.id });

export function DevicesPanel({ draft, config, edit, call, onServerChange }: { draft: HallConfig; config: HallConfig; edit: Edit; call: Call; onServerChange: ServerChanged }) {
  const [form, setForm] = useState({ id: '', kind: 'kiosk' as Kind, name: '', zone: '', counter: '', address: '', agent: '', kiosk: '' });
  const agents = draft.devices.filter((d) => d.kind === 'agent');
  const kiosks = draft.devices.filter((d) => d.kind === 'kiosk');
  const zoneOptions = draft.zones.map((z) => ({ value: z.id, label: pick(z.name) }));
  const counterIds = draft.counters.map((k) => ({ value: k.id, label: k.id }));
  // Pages and agents connect in with a token; printers and boards are reached at an address; a pad or
  // keypad either opens the pad page (no address) or is hardware the hub or an agent drives (an address).
  const takesAddress = !['kiosk', 'display', 'agent', 'booking'].includes(form.kind);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const saved = new Set(config.devices.map((d) => d.id));
  const editDevice = (i: number, key: 'name' | 'nameEn' | 'zone' | 'counter', value: string) =>
    edit((d) => {
      const dev = d.devices[i]!;
      if (value) dev[key] = value;
      else delete dev[key];
    });

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { id: form.id.trim(), kind: form.kind };
      if (form.name.trim()) body.name = form.name.trim();
      if (form.zone) body.zone = form.zone;
      if (form.counter) body.counter = form.counter;
      if (form.address.trim() && takesAddress) {
        body.address = form.address.trim();
        if (form.agent) body.agent = form.agent;
      }
      if (form.kind === 'printer' && form.kiosk) body.kiosk = form.kiosk;
      const r = await call<{ device: Device; token: string | null }>('POST', '/api/devices', body);
      await onServerChange((d, fresh) => {
        const added = fresh.devices.find((x) => x.id === r.device.id);
        if (added && !d.devices.some((x) => x.id === added.id)) d.devices.push(added);
      });
      setIssued({ id: r.device.id, kind: r.device.kind, token: r.token });
      setForm({ id: '', kind: form.kind, name: '', zone: '', counter: '', address: '', agent: form.agent, kiosk: '' });
    } catch (e) {
      setError(failure(e));
    } finally {
      setBusy(false);
    }
  };

  const rotate = async (dev: Device) => {
    setConfirm(null);
    setError(null);
    try {
      const r = await call<{ device: Device; token: string }>('POST', `/api/devices/${encodeURIComponent(dev.id)}/token`, {});
      setIssued({ id: r.device.id, kind: r.device.kind, token: r.token });
      await onServerChange();
    } catch (e) {
      setError(failure(e));
    }
  };

  return (
    <Panel id="settings-devices" title={t('devSettings')} hint={t('devHint')}>
      <AddForm testid="device-add-form" title={t('devAddTitle')} onSubmit={() => void add()}>
        <input class="short" placeholder={t('id')} value={form.id} data-testid="device-new-id" onInput={(e) => setForm({ ...form, id: e.currentTarget.value })} />
        <select value={form.kind} aria-label={t('devKind')} data-testid="device-new-kind" onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as Kind })}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindName(k)}
            </option>
          ))}
        </select>
        <input placeholder={t('devName')} value={form.name} data-testid="device-new-name" onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <Choice value={form.zone} label={t('zone')} none={`${t('zone')}：${t('devNone')}`} options={zoneOptions} testid="device-new-zone" onChange={(zone) => setForm({ ...form, zone })} />
        <Choice
          value={form.counter}
          label={t('devCounter')}
          none={`${t('devCounter')}：${t('devNone')}`}
          options={draft.counters.map((k) => ({ value: k.id, label: counterName(k) }))}
          testid="device-new-counter"
          onChange={(counter) => setForm({ ...form, counter })}
        />
        {takesAddress ? (
          <input
            placeholder={`${t('devAddress')}: tcp://… serial:… usb://… hid://…${form.kind === 'pad' || form.kind === 'keypad' ? ` ${t('devAddressPadHint')}` : ''}`}
            value={form.address}
            data-testid="device-new-address"
            onInput={(e) => setForm({ ...form, address: e.currentTarget.value })}
          />
        ) : null}
        {takesAddress && agents.length > 0 ? (
          <Choice value={form.agent} label={t('devAgent')} none={`${t('devAgent')}：${t('devByHub')}`} options={agents.map(deviceOption)} testid="device-new-agent" onChange={(agent) => setForm({ ...form, agent })} />
        ) : null}
        {form.kind === 'printer' && kiosks.length > 0 ? (
          <Choice value={form.kiosk} label={t('devKiosk')} none={`${t('devKiosk')}：${t('devNone')}`} options={kiosks.map(deviceOption)} testid="device-new-kiosk" onChange={(kiosk) => setForm({ ...form, kiosk })} />
        ) : null}
        <button type="submit" class="primary" disabled={busy || !form.id.trim()} data-testid="device-add">
          {t('devAdd')}
        </button>
      </AddForm>
      {error ? (
        <div class="error-box" role="alert" data-testid="device-error">
          {error}
        </div>
      ) : null}
      {issued ? <TokenBox key={`${issued.id}:${issued.token}`} issued={issued} onClose={() => setIssued(null)} /> : null}
      <DataTable
        class="edit"
        testid="devices-edit"
        rows={draft.devices}
        rowKey={(dev) => dev.id}
        rowProps={(dev) => ({ 'data-testid': `dev-edit-${dev.id}`, 'data-kind': dev.kind })}
        columns={[
          { header: t('id'), class: 'mono', cell: (dev) => dev.id },
          { header: t('devKind'), cell: (dev) => kindName(dev.kind) },
          { header: t('devName'), cell: (dev, i) => <input value={dev.name ?? ''} data-testid={`dev-name-${dev.id}`} onInput={(e) => editDevice(i, 'name', e.currentTarget.value)} /> },
          {
            header: t('devNameEn'),
            cell: (dev, i) => <input value={dev.nameEn ?? ''} lang="en" data-testid={`dev-name-en-${dev.id}`} onInput={(e) => editDevice(i, 'nameEn', e.currentTarget.value)} />,
          },
          { header: t('zone'), cell: (dev, i) => <Choice value={dev.zone ?? ''} none={t('devNone')} options={zoneOptions} testid={`dev-zone-${dev.id}`} onChange={(v) => editDevice(i, 'zone', v)} /> },
          {
            header: t('devCounter'),
            cell: (dev, i) => <Choice value={dev.counter ?? ''} none={t('devNone')} options={counterIds} testid={`dev-counter-${dev.id}`} onChange={(v) => editDevice(i, 'counter', v)} />,
          },
          {
            header: t('devAddress'),
            class: 'muted mono',
            cell: (dev, i) => (
              <>
                {dev.address ?? t('devNone')}
                {dev.agent ? <div>{t('devViaAgent', { agent: dev.agent })}</div> : null}
                {dev.kiosk ? <div>{t('devForKiosk', { kiosk: dev.kiosk })}</div> : null}
                {dev.units?.length ? <div>{t('devUnits', { n: dev.units.length })}</div> : null}
                {dev.address ? <OptionsField dev={dev} onChange={(options) => edit((d) => void (options ? (d.devices[i]!.options = options) : delete d.devices[i]!.options))} /> : null}
              </>
            ),
          },
        ]}
        actions={(dev, i) => (
          <>
            {CONNECTING.includes(dev.kind) && !dev.address && saved.has(dev.id) ? (
              confirm === dev.id ? (
                <>
                  <button type="button" class="primary danger" data-testid={`device-rotate-confirm-${dev.id}`} onClick={() => void rotate(dev)}>
                    {t('devRotateConfirm')}
                  </button>
                  <button type="button" onClick={() => setConfirm(null)}>
                    {t('cancel')}
                  </button>
                </>
              ) : (
                <button type="button" data-testid={`device-rotate-${dev.id}`} onClick={() => setConfirm(dev.id)}>
                  {t('devRotate')}
                </button>
              )
            ) : null}
            <button type="button" data-testid={`device-remove-${dev.id}`} onClick={() => edit((d) => void d.devices.splice(i, 1))}>
              {t('delete')}
            </button>
          </>
        )}
      />
    </Panel>
  );
}
