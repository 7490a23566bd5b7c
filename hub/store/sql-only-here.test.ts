// SQL lives in hub/store/ and nowhere else in the hub: a module outside it asks a store for what it
// needs (HallStore and the stores it hands out: ratings, appointments, summaries, audit, …). This reads
// every non-test source file of hub/ outside hub/store/ and fails on a statement prepared or run there,
// on a reach into a store's connection (`store.db`), and on holding a connection at all (better-sqlite3
// or the Db type imported). Tests may inspect the database directly; they are not read.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const HUB = join(import.meta.dirname, '..');
const REPO = join(HUB, '..');

const RULES: ReadonlyArray<[string, RegExp]> = [
  ['prepares a statement', /\.prepare\s*[<(]/],
  ['runs SQL text', /\.exec\(\s*[`'"]/],
  ['sets a pragma', /\.pragma\(/],
  ["reaches a store's connection", /\bstore\??\.db\b/],
  ['opens better-sqlite3', /from\s+['"]better-sqlite3['"]|import\(\s*['"]better-sqlite3['"]\s*\)/],
  ['holds a connection (the Db type)', /import\s+(type\s+)?\{[^}]*\bDb\b[^}]*\}\s+from\s+['"][./]*store\/database\.js['"]/],
];

/** The rules a source text breaks, with the line of each. */
function breaches(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    // A comment may talk about SQL; only code counts.
    const code = line.replace(/^\s*(\/\/|\*|\/\*).*$/, '');
    for (const [what, re] of RULES) if (re.test(code)) out.push(`${i + 1}: ${what}`);
  });
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return p === join(HUB, 'store') ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('SQL only in hub/store', () => {
  it('finds each kind of breach (the check can fail)', () => {
    expect(breaches("const s = db.prepare('SELECT 1');")).toEqual(['1: prepares a statement']);
    expect(breaches('db.prepare<[string], Row>(`SELECT * FROM t WHERE id = ?`);')).toEqual(['1: prepares a statement']);
    expect(breaches("probe.exec('BEGIN IMMEDIATE; COMMIT;');")).toEqual(['1: runs SQL text']);
    expect(breaches("db.pragma('journal_mode = DELETE');")).toEqual(['1: sets a pragma']);
    expect(breaches('new GroupCommit(this.hall.store.db, {});')).toEqual(["1: reaches a store's connection"]);
    expect(breaches("import Database from 'better-sqlite3';")).toEqual(['1: opens better-sqlite3']);
    expect(breaches("import type { Db } from '../store/database.js';")).toEqual(['1: holds a connection (the Db type)']);
    // A regular expression's exec, a comment, a store's named query: not SQL here.
    expect(breaches("const m = /^Bearer\\s+(\\S+)$/i.exec(h);\n// db.prepare() lives in the store\nhall.store.summaries.rows('all', r);")).toEqual([]);
  });

  it('no hub module outside hub/store prepares or runs SQL or holds a connection', () => {
    const files = sources(HUB);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => breaches(readFileSync(f, 'utf8')).map((b) => `${relative(REPO, f)}:${b}`));
    expect(found).toEqual([]);
  });
});
