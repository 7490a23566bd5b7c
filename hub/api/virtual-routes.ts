// The demo hall's virtual devices under /api/virtual (only while the demo runs them): what each one
// shows or printed, and its controls (a key on a virtual pad, paper out on the virtual printer). No
// token: the virtual devices stand in a demo hall, and anyone trying the demo may press their keys.
// Documented in openapi.ts.
import express, { type Router } from 'express';
import { z } from 'zod';
import type { VirtualHall } from '../devices/virtual-hall.js';
import { VirtualDeviceError } from '../devices/virtual-hall.js';
import { ApiError, parse } from './errors.js';

export const virtualControlBody = z.object({
  control: z.string().min(1).max(40),
  unit: z.number().int().min(0).max(255).optional(),
});

export function virtualRouter(virtual: VirtualHall): Router {
  const r = express.Router();
  r.get('/virtual', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ devices: virtual.views(), skipped: virtual.skipped });
  });
  r.post('/virtual/:id/control', async (req, res) => {
    const body = parse(virtualControlBody, req.body);
    try {
      await virtual.control(req.params.id, body.control, body.unit);
    } catch (e) {
      if (e instanceof VirtualDeviceError) throw new ApiError(404, e.code, { detail: e.message });
      throw new ApiError(409, 'VIRTUAL_CONTROL_FAILED', { detail: e instanceof Error ? e.message : String(e) });
    }
    res.json({ device: virtual.views().find((v) => v.id === req.params.id) });
  });
  return r;
}
