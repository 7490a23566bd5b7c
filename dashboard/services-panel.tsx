// The settings' services: their everyday fields (names in Chinese and English, a column each, the daily
// quota, the target wait, on or off, the note), edits of the settings draft.
import type { HallConfig } from '../hub/config/schema.js';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { localTextColumns, typed, type Edit } from './parts.js';
import { t } from './words.js';

type Service = HallConfig['services'][number];

export function ServicesPanel({ draft, config, edit }: { draft: HallConfig; config: HallConfig; edit: Edit }) {
  const editService = (i: number, fn: (s: Service) => void) => edit((d) => fn(d.services[i]!));
  return (
    <section class="panel" id="settings-services">
      <h2>{t('svcSettings')}</h2>
      <div class="table-wrap">
        <DataTable
          class="edit"
          testid="services-edit"
          rows={draft.services}
          rowKey={(s) => s.id}
          rowProps={(s) => ({ 'data-testid': `svc-edit-${s.id}` })}
          columns={[
            { header: t('prefix'), class: 'prefix-cell', cell: (s) => s.prefix },
            { header: t('id'), class: 'muted mono', cell: (s) => s.id },
            ...localTextColumns<Service>({
              headers: [t('nameZh'), t('nameEn')],
              text: (s) => s.name,
              testid: (s) => `svc-name-${s.id}`,
              testidEn: (s) => `svc-name-en-${s.id}`,
              edit: (_, i, change) => editService(i, (x) => change(x.name)),
            }),
            { header: t('zone'), class: 'muted', cell: (s) => pick(config.zones.find((z) => z.id === s.zone)?.name) || s.zone },
            {
              header: t('quota'),
              numeric: true,
              cell: (s, i) => (
                <input
                  class="num"
                  inputMode="numeric"
                  placeholder={t('quotaNone')}
                  value={s.dailyQuota === undefined ? '' : String(s.dailyQuota)}
                  data-testid={`svc-quota-${s.id}`}
                  onInput={(e) =>
                    editService(i, (x) => {
                      const v = e.currentTarget.value;
                      if (v.trim() === '') delete x.dailyQuota;
                      else x.dailyQuota = typed(v);
                    })
                  }
                />
              ),
            },
            {
              header: t('targetWait'),
              numeric: true,
              cell: (s, i) => (
                <input class="num" inputMode="numeric" value={String(s.targetWaitMin ?? '')} data-testid={`svc-target-${s.id}`} onInput={(e) => editService(i, (x) => void (x.targetWaitMin = typed(e.currentTarget.value)))} />
              ),
            },
            {
              header: t('enabled'),
              class: 'c',
              cell: (s, i) => <input type="checkbox" checked={s.enabled} data-testid={`svc-enabled-${s.id}`} onChange={(e) => editService(i, (x) => void (x.enabled = e.currentTarget.checked))} />,
            },
            {
              header: t('note'),
              cell: (s, i) => (
                <input
                  class="wide"
                  value={s.note?.zh ?? ''}
                  data-testid={`svc-note-${s.id}`}
                  onInput={(e) =>
                    editService(i, (x) => {
                      const v = e.currentTarget.value;
                      if (v) x.note = { ...x.note, zh: v };
                      else delete x.note;
                    })
                  }
                />
              ),
            },
          ]}
        />
      </div>
    </section>
  );
}
