// A report as a download: CSV (UTF-8 with a BOM, so that Excel on a Chinese Windows PC opens it as
// UTF-8 instead of GBK) or an Excel workbook. Headers are Chinese with the English in parentheses.
import type { Report, ReportFigures, ReportRow } from './reports.js';
import { localDateTime } from '../../shared/hall-time.js';
import { SATISFIED_LEVELS_ZH } from '../../shared/vocabulary.js';

type Kind = 'int' | 'min' | 'rate' | 'score' | 'text';

interface Column {
  header: string;
  kind: Kind;
  value: (row: ReportRow | TotalRow) => string | number | null;
  width: number;
}

type TotalRow = ReportFigures & { key: null; label: { zh: string } };

const GROUP_HEADER: Record<Report['by'], string> = {
  service: '业务 (Service)',
  counter: '窗口 (Counter)',
  staff: '工作人员 (Staff)',
  day: '日期 (Date)',
};

const KEY_HEADER: Record<Report['by'], string> = {
  service: '业务编号 (Service ID)',
  counter: '窗口号 (Counter No.)',
  staff: '工号 (Staff No.)',
  day: '营业日 (Business day)',
};

export function columns(by: Report['by']): Column[] {
  return [
    { header: KEY_HEADER[by], kind: 'text', value: (r) => r.key ?? '', width: 18 },
    { header: GROUP_HEADER[by], kind: 'text', value: (r) => r.label.zh, width: 26 },
    { header: '取号数 (Issued)', kind: 'int', value: (r) => r.issued, width: 12 },
    { header: '办结数 (Served)', kind: 'int', value: (r) => r.served, width: 12 },
    { header: '过号数 (No-shows)', kind: 'int', value: (r) => r.noShow, width: 12 },
    { header: '取消数 (Cancelled)', kind: 'int', value: (r) => r.cancelled, width: 12 },
    { header: '未办结 (Open)', kind: 'int', value: (r) => r.open, width: 12 },
    { header: '平均等候/分钟 (Avg wait, min)', kind: 'min', value: (r) => r.avgWaitMin, width: 16 },
    { header: '90%等候/分钟 (P90 wait, min)', kind: 'min', value: (r) => r.p90WaitMin, width: 16 },
    { header: '等候达标率 (Within target wait)', kind: 'rate', value: (r) => r.withinTarget, width: 16 },
    { header: '平均办理/分钟 (Avg service, min)', kind: 'min', value: (r) => r.avgServiceMin, width: 16 },
    { header: '90%办理/分钟 (P90 service, min)', kind: 'min', value: (r) => r.p90ServiceMin, width: 16 },
    { header: '评价数 (Rated)', kind: 'int', value: (r) => r.rated, width: 12 },
    { header: '满意数 (Satisfied)', kind: 'int', value: (r) => r.satisfied, width: 12 },
    { header: '满意率 (Satisfaction)', kind: 'rate', value: (r) => r.satisfaction, width: 14 },
    { header: '平均评分 (Avg score)', kind: 'score', value: (r) => r.avgScore, width: 12 },
  ];
}

function totalRow(report: Report): TotalRow {
  return { ...report.total, key: null, label: { zh: '合计 (Total)' } };
}

function rowsOf(report: Report): (ReportRow | TotalRow)[] {
  return [...report.rows, totalRow(report)];
}

export function fileName(report: Report, ext: 'csv' | 'xlsx'): string {
  return `hall-report-${report.by}-${report.from}_${report.to}${report.zone ? `-${report.zone}` : ''}.${ext}`;
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused with a quote mark. */
function csvCell(v: string | number | null, kind: Kind): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    // Rates as "85.71%": Excel reads that back as the number 0.8571 shown as a percentage.
    if (kind === 'rate') return `${Math.round(v * 10000) / 100}%`;
    return String(v);
  }
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM; the last row is the total. */
export function reportCsv(report: Report): string {
  const cols = columns(report.by);
  const lines = [cols.map((c) => csvCell(c.header, 'text')).join(',')];
  for (const row of rowsOf(report)) lines.push(cols.map((c) => csvCell(c.value(row), c.kind)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const NUM_FMT: Record<Kind, string | undefined> = { int: '0', min: '0.0', rate: '0.0%', score: '0.00', text: undefined };

/**
 * An .xlsx workbook: the report on the first sheet (header row frozen, totals last, numbers as numbers
 * with formats), what it covers on the second. Written with exceljs, a maintained XLSX writer (MIT):
 * hand-writing OOXML zips is error-prone, and the unmaintained alternatives lag on Excel's quirks.
 * Loaded on first use, so the hub does not pay its start-up cost until someone exports.
 */
/** `timeZone`: the hall's, so 生成时间 reads as the hall's clock did ("2026-11-23 09:41:05 (Asia/Shanghai)"), not UTC. */
export async function reportXlsx(report: Report, meta: { hallName: string; generatedAt: Date; timeZone?: string }): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hall-queue';
  wb.created = meta.generatedAt;
  const cols = columns(report.by);
  const sheet = wb.addWorksheet('报表 Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = cols.map((c, i) => ({ key: `c${i}`, width: c.width, ...(NUM_FMT[c.kind] ? { style: { numFmt: NUM_FMT[c.kind]! } } : {}) }));
  const header = sheet.addRow(cols.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.height = 32;
  for (const row of rowsOf(report)) sheet.addRow(cols.map((c) => c.value(row)));
  sheet.lastRow!.font = { bold: true };

  const about = wb.addWorksheet('说明 About');
  about.columns = [{ width: 28 }, { width: 48 }];
  const grouping = GROUP_HEADER[report.by];
  for (const r of [
    ['大厅 (Hall)', meta.hallName],
    ['起始营业日 (From)', report.from],
    ['截止营业日 (To)', report.to],
    ['分组 (Grouped by)', grouping],
    ['区域 (Zone)', report.zone ?? '全部 (All)'],
    ['生成时间 (Generated)', generatedText(meta.generatedAt, meta.timeZone)],
    ['等候 (Wait)', '取号到首次叫号 (issue → first call)'],
    ['办理 (Service)', '开始办理到办结 (start → finish)'],
    ['满意率 (Satisfaction)', `(${SATISFIED_LEVELS_ZH}) / 评价数 ((5+4+3) / rated)`],
    ['90% (P90)', '最近秩法第90百分位 (nearest-rank 90th percentile)'],
  ])
    about.addRow(r);
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function generatedText(at: Date, timeZone: string | undefined): string {
  if (!timeZone) return at.toISOString();
  const seconds = String(new Date(at).getUTCSeconds()).padStart(2, '0');
  return `${localDateTime(at.getTime(), timeZone)}:${seconds} (${timeZone})`;
}
