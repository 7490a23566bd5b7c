// The demo hall's virtual devices under /api/virtual (only while the demo runs them): what each one
// shows or printed, and its controls (a key on a virtual pad, paper out on the virtual printer). They
// are devices like any other, each with its own token (demo-virtual-<id>, hub/config/demo-hall.ts):
// a device's token presses that device's controls and no other's, a manager session any; the listing
// is for a manager or any of the virtual devices. What a virtual keypad or pad does is logged as that
// device's doing (hub/device-supervision/inputs.ts). Documented in openapi.ts.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Auth, Principal } from '../auth/auth.js';
import type { VirtualHall } from '../device-supervision/virtual-hall.js';
import { parse } from './errors.js';
import { isManager, needPrincipal } from './principal.js';

export const virtualControlBody = z
  .object({
    control: z.string().min(1).max(40),
    unit: z.number().int().min(0).max(255).optional(),
  })
  .strict();
export const virtualIdParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a virtual device id such as keypads-f1');

export function virtualRouter(virtual: VirtualHall, auth: Auth): Router {
  const r = express.Router();
  /** One of the virtual devices itself (its own token). */
  const isVirtual = (p: Principal, id?: string) => p.kind === 'device' && virtual.has(p.deviceId) && (id === undefined || p.deviceId === id);
  r.get('/virtual', (req, res) => {
    needPrincipal(auth, req, (p) => isManager(p) || isVirtual(p));
    res.setHeader('cache-control', 'no-store');
    res.json({ devices: virtual.views(), skipped: virtual.skipped });
  });
  r.post('/virtual/:id/control', async (req, res) => {
    needPrincipal(auth, req, (p) => isManager(p) || isVirtual(p, String(req.params.id)));
    const id = parse(virtualIdParam, req.params.id);
    const body = parse(virtualControlBody, req.body);
    // A refusal is a VirtualDeviceError: its code's status is in DOMAIN_STATUS (hub/api/errors.ts).
    await virtual.control(id, body.control, body.unit);
    res.json({ device: virtual.views().find((v) => v.id === id) });
  });
  return r;
}
