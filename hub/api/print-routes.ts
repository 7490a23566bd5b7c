// Ticket printing under /api: a deliberate reprint, the print-job journal, and the ticket template a
// manager edits with its SVG preview. Documented in openapi.ts. The printing itself: hub/print/service.ts.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { Auth, Principal } from '../auth/auth.js';
import type { Hall } from '../hall.js';
import type { PrintService } from '../print/service.js';
import { ticketView } from '../views.js';
import { templateSchema } from '../../ticket-printer/render.js';
import { profileOverrideSchema } from '../../ticket-printer/profiles.js';
import { DeviceConfigError } from '../config/device-errors.js';
import { EngineError } from '../engine/errors.js';
import { PrintError } from '../print/errors.js';
import { parse } from './errors.js';
import { ticketIdParam } from './request-schemas.js';
import { safeText } from '../security/safe-text.js';
import { actorOf, isManager, needPrincipal } from './principal.js';

export const reprintBody = z.strictObject({ printerId: z.string().min(1).max(40).optional() });
export const templateBody = z.strictObject({
  /** ReceiptLine with {{placeholders}}; null: back to the default template. */
  template: templateSchema.nullable(),
  notice: safeText(z.string().max(300), { multiline: true }).nullable().optional(),
});
export const previewBody = z.strictObject({ template: templateSchema, width: z.union([z.literal(58), z.literal(80)]).default(80) });
export const previewQuery = z.object({ width: z.coerce.number().pipe(z.union([z.literal(58), z.literal(80)])).default(80) });
/**
 * A printer's settings beyond its family's: command set, Chinese mode, cut, QR, beep, job timeout. The
 * width stays the family's (escpos: 80 mm, escpos-58: 58 mm), status back the driver's.
 */
export const printerProfileBody = profileOverrideSchema.omit({ width: true, statusBack: true, pollMs: true });
export const printerIdParam = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/i, 'a device id');
export const jobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), failed: z.enum(['0', '1']).default('0') });

/** The hub's address as the caller reached it: what the QR code on the ticket points at. */
/**
 * Where the QR code on a ticket points: the hall's `publicUrl`, else the address the kiosk used to reach
 * the hub. A Host header that is not a plain host[:port] is not trusted into a printed URL.
 */
export function originOf(req: Request, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = req.get('host') ?? '';
  if (/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host)) return `${req.protocol}://${host}`;
  // No usable Host header: the hub's own address on the connection the request came in on.
  const local = req.socket.localAddress ?? '127.0.0.1';
  return `${req.protocol}://${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort ?? 80}`;
}

export function printRouter({ hall, auth, print }: { hall: Hall; auth: Auth; print: PrintService }): Router {
  const r = express.Router();
  const need = (req: Request, allowed: (p: Principal) => boolean): Principal => needPrincipal(auth, req, allowed);
  const ticketOf = (id: string) => {
    const t = hall.view.tickets.get(id) ?? hall.store.ticket(id);
    if (!t) throw new EngineError('TICKET_UNKNOWN');
    return ticketView(hall.view, t, hall.clock.now());
  };

  r.post('/tickets/:id/reprint', (req, res) => {
    const p = need(req, (x) => x.kind === 'staff' || x.kind === 'manager');
    const id = parse(ticketIdParam, req.params.id);
    const body = parse(reprintBody, req.body);
    const t = ticketOf(id);
    const actor = actorOf(p);
    const by = `${actor.kind}:${actor.id}`;
    const out = print.reprint(t, by, originOf(req, hall.config.hall.publicUrl), body.printerId);
    if ('unavailable' in out) throw new PrintError('PRINTER_UNAVAILABLE', { reason: out.unavailable });
    res.status(202).json({ job: out.job });
  });

  r.get('/tickets/:id/print', (req, res) => {
    need(req, (x) => x.kind !== 'device' || x.deviceKind === 'kiosk');
    const id = parse(ticketIdParam, req.params.id);
    res.json({ jobs: print.jobs.ofTicket(id) });
  });

  // The ticket as it prints (or would have printed), for the kiosk and the tracking page: the id is the
  // unguessable one of the citizen's link, as for GET /tickets/:id.
  r.get('/tickets/:id/ticket.svg', (req, res) => {
    const id = parse(ticketIdParam, req.params.id);
    const q = parse(previewQuery, req.query);
    res.type('image/svg+xml').send(print.ticketSvg(ticketOf(id), originOf(req, hall.config.hall.publicUrl), q.width));
  });

  r.get('/print/jobs', (req, res) => {
    need(req, isManager);
    const q = parse(jobsQuery, req.query);
    res.json({ jobs: print.jobs.recent(q.limit, q.failed === '1') });
  });

  r.get('/print/printers', (req, res) => {
    need(req, isManager);
    res.json({ printers: print.printers() });
  });

  r.put('/print/printers/:id/profile', (req, res) => {
    need(req, isManager);
    const id = parse(printerIdParam, req.params.id);
    if (!hall.config.devices.some((d) => d.id === id && d.kind === 'printer')) throw new DeviceConfigError('DEVICE_UNKNOWN', { device: id });
    print.setProfile(id, parse(printerProfileBody, req.body));
    res.json({ printer: print.printers().find((p) => p.id === id) });
  });

  r.get('/print/template', (req, res) => {
    need(req, isManager);
    res.json({ template: print.template, notice: print.notice, custom: print.jobs.setting('template') !== undefined });
  });

  r.put('/print/template', (req, res) => {
    need(req, isManager);
    const body = parse(templateBody, req.body);
    print.setTemplate(body.template, body.notice);
    res.json({ template: print.template, notice: print.notice, custom: body.template !== null });
  });

  r.get('/print/preview.svg', (req, res) => {
    const q = parse(previewQuery, req.query);
    res.type('image/svg+xml').send(print.preview(q.width));
  });

  r.post('/print/preview.svg', (req, res) => {
    need(req, isManager);
    const body = parse(previewBody, req.body);
    res.type('image/svg+xml').send(print.preview(body.width, body.template));
  });

  return r;
}
