// The dashboard's printing tab: the ticket template (ReceiptLine with {{placeholders}}) a manager edits,
// with the SVG preview the hub renders for 58 or 80 mm paper, and the print-job journal (recent jobs,
// failures first on request) with a deliberate reprint. Printer health stays in the devices tab.
//
// Test ids:
//   printing                 the tab's root
//   print-template           the template textarea; print-notice the notice input
//   print-width              58 / 80 select for the preview
//   print-preview            the preview (an <img> of the SVG); print-preview-error when it is refused
//   print-save, print-reset  save the template / back to the default; print-saved after a save
//   print-jobs               the journal table; print-job-<id> a row (data-state); print-reprint-<id>
//   print-only-failed        the "failures only" checkbox
//   print-printers           the printers table; printer-<id> a row (data-health), printer-<id>-cut|qr|commands
//                            selects, printer-<id>-chinese|beep checkboxes, printer-<id>-save
import { hallDate } from '../ui/hall-time.js';
import { useEffect, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import { ApiError } from '../ui/api.js';
import { DataTable } from '../ui/data-table.js';
import { pick } from '../ui/i18n.js';
import { defineWords } from '../ui/words.js';
import { healthReasonText, type HealthReason } from '../devices/health-reason.js';
import { useLoad, type Call } from './data.js';

// The template's placeholders, written into the hint as {{name}}: data, not words, so the catalogue's own
// {placeholder} filling does not meet the template's double braces.
const PLACEHOLDERS = ['hall', 'number', 'service', 'waitingAhead', 'estimatedWait', 'issuedAt', 'counters', 'note', 'url', 'notice'] as const;
const mustache = (name: string) => `{{${name}}}`;

const t = defineWords({
  zh: {
    templateTitle: '取号凭条模板',
    templateHint: 'ReceiptLine 格式。可用占位符：{placeholders}；必须包含 {required}。',
    notice: '凭条底部提示',
    paper: '纸宽',
    preview: '预览（示例号）',
    save: '保存模板',
    reset: '恢复默认模板',
    saved: '已保存，下一张凭条起生效',
    journal: '打印记录',
    onlyFailed: '只看失败',
    time: '时间',
    number: '号码',
    printer: '打印机',
    cause: '原因',
    state: '状态',
    detail: '说明',
    cause_issue: '取号',
    cause_reprint: '补打',
    state_queued: '排队中',
    state_sent: '打印中',
    state_done: '已打印',
    state_failed: '失败',
    reprint: '补打',
    noJobs: '暂无打印记录',
    printers: '打印机设置',
    printersHint: '纸宽由地址中的型号决定（escpos：80 mm，escpos-58：58 mm）；其余设置从下一张凭条起生效。',
    kiosk: '取号机',
    health: '状态',
    cut: '切纸',
    cut_partial: '半切',
    cut_full: '全切',
    cut_none: '不切',
    qr: '二维码',
    qr_native: '打印机生成',
    qr_raster: '图像',
    commands: '指令集',
    commands_generic: '通用 ESC/POS',
    commands_epson: '爱普生',
    chinese: '中文模式',
    beep: '出票提示音',
    noPrinters: '配置中没有打印机',
    saveSettings: '保存设置',
    health_online: '在线',
    health_degraded: '需注意',
    health_offline: '离线',
    health_unknown: '未连接',
  },
  en: {
    templateTitle: 'Ticket template',
    templateHint: 'ReceiptLine format. Placeholders: {placeholders}; {required} is required.',
    notice: 'Notice at the bottom',
    paper: 'Paper',
    preview: 'Preview (sample ticket)',
    save: 'Save template',
    reset: 'Restore the default',
    saved: 'Saved: used from the next ticket on',
    journal: 'Print journal',
    onlyFailed: 'Failures only',
    time: 'Time',
    number: 'Number',
    printer: 'Printer',
    cause: 'Cause',
    state: 'State',
    detail: 'Detail',
    cause_issue: 'Issued',
    cause_reprint: 'Reprint',
    state_queued: 'Queued',
    state_sent: 'Printing',
    state_done: 'Printed',
    state_failed: 'Failed',
    reprint: 'Reprint',
    noJobs: 'No print jobs yet',
    printers: 'Printers',
    printersHint: 'The paper width comes with the family in the address (escpos: 80 mm, escpos-58: 58 mm); the rest applies from the next ticket on.',
    kiosk: 'Kiosk',
    health: 'Health',
    cut: 'Cut',
    cut_partial: 'Partial',
    cut_full: 'Full',
    cut_none: 'None',
    qr: 'QR code',
    qr_native: 'Printer draws it',
    qr_raster: 'As an image',
    commands: 'Commands',
    commands_generic: 'Generic ESC/POS',
    commands_epson: 'Epson',
    chinese: 'Chinese mode',
    beep: 'Beep',
    noPrinters: 'No printers in the config',
    saveSettings: 'Save',
    health_online: 'Online',
    health_degraded: 'Degraded',
    health_offline: 'Offline',
    health_unknown: 'Not seen yet',
  },
});

interface Job {
  id: string;
  ticketId: string;
  number: string;
  printerId: string;
  cause: 'issue' | 'reprint';
  state: 'queued' | 'sent' | 'done' | 'failed';
  reason: string | null;
  createdAt: number;
}

interface PrinterRow {
  id: string;
  name: string | null;
  kiosk: string | null;
  health: string;
  reason: HealthReason | null;
  profile: { cut?: 'partial' | 'full' | 'none'; qr?: 'native' | 'raster'; commands?: 'generic' | 'epson'; chinese?: boolean; beep?: boolean };
}

type Profile = Required<PrinterRow['profile']>;
const profileOf = (p: PrinterRow): Profile => ({ cut: p.profile.cut ?? 'partial', qr: p.profile.qr ?? 'native', commands: p.profile.commands ?? 'generic', chinese: p.profile.chinese ?? true, beep: p.profile.beep ?? false });

/** The printers' settings: what the manager picks for each printer, saved as a whole per printer. */
function PrintersTable({ printers, call, onSaved }: { printers: PrinterRow[]; call: Call; onSaved: (text: string, ok: boolean) => void }) {
  // Each printer's picks until saved (the hub's profile until touched).
  const [picked, setPicked] = useState<Record<string, Profile>>({});
  const profile = (p: PrinterRow) => picked[p.id] ?? profileOf(p);
  const set = (p: PrinterRow, change: Partial<Profile>) => setPicked((x) => ({ ...x, [p.id]: { ...profile(p), ...change } }));
  const save = (p: PrinterRow) =>
    call('PUT', `/api/print/printers/${encodeURIComponent(p.id)}/profile`, profile(p)).then(
      () => onSaved(t('saved'), true),
      (e: unknown) => onSaved(e instanceof Error ? e.message : String(e), false),
    );
  const select = <K extends 'cut' | 'qr' | 'commands'>(p: PrinterRow, name: K, options: readonly Profile[K][]) => (
    <select data-testid={`printer-${p.id}-${name}`} value={profile(p)[name]} onChange={(e) => set(p, { [name]: (e.target as HTMLSelectElement).value } as Partial<Profile>)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {t(`${name}_${o}` as keyof typeof t.words.zh)}
        </option>
      ))}
    </select>
  );
  const check = (p: PrinterRow, name: 'chinese' | 'beep') => (
    <input type="checkbox" data-testid={`printer-${p.id}-${name}`} checked={profile(p)[name]} onChange={(e) => set(p, { [name]: (e.target as HTMLInputElement).checked })} />
  );
  return (
    <DataTable
      testid="print-printers"
      rows={printers}
      rowKey={(p) => p.id}
      empty={t('noPrinters')}
      rowProps={(p) => ({ 'data-testid': `printer-${p.id}`, 'data-health': p.health })}
      columns={[
        { header: t('printer'), class: 'mono', cell: (p) => p.id },
        { header: t('kiosk'), cell: (p) => p.kiosk ?? '–' },
        { header: t('health'), cellProps: (p) => ({ class: p.health === 'offline' ? 'bad' : '' }), cell: (p) => t(`health_${p.health}` as keyof typeof t.words.zh) },
        // The reason in a column of its own: the state stays one short word in either language.
        { header: t('detail'), class: 'muted', cell: (p) => (p.reason ? pick(healthReasonText(p.reason)) : '') },
        { header: t('cut'), cell: (p) => select(p, 'cut', ['partial', 'full', 'none']) },
        { header: t('qr'), cell: (p) => select(p, 'qr', ['native', 'raster']) },
        { header: t('commands'), cell: (p) => select(p, 'commands', ['generic', 'epson']) },
        { header: t('chinese'), class: 'c', cell: (p) => check(p, 'chinese') },
        { header: t('beep'), class: 'c', cell: (p) => check(p, 'beep') },
      ]}
      actions={(p) => (
        <button type="button" data-testid={`printer-${p.id}-save`} onClick={() => void save(p)}>
          {t('saveSettings')}
        </button>
      )}
    />
  );
}

