// The settings' notices (公告): each on or off, its Chinese and English text, the zones whose boards show
// it (none: every board). Edits of the settings draft, saved with the rest by PUT /api/config.
import { useState } from 'preact/hooks';
import type { HallConfig } from '../hub/config/schema.js';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { AddForm, localTextColumns, Panel, type Edit } from './parts.js';
import { t } from './words.js';

type Notice = HallConfig['notices'][number];

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
  const zoneBox = (n: Notice, i: number, z: HallConfig['zones'][number]) => (
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
  );
  return (
    <Panel id="settings-notices" title={t('ntcSettings')} hint={t('ntcUnsavedHint')}>
      <DataTable
        class="edit"
        testid="notices"
        rows={draft.notices}
        rowKey={(n) => n.id}
        empty={<span data-testid="notices-none">{t('ntcNone')}</span>}
        rowProps={(n) => ({ 'data-testid': `notice-row-${n.id}`, 'data-enabled': String(n.enabled), class: n.enabled ? '' : 'off' })}
        columns={[
          {
            header: t('enabled'),
            class: 'c',
            cell: (n, i) => <input type="checkbox" checked={n.enabled} data-testid={`notice-enabled-${n.id}`} onChange={(e) => editNotice(i, (x) => void (x.enabled = e.currentTarget.checked))} />,
          },
          ...localTextColumns<Notice>({
            headers: [t('ntcText'), t('ntcTextEn')],
            text: (n) => n.text,
            testid: (n) => `notice-text-${n.id}`,
            testidEn: (n) => `notice-text-en-${n.id}`,
            zhClass: 'grow',
            edit: (_, i, change) => editNotice(i, (x) => change(x.text)),
          }),
          { header: t('ntcZones'), class: 'zones', cell: (n, i) => draft.zones.map((z) => zoneBox(n, i, z)) },
        ]}
        actions={(n, i) => (
          <button type="button" data-testid={`notice-remove-${n.id}`} onClick={() => edit((d) => void d.notices.splice(i, 1))}>
            {t('delete')}
          </button>
        )}
      />
      <AddForm testid="notice-add-form" onSubmit={add}>
        <input class="grow" placeholder={t('ntcNew')} value={text} maxLength={200} data-testid="notice-new-text" onInput={(e) => setText(e.currentTarget.value)} />
        <input placeholder={t('ntcTextEn')} value={textEn} maxLength={200} lang="en" data-testid="notice-new-text-en" onInput={(e) => setTextEn(e.currentTarget.value)} />
        <button type="submit" disabled={!text.trim()} data-testid="notice-add">
          {t('ntcAdd')}
        </button>
      </AddForm>
    </Panel>
  );
}
