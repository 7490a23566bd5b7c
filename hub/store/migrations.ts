// Schema migrations, applied in order; PRAGMA user_version records how many have run.
// Never edit a migration that has shipped: add a new one. A migration is SQL, or a step in code for what
// SQL alone cannot do (rewriting stored JSON); `vacuum` asks for a VACUUM after it, so that bytes it
// removed leave the file instead of lingering in free pages.
import type { Db } from './database.js';
import { auditChainMigration, chainMigration } from './chain.js';
import { compactEventsMigration } from './compact-migration.js';
import { scrubSecretsMigration } from './secrets.js';

export type Migration = string | { run: (db: Db) => void; vacuum?: boolean };

export const migrations: Migration[] = [
  // 1: the hall's event log, the ticket and counter projections, sessions.
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    ticket_id TEXT,
    counter_id TEXT,
    staff_no TEXT,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  CREATE INDEX events_ticket ON events(ticket_id);
  CREATE INDEX events_at ON events(at);
  -- The supervision log (电子监察) is append-only.
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    business_day TEXT NOT NULL,
    -- The service the number was issued for: its sequence and quota. Never changes.
    issued_service_id TEXT NOT NULL,
    -- Where the ticket is now (a transfer moves it).
    service_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    state TEXT NOT NULL,
    priority TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    called_at INTEGER,
    started_at INTEGER,
    finished_at INTEGER,
    counter_id TEXT,
    staff_no TEXT,
    data TEXT NOT NULL,
    -- The last line of defence against a duplicate number: one sequence value per service and day.
    UNIQUE (business_day, issued_service_id, seq)
  );
  CREATE INDEX tickets_finished ON tickets(service_id, finished_at) WHERE finished_at IS NOT NULL;

  CREATE TABLE counters (id TEXT PRIMARY KEY, data TEXT NOT NULL);

  CREATE TABLE hall (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    counter_id TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  // ratings: a business system's rating requests (办件编号), the outcome of every finished
  // ticket (rated, or not rated when its window closed), follow-up cases for 1–2 (差评整改), and the
  // outbox of ratings for the provincial platform (at-least-once, each with an idempotent id).
  `
  CREATE TABLE rating_requests (
    ticket_id TEXT PRIMARY KEY,
    case_no TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    requested_by TEXT NOT NULL
  );
  CREATE TABLE rating_outcomes (
    ticket_id TEXT PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('rated', 'not-rated')),
    score INTEGER,
    business_day TEXT NOT NULL,
    service_id TEXT NOT NULL,
    counter_id TEXT,
    staff_no TEXT,
    case_no TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX rating_outcomes_day ON rating_outcomes(business_day);
  CREATE TABLE followups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    comment TEXT,
    service_id TEXT NOT NULL,
    counter_id TEXT,
    staff_no TEXT,
    case_no TEXT,
    opened_at INTEGER NOT NULL,
    opened_day TEXT NOT NULL,
    due_day TEXT NOT NULL,
    warn_day TEXT NOT NULL,
    rectification TEXT,
    callback_result TEXT,
    closed_at INTEGER,
    closed_by TEXT
  );
  CREATE INDEX followups_open ON followups(due_day) WHERE closed_at IS NULL;
  CREATE TABLE rating_outbox (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    sent_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX rating_outbox_due ON rating_outbox(next_at) WHERE sent_at IS NULL;
  `,
  // Ticket printing (ticket-printer/, hub/print/): the print-job journal, one row per job (a reprint is a
  // new row), and the ticket template and notice managers edit.
  `
  CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    number TEXT NOT NULL,
    printer_id TEXT NOT NULL,
    kiosk_id TEXT,
    -- issue: printed when the kiosk issued the ticket; reprint: a person asked for it again.
    cause TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    -- queued, sent, done, failed.
    state TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    finished_at INTEGER
  );
  CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id);
  CREATE INDEX print_jobs_created ON print_jobs(created_at);
  CREATE TABLE print_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Secrets out of the log: a secrets table; the stored config and every earlier config.changed
  // event lose their PIN/password hashes and device tokens (see scrubSecretsMigration for why a rewrite).
  { run: scrubSecretsMigration, vacuum: true },
  // The supervision log's hash chain (hub/store/chain.ts): a hash per event, computed for the
  // events already stored.
  { run: chainMigration },
  // Compact events (hub/store/compact.ts): stored events carry what changed; earlier ones are
  // rewritten and the chain computed again.
  { run: compactEventsMigration, vacuum: true },
  // Archives (hub/store/archive.ts): events may leave the live file only up to the chain's
  // anchor, i.e. once they are in a verified archive file; every other delete is still refused.
  `
  DROP TRIGGER events_no_delete;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    WHEN old.seq > COALESCE((SELECT json_extract(value, '$.seq') FROM hall WHERE key = 'chain_anchor'), 0)
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  `,
  // Security: login failures and lockouts that survive a restart, the clients each account
  // last logged in from (exempt from an account-wide lockout), and the append-only security audit log
  // (logins, failures, lockouts, token rotations, config changes, exports — who, when, from where).
  `
  CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('account-client', 'account', 'client')),
    account TEXT,
    client TEXT,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER
  );
  CREATE INDEX login_failures_last ON login_failures(last_at);
  CREATE TABLE login_known_clients (
    account TEXT NOT NULL,
    client TEXT NOT NULL,
    last_ok_at INTEGER NOT NULL,
    PRIMARY KEY (account, client)
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    client TEXT,
    detail TEXT NOT NULL
  );
  CREATE INDEX audit_log_at ON audit_log(at);
  CREATE INDEX audit_log_type ON audit_log(type, at);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  `,
  // Appointments (预约) fed by the hall's booking system (hub/appointments/): a kiosk's check-in takes
  // one, once. The name is masked by the booking system (张*): the hub never holds a full name.
  `
  CREATE TABLE appointments (
    code TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    slot_at INTEGER NOT NULL,
    -- the slot as the booking system gave it, local time (YYYY-MM-DDTHH:MM)
    slot_local TEXT NOT NULL,
    name_masked TEXT,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    ticket_id TEXT
  );
  CREATE INDEX appointments_slot ON appointments(slot_at);
  `,
  // Reports: the rating score and the zone as real columns (reports read them per row; the
  // JSON path was half a year report's time), filled in for existing rows; and the summaries of closed
  // business days (hub/reports/summaries.ts), written once per day at the rollover — days closed before
  // this version are summarised by the backfill at start, which finds them missing in summarized_days.
  `
  ALTER TABLE tickets ADD COLUMN zone TEXT;
  ALTER TABLE tickets ADD COLUMN rating_score INTEGER;
  UPDATE tickets SET zone = json_extract(data, '$.zone'), rating_score = json_extract(data, '$.rating.score');
  CREATE TABLE day_summaries (
    dim TEXT NOT NULL,
    day TEXT NOT NULL,
    zone TEXT NOT NULL,
    key TEXT NOT NULL,
    issued INTEGER NOT NULL,
    served INTEGER NOT NULL,
    no_show INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    open INTEGER NOT NULL,
    waited INTEGER NOT NULL,
    within INTEGER NOT NULL,
    wait_sum INTEGER NOT NULL,
    service_n INTEGER NOT NULL,
    service_sum INTEGER NOT NULL,
    scores TEXT NOT NULL,
    not_rated INTEGER NOT NULL,
    wait_hist BLOB,
    service_hist BLOB,
    PRIMARY KEY (dim, day, zone, key)
  );
  CREATE TABLE summarized_days (day TEXT PRIMARY KEY, tickets INTEGER NOT NULL, at INTEGER NOT NULL);
  -- Whole closed months rolled up from their days ("month:<dim>" rows keyed by YYYY-MM): a year's report reads 12 of them.
  CREATE TABLE summarized_months (month TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `,
  // The security audit log hash-chained like the events (hub/store/chain.ts, AUDIT_CHAIN): `hall verify`
  // checks both chains.
  { run: auditChainMigration },
  // Start-up loads today's tickets a page at a time, in the order they were issued (rowid): an index
  // by day (with the rowid as its tail) finds each page without walking the older days' rows.
  `
  CREATE INDEX tickets_day ON tickets(business_day);
  `,
  // The events of a ticket are found by its id; the hall's other events (counters, config, the day)
  // have none and are never looked up that way: the index keeps the ticket's events only (their NULL
  // entries were 31 of its 195 bytes per ticket in bench:store). A query by `ticket_id = ?` still uses
  // it (the equality implies NOT NULL).
  `
  DROP INDEX events_ticket;
  CREATE INDEX events_ticket ON events(ticket_id) WHERE ticket_id IS NOT NULL;
  `,
];
