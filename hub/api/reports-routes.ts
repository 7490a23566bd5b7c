// The manager's reports and alerts under /api: a report over business days as JSON or as a download
// (CSV/XLSX), arrivals and waits by hour for the charts, and the live alerts. Manager token only.
// Documented in openapi.ts.
import express, { type Request, type Router } from 'express';
import type { Auth } from '../auth/auth.js';
import type { Hall } from '../hall.js';
import type { DeviceHealthRegistry } from '../devices/health.js';
import { hallAlerts } from '../reports/alerts.js';
import type { FollowupAlertInput } from '../reports/alerts.js';
import { fileName, reportCsv, reportXlsx } from '../reports/export.js';
import { eachDay, exportQuery, hourlyQuery, reportQuery } from '../reports/query.js';
import { HourlyBuilder, ReportBuilder, type ReportBy } from '../reports/reports.js';
import { parse } from './errors.js';
import { needManager } from './principal.js';

export function reportsRouter({
  hall,
  auth,
  health,
  followups = () => [],
  backupFailed = () => null,
}: {
  hall: Hall;
  auth: Auth;
  health: DeviceHealthRegistry;
  followups?: () => readonly FollowupAlertInput[];
  /** The nightly backup's failure, while it lasts (hub/backup/nightly.ts). */
  backupFailed?: () => { at: number; error: string } | null;
}): Router {
  const r = express.Router();
  const manager = (req: Request) => needManager(auth, req);
  const today = () => hall.view.businessDay;
  /** Read a day at a time (see eachDay): a long range never holds up the counters. */
  const report = async (q: { from: string; to: string; zone: string | null; by: ReportBy }) => {
    const b = new ReportBuilder(hall.config, q);
    await eachDay(hall.store.db, q, (tickets) => tickets.forEach((t) => b.add(t)));
    return b.result();
  };

  r.get('/reports', async (req, res) => {
    manager(req);
    const q = parse(reportQuery(today), req.query);
    res.json({ ...(await report(q)), generatedAt: hall.clock.now() });
  });

  r.get('/reports/hourly', async (req, res) => {
    manager(req);
    const q = parse(hourlyQuery(today), req.query);
    const b = new HourlyBuilder(hall.config.hall.timezone, q);
    await eachDay(hall.store.db, q, (tickets) => tickets.forEach((t) => b.add(t)));
    res.json({ ...b.result(), generatedAt: hall.clock.now() });
  });

  r.get('/reports/export', async (req, res) => {
    manager(req);
    const q = parse(exportQuery(today), req.query);
    const rep = await report(q);
    const body =
      q.format === 'csv' ? reportCsv(rep) : await reportXlsx(rep, { hallName: hall.config.hall.name.zh, generatedAt: new Date(hall.clock.now()) });
    res.setHeader('content-disposition', `attachment; filename="${fileName(rep, q.format)}"`);
    res.setHeader('cache-control', 'no-store');
    res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
  });

  r.get('/alerts', (req, res) => {
    manager(req);
    const now = hall.clock.now();
    res.json({ at: now, alerts: hallAlerts(hall.view, now, {}, undefined, health.list(), followups(), backupFailed()) });
  });

  return r;
}
