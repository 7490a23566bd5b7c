// The manager's staff and device administration under /api, for what PUT /api/config cannot do
// because the hub must make or hash the secret itself: add a staff member with a PIN, set a staff
// member's PIN, register a device and make its token, replace a device's token. Each one is a whole new
// config validated like PUT /api/config and run as one `configure` command (a config.changed event).
// Hashes never leave the hub; a new device token is answered once and only its sha256 is kept.
// Manager token only. Documented in openapi.ts.
import express, { type Request, type Router } from 'express';
import { AuthError, type Auth } from '../auth/auth.js';
import { hashSecret, newToken, sha256 } from '../auth/secrets.js';
import { DEMO_PIN } from '../config/demo-hall.js';
import { validateHallConfig } from '../config/load.js';
import type { DeviceConfig, DeviceKind, HallConfig, StaffConfig } from '../config/schema.js';
import type { Hall } from '../hall.js';
import { DeviceConfigError } from '../config/device-errors.js';
import { EngineError } from '../engine/errors.js';
import { ApiError, parse } from './errors.js';
import * as s from './request-schemas.js';
import { needManager } from './principal.js';
import { deviceWithoutSecret, staffWithoutSecret } from '../access/visibility.js';

/** Kinds that connect to the hub with a bearer token (printers and LED boards are reached by the hub or an agent). */
export const CONNECTING_KINDS: readonly DeviceKind[] = ['kiosk', 'display', 'pad', 'keypad', 'agent', 'booking'];

/** A pad or keypad with an address is driven (by the hub or an agent) and needs no token. */
const connectsIn = (d: { kind: DeviceKind; address?: string | undefined }) => CONNECTING_KINDS.includes(d.kind) && !((d.kind === 'pad' || d.kind === 'keypad') && d.address);


export function adminRouter({ hall, auth }: { hall: Hall; auth: Auth }): Router {
  const r = express.Router();
  const manager = (req: Request) => needManager(auth, req);

  /** Validates a changed config like PUT /api/config and runs it as one `configure` command. */
  const replace = (next: HallConfig, username: string, alsoInTransaction?: () => void): HallConfig => {
    let config: HallConfig;
    try {
      config = validateHallConfig(next, 'the config');
    } catch (e) {
      throw new ApiError(400, 'BAD_INPUT', { detail: (e as Error).message });
    }
    hall.execute({ type: 'configure', config, source: 'api' }, { kind: 'manager', id: username }, alsoInTransaction);
    return hall.config;
  };

  /** Like login: the demo PIN is refused outside the demo hall, so it is never set there either. */
  const checkPin = (pin: string) => {
    if (!hall.config.demo && pin === DEMO_PIN) throw new AuthError('DEMO_CREDENTIAL');
  };

  // ---- staff ----
  r.post('/staff', (req, res) => {
    const p = manager(req);
    const body = parse(s.newStaffBody, req.body);
    checkPin(body.pin);
    const member: StaffConfig = { no: body.no, name: body.name, pinHash: hashSecret(body.pin) };
    if (body.backup !== undefined) member.backup = body.backup;
    const config = replace({ ...hall.config, staff: [...hall.config.staff, member] }, p.username);
    res.status(201).json({ staff: staffWithoutSecret(config.staff.find((x) => x.no === body.no) ?? member) });
  });

  r.post('/staff/:no/pin', (req, res) => {
    const p = manager(req);
    const no = parse(s.staffNoParam, req.params.no);
    const { pin } = parse(s.pinBody, req.body);
    if (!hall.config.staff.some((x) => x.no === no)) throw new EngineError('STAFF_UNKNOWN', { staff: no });
    checkPin(pin);
    const pinHash = hashSecret(pin);
    // A new PIN (often because the old one got out) ends the staff member's sessions, with the change.
    replace({ ...hall.config, staff: hall.config.staff.map((x) => (x.no === no ? { ...x, pinHash } : x)) }, p.username, () => hall.store.deleteSessionsOf('staff', no));
    res.status(204).end();
  });

  // ---- devices ----
  r.post('/devices', (req, res) => {
    const p = manager(req);
    const body = parse(s.newDeviceBody, req.body);
    const token = connectsIn(body) ? newToken() : null;
    const device: DeviceConfig = { ...body, ...(token ? { tokenSha256: sha256(token) } : {}) };
    const config = replace({ ...hall.config, devices: [...hall.config.devices, device] }, p.username);
    res.status(201).json({ device: deviceWithoutSecret(config.devices.find((d) => d.id === body.id) ?? device), token });
  });

  r.post('/devices/:id/token', (req, res) => {
    const p = manager(req);
    const id = parse(s.deviceIdParam, req.params.id);
    parse(s.emptyBody, req.body);
    const old = hall.config.devices.find((d) => d.id === id);
    if (!old) throw new DeviceConfigError('DEVICE_UNKNOWN', { device: id });
    if (!connectsIn(old)) throw new DeviceConfigError('DEVICE_NO_TOKEN', { device: id, kind: old.kind });
    const token = newToken();
    // The new hash replaces the old hash and any plain token: the old token stops working at once.
    const { token: _t, tokenSha256: _h, ...rest } = old;
    const config = replace({ ...hall.config, devices: hall.config.devices.map((d) => (d.id === id ? { ...rest, tokenSha256: sha256(token) } : d)) }, p.username);
    res.json({ device: deviceWithoutSecret(config.devices.find((d) => d.id === id)!), token });
  });

  return r;
}
