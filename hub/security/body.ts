// The one request-body parser of the API: JSON only, one size limit for every route. A body that is not
// JSON (text/plain, a form) is answered 415 before any route sees it, rather than reaching a route as an
// empty body and failing its schema with a misleading 400. A form or text/plain POST is also what a
// foreign web page can send without a CORS preflight, so refusing them closes that door too.
import express, { type RequestHandler } from 'express';
import { ApiError } from '../api/errors.js';

/** The largest body any route takes: a whole hall config (PUT /api/config) fits with room to spare. */
export const BODY_LIMIT = '256kb';

const parseJson = express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });

/** Whether the request carries a body at all (a length above 0, or a chunked one). */
function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  const length = req.get('content-length');
  if (length !== undefined) return Number(length) > 0;
  return req.get('transfer-encoding') !== undefined;
}

export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    if (hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
      next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', { contentType: req.get('content-type') ?? null }));
      return;
    }
    parseJson(req, res, next);
  };
}
