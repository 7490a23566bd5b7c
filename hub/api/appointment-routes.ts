// Appointments from the hall's booking system (hub/appointments/): POST /api/appointments (JSON) and
// POST /api/appointments/import (CSV, or JSON rows), by a manager or the booking system's device token
// (kind "booking"); GET /api/appointments?date= lists a day's for a manager. Documented in openapi.ts.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Auth, Principal } from '../auth/auth.js';
import { appointmentsBody, appointmentsOf, rowsOfCsv } from '../appointments/appointments.js';
import { businessDay } from '../engine/calendar.js';
import type { Hall } from '../hall.js';
import { ApiError, parse } from './errors.js';
import { JSON_TYPES, accepts } from '../security/body.js';
import { isManager, needPrincipal } from './principal.js';

export const appointmentsQuery = z.object({ date: z.iso.date().optional() }).strict();

/** What POST /appointments/import takes: the booking system's CSV export, or the same rows as JSON. */
export const IMPORT_MEDIA_TYPES: readonly string[] = [...JSON_TYPES, 'text/csv', 'application/csv'];

const feeds = (p: Principal) => isManager(p) || (p.kind === 'device' && p.deviceKind === 'booking');
const sourceOf = (p: Principal) => (p.kind === 'manager' ? `manager:${p.username}` : p.kind === 'device' ? `device:${p.deviceId}` : p.kind);

export function appointmentRouter({ hall, auth }: { hall: Hall; auth: Auth }): Router {
  const r = express.Router();
  const appointments = appointmentsOf(hall.store);

  r.post('/appointments', (req, res) => {
    const p = needPrincipal(auth, req, feeds);
    const body = parse(appointmentsBody, req.body);
    res.status(201).json(appointments.upsert(body.appointments, hall.config, sourceOf(p), hall.clock.now()));
  });

  // CSV as the booking system exports it (text/csv, UTF-8, a header row), or the same rows as JSON.
  // A day's export of a big hall runs past the JSON limit: the CSV parser has its own.
  r.post('/appointments/import', accepts(IMPORT_MEDIA_TYPES, express.text({ type: ['text/csv', 'application/csv'], limit: '1mb' })), (req, res) => {
    const p = needPrincipal(auth, req, feeds);
    const rows = typeof req.body === 'string' ? rowsOfCsv(req.body) : parse(appointmentsBody, req.body).appointments;
    if (rows.length === 0) throw new ApiError(400, 'BAD_INPUT', { detail: 'no appointments' });
    res.status(201).json(appointments.upsert(rows, hall.config, sourceOf(p), hall.clock.now()));
  });

  r.get('/appointments', (req, res) => {
    needPrincipal(auth, req, isManager);
    const q = parse(appointmentsQuery, req.query);
    const date = q.date ?? businessDay(hall.clock.now(), hall.config);
    res.json({ date, appointments: appointments.ofDate(date, hall.config) });
  });

  return r;
}
