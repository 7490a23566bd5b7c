// Settings panels for notices (公告), staff and devices. Notices, names, backups, device names, zones and
// counters, and removals are edits of the settings draft, saved with the rest by PUT /api/config. What
// needs a secret made or hashed by the hub takes effect at once through its own route: a new staff
// member with an initial PIN (POST /api/staff), a PIN (POST /api/staff/:no/pin), a new device and its
// token (POST /api/devices), a new token (POST /api/devices/:id/token). A device token is shown once.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { ApiError } from '../ui/api.js';
import { deviceLabel, pick } from '../ui/i18n.js';
import type { Call } from './data.js';
import { AddForm, Choice, LocalTextCells, Panel } from './parts.js';
import { t, type Key } from './words.js';
import { counterWords } from '../shared/vocabulary.js';

type Notice = HallConfig['notices'][number];
type Device = HallConfig['devices'][number];
type Kind = Device['kind'];

/** Edits the settings draft (saved later with PUT /api/config). */
export type Edit = (fn: (d: HallConfig) => void) => void;
/** After a change the hub made at once: reload the config and bring the new entry into the draft. */
export type ServerChanged = (patch?: (draft: HallConfig, fresh: HallConfig) => void) => Promise<void>;

/** Every kind the hub's config takes, in the order offered: a Record so a kind added to the schema must be added here. */
const KIND_ORDER: Record<Kind, number> = { kiosk: 1, display: 2, pad: 3, keypad: 4, printer: 5, board: 6, agent: 7, booking: 8 };
const KINDS = (Object.keys(KIND_ORDER) as Kind[]).sort((a, b) => KIND_ORDER[a] - KIND_ORDER[b]);
/** Kinds that connect in with a token (the others are reached by the hub, or an agent, at their address). */
const CONNECTING: Kind[] = ['kiosk', 'display', 'pad', 'keypad', 'agent', 'booking'];
/** The web page a device of each kind opens with its token; a keypad has none. */
const PAGE: Partial<Record<Kind, string>> = { kiosk: '/kiosk', display: '/display', pad: '/pad' };

const kindName = (k: Kind) => t(`kind_${k}` as Key);
const failure = (e: unknown) => (e instanceof ApiError ? `${e.message}（${e.code}）` : String(e));

/** Copies text; falls back to selecting it in a field when the clipboard API is not there (plain http). */
async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back */
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

// ---- notices ----

