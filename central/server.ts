// The central service: one express app over one PostgreSQL pool. Halls ship their events in
// (/api/ingest, with the hall's upload token), city managers read the city (/api/halls, /api/reports,
// with a session), and citizens' phones read the public page (/city and its cached JSON).
import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { z } from 'zod';
import { ApiError, errorHandler, parse } from '../hub/api/errors.js';
import { PgLoginLimits } from './login-limits.js';
import { systemClock } from '../hub/clock.js';
import { servePages, WEB_DIR } from '../hub/web.js';
import { addHall, hallInput, hallOfToken, login, logout, revokeHall, sessionUser } from './accounts.js';
import { citySnapshot } from './city-view.js';
import { PublicCityCache } from './public-cache.js';
import { migrate, openPool, type Pool } from './db.js';
import { highWater, ingest, ingestBody, SeqGapError } from './ingest.js';
import { cityReport, cityReportQuery, cityReportXlsx } from './reports.js';

export interface CentralOptions {
  db: string;
  port?: number;
  host?: string;
  log?: Logger;
  /** How long the public JSON is reused (ms): one computation serves every phone in that time. */
  publicTtlMs?: number;
}

export interface Central {
  pool: Pool;
  url: string;
  port: number;
  http: HttpServer;
  log: Logger;
  /** The public page's shared JSON (its computation count shows what 10,000 phones cost). */
  publicCache: PublicCityCache;
  close(): Promise<void>;
}

const bearer = (req: Request) => /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];

const CENTRAL_PAGES: Record<string, string> = { '/': 'central/web/index.html', '/city': 'central/web/city.html' };