/** hh:mm:ss in the hall's time zone (the browser's PC may be on another zone: 23:54 for the hall's 07:54). */
const hm = (at: number) => {
  const d = hallDate(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

/** The hub renders the preview; it comes back as SVG text, shown as an image. */
async function previewSvg(token: string, template: string, width: 58 | 80): Promise<string> {
  const res = await fetch('/api/print/preview.svg', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template, width }),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? 'INTERNAL', body?.error?.message ?? res.statusText);
  }
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(await res.text())}`;
}

export function PrintingSection({ call, token, socket }: { call: Call; token: string; socket: Socket | null }) {
  const [template, setTemplate] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [width, setWidth] = useState<58 | 80>(80);
  const [preview, setPreview] = useState<{ src: string; width: 58 | 80 } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [onlyFailed, setOnlyFailed] = useState(false);
  const [pulse, setPulse] = useState(0);

  useEffect(() => {
    call<{ template: string; notice: string }>('GET', '/api/print/template').then(
      (r) => {
        setTemplate(r.template);
        setNotice(r.notice);
      },
      (e: unknown) => setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) }),
    );
  }, []);

  // The preview follows the text, a moment after the typing stops.
  useEffect(() => {
    if (template === null) return;
    const timer = setTimeout(() => {
      previewSvg(token, template, width).then(
        (svg) => {
          setPreview({ src: svg, width });
          setPreviewError(null);
        },
        (e: unknown) => setPreviewError(e instanceof Error ? e.message : String(e)),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [template, width]);

  // Every job's step is pushed: the journal reloads (throttled).
  useEffect(() => {
    if (!socket) return;
    const on = () => setPulse((p) => p + 1);
    socket.on('print.job', on);
    return () => void socket.off('print.job', on);
  }, [socket]);
  const printers = useLoad(() => call<{ printers: PrinterRow[] }>('GET', '/api/print/printers'), 'printers', undefined);
  const jobs = useLoad(() => call<{ jobs: Job[] }>('GET', `/api/print/jobs?limit=100${onlyFailed ? '&failed=1' : ''}`), String(onlyFailed), pulse, 1000);

  const save = async (value: string | null) => {
    try {
      const r = await call<{ template: string; notice: string }>('PUT', '/api/print/template', { template: value, notice: notice.trim() || null });
      setTemplate(r.template);
      setNotice(r.notice);
      setMessage({ ok: true, text: t('saved') });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };
  const reprint = async (job: Job) => {
    try {
      await call('POST', `/api/tickets/${encodeURIComponent(job.ticketId)}/reprint`, { printerId: job.printerId });
      jobs.reload();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div class="printing" data-testid="printing">
      <section class="panel">
        <h2>{t('templateTitle')}</h2>
        <p class="muted">{t('templateHint', { placeholders: PLACEHOLDERS.map(mustache).join(' '), required: mustache('number') })}</p>
        <div class="print-editor">
          <div class="print-edit">
            <textarea
              data-testid="print-template"
              rows={18}
              spellcheck={false}
              value={template ?? ''}
              disabled={template === null}
              onInput={(e) => setTemplate((e.target as HTMLTextAreaElement).value)}
            />
            <label>
              {t('notice')}
              <input data-testid="print-notice" value={notice} maxLength={300} onInput={(e) => setNotice((e.target as HTMLInputElement).value)} />
            </label>
            <div class="row">
              <button type="button" class="primary" data-testid="print-save" disabled={template === null} onClick={() => void save(template)}>
                {t('save')}
              </button>
              <button type="button" data-testid="print-reset" onClick={() => void save(null)}>
                {t('reset')}
              </button>
            </div>
            {message ? (
              <div class={message.ok ? 'ok-box' : 'error-box'} data-testid={message.ok ? 'print-saved' : 'print-error'}>
                {message.text}
              </div>
            ) : null}
          </div>
          <div class="print-preview">
            <label>
              {t('paper')}{' '}
              <select data-testid="print-width" value={String(width)} onChange={(e) => setWidth((e.target as HTMLSelectElement).value === '58' ? 58 : 80)}>
                <option value="80">80 mm</option>
                <option value="58">58 mm</option>
              </select>
            </label>
            <p class="muted">{t('preview')}</p>
            {previewError ? (
              <div class="error-box" data-testid="print-preview-error">
                {previewError}
              </div>
            ) : null}
            {preview ? <img data-testid="print-preview" data-width={preview.width} src={preview.src} alt={t('preview')} /> : null}
          </div>
        </div>
      </section>
      <section class="panel">
        <h2>{t('printers')}</h2>
        <p class="muted">{t('printersHint')}</p>
        {printers.error ? <div class="error-box">{printers.error}</div> : null}
        {printers.data ? <PrintersTable printers={printers.data.printers} call={call} onSaved={(text, ok) => setMessage({ ok, text })} /> : null}
      </section>
      <section class="panel">
        <h2>{t('journal')}</h2>
        <label>
          <input type="checkbox" data-testid="print-only-failed" checked={onlyFailed} onChange={(e) => setOnlyFailed((e.target as HTMLInputElement).checked)} /> {t('onlyFailed')}
        </label>
        {jobs.error ? <div class="error-box">{jobs.error}</div> : null}
        {jobs.data ? (
          <DataTable
            testid="print-jobs"
            rows={jobs.data.jobs}
            rowKey={(j) => j.id}
            empty={t('noJobs')}
            rowProps={(j) => ({ 'data-testid': `print-job-${j.id}`, 'data-state': j.state, class: j.state === 'failed' ? 'bad' : '' })}
            columns={[
              { header: t('time'), class: 'mono', cell: (j) => hm(j.createdAt) },
              { header: t('number'), class: 'mono', cell: (j) => j.number },
              { header: t('printer'), class: 'mono', cell: (j) => j.printerId },
              { header: t('cause'), cell: (j) => t(`cause_${j.cause}`) },
              { header: t('state'), cell: (j) => t(`state_${j.state}`) },
              { header: t('detail'), cell: (j) => j.reason ?? '' },
            ]}
            actions={(j) => (
              <button type="button" data-testid={`print-reprint-${j.id}`} onClick={() => void reprint(j)}>
                {t('reprint')}
              </button>
            )}
          />
        ) : null}
      </section>
    </div>
  );
}
