// The manager's reports and alerts under /api: a report over business days as JSON or as a download
// (CSV/XLSX), arrivals and waits by hour for the charts, and the live alerts. Manager token only.
// Documented in openapi.ts.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { Auth } from '../auth/auth.js';
import type { Hall } from '../hall.js';
import type { DeviceHealthRegistry } from '../device-supervision/health.js';
import { alertOptionsOf, hallAlerts } from '../reports/alerts.js';
import type { FollowupAlertInput } from '../reports/alerts.js';
import { fileName, reportCsv, reportXlsx } from '../reports/export.js';
import { exportQuery, hourlyQuery, reportQuery } from '../reports/query.js';
import { HourlyBuilder, ReportBuilder, type ReportBy } from '../reports/reports.js';
import { addDays, isCalendarDate } from '../../shared/hall-time.js';
import { addClosedDays, addClosedHours, daySummaries } from '../reports/summaries.js';
import { serviceQueues } from '../engine/estimate.js';
import { nextMonday, staffingAdvice } from '../planning/advice.js';
import { parse } from './errors.js';
import { needManager } from './principal.js';

export const staffingQuery = z
  .object({ week: z.string().refine((d) => isCalendarDate(d) && new Date(`${d}T12:00:00Z`).getUTCDay() === 1, 'a Monday as YYYY-MM-DD').optional() })
  .strict();

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
  const summaries = daySummaries(hall);
  /**
   * Closed days from their summaries (written once, at the rollover: summaries.ts), today from its
   * rows: a year's report reads a few thousand summary rows, not a year of tickets.
   */
  const split = (q: { from: string; to: string; zone: string | null }) => {
    const day = today();
    const closedTo = q.to < day ? q.to : addDays(day, -1);
    return { closed: q.from <= closedTo ? { from: q.from, to: closedTo, zone: q.zone } : null, live: q.from <= day && day <= q.to ? { from: day, to: day, zone: q.zone } : null };
  };
  const report = async (q: { from: string; to: string; zone: string | null; by: ReportBy }) => {
    const b = new ReportBuilder(hall.config, q);
    const { closed, live } = split(q);
    if (closed) addClosedDays(summaries.store, b, q.by, closed);
    if (live) await hall.store.eachReportDay(live, (tickets) => tickets.forEach((t) => b.add(t)));
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
    const { closed, live } = split(q);
    if (closed) addClosedHours(summaries.store, b, closed);
    if (live) await hall.store.eachReportDay(live, (tickets) => tickets.forEach((t) => b.add(t)));
    res.json({ ...b.result(), generatedAt: hall.clock.now() });
  });

  r.get('/reports/export', async (req, res) => {
    const p = manager(req);
    const q = parse(exportQuery(today), req.query);
    const rep = await report(q);
    // An export takes the hall's data away: it is in the audit log with who and from where.
    auth.audit.record('admin.export', { kind: 'manager', id: p.username }, hall.clock.now(), { what: 'report', format: q.format, from: q.from, to: q.to });
    const body =
      q.format === 'csv' ? reportCsv(rep) : await reportXlsx(rep, { hallName: hall.config.hall.name.zh, generatedAt: new Date(hall.clock.now()), timeZone: hall.config.hall.timezone });
    res.setHeader('content-disposition', `attachment; filename="${fileName(rep, q.format)}"`);
    res.setHeader('cache-control', 'no-store');
    res.type(q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
  });

  r.get('/staffing', (req, res) => {
    manager(req);
    const q = parse(staffingQuery, req.query);
    const advice = staffingAdvice(summaries.store, hall.config, q.week ?? nextMonday(today()));
    const now = hall.clock.now();
    // Beside the advice, what is open now (the live queue figures).
    const live = new Map(serviceQueues(hall.view, now).map((s) => [s.serviceId, s]));
    res.json({
      ...advice,
      services: advice.services.map((s) => ({
        ...s,
        counters: hall.config.counters.filter((k) => k.services.some((x) => x.service === s.serviceId)).length,
        countersOpen: live.get(s.serviceId)?.countersOpen ?? 0,
        waiting: live.get(s.serviceId)?.waiting ?? 0,
      })),
      generatedAt: now,
    });
  });

  r.get('/alerts', (req, res) => {
    manager(req);
    const now = hall.clock.now();
    res.json({ at: now, alerts: hallAlerts(hall.view, now, alertOptionsOf(hall.config), undefined, health.list(), followups(), backupFailed()) });
  });

  return r;
}
