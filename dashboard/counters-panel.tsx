// The settings' counters: each counter's services with their rank (the order "call next" takes them),
// a service added or removed; edits of the settings draft.
import type { HallConfig } from '../hub/config/schema.js';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { counterName, typed, type Edit } from './parts.js';
import { t } from './words.js';

type Counter = HallConfig['counters'][number];

export function CountersPanel({ draft, config, edit }: { draft: HallConfig; config: HallConfig; edit: Edit }) {
  const editCounter = (i: number, fn: (k: Counter) => void) => edit((d) => fn(d.counters[i]!));
  const services = (k: Counter, i: number) => {
    const unused = draft.services.filter((s) => !k.services.some((x) => x.service === s.id));
    return (
      <div class="chips">
        {k.services.map((x, j) => (
          <span class="chip" key={x.service}>
            {pick(draft.services.find((s) => s.id === x.service)?.name) || x.service}
            <label class="rank">
              {t('rank')}
              <input
                class="num tiny"
                inputMode="numeric"
                value={String(x.rank ?? '')}
                data-testid={`ctr-rank-${k.id}-${x.service}`}
                onInput={(e) => editCounter(i, (c) => void (c.services[j]!.rank = typed(e.currentTarget.value)))}
              />
            </label>
            <button
              type="button"
              class="link"
              title={t('remove')}
              aria-label={t('remove')}
              disabled={k.services.length <= 1}
              data-testid={`ctr-remove-${k.id}-${x.service}`}
              onClick={() => editCounter(i, (c) => void c.services.splice(j, 1))}
            >
              ×
            </button>
          </span>
        ))}
        {unused.length ? (
          <select
            class="add"
            value=""
            data-testid={`ctr-add-${k.id}`}
            onChange={(e) => {
              const id = e.currentTarget.value;
              if (id) editCounter(i, (c) => void c.services.push({ service: id, rank: Math.max(0, ...c.services.map((x) => Number(x.rank) || 0)) + 1 }));
            }}
          >
            <option value="">{t('addService')}</option>
            {unused.map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.name)}
              </option>
            ))}
          </select>
        ) : null}
      </div>
    );
  };
  return (
    <section class="panel" id="settings-counters">
      <h2>{t('ctrSettings')}</h2>
      <DataTable
        class="edit"
        testid="counters-edit"
        rows={draft.counters}
        rowKey={(k) => k.id}
        rowProps={(k) => ({ 'data-testid': `ctr-edit-${k.id}` })}
        columns={[
          { header: t('ctrName'), cell: (k) => counterName(k) },
          { header: t('zone'), class: 'muted', cell: (k) => pick(config.zones.find((z) => z.id === k.zone)?.name) || k.zone },
          { header: t('ctrServices'), cell: services },
        ]}
      />
    </section>
  );
}
