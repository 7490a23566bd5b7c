// The ratings tab (好差评): today's rated and not-rated counts with the satisfaction rate, the follow-up
// cases of bad ratings (差评整改) with their due days, overdue first, each closed here with the
// rectification note and the call-back result; the upload to the provincial platform (pending,
// last error); and what the hardware pads and keypads pressed that was ignored, refused or failed to record.
//
// data-testid: ratings · ratings-kpis (kpi-rated, kpi-not-rated, kpi-satisfaction, kpi-overdue,
// kpi-due-soon, kpi-upload-pending) · followups (followup-row-<id> with data-status) ·
// followup-close-<id> · followup-rectification, followup-callback, followup-save · followup-error ·
// pad-inputs (pad-input-row-<deviceId>, pad-input-failed-<deviceId>)
import { useState } from 'preact/hooks';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { pct, query, useLoad, type Call, type Report } from './data.js';
import { t, type Key } from './words.js';

interface Followup {
  id: number;
  ticketId: string;
  number: string;
  score: number;
  reasons: string[];
  reasonNames: Array<{ zh: string; en?: string }>;
  comment: string | null;
  counterId: string | null;
  staffNo: string | null;
  caseNo: string | null;
  openedDay: string;
  dueDay: string;
  status: 'open' | 'due-soon' | 'overdue' | 'closed';
  rectification: string | null;
  callbackResult: string | null;
}

interface Summary {
  outcomes: { rated: number; notRated: number };
  followups: { open: number; dueSoon: number; overdue: number; closed: number };
  outbox: { pending: number; sent: number; failedAttempts: number; lastError: string | null; endpoint: string | null };
  devices: Record<string, { ratings: number; ignoredOutsideWindow: number; ignoredWrongCounter: number; failed: number; actions: number; refused: number; unknownKeys: number }>;
}

const STATUS_KEY: Record<Followup['status'], Key> = { open: 'fuOpen', 'due-soon': 'fuDueSoon', overdue: 'fuOverdue', closed: 'fuClosed' };

