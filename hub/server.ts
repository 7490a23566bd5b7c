// Starting a hub: the store, the hall, the HTTP API and the realtime layer on one port.
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import { errorHandler } from './api/errors.js';
import { apiRouter } from './api/routes.js';
import { virtualRouter } from './api/virtual-routes.js';
import { Auth } from './auth/auth.js';
import { systemClock, type Clock } from './clock.js';
import type { HallConfig } from './config/schema.js';
import { DeviceHealthRegistry } from './devices/health.js';
import { DeviceInputs } from './devices/inputs.js';
import type { DriverCommand } from '../devices/driver.js';
import { DeviceSupervisor, type SupervisorOptions } from './devices/supervisor.js';
import type { VirtualHall } from './devices/virtual-hall.js';
import { Hall } from './hall.js';
import { RatingDesk } from './ratings/desk.js';
import { ratingsRouter } from './ratings/routes.js';
import { attachRealtime } from './realtime/realtime.js';
import { serveWeb } from './web.js';
import { openDatabase } from './store/database.js';
import { HallStore } from './store/hall-store.js';
import { PrintService } from './print/service.js';
import { startAdminSocket } from './backup/admin-socket.js';
import { NightlyWork } from './backup/nightly.js';
import { registerArchives } from './store/archive.js';

export interface HubOptions {
  config: HallConfig;
  /** Where the config came from (file hash or "demo"): a changed source replaces the stored config. */
  configSource: string;
  dataDir: string;
  port?: number;
  host?: string;
  clock?: Clock;
  log?: Logger;
  newId?: () => string;
  /** The device supervisor's settings (driver registry, link settings, input hook). */
  devices?: SupervisorOptions;
  /** The store, when the caller opened it already (it holds the data directory's lock); else opened here. */
  store?: HallStore;
  /** The demo's virtual devices (already in the config), shown at /virtual and /api/virtual. */
  virtual?: VirtualHall;
}

export interface Hub {
  hall: Hall;
  auth: Auth;
  health: DeviceHealthRegistry;
  /** Drives the configured devices (and takes agents on the /agent namespace). */
  devices: DeviceSupervisor;
  /** Device inputs (pad presses, keypad keys) → engine commands, with their counts. */
  inputs: DeviceInputs;
  /** Rating outcomes, follow-up cases, the upload outbox, business systems' rating requests. */
  ratings: RatingDesk;
  /** Prints kiosks' tickets and keeps the print-job journal. */
  print: PrintService;
  /** The nightly backup, housekeeping and archiving (hub/backup/nightly.ts). */
  nightly: NightlyWork;
  io: IoServer;
  http: HttpServer;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.log ?? pino({ level: process.env.HALL_LOG_LEVEL ?? 'info' });
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new HallStore(openDatabase(options.dataDir));
  let hall: Hall;
  try {
    hall = new Hall({ store, config: options.config, configSource: options.configSource, clock, log, ...(options.newId ? { newId: options.newId } : {}) });
  } catch (e) {
    store.close();
    throw e;
  }
  registerArchives(store.db, options.dataDir, () => hall.config.archive.period);
  const nightly = new NightlyWork({ hall, dataDir: options.dataDir, log: log.child({ part: 'nightly' }) });
  const auth = new Auth(hall);
  const health = new DeviceHealthRegistry(clock, hall.config);
  hall.subscribe((events) => {
    if (events.some((e) => e.type === 'config.changed')) health.configure(hall.config);
  });

  const print = new PrintService({ hall, health, log });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Ratings beyond the engine (outcomes, follow-ups, upload, requests) and the devices' inputs; both
  // reach the devices and web pads through the supervisor and socket.io, made below.
  let devices: DeviceSupervisor | undefined;
  let io: IoServer | undefined;
  const command = (id: string, c: DriverCommand) => (devices ? devices.command(id, c) : Promise.reject(new Error('devices not started')));
  const inputs = new DeviceInputs({ hall, log, command });
  const ratings = new RatingDesk({ hall, log, command, notifyCounter: (counter, event, payload) => void io?.to(`counter:${counter}`).emit(event, payload) });
  if (options.virtual) app.use('/api', express.json({ limit: '16kb' }), virtualRouter(options.virtual));
  app.use('/api', express.json({ limit: '256kb' }), ratingsRouter({ hall, auth, desk: ratings, inputs }), apiRouter({ hall, auth, health, startedAt: Date.now(), print, followups: () => ratings.openFollowups(), backupFailed: () => nightly.status.failed }), errorHandler(log));
  serveWeb(app);
  app.use(errorHandler(log));

  const http = createServer(app);
  io = attachRealtime(http, hall, auth, health, log);
  devices = new DeviceSupervisor({ hall, health, auth, log }, options.devices);
  if (!options.devices?.onInput) devices.onInput(inputs.handle);
  ratings.start();
  devices.start(io);
  print.attach(devices, io);
  hall.startTimers();

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (e) {
    await ratings.stop();
    await devices.stop();
    throw e;
  }
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // `hall backup` / `hall verify` of this running hub, and its own nightly work.
  const admin = await startAdminSocket({ dataDir: options.dataDir, hall, log: log.child({ part: 'admin' }) });
  nightly.start();
  log.info({ url, hall: hall.config.hall.id, seq: hall.lastSeq, businessDay: hall.view.businessDay }, 'hub listening');

  return {
    hall,
    auth,
    health,
    devices,
    inputs,
    ratings,
    print,
    io,
    http,
    url,
    port,
    nightly,
    async close() {
      nightly.close();
      await admin.close();
      await ratings.stop();
      await devices.stop();
      await print.idle();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      hall.close();
    },
  };
}
