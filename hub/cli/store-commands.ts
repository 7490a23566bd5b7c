// `hall verify`, `hall backup`, `hall restore`: the hall operator's data commands (docs/backup.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyPath, type VerifyReport } from '../store/verify.js';

function printVerify(r: VerifyReport): void {
  for (const f of r.files) {
    const range = f.events ? `events ${f.firstSeq}–${f.lastSeq}` : 'no events';
    console.log(`  ${f.file}: ${range}${f.anchoredAt !== undefined ? ` (continues from archived event ${f.anchoredAt}; check with the archive files to cover it)` : ''}`);
  }
  if (r.ok) console.log(`ok: the chain holds${r.head ? `; last event ${r.head.seq}, hash ${r.head.hash}` : ''}`);
  else console.log(`FAILED: ${r.failure!.reason}\n  file ${r.failure!.file}, event ${r.failure!.seq}${r.failure!.at ? ` at ${new Date(r.failure!.at).toISOString()}` : ''}`);
}

/** hall verify FILE|DIR [--json]: exit 0 when the chain holds, 1 when an event does not match, 3 when it cannot be read. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, data: { type: 'string' } }, allowPositionals: true });
  const target = positionals[0] ?? values.data;
  if (!target) {
    console.error('usage: hall verify FILE|DATA_DIR [--json]');
    return 2;
  }
  let report: VerifyReport;
  try {
    report = await verifyPath(resolve(target));
  } catch (e) {
    console.error(`cannot verify ${target}: ${(e as Error).message}`);
    return 3;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printVerify(report);
  return report.ok ? 0 : 1;
}
