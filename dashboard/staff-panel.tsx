// The settings' staff: add a member with an initial PIN (POST /api/staff, at once), set a PIN (POST
// /api/staff/:no/pin, at once), rename, choose a backup, remove (edits of the draft). Who is logged in
// where comes from the live view; a member at a counter cannot be removed.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { DataTable } from '../ui/data-table.js';
import type { Call } from './data.js';
import { AddForm, failure, Panel, type Edit, type ServerChanged } from './parts.js';
import { t } from './words.js';

type Staff = HallConfig['staff'][number];

/** A colleague as a choice: name and number. */
const staffLabel = (s: Staff) => `${s.name} (${s.no})`;

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
      const r = await call<{ staff: Staff }>('POST', '/api/staff', body);
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
                {staffLabel(s)}
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
      <DataTable
        class="edit"
        testid="staff"
        rows={draft.staff}
        rowKey={(s) => s.no}
        rowProps={(s) => ({ 'data-testid': `staff-row-${s.no}` })}
        columns={[
          { header: t('stfNo'), class: 'mono', cell: (s) => s.no },
          { header: t('stfName'), cell: (s, i) => <input value={s.name} data-testid={`staff-name-${s.no}`} onInput={(e) => edit((d) => void (d.staff[i]!.name = e.currentTarget.value))} /> },
          {
            header: t('stfBackup'),
            cell: (s, i) => (
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
                      {staffLabel(x)}
                    </option>
                  ))}
              </select>
            ),
          },
          {
            header: t('stfStatus'),
            cellProps: (s) => ({ 'data-testid': `staff-at-${s.no}`, 'data-counter': loggedIn.get(s.no) ?? '' }),
            cell: (s) => {
              const at = loggedIn.get(s.no);
              return at ? <span class="state st-serving">{t('stfAt', { counter: at })}</span> : <span class="muted">{t('stfOff')}</span>;
            },
          },
        ]}
        actions={(s, i) => {
          const at = loggedIn.get(s.no);
          return (
            <>
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
            </>
          );
        }}
      />
    </Panel>
  );
}