export function RatingsSection({ call, day, pulse }: { call: Call; day: string; pulse: unknown }) {
  const [closing, setClosing] = useState<number | null>(null);
  const summary = useLoad<Summary>(day ? () => call('GET', `/api/ratings/summary${query({ from: day, to: day })}`) : null, day, String(pulse), 3000);
  const report = useLoad<Report>(day ? () => call('GET', `/api/reports${query({ from: day, to: day })}`) : null, day, String(pulse), 3000);
  const cases = useLoad<{ followups: Followup[] }>(() => call('GET', '/api/ratings/followups'), 'followups', pulse, 3000);
  const s = summary.data;
  const kpi = (id: string, label: Key, value: string, warn = false) => (
    <div class={`kpi${warn ? ' bad' : ''}`} data-testid={id}>
      <span class="kpi-label">{t(label)}</span>
      <span class="kpi-value">{value}</span>
    </div>
  );
  return (
    <section class="panel ratings" data-testid="ratings">
      <h2>{t('navRatings')}</h2>
      {summary.error ? <div class="error-box">{summary.error}</div> : null}
      {s ? (
        <div class="kpis" data-testid="ratings-kpis">
          {kpi('kpi-rated', 'rtRated', String(s.outcomes.rated))}
          {kpi('kpi-not-rated', 'rtNotRated', String(s.outcomes.notRated))}
          {kpi('kpi-satisfaction', 'rtSatisfaction', pct(report.data?.total.satisfaction))}
          {kpi('kpi-overdue', 'fuOverdue', String(s.followups.overdue), s.followups.overdue > 0)}
          {kpi('kpi-due-soon', 'fuDueSoon', String(s.followups.dueSoon), s.followups.dueSoon > 0)}
          {kpi('kpi-upload-pending', 'rtUploadPending', s.outbox.endpoint ? String(s.outbox.pending) : t('rtUploadOff'), !!s.outbox.lastError && s.outbox.pending > 0)}
        </div>
      ) : null}
      {s?.outbox.lastError && s.outbox.pending > 0 ? <p class="muted">{t('rtUploadError', { error: s.outbox.lastError })}</p> : null}

      <h3>{t('fuTitle')}</h3>
      {cases.error ? <div class="error-box">{cases.error}</div> : null}
      {cases.data ? (
        <DataTable
          testid="followups"
          rows={cases.data.followups}
          rowKey={(f) => f.id}
          empty={t('fuNone')}
          rowProps={(f) => ({ 'data-testid': `followup-row-${f.id}`, 'data-status': f.status, class: f.status === 'overdue' ? 'over' : '' })}
          columns={[
            {
              header: t('fuNumber'),
              class: 'mono',
              cell: (f) => (
                <>
                  {f.number}
                  {f.caseNo ? <div class="muted">{f.caseNo}</div> : null}
                </>
              ),
            },
            { header: t('fuScore'), numeric: true, cell: (f) => f.score },
            { header: t('devCounter'), cell: (f) => f.counterId ?? '–' },
            { header: t('fuStaff'), cell: (f) => f.staffNo ?? '–' },
            {
              header: t('fuReasons'),
              cell: (f) => (
                <>
                  {f.reasonNames.map((n) => pick(n)).join('、') || '–'}
                  {f.comment ? <div class="muted">{f.comment}</div> : null}
                </>
              ),
            },
            { header: t('fuDue'), cell: (f) => f.dueDay },
            { header: t('fuStatus'), cell: (f) => t(STATUS_KEY[f.status]) },
          ]}
          actions={(f) =>
            f.status === 'closed' ? (
              <span class="muted">{f.rectification}</span>
            ) : closing === f.id ? (
              <CloseForm
                call={call}
                id={f.id}
                onDone={() => {
                  setClosing(null);
                  // At once, not after the pulse's pause: the manager waits for it.
                  cases.reload();
                  summary.reload();
                }}
              />
            ) : (
              <button type="button" data-testid={`followup-close-${f.id}`} onClick={() => setClosing(f.id)}>
                {t('fuClose')}
              </button>
            )
          }
        />
      ) : null}

      {s && Object.keys(s.devices).length ? (
        <>
          <h3>{t('rtPadInputs')}</h3>
          <DataTable
            testid="pad-inputs"
            rows={Object.entries(s.devices)}
            rowKey={([id]) => id}
            rowProps={([id]) => ({ 'data-testid': `pad-input-row-${id}` })}
            columns={[
              { header: t('id'), class: 'mono', cell: ([id]) => id },
              { header: t('rtRatings'), numeric: true, cell: ([, c]) => c.ratings },
              { header: t('rtOutside'), numeric: true, cell: ([, c]) => c.ignoredOutsideWindow + c.ignoredWrongCounter },
              { header: t('rtFailed'), numeric: true, cell: ([, c]) => c.failed, cellProps: ([id, c]) => ({ 'data-testid': `pad-input-failed-${id}`, class: c.failed ? 'bad' : undefined }) },
              { header: t('rtActions'), numeric: true, cell: ([, c]) => c.actions },
              { header: t('rtRefused'), numeric: true, cell: ([, c]) => c.refused },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

function CloseForm({ call, id, onDone }: { call: Call; id: number; onDone: () => void }) {
  const [rectification, setRectification] = useState('');
  const [callbackResult, setCallbackResult] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('POST', `/api/ratings/followups/${id}/close`, { rectification, callbackResult });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="followup-form">
      <textarea data-testid="followup-rectification" placeholder={t('fuRectification')} value={rectification} onInput={(e) => setRectification(e.currentTarget.value)} />
      <textarea data-testid="followup-callback" placeholder={t('fuCallback')} value={callbackResult} onInput={(e) => setCallbackResult(e.currentTarget.value)} />
      <button type="button" data-testid="followup-save" disabled={busy} onClick={() => void save()}>
        {t('fuSave')}
      </button>
      {error ? (
        <div class="error-box" data-testid="followup-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
