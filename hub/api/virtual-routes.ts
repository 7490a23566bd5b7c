// The demo hall's virtual devices under /api/virtual (only while the demo runs them): what each one
// shows or printed, and its controls (a key on a virtual pad, paper out on the virtual printer). They
// are devices like any other: reading and pressing them needs the demo's virtual-device token
// (DEMO_VIRTUAL_TOKEN, which the /virtual page is opened with) or a manager session, and what a
// virtual keypad does is logged as that device's doing (hub/devices/inputs.ts). Documented in openapi.ts.
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { Auth } from '../auth/auth.js';
import { sha256 } from '../auth/secrets.js';
import { DEMO_VIRTUAL_TOKEN } from '../config/demo-hall.js';
import type { VirtualHall } from '../devices/virtual-hall.js';
import { VirtualDeviceError } from '../devices/virtual-hall.js';
import { ApiError, parse } from './errors.js';
import { bearer, isManager, needPrincipal } from './principal.js';

export const virtualControlBody = z
  .object({
    control: z.string().min(1).max(40),
    unit: z.number().int().min(0).max(255).optional(),
  })
  .strict();
export const virtualIdParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a virtual device id such as keypads-f1');

const PANEL = Buffer.from(sha256(DEMO_VIRTUAL_TOKEN), 'hex');

export function virtualRouter(virtual: VirtualHall, auth: Auth): Router {
  const r = express.Router();
  /** The virtual devices' token, or a manager's session (FORBIDDEN for any other principal). */
  const needPanel = (req: Request) => {
    const token = bearer(req);
    if (token && timingSafeEqual(Buffer.from(sha256(token), 'hex'), PANEL)) return;
    needPrincipal(auth, req, isManager);
  };
  r.get('/virtual', (req, res) => {
    needPanel(req);
    res.setHeader('cache-control', 'no-store');
    res.json({ devices: virtual.views(), skipped: virtual.skipped });
  });
  r.post('/virtual/:id/control', async (req, res) => {
    needPanel(req);
    const id = parse(virtualIdParam, req.params.id);
    const body = parse(virtualControlBody, req.body);
    try {
      await virtual.control(id, body.control, body.unit);
    } catch (e) {
      if (e instanceof VirtualDeviceError) throw new ApiError(404, e.code, { detail: e.message });
      throw new ApiError(409, 'VIRTUAL_CONTROL_FAILED', { detail: e instanceof Error ? e.message : String(e) });
    }
    res.json({ device: virtual.views().find((v) => v.id === id) });
  });
  return r;
}
