// `hall verify`, `hall backup`, `hall restore`: the hall operator's data commands (docs/backup.md).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyPath, type VerifyReport } from '../store/verify.js';

function printVerify(r: VerifyReport): void {
  for (const f of r.files) {
    const range = f.events ? `events ${f.firstSeq}–${f.lastSeq}` : 'no events';
    console.log(`  ${f.file}: ${range}${f.anchoredAt !== undefined ? ` (continues from archived event ${f.anchoredAt}; check with the archive files to cover it)` : ''}`);
  }
  if (r.audit) console.log(`  ${r.audit.file}: audit log, ${r.audit.rows ? `rows 1–${r.audit.rows}` : 'no rows'}`);
  if (r.ok) {
    console.log(`ok: the chain holds${r.head ? `; last event ${r.head.seq}, hash ${r.head.hash}` : ''}`);
    if (r.audit) console.log(`ok: the audit log's chain holds${r.audit.head ? `; last row ${r.audit.head.id}, hash ${r.audit.head.hash}` : ''}`);
  } else {
    const f = r.failure!;
    console.log(`FAILED: ${f.reason}\n  file ${f.file}, ${f.log === 'audit' ? 'audit row' : 'event'} ${f.seq}${f.at ? ` at ${new Date(f.at).toISOString()}` : ''}`);
  }
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
    // A data directory a hub is running on: the hub checks it (only it can read its locked file).
    const { askHub } = await import('../backup/admin-socket.js');
    const asked = statSync(resolve(target)).isDirectory() ? await askHub(resolve(target), { op: 'verify' }) : undefined;
    report = asked?.report ? (asked.report as VerifyReport) : await verifyPath(resolve(target));
  } catch (e) {
    console.error(`cannot verify ${target}: ${(e as Error).message}`);
    return 3;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printVerify(report);
  return report.ok ? 0 : 1;
}

/** hall backup --data DIR --out FILE: through the running hub (its admin socket), else straight from the stopped store. */
export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } } });
  const dataDir = resolve(values.data ?? process.env.HALL_DATA ?? './data');
  if (!values.out) {
    console.error('usage: hall backup --data DIR --out FILE');
    return 2;
  }
  const out = resolve(values.out);
  const { askHub } = await import('../backup/admin-socket.js');
  try {
    const answer = await askHub(dataDir, { op: 'backup', out });
    if (answer) {
      if (!answer.ok) {
        console.error(`backup failed: ${String(answer.error)}`);
        return 1;
      }
      console.log(`ok: ${answer.file} (${answer.bytes} bytes, events up to ${answer.lastSeq}), made by the running hub`);
      return 0;
    }
    // No hub runs on it: open the store ourselves (this takes its lock, so a hub starting now waits its turn).
    const { openDatabase } = await import('../store/database.js');
    const { backupTo } = await import('../store/backup.js');
    const db = openDatabase(dataDir);
    try {
      const r = await backupTo(db, out);
      console.log(`ok: ${r.file} (${r.bytes} bytes, events up to ${r.lastSeq})`);
    } finally {
      db.close();
    }
    return 0;
  } catch (e) {
    console.error(`backup failed: ${(e as Error).message}`);
    return 1;
  }
}

/** hall restore --data DIR --from FILE: refused while a hub holds DIR; the file must verify. */
export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, from: { type: 'string' } } });
  const dataDir = resolve(values.data ?? process.env.HALL_DATA ?? './data');
  if (!values.from) {
    console.error('usage: hall restore --data DIR --from FILE');
    return 2;
  }
  const from = resolve(values.from);
  const fs = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const { askHub } = await import('../backup/admin-socket.js');
  const { DB_FILE, heldByAnother, privateDataDir } = await import('../store/database.js');
  const { ARCHIVE_DIR } = await import('../store/verify.js');
  if (await askHub(dataDir, { op: 'ping' }).catch(() => ({ ok: true }))) {
    console.error(`a hub is running on ${dataDir}: stop it first`);
    return 3;
  }
  const live = join(dataDir, DB_FILE);
  // The lock too: a hub may be starting (or be an older one without the admin socket).
  if (heldByAnother(live)) {
    console.error(`${live} is held by a running hub: stop it first`);
    return 3;
  }
  let report: VerifyReport;
  try {
    report = await verifyPath(from);
  } catch (e) {
    console.error(`cannot read ${from}: ${(e as Error).message}`);
    return 3;
  }
  if (!report.ok) {
    console.error(`${from} does not verify: ${report.failure!.reason}; not restored`);
    return 1;
  }
  privateDataDir(dataDir);
  // The current file is kept aside, never overwritten: a restore can be undone.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(live + suffix)) fs.renameSync(live + suffix, `${live}.before-restore-${stamp}${suffix}`);
  fs.copyFileSync(from, `${live}.part`);
  fs.chmodSync(`${live}.part`, 0o600);
  fs.renameSync(`${live}.part`, live);
  // Archive files kept beside the backup (the nightly folder's archive/) that this data directory lacks.
  const archives = join(dirname(from), ARCHIVE_DIR);
  let copied = 0;
  if (fs.existsSync(archives)) {
    fs.mkdirSync(join(dataDir, ARCHIVE_DIR), { recursive: true, mode: 0o700 });
    for (const f of fs.readdirSync(archives).filter((x) => x.endsWith('.sqlite')))
      if (!fs.existsSync(join(dataDir, ARCHIVE_DIR, f))) {
        fs.copyFileSync(join(archives, f), join(dataDir, ARCHIVE_DIR, f));
        copied++;
      }
  }
  console.log(`ok: restored ${from} to ${live} (events up to ${report.head?.seq ?? 0})${copied ? `, ${copied} archive files` : ''}; the previous file is kept as ${live}.before-restore-${stamp}`);
  return 0;
}
