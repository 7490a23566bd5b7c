// The OpenAPI document as the contract responses are held to: finds the operation of a request, and
// checks that the status is one it documents and that a JSON body matches the documented schema (ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 uses). tests/support/hub.ts runs every answer of the API tests
// through it; tests/security/contract.property.test.ts every answer to requests made from the document.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

// ajv is CommonJS: its class is the default export's default under NodeNext.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module.default }).default ?? Ajv2020Module.default;
import { openApiDocument } from '../../hub/api/openapi.js';

type Doc = ReturnType<typeof openApiDocument> & { paths: Record<string, Record<string, any>> };

export interface Operation {
  method: string;
  path: string;
  op: any;
  match: RegExp;
}

let cached: { doc: Doc; ops: Operation[]; ajv: InstanceType<typeof Ajv2020Module.default>; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (cached) return cached;
  const doc = openApiDocument() as Doc;
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods))
      ops.push({ method: method.toUpperCase(), path, op, match: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`) });
  // A literal segment wins over a parameter (/api/print/preview.svg before /api/tickets/{id}/…).
  const params = (o: Operation) => o.path.split('{').length;
  ops.sort((a, b) => params(a) - params(b));
  // A URL in an answer (the config's ratingUpload.url, central.url) is one the hub validated with zod
  // (z.url) when it read it: the document's `format: uri` says what it is; ajv need not check it again.
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { uri: true } });
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  cached = { doc, ops, ajv, validators: new Map() };
  return cached;
}

export function contractDocument(): Doc {
  return load().doc;
}

export function operations(): Operation[] {
  return load().ops;
}

/** The documented operation a request lands on, if any. */
export function operationOf(method: string, url: string): Operation | undefined {
  const path = new URL(url, 'http://hub').pathname;
  return load().ops.find((o) => o.method === method.toUpperCase() && o.match.test(path));
}

/** Refs into the document become refs into the schema registered as "openapi". */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi${v}` : rebase(v);
    return out;
  }
  return schema;
}

/**
 * Why a response breaks the contract, or null when it keeps it. A request to no documented operation
 * is in the contract only as 404 NOT_FOUND, or as the body parser's refusal (400 BAD_JSON, 413, 415).
 */
export function contractProblem(method: string, url: string, status: number, contentType: string | null, body: unknown): string | null {
  const { ajv, validators } = load();
  const o = operationOf(method, url);
  const where = `${method} ${new URL(url, 'http://hub').pathname} → ${status}`;
  if (!o) {
    // Bodies are parsed before routes are looked up: a bad or huge body fails first anywhere under /api;
    // a starting hub answers every path but its health 503 (hub/api/starting.ts).
    const code = (body as { error?: { code?: string } } | null)?.error?.code;
    const before =
      (status === 404 && code === 'NOT_FOUND') || (status === 400 && code === 'BAD_JSON') || (status === 413 && code === 'PAYLOAD_TOO_LARGE') || status === 415 || (status === 503 && code === 'HUB_STARTING');
    return before ? null : `${where}: no documented operation (${JSON.stringify(body)?.slice(0, 200)})`;
  }
  const answer = o.op.responses[String(status)];
  if (!answer) return `${where}: ${o.method} ${o.path} does not document ${status} (${JSON.stringify(body)?.slice(0, 300)})`;
  if (!answer.content) return status === 204 || body === null || body === '' ? null : `${where}: documented without a body`;
  const type = (contentType ?? '').split(';')[0]!.trim();
  const media = answer.content[type];
  if (!media) return `${where}: content type "${type}" not documented (${Object.keys(answer.content).join(', ')})`;
  if (type !== 'application/json') return null;
  const key = `${o.method} ${o.path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rebase(media.schema) as object);
    validators.set(key, validate);
  }
  if (!validate(body)) return `${where}: body does not match: ${ajv.errorsText(validate.errors)} (${JSON.stringify(body)?.slice(0, 300)})`;
  return null;
}
