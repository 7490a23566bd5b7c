// Starting a hub: the store, the hall, the HTTP API and the realtime layer on one port.
import express from 'express';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import { errorHandler } from './api/errors.js';
import { apiRouter } from './api/routes.js';
import { virtualRouter } from './api/virtual-routes.js';
import { Auth } from './auth/auth.js';
import { systemClock, type Clock } from './clock.js';
import type { HallConfig } from './config/schema.js';
import { DeviceHealthRegistry } from './device-supervision/health.js';
import { DeviceInputs } from './device-supervision/inputs.js';
import type { DriverCommand } from '../devices/driver.js';
import { DeviceSupervisor, type SupervisorOptions } from './device-supervision/supervisor.js';
import type { VirtualHall } from './device-supervision/virtual-hall.js';
import { Hall, startConfig } from './hall.js';
import { startingHandler } from './api/starting.js';
import { RatingDesk } from './ratings/desk.js';
import { daySummaries } from './reports/summaries.js';
import { ratingsRouter } from './ratings/routes.js';
import { attachRealtime, notifyCounter, type RealtimeOptions, type RealtimeStats } from './realtime/realtime.js';
import { serveWeb } from './web.js';
import { requestBodies } from './security/body.js';
import type { TlsSettings } from './security/config.js';
import { securityHeaders } from './security/headers.js';
import { originGuard } from './security/origin.js';
import { AuditLog, auditContext } from './security/audit.js';
import { auditConfigChanges } from './security/config-audit.js';
import { securityRouter } from './security/routes.js';
import { loadHubTls, sniffingListener, type HubTls } from './security/tls.js';
import { openDatabase } from './store/database.js';
import { HallStore } from './store/hall-store.js';
import { PrintService } from './print/service.js';
import { attachUpstream, type Upstream, type UpstreamOptions } from './upstream/index.js';
import { startAdminSocket } from './backup/admin-socket.js';
import { NightlyWork } from './backup/nightly.js';

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
  /** HTTPS settings (`hall start --cert/--key/--tls self-signed`); else the config's `tls`. */
  tls?: TlsSettings;
  /** Shipping the event log to the city's central (hub/upstream/): settings and tuning for tests. */
  upstream?: UpstreamOptions;
  /** Called once the port listens, before today's tickets are loaded (the bench times /api/health from here). */
  listening?: (url: string) => void;
  /** The realtime layer's tuning, for tests: how many packets a terminal may have waiting (far-behind.ts). */
  realtime?: RealtimeOptions;
  /** Loading today's tickets after listening: page size, and a hook a test holds the load with. */
  loading?: { pageSize?: number; beforePage?: () => Promise<void> };
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
  /** Ships the event log to the city's central, when the hall has one. */
  upstream: Upstream;
  /** The nightly backup, housekeeping and archiving (hub/backup/nightly.ts). */
  nightly: NightlyWork;
  io: IoServer;
  /** The realtime layer's counts: corked writes, terminals taken off the feeds for being far behind. */
  realtime: RealtimeStats;
  /** The server of the API, pages and socket.io: HTTPS when the hub has a certificate. */
  http: HttpServer | HttpsServer;
  /** The certificate in use (HTTPS), or undefined (plain HTTP). */
  tls: HubTls | undefined;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.log ?? pino({ level: process.env.HALL_LOG_LEVEL ?? 'info' });
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new HallStore(openDatabase(options.dataDir));
  const startSeq = store.lastSeq();
  const start = startConfig(store, options);
  const config = start.replace ? options.config : start.config;

  // Listen first: until today's tickets are loaded, /api/health says "starting" and every other request
  // is answered 503 HUB_STARTING (hub/api/starting.ts); then the app takes over. A half-loaded queue is
  // never served.
  let tls: HubTls | undefined;
  try {
    tls = await loadHubTls(options.tls ?? config.tls, options.dataDir, log);
  } catch (e) {
    if (!options.store) store.close();
    throw e;
  }
  let handle: (req: IncomingMessage, res: ServerResponse) => void = startingHandler(config.hall.id);
  const dispatch = (req: IncomingMessage, res: ServerResponse) => handle(req, res);
  const http = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, dispatch) : createServer(dispatch);
  // With TLS, one port takes both: TLS goes to the HTTPS server, plain HTTP gets a redirect to it.
  const sniff = tls ? sniffingListener(http as HttpsServer, log) : undefined;
  const listener: NetServer = sniff?.listener ?? http;
  const closeListener = async () => {
    if (sniff) await sniff.close();
    else {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (e) {
    if (!options.store) store.close();
    throw e;
  }
  const { port } = listener.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.listening?.(url);

  let hall: Hall;
  try {
    const state = await store.loadStateInPages(start.config, clock.now(), options.loading);
    hall = new Hall({ store, config: options.config, configSource: options.configSource, clock, log, state, ...(options.newId ? { newId: options.newId } : {}) });
  } catch (e) {
    await closeListener();
    if (!options.store) store.close();
    throw e;
  }
  const audit = new AuditLog(store.audit);
  const auth = new Auth(hall, audit);
  // Every config change (and the secrets in it) in the audit log, with the request's client address.
  auditConfigChanges(hall, audit, startSeq);
  // Lockout rows idle for a day are forgotten: the table stays small whatever is thrown at it.
  const pruneLogins = setInterval(() => auth.limits.prune(), 10 * 60_000);
  pruneLogins.unref();
  store.registerArchives(options.dataDir, () => hall.config.archive.period);
  const nightly = new NightlyWork({ hall, dataDir: options.dataDir, log: log.child({ part: 'nightly' }) });
  const health = new DeviceHealthRegistry(clock, hall.config);
  hall.subscribe((events) => {
    if (events.some((e) => e.type === 'config.changed')) health.configure(hall.config);
  });

  // Closed days without a summary are summarised now (and each day at its rollover): hub/reports/summaries.ts.
  daySummaries(hall);
  const print = new PrintService({ hall, health, log });
  // Attached once the hall's parts run (below); /api/health reads it late.
  let upstream: Upstream | undefined;
  const app = express();
  app.disable('x-powered-by');
  // Reverse proxies trusted to name the client (config http.trustProxy): req.ip, the login limits' key.
  const trustProxy = () => app.set('trust proxy', hall.config.http.trustProxy);
  trustProxy();
  hall.subscribe((events) => {
    if (events.some((e) => e.type === 'config.changed')) trustProxy();
  });
  app.use(securityHeaders(() => hall.config));
  app.use(auditContext());
  // Ratings beyond the engine (outcomes, follow-ups, upload, requests) and the devices' inputs; both
  // reach the devices and web pads through the supervisor and socket.io, made below.
  let devices: DeviceSupervisor | undefined;
  let io: IoServer | undefined;
  const command = (id: string, c: DriverCommand) => (devices ? devices.command(id, c) : Promise.reject(new Error('devices not started')));
  const inputs = new DeviceInputs({ hall, log, command, ...(options.virtual ? { actsAsItself: options.virtual.has } : {}) });
  const ratings = new RatingDesk({ hall, log, command, notifyCounter: (counter, event, payload) => void (io && notifyCounter(io, hall, counter, event, payload)) });
  const routers = [
    ...(options.virtual ? [virtualRouter(options.virtual, auth)] : []),
    ratingsRouter({ hall, auth, desk: ratings, inputs }),
    securityRouter({ hall, auth }),
    apiRouter({ hall, auth, health, startedAt: Date.now(), print, followups: () => ratings.openFollowups(), backupFailed: () => nightly.status.failed, upstream: () => upstream?.health() ?? null }),
  ];
  // One body parser for every /api route, the demo's virtual devices included: JSON, one limit, or
  // the media types a route declares (hub/security/body.ts).
  app.use('/api', originGuard(() => hall.config.http.allowedOrigins), requestBodies(routers));
  app.use('/api', ...routers, errorHandler(log));
  serveWeb(app);
  app.use(errorHandler(log));

  handle = app;
  const realtime = attachRealtime(http, hall, auth, health, log, options.realtime);
  io = realtime.io;
  devices = new DeviceSupervisor({ hall, health, auth, log }, options.devices);
  if (!options.devices?.onInput) devices.onInput(inputs.handle);
  ratings.start();
  devices.start(io);
  print.attach(devices, io);
  hall.startTimers();
  upstream = attachUpstream({ hall, health, ratings, log }, options.upstream);

  // `hall backup` / `hall verify` of this running hub, and its own nightly work.
  const admin = await startAdminSocket({ dataDir: options.dataDir, hall, log: log.child({ part: 'admin' }) });
  nightly.start();
  log.info({ url, tls: tls ? { cert: tls.certPath, fingerprint256: tls.fingerprint256, selfSigned: tls.selfSigned } : false, hall: hall.config.hall.id, seq: hall.lastSeq, businessDay: hall.view.businessDay }, 'hub listening');

  return {
    hall,
    auth,
    health,
    devices,
    inputs,
    ratings,
    print,
    upstream,
    io,
    realtime: realtime.stats,
    http,
    tls,
    url,
    port,
    nightly,
    async close() {
      clearInterval(pruneLogins);
      await upstream.stop();
      nightly.close();
      await admin.close();
      await ratings.stop();
      await devices.stop();
      await print.idle();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeListener();
      hall.close();
    },
  };
}
