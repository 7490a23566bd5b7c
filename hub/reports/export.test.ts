// The CSV and XLSX writers on a hand-made report: BOM, bilingual headers, quoting, rates, empty cells,
// the totals row, and a workbook exceljs reads back with the same numbers.
import { describe, expect, it } from 'vitest';
import { makeConfig, local, MINUTE } from '../engine/test-fixture.js';
import { columns, fileName, reportCsv, reportXlsx } from './export.js';
import { buildReport, type Report, type ReportTicket } from './reports.js';

function sample(): Report {
  const at = local('2026-11-23 09:00');
  const t = (over: Partial<ReportTicket>): ReportTicket => ({
    businessDay: '2026-11-23',
    serviceId: 'household',
    counterId: '1',
    staffNo: '1001',
    state: 'done',
    issuedAt: at,
    calledAt: at + 6 * MINUTE,
    startedAt: at + 7 * MINUTE,
    finishedAt: at + 15 * MINUTE,
    rating: { score: 5 },
    ...over,
  });
  const config = makeConfig((i) => {
    i.services[1]!.name = { zh: '税务, "个人"', en: 'Tax' };
  });
  return buildReport([t({}), t({ rating: { score: 2 } }), t({ serviceId: 'tax', rating: null }), t({ serviceId: 'permit', state: 'waiting', calledAt: null, startedAt: null, finishedAt: null, rating: null })], config, {
    from: '2026-11-23',
    to: '2026-11-23',
    by: 'service',
  });
}

describe('CSV', () => {
  it('starts with a BOM, has bilingual headers, one line per group and a total, CRLF line ends', () => {
    const csv = reportCsv(sample());
    expect(csv.startsWith('\uFEFF业务编号 (Service ID),业务 (Service),取号数 (Issued),')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 3 + 1 + 1);
    expect(lines[1]).toBe('household,户籍,2,2,0,0,0,6,6,100%,8,8,2,1,50%,3.5');
    expect(lines[2]).toBe('tax,"税务, ""个人""",1,1,0,0,0,6,6,100%,8,8,0,0,,');
    expect(lines[3]).toBe('permit,证照,1,0,0,0,1,,,,,,0,0,,');
    expect(lines[4]).toBe(',合计 (Total),4,3,0,0,1,6,6,100%,8,8,2,1,50%,3.5');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const r = sample();
    r.rows[0]!.label = { zh: '=HYPERLINK("x")' };
    expect(reportCsv(r).split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('names the file after grouping, range and zone', () => {
    expect(fileName(sample(), 'csv')).toBe('hall-report-service-2026-11-23_2026-11-23.csv');
    expect(fileName({ ...sample(), zone: 'F2', by: 'day', to: '2026-11-30' }, 'xlsx')).toBe('hall-report-day-2026-11-23_2026-11-30-F2.xlsx');
  });
});

describe('XLSX', () => {
  it('reads back with exceljs: the same headers and numbers, rates as fractions shown as percentages', async () => {
    const report = sample();
    const buffer = await reportXlsx(report, { hallName: '测试大厅', generatedAt: new Date(0) });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('报表 Report');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(columns('service').map((c) => c.header));
    expect(values(2)).toEqual(['household', '户籍', 2, 2, 0, 0, 0, 6, 6, 1, 8, 8, 2, 1, 0.5, 3.5]);
    expect(values(5).slice(1, 3)).toEqual(['合计 (Total)', 4]);
    expect(sheet.getRow(2).getCell(15).numFmt).toBe('0.0%');
    expect(sheet.rowCount).toBe(5);
    expect(wb.worksheets[1]!.getRow(2).values).toEqual([undefined, '起始营业日 (From)', '2026-11-23']);
  });

  it("writes 生成时间 in the hall's time, not UTC", async () => {
    const buffer = await reportXlsx(sample(), { hallName: '测试大厅', generatedAt: new Date(Date.UTC(2026, 10, 22, 23, 54, 7)), timeZone: 'Asia/Shanghai' });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const row = wb.worksheets[1]!.getRows(1, 20)!.find((r) => r.getCell(1).value === '生成时间 (Generated)')!;
    expect(row.getCell(2).value).toBe('2026-11-23 07:54:07 (Asia/Shanghai)');
  });
});
