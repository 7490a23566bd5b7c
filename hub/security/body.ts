// The one request-body parser of the API: JSON only, one size limit for every route. A body that is not
// JSON (text/plain, a form) is answered 415 before any route sees it, rather than reaching a route as an
// empty body and failing its schema with a misleading 400. A form or text/plain POST is also what a
// foreign web page can send without a CORS preflight, so refusing them closes that door too.
// The one exception is the allow-list below: a route that takes a documented non-JSON body (the booking
// system's CSV export) gets it through to its own parser. text/csv is not a CORS-safelisted type, so a
// foreign page still cannot send it without a preflight.
import express, { type RequestHandler } from 'express';
import { ApiError } from '../api/errors.js';

/** The largest body any route takes: a whole hall config (PUT /api/config) fits with room to spare. */
export const BODY_LIMIT = '256kb';

const parseJson = express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });

/**
 * Routes that also take a non-JSON body, by method and path under /api, with the media types each takes.
 * Such a body is left for the route's own parser (POST /api/appointments/import: express.text); the
 * OpenAPI document lists the same types for the operation (hub/api/openapi.ts, `csv`).
 */
const NON_JSON_BODIES: ReadonlyArray<{ method: string; path: string; types: string[] }> = [
  { method: 'POST', path: '/appointments/import', types: ['text/csv', 'application/csv'] },
];

/** Whether the request is to a route of the allow-list with a body of a type that route takes. */
function allowedNonJson(req: Parameters<RequestHandler>[0]): boolean {
  // Routes match case-insensitively and with or without a trailing slash (express's defaults).
  const path = req.path.toLowerCase().replace(/\/+$/, '');
  return NON_JSON_BODIES.some((r) => r.method === req.method && r.path === path && req.is(r.types) !== false);
}

/** Whether the request carries a body at all (a length above 0, or a chunked one). */
function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  const length = req.get('content-length');
  if (length !== undefined) return Number(length) > 0;
  return req.get('transfer-encoding') !== undefined;
}

export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    if (hasBody(req) && allowedNonJson(req)) {
      next();
      return;
    }
    if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { contentType: req.get('content-type') ?? null }));
      return;
    }
    parseJson(req, res, next);
  };
}
