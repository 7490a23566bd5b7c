// Request bodies: every route takes JSON unless it declares otherwise, and one parser reads that
// declaration. A route that takes other media types says so where it is defined —
// `r.post('/appointments/import', accepts(TYPES, express.text(…)), handler)` — and requestBodies(),
// mounted before the routers, finds the route a request lands on in the routers themselves (their
// stacks, as express matches them) and answers 415 to a body of a type that route does not declare,
// rather than letting it reach the route as an empty body that fails its schema with a misleading 400.
// A form or text/plain POST is also what a foreign web page can send without a CORS preflight, so
// refusing them closes that door too; text/csv is not CORS-safelisted, so a route declaring it does
// not reopen it. The OpenAPI document lists the same declared types (hub/api/openapi.ts, `mediaTypes`),
// and tests/api/openapi.test.ts holds it to the routers' declarations.
import express, { type Request, type RequestHandler, type Router } from 'express';
import { ApiError } from '../api/errors.js';

/** The largest JSON body any route takes: a whole hall config (PUT /api/config) fits with room to spare. */
export const BODY_LIMIT = '256kb';

/** What every route takes unless it declares otherwise. */
export const JSON_TYPES: readonly string[] = ['application/json', 'application/*+json'];

const parseJson = express.json({ limit: BODY_LIMIT, type: [...JSON_TYPES] });

/** A route handler that declares the media types its route takes and parses the non-JSON ones. */
export type BodyDeclaration = RequestHandler & { mediaTypes: readonly string[] };

/**
 * Declares the media types a route takes (JSON among them or not), with the parser for the non-JSON
 * ones: JSON bodies are parsed by requestBodies() before the route runs.
 */
export function accepts(mediaTypes: readonly string[], parse: RequestHandler): BodyDeclaration {
  const handler: RequestHandler = (req, res, next) => (req.is([...JSON_TYPES]) ? next() : parse(req, res, next));
  return Object.assign(handler, { mediaTypes });
}

/** The layer of an express route, as a router's stack holds it. */
interface RouteLayer {
  match(path: string): boolean;
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: RouteLayer[] };
}

export interface DeclaredBody {
  method: string;
  /** The route's path as the router has it (`:x` parameters). */
  path: string;
  mediaTypes: readonly string[];
  layer: RouteLayer;
}

/** Every route of the routers (nested ones too) that declares its media types with accepts(). */
export function declaredBodies(routers: readonly Router[]): DeclaredBody[] {
  const out: DeclaredBody[] = [];
  const walk = (stack: RouteLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const declared = layer.route.stack.map((l) => l.handle).find((h): h is BodyDeclaration => typeof h === 'function' && Array.isArray((h as Partial<BodyDeclaration>).mediaTypes));
        if (!declared) continue;
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
          out.push({ method: method.toUpperCase(), path: layer.route.path, mediaTypes: declared.mediaTypes, layer });
      } else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack);
    }
  };
  for (const r of routers) walk((r as unknown as { stack: RouteLayer[] }).stack);
  return out;
}

/** Whether the request carries a body at all (a length above 0, or a chunked one). */
function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  if (length !== undefined) return Number(length) > 0;
  return req.get('transfer-encoding') !== undefined;
}

/**
 * The one body parser of the API, mounted where the routers are (`app.use('/api', requestBodies(r), …r)`):
 * JSON for every route, one limit; a route's declared media types instead where it has them.
 */
export function requestBodies(routers: readonly Router[]): RequestHandler {
  // Read once the routers are complete: they are made before the app serves, and never change after.
  let declared: DeclaredBody[] | undefined;
  return (req, res, next) => {
    if (!hasBody(req)) return parseJson(req, res, next);
    declared ??= declaredBodies(routers);
    const route = declared.find((d) => d.method === req.method && d.layer.match(req.path));
    const types = route?.mediaTypes ?? JSON_TYPES;
    if (!req.is([...types])) return next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { contentType: req.get('content-type') ?? null, accepted: types.join(', ') }));
    if (req.is([...JSON_TYPES])) return parseJson(req, res, next);
    // A declared non-JSON type: the route's own parser (its accepts()) reads it.
    next();
  };
}
