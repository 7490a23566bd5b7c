// The service step: a zone's services, narrowed by department, a page at a time (the pager sits in the
// footer when the page gives it a slot), each a button with its queue or why it cannot be taken now.
import type { ComponentChildren, VNode } from 'preact';
import { createPortal } from 'preact/compat';
import { useState } from 'preact/hooks';
import { Words } from '../ui/components.js';
import { pick } from '../ui/i18n.js';
import type { LiveView } from '../ui/live.js';
import { ModeBanner } from './entries.js';
import { departmentName, departmentsOf, unavailableReason, zoneName, type Appt, type Mode, type ServiceView } from './model.js';
import { tk } from './words.js';

export function ServicesScreen(props: {
  view: LiveView;
  zone: string;
  mode: Mode;
  appt: Appt | undefined;
  hereZone: string | null;
  pageSize: number;
  pagerSlot: HTMLElement | null;
  busy: boolean;
  onIssue: (s: ServiceView) => void;
  entries: ComponentChildren;
}) {
  const { view, zone, mode, appt, hereZone, pageSize: size, pagerSlot, busy, onIssue, entries } = props;
  const [dept, setDept] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const inZone = view.services.filter((s) => s.zone === zone);
  const depts = departmentsOf(inZone);
  const shown = dept ? inZone.filter((s) => s.department === dept) : inZone;
  const pages = Math.max(1, Math.ceil(shown.length / size));
  const p = Math.min(page, pages - 1);
  const onPage = shown.slice(p * size, p * size + size);
  const chooseDept = (d: string | null) => {
    setDept(d);
    setPage(0);
  };
  return (
    <div class="k-screen">
      <ModeBanner view={view} mode={mode} appt={appt} />
      <h1 class="k-heading">
        {view.zones.length > 1 && (
          <span class="k-heading-zone">
            {zoneName(view, zone)}
            {hereZone && hereZone !== zone && <span class="k-badge other">{tk('otherFloor')}</span>}
          </span>
        )}
        {tk('chooseService')}
      </h1>
      {depts.length > 1 && (
        <div class="k-depts" role="group">
          <button type="button" class="k-chip" data-testid="dept-all" aria-pressed={dept === null} onClick={() => chooseDept(null)}>
            {tk('allDepartments')}
          </button>
          {depts.map((d) => (
            <button type="button" key={d.id} class="k-chip" data-testid={`dept-${d.id}`} aria-pressed={dept === d.id} onClick={() => chooseDept(d.id)}>
              {d.name}
            </button>
          ))}
        </div>
      )}
      {onPage.length === 0 ? (
        <p class="k-lead">{tk('noServices')}</p>
      ) : (
        <div class="k-services">
          {onPage.map((s) => (
            <ServiceButton key={s.id} s={s} busy={busy} onIssue={onIssue} />
          ))}
        </div>
      )}
      {pages > 1 &&
        inSlot(
          pagerSlot,
          <div class="k-pager">
            <button type="button" class="k-nav" data-testid="page-prev" disabled={p === 0} onClick={() => setPage(p - 1)}>
              ‹ {tk('prevPage')}
            </button>
            <span data-testid="page-indicator">{tk('page', { n: p + 1, total: pages })}</span>
            <button type="button" class="k-nav" data-testid="page-next" disabled={p >= pages - 1} onClick={() => setPage(p + 1)}>
              {tk('nextPage')} ›
            </button>
          </div>,
        )}
      {entries}
    </div>
  );
}

/** Content shown in the footer's slot when there is one, else in place. */
function inSlot(slot: HTMLElement | null, content: VNode) {
  return slot ? createPortal(content, slot) : content;
}

function ServiceButton({ s, busy, onIssue }: { s: ServiceView; busy: boolean; onIssue: (s: ServiceView) => void }) {
  const reason = unavailableReason(s);
  const available = reason === null;
  const remaining = s.availability.remaining;
  return (
    <button
      type="button"
      class={`k-service${available ? '' : ' off'}`}
      data-testid={`service-${s.id}`}
      data-available={String(available)}
      data-waiting={s.waiting}
      disabled={!available || busy}
      aria-disabled={!available}
      onClick={() => onIssue(s)}
    >
      <span class="k-prefix" aria-hidden="true">
        {s.prefix}
      </span>
      <span class="k-service-body">
        <span class="k-service-name keep-words">
          <Words text={pick(s.name)} />
        </span>
        <span class="k-service-dept" data-testid={`service-dept-${s.id}`}>
          {departmentName(s)}
        </span>
        {available ? (
          <span class="k-service-queue">
            <span>{tk('waiting', { n: s.waiting })}</span>
            <span> · </span>
            <span>{s.estimatedWaitMin === null ? tk('noCounterOpen') : s.estimatedWaitMin > 0 ? tk('waitAbout', { n: s.estimatedWaitMin }) : tk('noWait')}</span>
            {remaining !== null && <span class="k-remaining"> · {tk('remaining', { n: remaining })}</span>}
          </span>
        ) : (
          <span class="k-service-reason" data-testid={`service-reason-${s.id}`}>
            {reason}
          </span>
        )}
      </span>
    </button>
  );
}