export function NoticesPanel({ draft, edit }: { draft: HallConfig; edit: Edit }) {
  const [text, setText] = useState('');
  const [textEn, setTextEn] = useState('');
  const editNotice = (i: number, fn: (n: Notice) => void) => edit((d) => fn(d.notices[i]!));
  const add = () => {
    const zh = text.trim();
    if (!zh) return;
    edit((d) => {
      let n = d.notices.length + 1;
      while (d.notices.some((x) => x.id === `notice-${n}`)) n++;
      const en = textEn.trim();
      d.notices.push({ id: `notice-${n}`, text: en ? { zh, en } : { zh }, enabled: true });
    });
    setText('');
    setTextEn('');
  };
  return (
    <Panel id="settings-notices" title={t('ntcSettings')} hint={t('ntcUnsavedHint')}>
      {draft.notices.length === 0 ? (
        <p class="muted" data-testid="notices-none">
          {t('ntcNone')}
        </p>
      ) : (
        <table class="grid edit">
          <thead>
            <tr>
              <th>{t('enabled')}</th>
              <th>{t('ntcText')}</th>
              <th>{t('ntcTextEn')}</th>
              <th>{t('ntcZones')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.notices.map((n, i) => (
              <tr key={n.id} data-testid={`notice-row-${n.id}`} data-enabled={String(n.enabled)} class={n.enabled ? '' : 'off'}>
                <td class="c">
                  <input type="checkbox" checked={n.enabled} data-testid={`notice-enabled-${n.id}`} onChange={(e) => editNotice(i, (x) => void (x.enabled = e.currentTarget.checked))} />
                </td>
                <LocalTextCells text={n.text} testid={`notice-text-${n.id}`} testidEn={`notice-text-en-${n.id}`} zhClass="grow" edit={(change) => editNotice(i, (x) => change(x.text))} />
                <td class="zones">
                  {draft.zones.map((z) => (
                    <label key={z.id} class="check">
                      <input
                        type="checkbox"
                        checked={n.zones?.includes(z.id) ?? false}
                        data-testid={`notice-zone-${n.id}-${z.id}`}
                        onChange={(e) =>
                          editNotice(i, (x) => {
                            const on = e.currentTarget.checked;
                            const zones = (x.zones ?? []).filter((id) => id !== z.id);
                            if (on) zones.push(z.id);
                            if (zones.length) x.zones = draft.zones.map((zz) => zz.id).filter((id) => zones.includes(id));
                            else delete x.zones;
                          })
                        }
                      />
                      {pick(z.name)}
                    </label>
                  ))}
                </td>
                <td class="c">
                  <button type="button" data-testid={`notice-remove-${n.id}`} onClick={() => edit((d) => void d.notices.splice(i, 1))}>
                    {t('delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddForm testid="notice-add-form" onSubmit={add}>
        <input class="grow" placeholder={t('ntcNew')} value={text} maxLength={200} data-testid="notice-new-text" onInput={(e) => setText(e.currentTarget.value)} />
        <input placeholder={t('ntcTextEn')} value={textEn} maxLength={200} data-testid="notice-new-text-en" onInput={(e) => setTextEn(e.currentTarget.value)} />
        <button type="submit" disabled={!text.trim()} data-testid="notice-add">
          {t('ntcAdd')}
        </button>
      </AddForm>
    </Panel>
  );
}

// ---- staff ----

function PinForm({ no, call, onDone }: { no: string; call: Call; onDone: (set: boolean) => void }) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('POST', `/api/staff/${encodeURIComponent(no)}/pin`, { pin });
      onDone(true);
    } catch (e) {
      setError(failure(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="inline-form"
      data-testid={`staff-pin-form-${no}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        placeholder={t('stfPinLabel')}
        aria-label={t('stfPinLabel')}
        value={pin}
        maxLength={12}
        data-testid={`staff-pin-input-${no}`}
        ref={field}
        onInput={(e) => setPin(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={busy || !pin} data-testid={`staff-pin-save-${no}`}>
        {t('ok')}
      </button>
      <button type="button" onClick={() => onDone(false)}>
        {t('cancel')}
      </button>
      {error ? (
        <span class="error-text" role="alert" data-testid={`staff-pin-error-${no}`}>
          {error}
        </span>
      ) : null}
    </form>
  );
}

export function StaffPanel({
  draft,
  edit,
  call,
  loggedIn,
  onServerChange,
}: {
  draft: HallConfig;
  edit: Edit;
  call: Call;
  /** Staff number → the counter they are logged in at (from the live view). */
  loggedIn: Map<string, string>;
  onServerChange: ServerChanged;
}) {
  const [pinFor, setPinFor] = useState<string | null>(null);
  const [pinSet, setPinSet] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [form, setForm] = useState({ no: '', name: '', pin: '', backup: '' });
  const [busy, setBusy] = useState(false);

  const add = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const body = { no: form.no.trim(), name: form.name.trim(), pin: form.pin, ...(form.backup ? { backup: form.backup } : {}) };
      const r = await call<{ staff: HallConfig['staff'][number] }>('POST', '/api/staff', body);
      await onServerChange((d, fresh) => {
        const added = fresh.staff.find((s) => s.no === r.staff.no);
        if (added && !d.staff.some((s) => s.no === added.no)) d.staff.push(added);
      });
      setForm({ no: '', name: '', pin: '', backup: '' });
      setMessage({ ok: true, text: t('stfAdded', { name: r.staff.name, no: r.staff.no }) });
    } catch (e) {
      setMessage({ ok: false, text: failure(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel id="settings-staff" title={t('stfSettings')} hint={t('stfHint')}>
      <AddForm testid="staff-add-form" title={t('stfAddTitle')} onSubmit={() => void add()}>
        <input class="short" placeholder={t('stfNo')} inputMode="numeric" value={form.no} data-testid="staff-new-no" onInput={(e) => setForm({ ...form, no: e.currentTarget.value })} />
        <input class="short" placeholder={t('stfName')} value={form.name} data-testid="staff-new-name" onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          placeholder={t('stfInitialPin')}
          value={form.pin}
          maxLength={12}
          data-testid="staff-new-pin"
          onInput={(e) => setForm({ ...form, pin: e.currentTarget.value })}
        />
        <label class="inline">
          {t('stfBackup')}
          <select value={form.backup} data-testid="staff-new-backup" onChange={(e) => setForm({ ...form, backup: e.currentTarget.value })}>
            <option value="">{t('stfNoBackup')}</option>
            {draft.staff.map((s) => (
              <option key={s.no} value={s.no}>
                {s.name}（{s.no}）
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={busy || !form.no.trim() || !form.name.trim() || !form.pin} data-testid="staff-add">
          {t('stfAdd')}
        </button>
      </AddForm>
      {message ? (
        <div class={message.ok ? 'ok-box' : 'error-box'} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'staff-message' : 'staff-error'}>
          {message.text}
        </div>
      ) : null}
      <table class="grid edit">
        <thead>
          <tr>
            <th>{t('stfNo')}</th>
            <th>{t('stfName')}</th>
            <th>{t('stfBackup')}</th>
            <th>{t('stfStatus')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.staff.map((s, i) => {
            const at = loggedIn.get(s.no);
            return (
              <tr key={s.no} data-testid={`staff-row-${s.no}`}>
                <td class="mono">{s.no}</td>
                <td>
                  <input value={s.name} data-testid={`staff-name-${s.no}`} onInput={(e) => edit((d) => void (d.staff[i]!.name = e.currentTarget.value))} />
                </td>
                <td>
                  <select
                    class="backup"
                    value={s.backup ?? ''}
                    data-testid={`staff-backup-${s.no}`}
                    onChange={(e) =>
                      edit((d) => {
                        const v = e.currentTarget.value;
                        if (v) d.staff[i]!.backup = v;
                        else delete d.staff[i]!.backup;
                      })
                    }
                  >
                    <option value="">{t('stfNoBackup')}</option>
                    {draft.staff
                      .filter((x) => x.no !== s.no)
                      .map((x) => (
                        <option key={x.no} value={x.no}>
                          {x.name}（{x.no}）
                        </option>
                      ))}
                  </select>
                </td>
                <td data-testid={`staff-at-${s.no}`} data-counter={at ?? ''}>
                  {at ? <span class="state st-serving">{t('stfAt', { counter: at })}</span> : <span class="muted">{t('stfOff')}</span>}
                </td>
                <td class="actions">
                  {pinFor === s.no ? (
                    <PinForm
                      no={s.no}
                      call={call}
                      onDone={(set) => {
                        setPinFor(null);
                        setPinSet(set ? s.no : null);
                      }}
                    />
                  ) : (
                    <>
                      {pinSet === s.no ? (
                        <span class="ok-text" role="status" data-testid={`staff-pin-done-${s.no}`}>
                          {t('stfPinSet', { no: s.no })}
                        </span>
                      ) : null}
                      <button type="button" data-testid={`staff-pin-${s.no}`} onClick={() => (setPinFor(s.no), setPinSet(null), setMessage(null))}>
                        {t('stfPin')}
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    disabled={!!at}
                    title={at ? t('stfRemoveBusy') : t('delete')}
                    data-testid={`staff-remove-${s.no}`}
                    onClick={() =>
                      edit((d) => {
                        d.staff.splice(i, 1);
                        // Nobody may keep a removed colleague as their backup.
                        for (const x of d.staff) if (x.backup === s.no) delete x.backup;
                      })
                    }
                  >
                    {t('delete')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}

// ---- devices ----

interface Issued {
  id: string;
  kind: Kind;
  token: string | null;
}

function TokenBox({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  const page = PAGE[issued.kind];
  const link = issued.token && page ? `${location.origin}${page}?token=${encodeURIComponent(issued.token)}` : null;
  const linkField = useRef<HTMLInputElement>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (what: 'link' | 'token') => {
    const ok = await copyText(what === 'link' ? link! : issued.token!, what === 'link' ? linkField.current : tokenField.current);
    setCopied(ok ? what : 'failed');
  };
  if (!issued.token) {
    return (
      <div class="ok-box token-box" role="status" data-testid="device-token" data-device={issued.id}>
        {t('devNoToken', { id: issued.id })}
        <button type="button" data-testid="device-token-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    );
  }
  return (
    <div class="token-box" role="status" data-testid="device-token" data-device={issued.id}>
      <div class="token-head">
        <strong>{t('devTokenTitle', { id: issued.id })}</strong>
        <span class="spacer" />
        <button type="button" data-testid="device-token-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      <p class="warn-text">{t('devTokenOnce')}</p>
      {link ? (
        <label class="token-line">
          <span>{t('devLink')}</span>
          <input readOnly value={link} ref={linkField} data-testid="device-token-link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="primary" data-testid="device-token-copy" onClick={() => void copy('link')}>
            {copied === 'link' ? t('copied') : t('copy')}
          </button>
        </label>
      ) : (
        <p class="muted">{t('devTokenNoPage')}</p>
      )}
      <label class="token-line">
        <span>{t('devToken')}</span>
        <input readOnly class="mono" value={issued.token} ref={tokenField} data-testid="device-token-value" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class={link ? '' : 'primary'} data-testid="device-token-copy-token" onClick={() => void copy('token')}>
          {copied === 'token' ? t('copied') : t('copy')}
        </button>
      </label>
      {copied === 'failed' ? <p class="error-text">{t('copyFailed')}</p> : null}
    </div>
  );
}

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
          options={draft.counters.map((k) => ({ value: k.id, label: pick(k.name) || counterWords(k.id).zh }))}
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
      <table class="grid edit">
        <thead>
          <tr>
            <th>{t('id')}</th>
            <th>{t('devKind')}</th>
            <th>{t('devName')}</th>
            <th>{t('zone')}</th>
            <th>{t('devCounter')}</th>
            <th>{t('devAddress')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.devices.map((dev, i) => (
            <tr key={dev.id} data-testid={`dev-edit-${dev.id}`} data-kind={dev.kind}>
              <td class="mono">{dev.id}</td>
              <td>{kindName(dev.kind)}</td>
              <td>
                <input value={dev.name ?? ''} data-testid={`dev-name-${dev.id}`} onInput={(e) => editDevice(i, 'name', e.currentTarget.value)} />
                <input value={dev.nameEn ?? ''} placeholder="English" aria-label={t('devNameEn')} data-testid={`dev-name-en-${dev.id}`} onInput={(e) => editDevice(i, 'nameEn', e.currentTarget.value)} />
              </td>
              <td>
                <Choice value={dev.zone ?? ''} none={t('devNone')} options={zoneOptions} testid={`dev-zone-${dev.id}`} onChange={(v) => editDevice(i, 'zone', v)} />
              </td>
              <td>
                <Choice value={dev.counter ?? ''} none={t('devNone')} options={counterIds} testid={`dev-counter-${dev.id}`} onChange={(v) => editDevice(i, 'counter', v)} />
              </td>
              <td class="muted mono">
                {dev.address ?? t('devNone')}
                {dev.agent ? <div>{t('devViaAgent', { agent: dev.agent })}</div> : null}
                {dev.kiosk ? <div>{t('devForKiosk', { kiosk: dev.kiosk })}</div> : null}
                {dev.units?.length ? <div>{t('devUnits', { n: dev.units.length })}</div> : null}
                {dev.address ? <OptionsField dev={dev} onChange={(options) => edit((d) => void (options ? (d.devices[i]!.options = options) : delete d.devices[i]!.options))} /> : null}
              </td>
              <td class="actions">
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