export async function startCentral(options: CentralOptions): Promise<Central> {
  const log = options.log ?? pino({ level: process.env.HALL_LOG_LEVEL ?? 'info' });
  const pool = openPool(options.db);
  await migrate(pool);
  const limits = new PgLoginLimits(pool, systemClock);
  const publicCache = new PublicCityCache(pool, options.publicTtlMs ?? 1000);

  const asyncRoute = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
  const manager = async (req: Request): Promise<string> => {
    const token = bearer(req);
    const user = token ? await sessionUser(pool, token) : null;
    if (!user) throw new ApiError(401, 'UNAUTHENTICATED');
    return user;
  };
  const hall = async (req: Request): Promise<string> => {
    const token = bearer(req);
    const id = token ? await hallOfToken(pool, token) : null;
    if (!id) throw new ApiError(401, 'HALL_TOKEN_REFUSED');
    return id;
  };

  const api = express.Router();
  api.get(
    '/health',
    asyncRoute(async (_req, res) => {
      await pool.query('SELECT 1');
      res.json({ status: 'ok', service: 'hall-central' });
    }),
  );
  api.post(
    '/sessions',
    express.json({ limit: '8kb' }),
    asyncRoute(async (req, res) => {
      const body = parse(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }), req.body);
      const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const wait = await limits.retryAfterMs(body.username, client);
      if (wait > 0) throw new ApiError(429, 'TOO_MANY_ATTEMPTS', { retryAfterS: Math.ceil(wait / 1000) });
      const done = limits.begin(body.username, client);
      let session: Awaited<ReturnType<typeof login>>;
      try {
        session = await login(pool, body.username, body.password);
      } finally {
        done();
      }
      if (!session) {
        const started = await limits.failed(body.username, client);
        for (const l of started) log.warn({ key: l.key, until: new Date(l.lockedUntil).toISOString() }, 'central login locked out');
        log.warn({ username: body.username, client }, 'central login failed');
        throw new ApiError(401, 'BAD_CREDENTIALS');
      }
      await limits.succeeded(body.username, client);
      res.status(201).json({ ...session, principal: { kind: 'manager', username: body.username } });
    }),
  );
  api.delete(
    '/sessions/current',
    asyncRoute(async (req, res) => {
      await manager(req);
      await logout(pool, bearer(req)!);
      res.status(204).end();
    }),
  );

  // Shipping from the halls.
  api.get(
    '/ingest/high-water',
    asyncRoute(async (req, res) => {
      const hallId = await hall(req);
      res.json({ hallId, lastSeq: await highWater(pool, hallId) });
    }),
  );
  api.post(
    '/ingest/events',
    express.json({ limit: '8mb' }),
    asyncRoute(async (req, res) => {
      const hallId = await hall(req);
      const body = parse(ingestBody, req.body);
      try {
        const r = await ingest(pool, hallId, body);
        log.debug({ hall: hallId, inserted: r.inserted, lastSeq: r.lastSeq }, 'ingested');
        res.json({ hallId, ...r });
      } catch (e) {
        if (e instanceof SeqGapError) throw new ApiError(409, 'SEQ_GAP', { lastSeq: e.lastSeq });
        throw e;
      }
    }),
  );

  // The city, for its managers.
  api.get(
    '/halls',
    asyncRoute(async (req, res) => {
      await manager(req);
      const halls = await citySnapshot(pool);
      res.setHeader('cache-control', 'no-store');
      res.json({ generatedAt: new Date().toISOString(), halls });
    }),
  );
  api.post(
    '/halls',
    express.json({ limit: '8kb' }),
    asyncRoute(async (req, res) => {
      const user = await manager(req);
      const input = parse(hallInput, req.body);
      const token = await addHall(pool, input);
      if (!token) throw new ApiError(409, 'HALL_EXISTS', { hallId: input.id });
      log.info({ hall: input.id, by: user }, 'hall registered');
      res.status(201).json({ hallId: input.id, token });
    }),
  );
  api.post(
    '/halls/:id/revoke',
    asyncRoute(async (req, res) => {
      const user = await manager(req);
      const id = String(req.params.id);
      if (!(await revokeHall(pool, id))) throw new ApiError(404, 'HALL_UNKNOWN', { hallId: id });
      log.warn({ hall: id, by: user }, 'hall upload token revoked');
      res.status(204).end();
    }),
  );
  api.get(
    '/reports',
    asyncRoute(async (req, res) => {
      await manager(req);
      res.json(await cityReport(pool, parse(cityReportQuery, req.query)));
    }),
  );
  api.get(
    '/reports/export',
    asyncRoute(async (req, res) => {
      await manager(req);
      const q = parse(cityReportQuery, req.query);
      const report = await cityReport(pool, q);
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="city-report-${q.by}-${q.from}-${q.to}.xlsx"`);
      res.send(await cityReportXlsx(report));
    }),
  );

  // The public page's data: one JSON per second for everyone, revalidated by ETag.
  api.get(
    '/public/city',
    asyncRoute(async (req, res) => {
      const c = await publicCache.get();
      res.setHeader('cache-control', 'public, max-age=1, stale-while-revalidate=5');
      res.setHeader('etag', c.etag);
      res.setHeader('access-control-allow-origin', '*');
      if (req.get('if-none-match') === c.etag) {
        res.status(304).end();
        return;
      }
      res.type('application/json; charset=utf-8').setHeader('vary', 'accept-encoding');
      if (req.acceptsEncodings('gzip') === 'gzip') res.setHeader('content-encoding', 'gzip').send(c.gzip);
      else res.send(c.body);
    }),
  );
  api.use((_req, _res, next) => next(new ApiError(404, 'NOT_FOUND')));

  const app = express();
  app.disable('x-powered-by');
  app.use('/api', api, errorHandler(log));
  servePages(app, WEB_DIR, CENTRAL_PAGES, {
    notBuilt: '网页尚未构建：请运行 npm run build:web\nThe web pages are not built: run npm run build:web\n',
    cacheControl: (route) => (route === '/city' ? 'public, max-age=60' : 'no-cache'),
  });
  app.use(errorHandler(log));

  const http = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url }, 'central listening');
  return {
    pool,
    url,
    port,
    http,
    log,
    publicCache,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await pool.end();
    },
  };
}
